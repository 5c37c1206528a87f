"""The 文件 menu: new, open, save, save as, exports, recent files, the unsaved-changes prompt.

A mixin of MainWindow (it uses the window's editor, live auditor, settings and status bar).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from .. import paths
from ..fileio.atomic import write_text_atomic
from ..fileio.errors import describe_os_error, write_advice
from ..formats import FormatError, WriteError, read_document
from . import dialogs
from .settings import AUTO, DocumentSettings, load_document_settings

OPEN_FILTER = "文稿 (*.docx *.txt);;Word 文档 (*.docx);;纯文本 (*.txt);;所有文件 (*)"
TXT_FILTER = "纯文本 UTF-8 (*.txt)"
DOCX_FILTER = "Word 文档 (*.docx)"
NEEDS_DOCX = "需要 .docx 支持"
REVIEW_TIP = "在原 .docx 文件上逐处加批注，另存为审阅稿"
REVIEW_NEEDS_SOURCE = "审阅稿在原 .docx 文件上加批注：请先打开一个 .docx 文件"
UNTITLED = "未命名文稿"


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


def write_texts(path: str, texts: list[str]) -> None:
    """Save the editor's lines: .docx as a plain draft (one paragraph per line, reads back
    exactly), anything else as UTF-8 text. Raises WriteError with a Chinese message."""
    try:
        if Path(path).suffix.lower() == ".docx":
            from ..formats.docx_draft import save_draft_docx

            save_draft_docx(texts, path, paths.backups())
        else:
            write_text_atomic(path, "\n".join(texts), backups=paths.backups())
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


class FileActions:
    # ------------------------------------------------------------ menu
    def _build_file_menu(self, menu: QMenu) -> None:
        self._action(menu, "新建…", self.new_draft_dialog, QKeySequence.StandardKey.New)
        self._action(menu, "打开…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = menu.addMenu("最近打开")
        menu.addSeparator()
        self._action(menu, "保存", self.save, QKeySequence.StandardKey.Save)
        self._action(menu, "另存为…", self.save_as, QKeySequence.StandardKey.SaveAs)
        menu.addSeparator()
        self.export_final_action = self._action(menu, "导出定稿 (.docx)…", self.export_final, "Ctrl+E",
                                                "按公文格式导出干净的定稿")
        self.export_review_action = self._action(menu, "导出审阅稿 (.docx)…", self.export_review,
                                                 "Ctrl+Shift+E", "导出带批注的审阅稿")
        for action, module in ((self.export_final_action, "docx_export"),
                               (self.export_review_action, "docx_annotate")):
            if not has_module(module):
                action.setEnabled(False)
                action.setToolTip(NEEDS_DOCX)
                action.setStatusTip(NEEDS_DOCX)
        menu.setToolTipsVisible(True)
        self.update_export_actions()
        menu.addSeparator()
        self._action(menu, "退出", self.close, QKeySequence.StandardKey.Quit)

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = [p for p in self.settings.recent if Path(p).exists()]
        for index, path in enumerate(recent):
            action = menu.addAction(f"&{index + 1} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            menu.addAction("（无）").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("清除列表", self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.recent = []
        self._fill_recent_menu()

    def _remember(self, path: str) -> None:
        self.settings.add_recent(str(Path(path).resolve()))
        self._fill_recent_menu()

    def find_dialog(self) -> dialogs.FindReplaceDialog:
        if self._find_dialog is None:
            self._find_dialog = dialogs.FindReplaceDialog(self.editor, self)
        return self._find_dialog

    # ------------------------------------------------------------ state
    def document_name(self) -> str:
        return Path(self.path).name if self.path else UNTITLED

    def load_text(self, text: str, path: str | None = None, modified: bool = False) -> None:
        """Replace the editor's text (the undo history starts afresh)."""
        self.path = path
        if path:
            self.doc_settings = load_document_settings(path)
        else:
            self.doc_settings = DocumentSettings(self.settings.checklist)
        self.live.ignores = self.doc_settings.ignores
        self.live.checklist = self.doc_settings.checklist
        self.panel.set_choice(self.doc_settings.checklist)
        self.result = None
        self._shown = None  # new blocks carry no marks
        self.editor.setPlainText(text)
        self.editor.document().setModified(modified)
        self.autosave.document_loaded()
        self.live.refresh()
        self._update_title()
        self.update_export_actions()

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current text (saved, discarded or unchanged)."""
        if not self.editor.document().isModified():
            return True
        answer = dialogs.ask_unsaved(self, self.document_name())
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    # ------------------------------------------------------------ new / open
    def new_draft_dialog(self) -> None:
        if not self.maybe_save():
            return
        checklists = list(self.catalog.checklists.values())
        current = next((i for i, c in enumerate(checklists) if c.id == self.settings.checklist), 0)
        index = dialogs.choose_checklist(self, [c.name for c in checklists], current)
        if index is not None:
            self.new_draft(checklists[index].id)

    def new_draft(self, checklist_id: str | None = None) -> None:
        checklist = self.catalog.get(checklist_id or self.settings.checklist or "")
        self.load_text(checklist.skeleton or "")
        if checklist_id:
            self.choose_checklist(checklist_id)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        folder = str(Path(self.path).parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self, "打开文稿", folder, OPEN_FILTER)
        if path:
            self.open_file(path)

    def open_path(self, path: str) -> bool:
        return self.maybe_save() and self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Read a .txt/.docx into the editor; a problem is shown, never raised."""
        try:
            document = read_document(path)
        except FormatError as error:
            dialogs.show_error(self, "无法打开", str(error))
            return False
        except Exception as error:  # a reader bug must not kill the editor
            dialogs.show_error(self, "无法打开", f"无法打开“{Path(path).name}”：{error}")
            return False
        self.load_text("\n".join(p.text for p in document.paragraphs), str(Path(path).resolve()))
        self._remember(path)
        self.statusBar().showMessage(f"已打开 {path}", 3000)
        return True

    # ------------------------------------------------------------ save
    def save(self) -> bool:
        if self.path is None or not self._may_overwrite(self.path):
            return self.save_as()
        return self.write_to(self.path)

    def _may_overwrite(self, path: str) -> bool:
        """保存 writes in place a .txt, or a .docx this app saved as a draft; a .docx from
        elsewhere (its layout, tables, pictures would be lost) goes through 另存为."""
        suffix = Path(path).suffix.lower()
        return suffix == ".txt" or (suffix == ".docx" and self.doc_settings.draft_docx)

    def save_as(self) -> bool:
        filters = save_filters()
        stem = Path(self.path).stem if self.path else (self._title_stem() or UNTITLED)
        folder = Path(self.path).parent if self.path else Path.home()
        suffix = Path(self.path).suffix.lower() if self.path else ""
        chosen = TXT_FILTER if suffix == ".txt" or len(filters) == 1 else DOCX_FILTER
        suffix = ".txt" if chosen == TXT_FILTER else ".docx"
        path, chosen = QFileDialog.getSaveFileName(self, "另存为", str(folder / f"{stem}{suffix}"),
                                                   ";;".join(filters), chosen)
        if not path:
            return False
        return self.write_to(with_suffix(path, chosen))

    def _title_stem(self) -> str:
        title = self.result.document.title if self.result else ""
        return "".join(c for c in title if c not in '\\/:*?"<>|')[:40]

    def write_to(self, path: str) -> bool:
        """Save; on failure a Chinese message, and the text stays in the editor, unsaved."""
        try:
            write_texts(path, self.editor.block_texts())
        except (OSError, ValueError) as error:
            dialogs.show_error(self, "保存失败", f"{error}\n\n文稿仍在编辑器中，尚未保存。")
            return False
        self.path = str(Path(path).resolve())
        self.doc_settings.draft_docx = Path(path).suffix.lower() == ".docx"
        self.save_document_settings()
        self.editor.document().setModified(False)
        self._remember(path)
        self._update_title()
        self.update_export_actions()
        self.statusBar().showMessage(f"已保存 {path}", 3000)
        return True

    def _segment(self):
        return self.live.segmenter.cut if self.live.segmenter is not None else None

    # ------------------------------------------------------------ exports
    def _with_current_result(self, action) -> bool:
        """Run ``action`` now if the report describes the current text, else after the audit."""
        if self.current_result() is not None:
            return True
        self._after_result.append(action)
        self.live.run_now()
        return False

    def _export_path(self, title: str, suffix: str) -> str:
        stem = (Path(self.path).stem if self.path else self._title_stem() or UNTITLED) + suffix
        folder = Path(self.path).parent if self.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder / f"{stem}.docx"), DOCX_FILTER)
        if path and not path.lower().endswith(".docx"):
            path += ".docx"
        return path

    def export_final(self) -> None:
        if not self._with_current_result(self.export_final):
            return
        path = self._export_path("导出定稿", "（定稿）")
        if path:
            self.export_final_to(path)

    def export_final_to(self, path: str, force: bool = False) -> bool:
        from ..formats import docx_export

        result = self.result
        options = docx_export.ExportOptions(unit=self.profile.unit, force=force)
        try:
            docx_export.export_docx(result.document, result.report, path, options,
                                    source_path=self.path, segment=self._segment(),
                                    backups=paths.backups())
        except docx_export.ExportRefused as refused:
            if self._confirm_force(str(refused)):
                return self.export_final_to(path, force=True)
            return False
        except OSError as error:
            dialogs.show_error(self, "导出失败", str(as_write_error(path, error)))
            return False
        except ValueError as error:
            dialogs.show_error(self, "导出失败", str(error))
            return False
        self.statusBar().showMessage(f"已导出定稿 {path}", 5000)
        return True

    def _confirm_force(self, message: str) -> bool:
        return dialogs.confirm(self, "还有错误未处理", message, "仍然导出", "返回修改")

    def update_export_actions(self) -> None:
        review = has_module("docx_annotate") and bool(self.path) and self.path.lower().endswith(".docx")
        self.export_review_action.setEnabled(review)
        tip = REVIEW_TIP if review else (REVIEW_NEEDS_SOURCE if has_module("docx_annotate") else NEEDS_DOCX)
        self.export_review_action.setToolTip(tip)
        self.export_review_action.setStatusTip(tip)

    def export_review(self) -> None:
        if not self.export_review_action.isEnabled():
            return
        path = self._export_path("导出审阅稿", "（审阅稿）")
        if path:
            self.export_review_to(path)

    def export_review_to(self, path: str) -> bool:
        """Comments on the original .docx, from a fresh audit of the file as it is on disk."""
        from ..core.audit import Auditor
        from ..formats import docx_annotate

        try:
            document = read_document(self.path)
            checklist = self.catalog.get(self.live.checklist) if self.live.checklist else \
                self.catalog.detect(document.title)
            auditor = Auditor(checklist, self.catalog.pack, self.profile, self.live.segmenter)
            report = auditor.audit(document, self.doc_settings.ignores)
            docx_annotate.annotate_docx(self.path, path, report, document, auditor.env,
                                        paths.backups())
        except (FormatError, ValueError) as error:
            dialogs.show_error(self, "导出失败", str(error))
            return False
        except OSError as error:
            dialogs.show_error(self, "导出失败", str(as_write_error(path, error)))
            return False
        note = "（批注针对磁盘上的原文件，不含未保存的修改）" if self.editor.document().isModified() else ""
        self.statusBar().showMessage(f"已导出审阅稿 {path}{note}", 8000)
        return True


__all__ = ["AUTO", "FileActions"]
