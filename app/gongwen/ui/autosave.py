"""Autosave: every window keeps its unsaved text in ``<data folder>/autosave``.

Layout — one *slot* per window, named ``<pid>-<8 hex>`` (per process and per window, so two
windows or two instances never write the same files):

- ``<id>.txt``  the editor's text (UTF-8, lines joined by ``\\n``);
- ``<id>.json`` source path (or null), time, revision (changes since opened), checklist id,
  first line;
- ``<id>.lock`` a ``QLockFile`` held by the owner for as long as the slot exists (it holds the
  pid, the process name and the host, so a dead owner — or a pid reused by another program —
  is recognised as stale on every platform).

In its ``open/`` subfolder, ``open-<hash of the path>.lock`` is held by the window that has
that file open (``claim_file``): a second window — of this instance or another — finds it taken and
warns before the same file is edited twice.

Both data files are written atomically (temp file, fsync, ``os.replace``): the text first,
then the JSON. A slot is written only while the document has changes that are neither saved
nor autosaved (at most ``DELAY_MS`` after the first such change, and when the window loses
focus); it is removed when the document becomes unmodified (saved, discarded, or undone back
to the saved text) and, with its lock, when the window closes normally. Whatever is left with
no live owner was left by a crash: ``find_orphans`` finds it and *adopts* it (takes its lock,
so a second instance starting at the same time does not offer it too) until the user chose.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import secrets
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QLockFile, QObject, Qt, QTimer, Signal

from .. import paths
from ..fileio.atomic import write_text_atomic
from ..fileio.errors import WriteError, describe_os_error
from ..formats.text import decode_utf8_marking

FOLDER = "autosave"
OPEN_FOLDER = "open"
DELAY_MS = 5000
FIRST_LINE_CHARS = 40
MAX_SOURCE_CHARS = 4096  # a path longer than this is not one the app wrote
DAMAGED_FOLDER = "damaged"  # autosaves that cannot be read at all are moved here
_ID = re.compile(r"^\d+-[0-9a-f]{8}$")
_OPEN = re.compile(r"^open-[0-9a-f]{20}$")
_log = logging.getLogger(__name__)


def autosave_folder() -> Path:
    return paths.data_dir() / FOLDER


def new_slot_id() -> str:
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def first_line(text: str) -> str:
    line = next((s.strip() for s in text.split("\n") if s.strip()), "")
    return line[:FIRST_LINE_CHARS]


def describe(error: OSError, folder: Path) -> str:
    if isinstance(error, WriteError) or not error.errno:
        return str(error)
    return f"{describe_os_error(error)}（{folder}）"


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # never stale by age: only a dead (or reused) owner pid counts
    return lock


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _folder_problem(folder: Path) -> OSError:
    """Why the folder cannot be written, in Chinese (QLockFile only says UnknownError):
    found by writing a small file there."""
    probe = folder / f".probe-{secrets.token_hex(4)}"
    try:
        probe.write_bytes(b"0")
        probe.unlink()
    except OSError as error:
        return WriteError(folder, describe_os_error(error), "请检查该文件夹的权限和磁盘空间")
    return WriteError(folder, "无法在此文件夹中建立锁文件", "请检查该文件夹的权限和磁盘空间")


# ---------------------------------------------------------------- one window's slot
class Slot:
    """The files of one window's autosave; the lock is taken at the first write."""

    def __init__(self, folder: Path | None = None, slot_id: str | None = None):
        self.folder = folder or autosave_folder()
        self.id = slot_id or new_slot_id()
        self._lock: QLockFile | None = None

    @property
    def text_path(self) -> Path:
        return self.folder / f"{self.id}.txt"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.id}.json"

    @property
    def lock_path(self) -> Path:
        return self.folder / f"{self.id}.lock"

    def exists(self) -> bool:
        return self.text_path.is_file()

    def write(self, text: str, source: str | None, revision: int, checklist: str = "") -> None:
        """Raises OSError (a WriteError with a Chinese message) when the folder is unusable."""
        self._take_lock()
        meta = {"source": source, "saved_at": time.time(),
                "time": time.strftime("%Y-%m-%d %H:%M:%S"), "revision": revision,
                "checklist": checklist, "first_line": first_line(text), "pid": os.getpid()}
        write_text_atomic(self.text_path, text)
        write_text_atomic(self.meta_path, json.dumps(meta, ensure_ascii=False, indent=1))

    def _take_lock(self) -> None:
        if self._lock is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = _lock(self.lock_path)
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                raise OSError(f"自动保存文件 {self.lock_path} 正被另一个窗口使用")
            raise _folder_problem(self.folder)
        self._lock = lock


    def remove(self) -> None:
        """Delete the text and its JSON (the lock stays while the window lives)."""
        for path in (self.meta_path, self.text_path):
            try:
                _remove(path)
            except OSError as error:
                _log.warning("could not remove autosave %s: %s", path, error)

    def release(self) -> None:
        """A clean close: the files and the lock go."""
        self.remove()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


