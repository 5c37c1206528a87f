"""The 文件 menu: new, open, save, save as, the exports, recent files, the unsaved-changes
prompt — and the open document's own state (its path and per-document settings).

An object the window owns. It reaches the window only through the small ``FileHost``
interface below, so what the file side needs from the rest of the editor is written down.
"""

from __future__ import annotations

import contextlib
import importlib.util
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from .. import paths
from ..fileio.errors import FormatError, WriteError, describe_os_error, write_advice
from ..fileio.stamp import FileStamp
from ..formats import Opened, TextFormat, open_document, read_document
from ..formats.text import UTF8, EncodingRefused, write_text_file
from . import dialogs
from .autosave import FileClaim, claim_file, file_holder
from .editor import DraftEditor
from .live_audit import LiveAudit
from .settings import AUTO, DocumentSettings, Settings, load_document_settings, save_document_settings
from .view_model import Result

OPEN_FILTER = ("文稿 (*.docx *.doc *.wps *.txt);;Word 文档 (*.docx);;旧版 Word/WPS 文档 (*.doc *.wps);;"
               "纯文本 (*.txt);;所有文件 (*)")
TXT_FILTER = "纯文本 UTF-8 (*.txt)"
DOCX_FILTER = "Word 文档 (*.docx)"
NEEDS_DOCX = "需要 .docx 支持"
REVIEW_TIP = "在原 .docx 文件上逐处加批注，另存为审阅稿"
REVIEW_NEEDS_SOURCE = "审阅稿在原 .docx 文件上加批注：请先打开一个 .docx 文件"
UNTITLED = "未命名文稿"


class FileHost(Protocol):
    """What the file actions use of the window."""

    editor: DraftEditor
    live: LiveAudit
    settings: Settings
    persist: bool  # False in the self-test: nothing is written to the user's folders
    result: Result | None  # the last result shown

    def widget(self) -> QWidget: ...  # the parent of dialogs
    def status(self, message: str, ms: int = 3000) -> None: ...
    def load_text(self, text: str, path: str | None = None, modified: bool = False) -> None: ...
    def document_changed(self) -> None: ...  # the path or its settings changed: titles, menus
    def after_result(self, action: Callable[[], None]) -> Result | None: ...
    def choose_checklist(self, checklist_id: str) -> None: ...
    def replace_texts(self, texts: list[str]) -> None: ...  # one undo step
    def reveal_finding(self, finding: Any) -> None: ...  # select it in the panel, go to it
    def close(self) -> bool: ...


@dataclass(slots=True)
class OpenedDocx:
    """A .docx the user opened: saves write the edits back into it (docx_writeback)."""

    base: list[str]  # its paragraph texts as the file reads now
    fingerprint: str  # of the content read: a save refuses a file changed since
    tables: list[Any] = field(default_factory=list)  # core.model.TableInfo, indexes into base


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(f"gongwen.formats.{name}") is not None
    except ImportError:
        return False


def save_filters() -> list[str]:
    """.docx first (the default save format) when python-docx is there, .txt always."""
    return [DOCX_FILTER, TXT_FILTER] if has_module("docx_draft") else [TXT_FILTER]


def with_suffix(path: str, chosen_filter: str) -> str:
    """A name typed without a suffix gets the chosen format's."""
    if Path(path).suffix:
        return path
    return path + (".txt" if chosen_filter == TXT_FILTER or not has_module("docx_draft") else ".docx")


def write_texts(path: str, texts: list[str], text_format: TextFormat = UTF8) -> list[str]:
    """Save the editor's lines: .docx as a plain draft (one paragraph per line, reads back
    exactly), anything else as text in ``text_format`` (the encoding and line ends the
    file had); the old file goes to the backups. Returns what had to be dropped (in
    Chinese); raises WriteError with a Chinese message (EncodingRefused: a character the
    encoding cannot hold)."""
    try:
        if Path(path).suffix.lower() == ".docx":
            from ..formats.docx_draft import save_draft_docx
            from ..formats.docx_export import xml_safe

            save_draft_docx(texts, path, paths.backups())
            dropped = sum(len(t) - len(xml_safe(t)) for t in texts)
            return [f"删除了 {dropped} 个 Word 文档无法保存的控制字符"] if dropped else []
        return write_text_file(path, "\n".join(texts), text_format, paths.backups())
    except EncodingRefused:
        raise
    except OSError as error:
        raise as_write_error(path, error) from None


