"""保存 into an opened .docx: the user's own package, with only what the user changed changed.

The editor holds a .docx as the list of its model paragraph texts (``Document.paragraphs``
of ``read_docx``: body, table-cell and text-box paragraphs, Word's automatic labels in
front). Saving writes the edits back into the original package (see ``docx_edits`` for
what happens to each paragraph and run, ``docx_package`` for the zip): paragraphs nobody
touched keep their XML, every other part of the package is copied byte for byte.

How the editor calls it::

    document, fingerprint = read_docx_for_edit(path)      # at open
    old = [p.text for p in document.paragraphs]            # keep both with the buffer
    ...
    check_writeback(path, old, fingerprint)                # optional: may 保存 write back?
    saved = save_docx_edits(path, path, old, editor_texts, fingerprint=fingerprint)
    old, fingerprint = saved.texts, saved.fingerprint      # the next save starts from here

``save_docx_edits(source, target, old, new, *, fingerprint=None, backups=None)`` reads
``source`` once (one snapshot: the check, the parse and the copy all come from the same
bytes), refuses with a Chinese ``WriteError`` — before writing anything — when the file
is gone, unreadable, changed on disk since it was read (``fingerprint``) or no longer
reads as ``old``, then writes ``target`` atomically through ``atomic.write_atomic``
(``target`` may be ``source`` itself: that is Ctrl+S; the previous version goes to the
backups, the last five per file). It returns ``SavedDocx``: the texts the saved file
reads as — the same as ``new`` except where Word decides otherwise (automatic numbers
renumbered after a numbered paragraph was added or removed; a table cell's last
paragraph, the document's last one, or one holding a picture, emptied rather than
removed; characters a .docx cannot hold dropped) — its tables and its fingerprint. The
editor should show those texts if they differ from its own.

``saved.kept`` lists the paragraphs the user deleted that had to stay (emptied).

Before 导出定稿 from the editor, ``docx_align.follow_tables(tables, old, editor_texts)``
renumbers the tables of the file it opened (``Document.tables``) for the texts now in the
editor, placing new lines the way a save would, so the exporter writes them as tables.

An empty (0-byte) .docx has nothing to keep: it is saved as a plain draft.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.model import Document, TableInfo
from ..fileio.atomic import Backups, write_atomic
from ..fileio.errors import FormatError, WriteError, describe_os_error
from .docx_edits import EngineFailure, Outcome, PlainEngine, apply_edits, body_of, collect_body
from .docx_package import Package, open_package, serialize_main, write_package
from .docx_reader import Collected, read_docx

_log = logging.getLogger(__name__)
CHANGED_ON_DISK = "文件在打开之后已被其他程序修改过，写回会覆盖那些修改"
CHANGED_ADVICE = "请用“另存为”保存为新文件，或重新打开该文件后再修改"
INTERNAL = "写回原文件时出现内部错误，原文件没有改动"
INTERNAL_ADVICE = "请用“另存为”保存为新文件，并把原文件发给开发者以便改进"


@dataclass(frozen=True, slots=True)
class SavedDocx:
    path: Path
    texts: list[str]  # body paragraphs as the saved file reads (what Word will show)
    fingerprint: str  # of the saved file: pass it to the next save
    tables: list[TableInfo] = field(default_factory=list)
    changed: bool = True  # False: nothing differed, the package was copied as it was
    # indexes in ``texts`` of paragraphs the user deleted that Word needs (a table cell's
    # last one, the document's last one, one holding a picture; as tracked changes, every
    # deleted one until accepted): emptied, not removed
    kept: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Snapshot:
    path: Path
    data: bytes
    package: Package | None
    found: Collected  # the body as read from ``data``


def fingerprint_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_fingerprint(path: str | os.PathLike[str]) -> str:
    """The fingerprint of a file's current content (FormatError when it cannot be read)."""
    try:
        return fingerprint_bytes(Path(path).read_bytes())
    except OSError as error:
        raise FormatError(path, describe_os_error(error)) from None


def read_docx_for_edit(path: str | os.PathLike[str], layout: bool = False) -> tuple[Document, str]:
    """``read_docx`` plus the fingerprint of the very content read (read again in the rare
    case the file changed while it was being read); ``layout``: with its layout facts."""
    from .docx_layout_facts import read_docx_with_layout

    for _ in range(3):
        before = file_fingerprint(path)
        document = read_docx_with_layout(path) if layout else read_docx(path)
        if file_fingerprint(path) == before:
            return document, before
    raise FormatError(path, "文件正在被其他程序不断修改", "请等其他程序保存完毕后再打开")


