"""Safe writes for every file the user asked for (save, save-as, export, review copies).

``write_atomic(path, write)``:

1. refuses at once, with a Chinese ``WriteError``, a target that is a folder or a read-only
   file (on POSIX ``os.replace`` would silently swap a read-only file, so the mode bits are
   checked — also as root, where ``os.access`` always says yes);
2. lets ``write`` fill a temporary file *in the target folder* (same file system, so the
   final rename is atomic), flushes and fsyncs it, gives it the old file's permissions
   (or the usual ones for a new file, not mkstemp's 0600);
3. keeps the previous version in the ``Backups`` handed in (the last ``MAX_BACKUPS`` per
   file; the app passes none for its own files: settings, autosaves);
4. ``os.replace``s the target and fsyncs the folder (POSIX), so a power cut leaves either
   the old or the new file, never a mix.

Any ``OSError`` becomes a ``WriteError`` naming the file, what went wrong and what to do;
the temporary file is removed and the old file is left as it was. A failed backup never
blocks a save (it is logged).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import WriteError

MAX_BACKUPS = 5
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_log = logging.getLogger(__name__)
_umask_lock = threading.Lock()
_umask: int | None = None


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], None],
                 backups: Backups | None = None) -> None:
    """Call ``write(tmp_path)`` to fill a temporary file beside ``path``, then replace ``path``.

    Raises WriteError (an OSError) with a Chinese message; on any failure the temporary
    file is removed and ``path`` is left as it was.
    """
    target = _real_target(Path(path))
    existed = _check_target(target)
    tmp: Path | None = None
    try:
        tmp = _temp_beside(target)
        write(tmp)
        _finish_temp(tmp, target if existed else None)
        saved = backups.save(target) if backups is not None and existed else None
        try:
            os.replace(tmp, target)
        except BaseException:
            if saved is not None:
                saved.unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)
        if saved is not None:
            backups.prune(target)
    except WriteError:
        raise
    except OSError as error:
        raise WriteError.from_os_error(target, error, kept=existed) from None
    finally:
        if tmp is not None:
            _remove_quietly(tmp)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes,
                       backups: Backups | None = None) -> None:
    write_atomic(path, lambda tmp: tmp.write_bytes(data), backups)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8",
                      backups: Backups | None = None) -> None:
    """Save text. For UTF encodings a lone surrogate (no real character: Qt can hand one
    over) becomes U+FFFD rather than refusing the save; other encodings refuse a character
    they cannot hold with a WriteError that says which."""
    if encoding.lower().replace("_", "-").startswith("utf"):
        data = _LONE_SURROGATE.sub("\ufffd", text).encode(encoding)
    else:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError as error:
            char = error.object[error.start:error.end]
            raise WriteError(path, f"“{char}”无法用 {encoding} 编码保存",
                             "请改用 UTF-8 编码保存") from None
    write_bytes_atomic(path, data, backups)


# ---------------------------------------------------------------- checks and the temp file
def _real_target(path: Path) -> Path:
    """Write through a symbolic link (replacing the link itself would break it)."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def _check_target(target: Path) -> bool:
    """True when the target exists (a file); WriteError when it cannot be written at all."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise WriteError.from_os_error(target, error) from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(target, "这是一个文件夹，不是文件", "请另选一个文件名")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError(target, "文件是只读的，原文件没有改动",
                         "请用“另存为”换一个文件名保存，或在文件属性中取消“只读”后重试")
    return True


TEMP_PREFIX_CHARS = 80
STALE_TEMP_SECONDS = 10 * 60  # a save takes seconds: a temporary file this old was left by a crash


def _temp_beside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name[:TEMP_PREFIX_CHARS]}.", suffix=".tmp",
                                dir=target.parent)
    os.close(fd)
    return Path(name)


def _finish_temp(tmp: Path, old: Path | None) -> None:
    """fsync the data; give the new file the old one's permission bits (or the default)."""
    with open(tmp, "rb+") as handle:
        handle.flush()
        os.fsync(handle.fileno())
    mode = stat.S_IMODE(old.stat().st_mode) if old is not None else 0o666 & ~_current_umask()
    with contextlib.suppress(OSError):  # some network shares refuse chmod: the save matters more
        os.chmod(tmp, mode)


