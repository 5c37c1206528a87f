"""The window's page features (issue 18 §1), kept out of main_window: the 版面预览 pane beside
the editor, 打印 (Ctrl+P) / 打印预览 / 导出 PDF from its pages, and the editor's view
settings (公文格式: 仿宋 with first-line indents; the 第N段 gutter).

``PageTools(window)`` installs itself: it puts the editor and the preview in a splitter of
their own (the window's main splitter keeps its three panes), adds its actions to the
文件 and 视图 menus and listens to the window's results and cursor. The window calls
``store_settings()`` and ``shutdown()`` from its own ones.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QSplitter

from . import dialogs
from .chrome import wire_action
from .view_model import Result

if TYPE_CHECKING:  # the pane and its page layout load when first shown, not before the first paint
    from ..core.model import Document
    from ..formats.docx_export import ExportOptions
    from ..formats.pages import Pages
    from .page_fonts import PageFonts
    from .preview import PreviewJob, PreviewPane

# the window: a main_window.MainWindow (not imported: it imports this module)
MainWindow = Any

PDF_FILTER = "PDF 文件 (*.pdf)"
PREVIEW_WIDTH = 460  # the preview's first width beside the editor


def export_input(window: MainWindow, result: Result) -> tuple[Document, ExportOptions]:
    """What 导出定稿 hands the exporter for ``result``: the document (an opened .docx's
    tables as edited) and the options the export dialog would open with — so the preview
    is the export's input too."""
    from .export_dialog import remembered_options

    options = remembered_options(window.settings, window.live.profile.unit)
    document = result.document
    docx = window.files.docx
    if docx is not None and docx.tables:
        from ..formats.docx_align import follow_tables

        texts = [p.text for p in document.paragraphs]
        document = dataclasses.replace(document, tables=follow_tables(docx.tables, docx.base, texts))
    return document, options