def as_write_error(path: str, error: OSError) -> WriteError:
    """A WriteError with the atomic writer's own message and advice; any other OSError gets a
    Chinese one (never "[Errno 28] …")."""
    inner = error.__context__  # save_draft_docx re-wraps the writer's WriteError, losing its advice
    if isinstance(error, WriteError) and isinstance(inner, WriteError):
        return inner
    if isinstance(error, WriteError):
        return error
    return WriteError(path, describe_os_error(error), write_advice(error))


READ_DIALOG_AFTER_S = 0.3
READ_POLL_MS = 20


Read = tuple[FileStamp | None, Opened, "OpenedDocx | None"]


def _read(path: str) -> Read:
    """The file as read, and for a .docx what its saves need (a write-back compares the
    file with its fingerprint and edits its paragraphs)."""
    stamp = FileStamp.of(path)  # before the read: a change during it shows at the save
    if Path(path).suffix.lower() == ".docx":
        from ..formats.docx_writeback import read_docx_for_edit

        document, fingerprint = read_docx_for_edit(path, layout=True)
        docx = OpenedDocx([p.text for p in document.paragraphs], fingerprint, document.tables)
        return stamp, Opened(document), docx
    return stamp, open_document(path), None


def read_off_thread(parent: QWidget, path: str) -> Read | None:
    """Read ``path`` on a worker thread (a stalled network share or USB stick never freezes
    the window): the result; None when the user cancelled; the reader's error re-raised.
    After READ_DIALOG_AFTER_S a small dialog with 取消 shows; a cancelled read is left to
    finish (or fail) on its own thread and its result is dropped."""
    outcome: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = _read(path)
        except BaseException as error:  # handed to the UI thread
            outcome["error"] = error
        finally:
            done.set()

    _paint_pending()
    threading.Thread(target=work, name="gongwen-open", daemon=True).start()
    if not _wait_painting(done, READ_DIALOG_AFTER_S) and not _wait_with_dialog(parent, path, done):
        return None
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@contextlib.contextmanager
def _still(editor: DraftEditor) -> Iterator[None]:
    """The editor read-only while a file is read (its text is about to be replaced): its
    cursor stops blinking, so the window has nothing to repaint meanwhile — each repaint
    waited for the reader's holds on the GIL."""
    was = editor.isReadOnly()
    editor.setReadOnly(True)
    try:
        yield
    finally:
        editor.setReadOnly(was)


def _paint_pending() -> None:
    """The layouts and repaints the window has pending (under the dialog that chose the
    file, after the last result) are done before the reader starts: decoding and splitting
    a 10 MB file hold the GIL for tens of milliseconds at a time, and each Python part of
    a repaint would wait for them. Only those events: no timer or queued call runs here."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for kind in (QEvent.Type.LayoutRequest, QEvent.Type.LayoutRequest, QEvent.Type.UpdateRequest):
        QCoreApplication.sendPostedEvents(None, kind)  # a layout done posts its parent's


def _wait_painting(done: threading.Event, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``done`` while the window still repaints (no input is
    taken meanwhile: nothing can be typed into the draft being replaced). True if done."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + seconds
    while not done.wait(min(READ_POLL_MS / 1000, max(0.0, deadline - time.monotonic()))):
        if time.monotonic() >= deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return True


def _wait_with_dialog(parent: QWidget, path: str, done: threading.Event) -> bool:
    """Wait for ``done`` with a 正在读取… dialog; False when 取消 was pressed first."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(f"正在读取“{Path(path).name}”…\n（文件在网络盘或 U 盘上时可能较慢）", "取消",
                             0, 0, parent)
    dialog.setWindowTitle("打开文稿")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(READ_POLL_MS)
    poll.timeout.connect(lambda: (done.is_set() or dialog.wasCanceled()) and loop.quit())
    dialog.canceled.connect(loop.quit)
    FileActions.reading = dialog  # tests find it here
    poll.start()
    dialog.show()
    try:
        if not done.is_set():
            loop.exec()
    finally:
        poll.stop()
        FileActions.reading = None
        cancelled = dialog.wasCanceled() and not done.is_set()
        dialog.close()
        dialog.deleteLater()
    return not cancelled