def _current_umask() -> int:
    global _umask
    with _umask_lock:
        if _umask is None:
            _umask = os.umask(0o022)
            os.umask(_umask)
        return _umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def is_our_temp(path: Path, of: Path | None = None) -> bool:
    """``path`` is named as ``write_atomic`` names its temporary files (``.<name>.XXXXXXXX.tmp``,
    mkstemp's eight random characters) — and, given ``of``, one for that file."""
    match = _TEMP_NAME.match(path.name)
    if match is None:
        return False
    return of is None or match.group("name") == of.name[:TEMP_PREFIX_CHARS]


def _app_temp(path: Path) -> bool:
    """In the app's own folders: write_atomic's temporaries and the backups' partial copies
    (``.<name>.tmp``)."""
    name = path.name
    return is_our_temp(path) or (len(name) > len("..tmp") and name.startswith(".") and name.endswith(".tmp"))


def remove_stale_temps(files: list[Path], folders: list[Path],
                       older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete the temporary files a crash during a save left: beside each of ``files``
    (only temporaries named for that very file) and in ``folders`` (the app's own: any of
    its temporaries), each at least ``older_than`` seconds old (a save in progress in
    another window is never touched). Never anything else; errors are ignored. Returns
    what was removed."""
    import time

    now, removed = time.time(), []
    candidates: list[tuple[Path, Path | None]] = []
    for file in files:
        candidates += [(p, file) for p in _listing(file.parent)]
    for folder in folders:
        candidates += [(p, None) for p in _listing(folder)]
    for path, of in candidates:
        try:
            ours = is_our_temp(path, of) if of is not None else _app_temp(path)
            if not ours or not path.is_file() or path.is_symlink():
                continue
            if now - path.stat().st_mtime < older_than:
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def _listing(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    except OSError:
        return []


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        _log.warning("could not remove temporary file %s", path)


# ---------------------------------------------------------------- backups
@dataclass(frozen=True, slots=True)
class Backups:
    """Where previous versions of the user's files go, and how many are kept per file.

    Backups are named ``<hash of the absolute path>-<time>-<name>``, so files of the same
    name from different folders never collide. The app hands one in for the user's own
    files (``gongwen.paths.backups()``) and none for its own (settings, autosaves)."""

    folder: Path
    keep: int = MAX_BACKUPS

    def of(self, target: str | os.PathLike[str]) -> list[Path]:
        """The backups of ``target``, newest first."""
        if not self.folder.is_dir():
            return []
        found = self.folder.glob(f"{backup_key(_real_target(Path(target)))}-*")
        return sorted((p for p in found if p.is_file()), key=lambda p: p.name, reverse=True)

    def save(self, target: Path) -> Path | None:
        """Keep the current ``target`` (a hard link when the folder is on the same disk,
        else a copy); None when that failed (logged: a backup never blocks a save)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            dest = _free_name(self.folder, target)
            try:
                os.link(target, dest)
            except OSError:
                _copy_atomically(target, dest)
            return dest
        except OSError as error:
            _log.warning("no backup of %s: %s", target, error)
            return None

    def prune(self, target: Path) -> None:
        for old in self.of(target)[self.keep:]:
            try:
                old.unlink()
            except OSError as error:
                _log.warning("could not remove old backup %s: %s", old, error)


def backup_key(target: Path) -> str:
    """A short hash of the absolute path: same name in two folders, two keys."""
    absolute = os.path.normcase(os.path.abspath(target))
    return hashlib.sha1(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _free_name(folder: Path, target: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    base = f"{backup_key(target)}-{stamp}"
    dest, extra = folder / f"{base}-{target.name}", 1
    while dest.exists():
        dest, extra = folder / f"{base}{extra:02d}-{target.name}", extra + 1
    return dest


def _copy_atomically(source: Path, dest: Path) -> None:
    partial = dest.with_name(f".{dest.name}.tmp")
    try:
        shutil.copy2(source, partial)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