class PageTools(QObject):
    """The preview pane, its actions and the editor's view settings for one window."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.options_of = export_input  # (window, result) -> (document, options)
        self._pane: PreviewPane | None = None
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("editorSplitter")
        self.split.setChildrenCollapsible(False)
        index = window.splitter.indexOf(window.editor)
        window.splitter.replaceWidget(index, self.split)
        window.splitter.setStretchFactor(index, 1)  # the stretch was the editor's size policy
        window.splitter.setCollapsible(index, False)
        self.split.addWidget(window.editor)
        self.split.setStretchFactor(0, 1)
        self._build_actions()
        self._connect()
        self._restore()

    # ------------------------------------------------------------ building
    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
        action = wire_action(QAction(text, self.window), slot, shortcut, tip)
        action.setCheckable(checkable)
        return action

    def _build_actions(self) -> None:
        self.preview_action = self._action("版面预览", self.toggle_preview, "F9",
                                           "在编辑区旁按定稿版式（A4、每页 22 行 × 28 字）显示", True)
        self.print_action = self._action("打印…", self.print_pages, QKeySequence.StandardKey.Print,
                                         "按定稿版式打印（Ctrl+P）")
        self.print_preview_action = self._action("打印预览…", self.print_preview, "Ctrl+F2",
                                                 "按定稿版式预览打印效果")
        self.pdf_action = self._action("导出 PDF…", self.export_pdf, tip="按定稿版式导出 PDF 文件")
        self.official_action = self._action("按公文格式显示", self.set_official_view, tip=(
            "正文用仿宋、首行缩进两字、标题居中（只改变显示，不改变文稿）"), checkable=True)
        self.numbers_action = self._action("显示段落编号", self.set_numbers_visible, tip=(
            "在左侧显示段落编号，与检查结果中的“第N段”一致（空行不计）"), checkable=True)
        menus = {menu.title(): menu for menu in self.window.menuBar().findChildren(QMenu)}
        file_menu = next((m for t, m in menus.items() if t.startswith("文件")), None)
        view_menu = next((m for t, m in menus.items() if t.startswith("视图")), None)
        if file_menu is not None:
            self._insert_file_actions(file_menu)
        if view_menu is not None:
            view_menu.addSeparator()
            for action in (self.preview_action, self.official_action, self.numbers_action):
                view_menu.addAction(action)
        self.window.addActions([self.preview_action, self.print_action, self.print_preview_action])

    def _insert_file_actions(self, menu: QMenu) -> None:
        """导出 PDF…, 打印预览… and 打印… right after the exports (else at the end)."""
        actions = menu.actions()
        exports = [i for i, a in enumerate(actions) if a.text().startswith("导出")]
        items = [self.pdf_action, self.print_preview_action, self.print_action]
        if exports and exports[-1] + 1 < len(actions):
            menu.insertActions(actions[exports[-1] + 1], items)
        else:
            menu.addActions(items)

    def _connect(self) -> None:
        window = self.window
        window.live.reportReady.connect(self._result_shown)  # after window.show_result
        window.editor.cursorPositionChanged.connect(self._follow_cursor)
        window.editor.verticalScrollBar().valueChanged.connect(self._follow_scroll)

    @property
    def pane(self) -> PreviewPane:
        """The preview pane, made the first time it is needed (shown, or asked for pages)."""
        if self._pane is None:
            from .preview import PreviewPane

            pane = self._pane = PreviewPane()
            pane.hide()
            self.split.addWidget(pane)
            pane.paragraphActivated.connect(self.window.editor.goto_paragraph)
            pane.printRequested.connect(self.print_pages)
            pane.printPreviewRequested.connect(self.print_preview)
            pane.pdfRequested.connect(self.export_pdf)
            pane.closeRequested.connect(lambda: self.set_preview_visible(False))
        return self._pane

    def _shown(self) -> bool:
        return self._pane is not None and self._pane.isVisible()

    def _restore(self) -> None:
        settings = self.window.settings
        self.set_official_view(settings.official_view)
        self.set_numbers_visible(settings.show_numbers)
        self.set_preview_visible(settings.show_preview)

    def store_settings(self) -> None:
        """Into the window's settings (which it saves)."""
        settings = self.window.settings
        settings.show_preview = self.preview_action.isChecked()
        settings.official_view = self.official_action.isChecked()
        settings.show_numbers = self.numbers_action.isChecked()
        if self._shown():
            settings.preview_width = self.split.sizes()[1]

    def shutdown(self) -> None:
        if self._pane is not None:
            self._pane.shutdown()

    # ------------------------------------------------------------ the editor's view
    def set_official_view(self, on: bool) -> None:
        self.official_action.setChecked(on)
        self.window.editor.set_official_view(on)

    def set_numbers_visible(self, on: bool) -> None:
        self.numbers_action.setChecked(on)
        self.window.editor.set_numbers_visible(on)

    # ------------------------------------------------------------ the preview
    def toggle_preview(self) -> None:
        self.set_preview_visible(self.preview_action.isChecked())

    def set_preview_visible(self, on: bool) -> None:
        self.preview_action.setChecked(on)
        if on == self._shown():
            return
        if on:
            total = sum(self.split.sizes()) or self.split.width()
            width = self.window.settings.preview_width or PREVIEW_WIDTH
            width = min(width, max(total // 2, 200))
            self.pane.show()
            self.split.setSizes([max(total - width, 200), width])
            self.request(now=True)
        else:
            self.window.settings.preview_width = self.split.sizes()[1]
            self.pane.hide()

    def _result_shown(self, result: Result) -> None:
        if result.panel is not None:
            self.window.editor.set_paragraph_numbers(result.panel.numbers)
        self.request()

    def request(self, now: bool = False) -> None:
        """Lay the pages out again (after the preview's delay, on its thread); a pane not
        made yet asks when it is (``set_preview_visible``)."""
        if self._pane is not None:
            self._pane.request(self._job, now)

    def _job(self, generation: int) -> PreviewJob | None:
        """The job for the text as it is now, or None while no result describes it."""
        result = self.window.current_result()
        if result is None:
            return None
        document, options = self.options_of(self.window, result)
        segmenter = self.window.live.segmenter
        from .preview import PreviewJob

        return PreviewJob(generation, document, result.report, options,
                          self.pane.fonts_for(options.fonts), segmenter.cut if segmenter else None)

    def _follow_cursor(self) -> None:
        """The pages follow the cursor to another paragraph (typing stays in one)."""
        if not self._shown():
            return
        block = self.window.editor.textCursor().blockNumber()
        if block != self._followed:
            self._followed = block
            self.pane.follow(block)

    _followed = -1

    def _follow_scroll(self, _value: int) -> None:
        """The pages follow the editor's scrolling (wheel, scroll bar, page keys) — not a
        scroll an edit caused: the cursor leads then."""
        editor = self.window.editor
        revision = editor.document().revision()
        if revision != self._scroll_revision:
            self._scroll_revision = revision
            return
        if self._shown():
            self.pane.follow(editor.firstVisibleBlock().blockNumber())

    _scroll_revision = -1

    # ------------------------------------------------------------ print and PDF
    def current_pages(self) -> tuple[Pages, PageFonts] | None:
        """The 定稿's pages for the text as it is now: the preview's when they are current,
        else laid out here (a command the user asked for; it takes a moment on a long
        draft). None while no result describes the text (it is on its way)."""
        pane = self.pane
        if pane.result is not None and pane.result.pages is not None and not pane.busy \
                and self.window.current_result() is not None:
            return pane.result.pages, pane.result.fonts
        job = self._job(-1)
        if job is None:
            return None
        from .preview import compute_pages

        computed = compute_pages(job, {})
        if computed.pages is None:
            dialogs.show_error(self.window, "无法排版", computed.problem or "无法生成版面")
            return None
        return computed.pages, computed.fonts

    def _with_pages(self, action) -> None:
        """Run ``action(pages, fonts)`` now, or once the audit of the current text arrives."""
        window = self.window
        if window.after_result(lambda: self._with_pages(action)) is None:
            return
        found = self.current_pages()
        if found is not None:
            action(*found)

    def _title(self) -> str:
        return Path(self.window.files.document_name()).stem

    def print_pages(self) -> None:
        from .printing import print_pages

        def run(pages: Pages, fonts: PageFonts) -> None:
            if print_pages(self.window, pages, fonts, self._title()):
                self.window.status(f"已发送打印（{len(pages)} 页）", 4000)

        self._with_pages(run)

    def print_preview(self) -> None:
        from .printing import preview_dialog

        def run(pages: Pages, fonts: PageFonts) -> None:
            dialog = preview_dialog(self.window, pages, fonts, self._title())
            self.last_preview_dialog = dialog  # tests look inside
            dialog.exec()
            dialog.deleteLater()

        self._with_pages(run)

    last_preview_dialog = None

    def pdf_path(self) -> str:
        files = self.window.files
        stem = (Path(files.path).stem if files.path else self._title()) + "（定稿）"
        folder = Path(files.path).parent if files.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.window, "导出 PDF", str(folder / f"{stem}.pdf"),
                                              PDF_FILTER)
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path

    def export_pdf(self) -> None:
        self._with_pages(lambda pages, fonts: self._save_pdf(self.pdf_path(), pages, fonts))

    def export_pdf_to(self, path: str) -> None:
        """导出 PDF to ``path`` without asking (tests, scripts)."""
        self._with_pages(lambda pages, fonts: self._save_pdf(path, pages, fonts))

    def _save_pdf(self, path: str, pages: Pages, fonts: PageFonts) -> bool:
        from .printing import export_pdf

        if not path:
            return False
        try:
            count = export_pdf(path, pages, fonts, self._title())
        except OSError as error:
            dialogs.show_error(self.window, "导出 PDF 失败", str(error))
            return False
        self.window.status(f"已导出 PDF（{count} 页）：{path}", 5000)
        return True