class FileActions:
    reading = None  # the 正在读取… dialog while one is shown

    def __init__(self, host: FileHost):
        self.host = host
        self.path: str | None = None
        self.doc_settings = DocumentSettings()
        self.docx: OpenedDocx | None = None
        self.stamp: FileStamp | None = None  # the file as this window last read or wrote it
        self.text_format: TextFormat | None = None  # a .txt's encoding and line ends, kept
        self.claim: FileClaim | None = None  # other windows see that this one has it open
        self.recent_menu: QMenu | None = None
        self.export_final_action: QAction | None = None
        self.export_review_action: QAction | None = None

    # ------------------------------------------------------------ menu
    def build_menu(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        """Fill the 文件 menu; ``action(menu, text, slot, shortcut, tip)`` makes one entry."""
        action(menu, "新建…", self.new_draft_dialog, QKeySequence.StandardKey.New)
        action(menu, "打开…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = menu.addMenu("最近打开")
        menu.addSeparator()
        action(menu, "保存", self.save, QKeySequence.StandardKey.Save)
        action(menu, "另存为…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.revisions_action = action(menu, "保存为修订稿…", self.save_revisions, "",
                                       "把修改以 Word 修订（可逐条接受或拒绝）写入原文档的副本")
        action(menu, "历史版本…", self.show_history, "", "查看并恢复本文件保存前的版本")
        menu.addSeparator()
        self.export_final_action = action(menu, "导出定稿 (.docx)…", self.export_final, "Ctrl+E",
                                          "按公文格式导出干净的定稿")
        self.export_review_action = action(menu, "导出审阅稿 (.docx)…", self.export_review,
                                           "Ctrl+Shift+E", "导出带批注的审阅稿")
        for entry, module in ((self.export_final_action, "docx_export"),
                              (self.export_review_action, "docx_annotate")):
            if not has_module(module):
                entry.setEnabled(False)
                entry.setToolTip(NEEDS_DOCX)
                entry.setStatusTip(NEEDS_DOCX)
        menu.setToolTipsVisible(True)
        self.update_export_actions()
        menu.addSeparator()
        action(menu, "审阅文件夹…", self.open_review_desk, "Ctrl+Shift+R",
               "逐份检查下级报送的整个文件夹，查找相互抄袭和照搬往年的内容")
        menu.addSeparator()
        action(menu, "退出", self.host.close, QKeySequence.StandardKey.Quit)
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        recent = [p for p in self.host.settings.recent if Path(p).exists()]
        for index, path in enumerate(recent):
            entry = menu.addAction(f"&{index + 1} {Path(path).name}")
            entry.setToolTip(path)
            entry.setStatusTip(path)
            entry.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            menu.addAction("（无）").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("清除列表", self._clear_recent)

    def _clear_recent(self) -> None:
        self.host.settings.recent = []
        self.fill_recent_menu()

    def _remember(self, path: str) -> None:
        self.host.settings.add_recent(str(Path(path).resolve()))
        self.fill_recent_menu()

    # ------------------------------------------------------------ the open document
    def document_name(self) -> str:
        return Path(self.path).name if self.path else UNTITLED

    def set_document(self, path: str | None, stamp: FileStamp | None = None) -> None:
        """A new document in the editor: its path and its settings (checklist, ignores);
        ``stamp``: the file as it was read (a recovered draft has none: its file may be
        newer, and a save then asks)."""
        self.path = path
        self.docx = None
        self.stamp = stamp
        self.text_format = None
        self.doc_settings = (load_document_settings(path) if path
                             else DocumentSettings(self.host.settings.checklist))
        self._claim(path)
        self.update_export_actions()

    def _claim(self, path: str | None) -> None:
        """Hold the open-file lock of ``path`` (and no other) while this window has it."""
        if self.claim is not None and self.claim.path == path:
            return
        self.release()
        if path and self.host.persist:
            self.claim = claim_file(path)

    def release(self) -> None:
        """The window closes (or leaves the file): other windows may open it freely."""
        if self.claim is not None:
            self.claim.release()
            self.claim = None

    def _held_elsewhere(self, path: str) -> str:
        """Who else has ``path`` open ("" when nobody, or this window itself)."""
        if not self.host.persist:
            return ""
        resolved = str(Path(path).resolve())
        if self.claim is not None and self.claim.path == resolved and self.claim.lock is not None:
            return ""
        holder = file_holder(resolved)
        return holder.describe() if holder else ""

    def save_document_settings(self) -> None:
        if self.path and self.host.persist:
            try:
                save_document_settings(self.path, self.doc_settings)
            except OSError as error:
                self.host.status(f"无法保存文稿设置：{error}", 5000)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current text (saved, discarded or unchanged)."""
        if not self.host.editor.document().isModified():
            return True
        answer = dialogs.ask_unsaved(self.host.widget(), self.document_name())
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    # ------------------------------------------------------------ new / open
    def new_draft_dialog(self) -> None:
        if not self.maybe_save():
            return
        from ..catalog import DEFAULT_CHECKLIST

        checklists = list(self.host.live.catalog.checklists.values())
        current = next((i for i, c in enumerate(checklists) if c.id == DEFAULT_CHECKLIST), 0)
        index = dialogs.choose_checklist(self.host.widget(), [c.name for c in checklists], current)
        if index is not None:
            self.new_draft(checklists[index].id)

    def new_draft(self, checklist_id: str | None = None) -> None:
        """A new draft from the skeleton of ``checklist_id`` (checked by it), else from the
        default type's, checked by the kind its title names (issue 18: not the kind the
        last document was switched to)."""
        from ..catalog import DEFAULT_CHECKLIST

        checklist = self.host.live.catalog.get(checklist_id or DEFAULT_CHECKLIST)
        self.host.load_text(checklist.skeleton or "")
        self.host.choose_checklist(checklist_id or AUTO)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        folder = str(Path(self.path).parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self.host.widget(), "打开文稿", folder, OPEN_FILTER)
        if path:
            self.open_file(path)

    def open_path(self, path: str) -> bool:
        return self.maybe_save() and self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Read a file into the editor; a problem is shown, never raised. A file another
        window has open is opened only when the user says so. A .docx is read with what its
        saves need (its fingerprint, tables) and its 版式 facts."""
        holder = self._held_elsewhere(path)
        if holder and not dialogs.ask_open_elsewhere(self.host.widget(), Path(path).name, holder):
            return False
        try:
            with _still(self.host.editor), self.host.live.idle_held():
                read = read_off_thread(self.host.widget(), path)
        except FormatError as error:
            dialogs.show_error(self.host.widget(), "无法打开", str(error))
            return False
        except Exception as error:  # a reader bug must not kill the editor
            dialogs.show_error(self.host.widget(), "无法打开", f"无法打开“{Path(path).name}”：{error}")
            return False
        if read is None:
            self.host.status(f"已取消打开 {path}")
            return False
        stamp, opened, docx = read
        self._show_opened(path, opened, stamp, docx)
        return True

    def _show_opened(self, path: str, opened: Opened, stamp: FileStamp | None,
                     docx: OpenedDocx | None) -> None:
        document = opened.document
        texts = [p.text for p in document.paragraphs]
        self.host.load_text("\n".join(texts), str(Path(path).resolve()))
        self.stamp = stamp
        self.text_format = opened.text_format
        self.docx = docx
        self._show_layout(texts, document.layout)
        self._remember(path)
        self.host.status(f"已打开 {path}")
        if opened.notices:
            dialogs.show_notice(self.host.widget(), "打开时的提示",
                                f"“{Path(path).name}”：" + "；".join(opened.notices) + "。")

    def _show_layout(self, texts: list[str], facts: Any) -> None:
        """The 版式 group judges the file as Word shows it (facts of these texts)."""
        self.host.live.layout_source = (texts, facts) if facts is not None else None

    # ------------------------------------------------------------ save
    def save(self) -> bool:
        """保存 writes in place: an opened .docx gets the edits written back into it (its
        layout, tables, pictures and everything else kept), a .txt its text; anything
        else (a new draft, a .doc/.wps, which are never written) goes through 另存为."""
        if self.path is None:
            return self.save_as()
        suffix = Path(self.path).suffix.lower()
        docx = suffix == ".docx" and self.docx is not None
        if not docx and not (suffix == ".txt" or (suffix == ".docx" and self.doc_settings.draft_docx)):
            return self.save_as()
        fingerprint_checked = True
        if self._changed_on_disk():
            answer = dialogs.ask_changed_on_disk(self.host.widget(), self.document_name())
            if answer == dialogs.SAVE_AS:
                return self.save_as()
            if answer == dialogs.RELOAD:
                self.reload()
                return False  # nothing was saved: the caller (closing, opening) stops
            if answer != dialogs.OVERWRITE:
                return False
            fingerprint_checked = False  # the user said so; the paragraphs must still match
        if docx:
            return self.write_docx_to(self.path, check_fingerprint=fingerprint_checked)
        return self.write_to(self.path)

    def _changed_on_disk(self) -> bool:
        """The file is no longer what this window read or wrote (another window or program
        saved it meanwhile; or it was deleted). A recovered draft, never read, counts as
        changed when its file exists."""
        if self.path is None:
            return False
        if self.stamp is None:
            return Path(self.path).exists()
        return self.stamp.changed(self.path)

    def reload(self) -> bool:
        """Read the file again, dropping this window's changes (the user chose 重新载入)."""
        path = self.path
        if path is None:
            return False
        self.host.editor.document().setModified(False)
        return self.open_file(path)

    def save_as(self) -> bool:
        filters = save_filters()
        stem = Path(self.path).stem if self.path else (self._title_stem() or UNTITLED)
        folder = Path(self.path).parent if self.path else Path.home()
        suffix = Path(self.path).suffix.lower() if self.path else ""
        chosen = TXT_FILTER if suffix == ".txt" or len(filters) == 1 else DOCX_FILTER
        suffix = ".txt" if chosen == TXT_FILTER else ".docx"
        path, chosen = QFileDialog.getSaveFileName(self.host.widget(), "另存为",
                                                   str(folder / f"{stem}{suffix}"),
                                                   ";;".join(filters), chosen)
        if not path:
            return False
        path = with_suffix(path, chosen)
        if self.docx is not None and Path(path).suffix.lower() == ".docx":
            return self.write_docx_to(path)  # the new file keeps the opened one's layout
        return self.write_to(path)

    def _title_stem(self) -> str:
        result = self.host.result
        title = result.document.title if result else ""
        return "".join(c for c in title if c not in '\\/:*?"<>|')[:40]

    def _format_for(self, path: str) -> TextFormat:
        """保存 writes a .txt back in its own encoding and line ends; 另存为 a new file
        writes UTF-8 (as its filter says), keeping the line ends."""
        kept = self.text_format or UTF8
        same = self.path is not None and Path(path).resolve() == Path(self.path)
        return kept if same else kept.as_utf8()

    def write_to(self, path: str) -> bool:
        """Save; on failure a Chinese message, and the text stays in the editor, unsaved."""
        text_format = self._format_for(path)
        try:
            try:
                notices = write_texts(path, self.host.editor.block_texts(), text_format)
            except EncodingRefused as refused:
                if not dialogs.ask_save_as_utf8(self.host.widget(), str(refused).split("。")[0]):
                    return False
                text_format = text_format.as_utf8()
                notices = write_texts(path, self.host.editor.block_texts(), text_format)
        except (OSError, ValueError) as error:
            dialogs.show_error(self.host.widget(), "保存失败", f"{error}\n\n文稿仍在编辑器中，尚未保存。")
            return False
        self.text_format = text_format if Path(path).suffix.lower() != ".docx" else None
        self.doc_settings.draft_docx = Path(path).suffix.lower() == ".docx"
        self.docx = None
        self._saved_as(path, f"（{'；'.join(notices)}）" if notices else "")
        return True

    def _saved_as(self, path: str, note: str = "") -> None:
        self.path = str(Path(path).resolve())
        self.stamp = FileStamp.of(self.path)  # what a later save compares the file with
        self._claim(self.path)
        self.save_document_settings()
        self.host.editor.document().setModified(False)
        self._remember(path)
        self.host.document_changed()
        self.update_export_actions()
        self.host.status(f"已保存 {path}{note}", 10000 if note else 3000)

    def write_docx_to(self, target: str, check_fingerprint: bool = True) -> bool:
        """Write the edits into the opened .docx (or a copy of it at ``target``): only the
        edited paragraphs change; the previous version goes to the backups.
        ``check_fingerprint``: refuse a file changed since it was read (unless the user
        chose 仍然覆盖; its paragraphs must still read as they did)."""
        from ..formats.docx_layout_facts import read_docx_with_layout
        from ..formats.docx_writeback import save_docx_edits

        texts = self.host.editor.block_texts()
        fingerprint = self.docx.fingerprint if check_fingerprint else None
        try:
            saved = save_docx_edits(self.path, target, self.docx.base, texts,
                                    fingerprint=fingerprint, backups=paths.backups())
        except (OSError, ValueError) as error:
            dialogs.show_error(self.host.widget(), "保存失败",
                               f"{error}\n\n文稿仍在编辑器中，尚未保存。可用“另存为”保存到新文件。")
            return False
        self.docx = OpenedDocx(saved.texts, saved.fingerprint, saved.tables)
        note = ""
        if saved.texts != texts:  # Word renumbered, or a paragraph Word needs was kept
            self.host.replace_texts(saved.texts)
            note = "（编号已按 Word 重排或保留了文档必需的段落，编辑器已同步）"
        self._saved_as(target, note)
        try:  # the edited paragraphs now have their formatting in the file
            self._show_layout(saved.texts, read_docx_with_layout(target).layout)
        except FormatError:
            self._show_layout(saved.texts, None)
        self.host.live.refresh()
        return True

    def save_revisions(self) -> None:
        """保存为修订稿…: the edits as Word tracked changes in a copy of the opened .docx."""
        if self.docx is None or self.path is None:
            dialogs.show_error(self.host.widget(), "无法保存修订稿",
                               "修订稿写在原 .docx 文件的副本上：请先打开一个 .docx 文件。")
            return
        author = self._reviewer()
        if author is None:
            return
        target = self._export_path("保存为修订稿", "（修订稿）")
        if target:
            self.save_revisions_to(target, author)

    def save_revisions_to(self, target: str, author: str) -> bool:
        from datetime import datetime

        from ..formats.docx_revisions import save_docx_revisions

        try:
            save_docx_revisions(self.path, target, self.docx.base, self.host.editor.block_texts(),
                                author, datetime.now().astimezone(),
                                fingerprint=self.docx.fingerprint, backups=paths.backups())
        except (OSError, ValueError) as error:
            dialogs.show_error(self.host.widget(), "保存修订稿失败", str(error))
            return False
        self.host.status(f"已保存修订稿 {target}（在 Word/WPS 中可逐条接受或拒绝修改）", 8000)
        return True

    def _reviewer(self) -> str | None:
        """The name tracked changes carry (asked once, remembered)."""
        if self.host.settings.reviewer:
            return self.host.settings.reviewer
        name = dialogs.ask_text(self.host.widget(), "修订人", "修订记录中显示的修订人姓名：", "审稿人")
        if name:
            self.host.settings.reviewer = name
        return name or None

    def show_history(self) -> None:
        """历史版本…: the backups of this file, newest first; restoring one keeps the
        current version as a backup in turn (so a restore can be undone the same way)."""
        if self.path is None:
            dialogs.show_error(self.host.widget(), "历史版本", "新文稿还没有保存过，没有历史版本。")
            return
        chosen = dialogs.choose_backup(self.host.widget(), Path(self.path).name,
                                       paths.backups().of(self.path))
        if chosen is not None and self.maybe_save():
            self.restore_backup(chosen)

    def restore_backup(self, backup: Path) -> bool:
        from ..fileio.atomic import write_bytes_atomic

        try:
            write_bytes_atomic(self.path, backup.read_bytes(), backups=paths.backups())
        except OSError as error:
            dialogs.show_error(self.host.widget(), "恢复失败", str(as_write_error(self.path, error)))
            return False
        self.host.editor.document().setModified(False)
        if not self.open_file(self.path):
            return False
        self.host.status("已恢复所选版本（恢复前的文件已存入历史版本）", 6000)
        return True

    def open_review_desk(self) -> None:
        """The reviewer's desk in its own window; a report double-clicked there opens here."""
        from .review_desk import open_review_desk

        open_review_desk(self.host.widget(), self.open_path)

    # ------------------------------------------------------------ exports
    def _export_path(self, title: str, suffix: str) -> str:
        stem = (Path(self.path).stem if self.path else self._title_stem() or UNTITLED) + suffix
        folder = Path(self.path).parent if self.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.host.widget(), title, str(folder / f"{stem}.docx"),
                                              DOCX_FILTER)
        if path and not path.lower().endswith(".docx"):
            path += ".docx"
        return path

    def export_final(self) -> None:
        """导出定稿: the dialog (choices, the errors left by group), then the file name, then
        the export and a notice with 打开文件 / 打开所在文件夹."""
        if self.host.after_result(self.export_final) is None:
            return  # runs again once the checklist describes the text
        options = self.ask_export_options()
        if options is None:
            return
        path = self._export_path("导出定稿", "（定稿）")
        if path and self.export_final_to(path, options=options):
            self.after_export(path)

    def ask_export_options(self):
        """The 导出定稿 dialog: its ExportOptions, or None (cancelled, or 去修改 — then the
        editor is at that group's first finding)."""
        from .export_dialog import ExportDialog

        result = self.host.result
        dialog = ExportDialog(result.report, result.document, self.host.live.profile.unit,
                              self.host.settings, parent=self.host.widget())
        accepted = dialog.exec() == dialog.DialogCode.Accepted
        if dialog.goto is not None:
            self.host.reveal_finding(dialog.goto)
        if not accepted:
            return None
        dialog.remember()
        return dialog.options()

    def after_export(self, path: str) -> None:
        from .export_dialog import OPEN_FILE, OPEN_FOLDER, ask_after_export, open_local

        choice = ask_after_export(self.host.widget(), path)
        if choice == OPEN_FILE:
            open_local(path)
        elif choice == OPEN_FOLDER:
            open_local(Path(path).parent)

    def export_final_to(self, path: str, force: bool = False, options: Any = None) -> bool:
        """Export the 定稿 to ``path`` with ``options`` (a docx_export.ExportOptions; by
        default the profile's unit, no date); errors left: the summary by group asks
        去修改 / 仍然导出 (unless ``force``)."""
        import dataclasses

        from ..formats import docx_export

        result = self.host.result
        live = self.host.live
        options = options or docx_export.ExportOptions(unit=live.profile.unit)
        if force:
            options = dataclasses.replace(options, force=True)
        segment = live.segmenter.cut if live.segmenter is not None else None
        document = result.document
        if self.docx is not None and self.docx.tables:  # the opened file's tables, as edited
            from ..formats.docx_align import follow_tables

            texts = [p.text for p in document.paragraphs]
            document = dataclasses.replace(document, tables=follow_tables(
                self.docx.tables, self.docx.base, texts))
        try:
            docx_export.export_docx(document, result.report, path, options,
                                    source_path=self.path, segment=segment, backups=paths.backups())
        except docx_export.ExportRefused as refused:
            if self.confirm_refused(refused.findings):
                return self.export_final_to(path, force=True, options=options)
            return False
        except OSError as error:
            dialogs.show_error(self.host.widget(), "导出失败", str(as_write_error(path, error)))
            return False
        except ValueError as error:
            dialogs.show_error(self.host.widget(), "导出失败", str(error))
            return False
        self.host.status(f"已导出定稿 {path}", 5000)
        return True

    def confirm_refused(self, findings: list) -> bool:
        """The errors left, by group: True for 仍然导出; 去修改 goes to that group's first."""
        from .export_dialog import RefusalDialog

        dialog = RefusalDialog(findings, self.host.widget())
        accepted = dialog.exec() == dialog.DialogCode.Accepted
        if dialog.goto is not None:
            self.host.reveal_finding(dialog.goto)
        return accepted

    def update_export_actions(self) -> None:
        entry = self.export_review_action
        if entry is None:
            return
        review = has_module("docx_annotate") and bool(self.path) and self.path.lower().endswith(".docx")
        entry.setEnabled(review)
        tip = REVIEW_TIP if review else (REVIEW_NEEDS_SOURCE if has_module("docx_annotate") else NEEDS_DOCX)
        entry.setToolTip(tip)
        entry.setStatusTip(tip)

    def export_review(self) -> None:
        if self.export_review_action is None or not self.export_review_action.isEnabled():
            return
        path = self._export_path("导出审阅稿", "（审阅稿）")
        if path:
            self.export_review_to(path)

    def export_review_to(self, path: str) -> bool:
        """Comments on the original .docx, from a fresh audit of the file as it is on disk
        (with a service of its own: the live one belongs to the worker thread)."""
        from ..formats import docx_annotate

        live = self.host.live
        service = live.service.with_profile(live.service.profile)
        service.set_segmenter(live.segmenter)
        try:
            audit = service.audit(read_document(self.path), live.checklist, self.doc_settings.ignores)
            docx_annotate.annotate_docx(self.path, path, audit.report, audit.document, paths.backups())
        except (FormatError, ValueError) as error:
            dialogs.show_error(self.host.widget(), "导出失败", str(error))
            return False
        except OSError as error:
            dialogs.show_error(self.host.widget(), "导出失败", str(as_write_error(path, error)))
            return False
        note = ("（批注针对磁盘上的原文件，不含未保存的修改）"
                if self.host.editor.document().isModified() else "")
        self.host.status(f"已导出审阅稿 {path}{note}", 8000)
        return True