# ---------------------------------------------------------------- drafts left by a crash
@dataclass(slots=True)
class Orphan:
    """An autosave whose owner is gone; this process holds its lock until ``discard`` or
    ``release``."""

    slot: Slot
    text: str
    source: str | None
    saved_at: float
    revision: int
    checklist: str
    first_line: str
    lock: QLockFile | None = None
    damage: str = ""  # the text had bad bytes: they were replaced, and where is said here

    @property
    def time_text(self) -> str:
        try:
            return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))
        except (OverflowError, ValueError, OSError):
            return "时间不明"

    def source_newer(self) -> bool:
        """The source file was changed after this autosave (saved again, or by another program)."""
        try:
            return bool(self.source) and Path(self.source).stat().st_mtime > self.saved_at + 1
        except OSError:
            return False

    def discard(self) -> None:
        """The user chose: delete the files, then the lock."""
        self.slot.remove()
        self.release()

    def release(self) -> None:
        """Not chosen yet: keep the files for the next start, let others see them."""
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None


def find_orphans(folder: Path | None = None, problems: list[str] | None = None) -> list[Orphan]:
    """Autosaves with no live owner, oldest first, each adopted (its lock taken). One that
    cannot be read at all is moved to ``damaged/`` (so it is not tried at every start)
    and a Chinese line saying so is added to ``problems``."""
    folder = folder or autosave_folder()
    if not folder.is_dir():
        return []
    found = []
    for text_path in sorted(folder.glob("*.txt")):
        if _ID.match(text_path.stem):
            orphan = _adopt(Slot(folder, text_path.stem), problems)
            if orphan is not None:
                found.append(orphan)
    _clear_stale_locks(folder)
    return sorted(found, key=lambda o: o.saved_at)


def _adopt(slot: Slot, problems: list[str] | None = None) -> Orphan | None:
    lock = _lock(slot.lock_path)
    if not lock.tryLock(0):
        return None  # a running window (this process or another) owns it
    try:
        orphan = _read(slot)
    except OSError as error:
        _log.warning("unreadable autosave %s: %s", slot.text_path, error)
        message = _set_aside(slot, error)
        lock.unlock()
        if problems is not None:
            problems.append(message)
        return None
    orphan.lock = lock
    return orphan


def _set_aside(slot: Slot, error: OSError) -> str:
    """Move an unreadable autosave out of the way; what to tell the user."""
    aside = slot.folder / DAMAGED_FOLDER
    why = describe_os_error(error)
    try:
        aside.mkdir(exist_ok=True)
        for path in (slot.text_path, slot.meta_path):
            if path.exists():
                os.replace(path, aside / path.name)
    except OSError as move_error:
        return (f"有一份自动保存的文稿无法读取（{why}），也无法移开（{describe_os_error(move_error)}）："
                f"{slot.text_path}")
    return f"有一份自动保存的文稿无法读取（{why}），已移到 {aside / slot.text_path.name}"


def _read(slot: Slot) -> Orphan:
    """The draft and what its JSON says, every field checked: a damaged JSON (a field of
    the wrong type, a time no clock can show) falls back field by field, and a text with
    bad bytes is offered with U+FFFD there (``damage`` says where)."""
    text, notices = decode_utf8_marking(slot.text_path.read_bytes())
    meta = _read_meta(slot.meta_path)
    saved_at = _time(meta.get("saved_at"))
    if saved_at is None:
        saved_at = slot.text_path.stat().st_mtime
    return Orphan(slot, text, _source(meta.get("source")), saved_at, _int(meta.get("revision")),
                  _checklist(meta.get("checklist")), first_line(text), damage="；".join(notices))


def _time(value: object) -> float | None:
    """A time a clock can show (1970 … a day from now), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not 0 <= value <= time.time() + 86400:
        return None
    return float(value)


def _source(value: object) -> str | None:
    if not isinstance(value, str) or not value or len(value) > MAX_SOURCE_CHARS or "\x00" in value:
        return None
    return value


def _checklist(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= 200 else ""


def _read_meta(path: Path) -> dict:
    """The JSON is a convenience: a missing or broken one still lets the text be recovered."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _clear_stale_locks(folder: Path) -> None:
    """Lock files of dead owners that left no text behind (and open-file claims of dead
    windows): taking and releasing a stale lock removes it."""
    for lock_path in [*folder.glob("*.lock"), *(folder / OPEN_FOLDER).glob("*.lock")]:
        stem = lock_path.stem
        if (_ID.match(stem) and not (folder / f"{stem}.txt").exists()) or _OPEN.match(stem):
            lock = _lock(lock_path)
            if lock.tryLock(0):
                lock.unlock()


# ---------------------------------------------------------------- files open in a window
@dataclass(slots=True)
class FileClaim:
    """This window has ``path`` open; other windows see the lock until ``release``."""

    path: str
    lock: QLockFile | None = None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None


@dataclass(frozen=True, slots=True)
class Holder:
    """Who has a file open: another window of this instance, or another instance."""

    pid: int
    host: str

    def describe(self) -> str:
        if self.pid == os.getpid():
            return "本程序的另一个窗口"
        return f"另一个公文审稿台窗口（进程 {self.pid}）"