def check_writeback(source: str | os.PathLike[str], old: Sequence[str],
                    fingerprint: str | None = None) -> None:
    """Raise WriteError (Chinese message) when the edits cannot be written back into
    ``source`` without losing something: the file is gone or unreadable, changed since it
    was read (``fingerprint`` from ``read_docx_for_edit``), or no longer reads as ``old``."""
    _snapshot(Path(source), old, fingerprint)


def save_docx_edits(source: str | os.PathLike[str], target: str | os.PathLike[str],
                    old: Sequence[str], new: Sequence[str], *, fingerprint: str | None = None,
                    backups: Backups | None = None) -> SavedDocx:
    """Write ``new`` (the editor's paragraph texts) over ``old`` (as read from ``source``)
    into a copy of ``source``'s package at ``target``, atomically. WriteError on failure;
    nothing is written then."""
    return save_with(PlainEngine, source, target, old, new, fingerprint=fingerprint,
                     backups=backups)


def save_with(make_engine: Callable[[Package], PlainEngine], source: str | os.PathLike[str],
              target: str | os.PathLike[str], old: Sequence[str], new: Sequence[str], *,
              fingerprint: str | None, backups: Backups | None) -> SavedDocx:
    """The save path shared by 保存 and 保存为修订稿 (``make_engine`` says how edits are written)."""
    source, target = Path(source), Path(target)
    if target.suffix.lower() != ".docx":
        raise WriteError(target, "只能写回 .docx 文件", "请用“另存为”选择 .docx 格式")
    snap = _snapshot(source, old, fingerprint)
    if snap.package is None:
        return _save_blank(target, new, backups)
    package = snap.package
    try:
        outcome = apply_edits(package, snap.found, list(old), list(new), make_engine(package))
        main = serialize_main(package) if outcome.changed else None
    except EngineFailure as failure:
        _log.error("write-back of %s failed its check: %s", source, failure)
        raise WriteError(target, INTERNAL, INTERNAL_ADVICE) from None
    except Exception:  # XML the engine did not foresee: a message, never a traceback
        _log.exception("write-back of %s failed", source)
        raise WriteError(target, INTERNAL, INTERNAL_ADVICE) from None
    written: list[str] = []

    def write(tmp: Path) -> None:
        write_package(snap.data, tmp, package.main_name, main)
        written.append(fingerprint_bytes(tmp.read_bytes()))

    try:
        write_atomic(target, write, backups)
    except WriteError:
        raise
    except Exception as error:  # a zip the library refuses to write: never a traceback
        _log.error("write-back of %s failed: %r", source, error)
        raise WriteError(target, INTERNAL, INTERNAL_ADVICE) from None
    return _result(target, outcome, written[0])


def _result(target: Path, outcome: Outcome, fingerprint: str) -> SavedDocx:
    return SavedDocx(target, outcome.texts, fingerprint, outcome.tables, outcome.changed,
                     outcome.kept)


def _snapshot(source: Path, old: Sequence[str], fingerprint: str | None) -> _Snapshot:
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise WriteError(source, "原文件已不存在（可能已被移动或删除），无法把修改写回",
                         "请用“另存为”保存") from None
    except OSError as error:
        raise WriteError(source, f"原文件无法读取（{describe_os_error(error)}），无法把修改写回",
                         "请用“另存为”保存") from None
    if fingerprint is not None and fingerprint_bytes(data) != fingerprint:
        raise WriteError(source, CHANGED_ON_DISK, CHANGED_ADVICE)
    try:
        package = open_package(source, data)
    except FormatError as error:
        raise WriteError(source, f"原文件已无法打开（{error.problem}），无法把修改写回",
                         "请用“另存为”保存") from None
    try:
        found = collect_body(package) if package is not None else Collected()
    except Exception as error:  # a part lxml parsed but the walk cannot follow
        _log.exception("cannot walk %s", source)
        raise WriteError(source, f"原文件内容无法解析（{type(error).__name__}），无法把修改写回",
                         "请用“另存为”保存") from None
    if [s.text for s in body_of(found)] != list(old):
        raise WriteError(source, "文件内容与打开时不一致（可能已被其他程序修改）", CHANGED_ADVICE)
    return _Snapshot(source, data, package, found)


def _save_blank(target: Path, new: Sequence[str], backups: Backups | None) -> SavedDocx:
    """A 0-byte .docx (Explorer's "new Word document") holds nothing to keep."""
    from .docx_draft import build_draft
    from .docx_export import xml_safe

    word = build_draft(list(new))
    buffer = io.BytesIO()  # built in memory: a full disk fails one plain write
    word.save(buffer)
    data = buffer.getvalue()
    write_atomic(target, lambda tmp: tmp.write_bytes(data), backups)
    return SavedDocx(target, [xml_safe(t) for t in new] or [""], fingerprint_bytes(data))