def _claim_path(path: str, folder: Path) -> Path:
    real = os.path.normcase(os.path.realpath(path))
    key = hashlib.sha1(real.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return folder / OPEN_FOLDER / f"open-{key}.lock"


def file_holder(path: str, folder: Path | None = None) -> Holder | None:
    """Who else has ``path`` open (None: nobody, or it cannot be told)."""
    lock_path = _claim_path(path, folder or autosave_folder())
    if not lock_path.exists():
        return None
    lock = _lock(lock_path)
    if lock.tryLock(0):
        lock.unlock()
        return None
    if lock.error() != QLockFile.LockError.LockFailedError:
        return None  # the folder is unreadable: nothing can be told
    info = lock.getLockInfo()
    pid, host = (info[0], info[1]) if isinstance(info, tuple) and len(info) >= 2 else (0, "")
    return Holder(int(pid or 0), str(host or ""))


def claim_file(path: str, folder: Path | None = None) -> FileClaim:
    """Mark ``path`` as open in this window. When another window holds it (or the folder
    is unusable) the claim holds no lock: this window never takes over another's."""
    folder = folder or autosave_folder()
    claim = FileClaim(path)
    try:
        (folder / OPEN_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _log.warning("no open-file lock for %s: %s", path, error)
        return claim
    lock = _lock(_claim_path(path, folder))
    if lock.tryLock(0):
        claim.lock = lock
    return claim


# ---------------------------------------------------------------- the window's autosaver
class Autosaver(QObject):
    """Watches a window's editor: autosaves changed text, removes it once saved or closed.

    The text is taken on the UI thread; writing it (fsync can take a while on an old disk)
    and removing it run in order on one background thread. ``window`` needs ``editor``,
    ``path`` and ``live.checklist``. ``enabled=False`` (the self-test) never touches the
    data folder.
    """

    failed = Signal(str)  # a Chinese message for the status bar
    _workerFailed = Signal(str)

    def __init__(self, window, enabled: bool = True, delay_ms: int = DELAY_MS):
        super().__init__(window)
        self.window = window
        self.enabled = enabled
        self.slot = Slot()
        self.revision = 0
        self.dirty = False  # changed since the last autosave
        self._told = False  # the user was shown a failure in a dialog
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._last: Future | None = None
        self._workerFailed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)
        document = window.editor.document()
        document.contentsChange.connect(self._changed)
        document.modificationChanged.connect(self._modification_changed)
        window.installEventFilter(self)

    def _changed(self, _position: int, removed: int, added: int) -> None:
        if not (removed or added):
            return
        self.revision += 1
        self.dirty = True
        if self.enabled and not self.timer.isActive():  # not restarted: at most DELAY_MS late
            self.timer.start()

    def _modification_changed(self, modified: bool) -> None:
        if not modified:  # saved, discarded, or undone back to the saved text
            self.drop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowDeactivate:
            self.save_now()
        return False

    def document_loaded(self) -> None:
        """After the window loaded a text: a new revision count; an unmodified text (a file
        just opened, a new draft) is never autosaved, a recovered one is at once."""
        self.drop()
        self.revision = 0
        if self.window.editor.document().isModified():
            self.dirty = True
            self.save_now()

    def save_now(self) -> bool:
        """Queue a write of the slot if the text changed since it was opened, saved or
        autosaved; True when one was queued (``flush`` waits for it)."""
        self.timer.stop()
        document = self.window.editor.document()
        if not (self.enabled and self.dirty and document.isModified()):
            return False
        text = "\n".join(self.window.editor.block_texts())
        self._submit(self.slot.write, text, self.window.files.path, self.revision, self.window.live.checklist)
        self.dirty = False
        return True

    def drop(self) -> None:
        """The text no longer needs an autosave (it is saved, or was discarded)."""
        self.timer.stop()
        self.dirty = False
        if self.enabled:
            self._submit(self.slot.remove)

    def close(self) -> None:
        """A clean close (after the unsaved-changes prompt): nothing is left behind."""
        self.timer.stop()
        self.dirty = False
        if self.enabled:
            self._submit(self.slot.release)
        self._writer.shutdown(wait=True)

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until the queued writes and removals are done."""
        if self._last is not None:
            wait([self._last], timeout)

    def _submit(self, job, *args) -> None:
        try:
            self._last = self._writer.submit(self._run, job, *args)
        except RuntimeError:  # closed already
            self._last = None

    def _run(self, job, *args) -> None:
        try:
            job(*args)
        except OSError as error:
            with contextlib.suppress(RuntimeError):  # the window is gone
                self._workerFailed.emit(f"自动保存失败：{describe(error, self.slot.folder)}")

    def _on_failed(self, message: str) -> None:
        """The first failure of a session is said in a dialog (the text is safe only in the
        editor now); later ones in the status bar."""
        self.dirty = True  # try again at the next change or focus loss
        self.failed.emit(message)
        if not self._told:
            self._told = True
            from . import dialogs

            dialogs.show_error(self.window, "自动保存失败",
                               f"{message}\n\n未保存的修改目前只在编辑器中，请及时手动保存。"
                               "自动保存会在下次修改时重试。")
