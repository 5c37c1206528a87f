"""The main window: outline | editor | checklist panel, menus, status bar, live checking."""

from __future__ import annotations

import contextlib
from types import SimpleNamespace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter

from ..core.ignores import Ignores
from ..core.model import Finding, Severity
from . import chrome, dialogs, palette, screen_fit
from .autosave import Autosaver
from .checklist_panel import ChecklistPanel
from .editor import DraftEditor
from .file_actions import FileActions
from .live_audit import LiveAudit
from .outline import OutlineView
from .pending_service import PendingService
from .settings import AUTO, DEFAULT_FONT_SIZE, Settings, save_settings
from .view_model import Result

if TYPE_CHECKING:
    from ..service import AuditService

APP_NAME = "公文审稿台"
ZOOM_RANGE = (9, 36)
# longer texts go in a piece an event and are drawn (headings, marks) once all is in
DEFERRED_DRAW_CHARS = 1_000_000
LOADING_CATALOG = SimpleNamespace(checklists={}, problems=[])  # the panel's, until it loads
LOADING_NOTICE = "正在加载检查清单…"


class MainWindow(QMainWindow):
    """Outline | editor | checklist panel. The 文件 menu and the open document's state are
    ``self.files`` (a FileActions, which sees this window as its ``FileHost``).

    ``service`` may be a PendingService still loading: the window is built, shown and
    editable without it; the checklist panel fills in when it arrives (``serviceFailed``
    says a damaged install's SetupError)."""

    serviceFailed = Signal(str)
    _serviceLoaded = Signal(object, object)  # from the loading thread: service, error

    def __init__(self, service: AuditService | PendingService, settings: Settings,
                 persist: bool = True):
        super().__init__()
        if isinstance(service, PendingService) and service.ready:
            service = service.resolve()  # raises its SetupError, as a direct load would
        self.settings, self.persist = settings, persist
        self.result: Result | None = None
        self._after_result: list = []
        self._segmenter_wanted = False  # start() came before the service
        self._find_dialog: dialogs.FindReplaceDialog | None = None
        self.menu_actions: dict[str, QAction] = {}  # menu text → action (the toolbar takes them)
        self.setObjectName("mainWindow")
        self.editor = DraftEditor(point_size=settings.font_size)
        pending = isinstance(service, PendingService)
        self.panel = ChecklistPanel(LOADING_CATALOG if pending else service.catalog)
        self.outline = OutlineView()
        self.live = LiveAudit(service, self.editor.block_texts, self)
        self.files = FileActions(self)
        self.autosave = Autosaver(self, enabled=persist)
        self._build_layout()
        self._build_status_bar()
        self._build_menus()
        self._connect()
        self._install_ux_tools()
        self._build_toolbar()
        self._restore_settings()
        self._update_title()
        if pending:
            self._await_service(service)

    def _await_service(self, pending: PendingService) -> None:
        self.panel.set_notice(LOADING_NOTICE)
        self._serviceLoaded.connect(self._service_loaded)  # queued: it comes from a thread
        pending.when_loaded(self._serviceLoaded.emit)

    def _service_loaded(self, service: AuditService | None, error: BaseException | None) -> None:
        """The service the window waited for: the panel's checklists, the set-up warnings;
        the live audit keeps its requests (they asked the pending one) and now holds the
        service itself."""
        if error is not None:
            self.serviceFailed.emit(str(error))
            return
        if isinstance(self.live.service, PendingService):
            self.live.service = service
        if self._segmenter_wanted:
            self.live.load_segmenter()
        self.panel.set_catalog(service.catalog)
        self.panel.set_choice(self.live.checklist)
        self.panel.show_problems(service.warnings)
        if self.panel.notice.text() == LOADING_NOTICE:
            self.panel.set_notice("")

    # ------------------------------------------------------------ building
    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.outline, self.editor, self.panel):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([200, 760, 420])
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        self.count_label = chrome.SteadyLabel("字数 0 · 段落 0")
        self.section_label = chrome.SteadyLabel("")
        self.findings_label = chrome.SteadyLabel("")
        self.zoom_label = chrome.SteadyLabel("100%")
        self.zoom_label.setToolTip("显示比例（Ctrl+滚轮或 Ctrl++/Ctrl+- 缩放，Ctrl+0 恢复 100%）")
        for label in (self.section_label, self.count_label, self.findings_label, self.zoom_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = chrome.wire_action(menu.addAction(text), slot, shortcut, tip)
        self.menu_actions[text] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.files.build_menu(bar.addMenu("文件(&F)"), self._action)
        self._build_edit_menu(bar.addMenu("编辑(&E)"))
        self._build_check_menu(bar.addMenu("检查(&C)"))
        self._build_view_menu(bar.addMenu("视图(&V)"))
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "使用说明", lambda: dialogs.show_help(self), "F1")
        self._action(help_menu, "关于", lambda: dialogs.show_about(self))

    def _build_edit_menu(self, menu: QMenu) -> None:
        editor = self.editor
        self._action(menu, "撤销", editor.undo, QKeySequence.StandardKey.Undo)
        redo = self._action(menu, "重做", editor.redo, QKeySequence.StandardKey.Redo)
        redo.setShortcuts(self._redo_keys())
        menu.addSeparator()
        self._action(menu, "剪切", editor.cut, QKeySequence.StandardKey.Cut)
        self._action(menu, "复制", editor.copy, QKeySequence.StandardKey.Copy)
        self._action(menu, "粘贴", editor.paste, QKeySequence.StandardKey.Paste)
        menu.addSeparator()
        self._action(menu, "查找…", lambda: self.find_dialog().open_for(False), "Ctrl+F")
        self._action(menu, "替换…", lambda: self.find_dialog().open_for(True), "Ctrl+H")
        menu.addSeparator()
        self._action(menu, "全选", editor.selectAll, QKeySequence.StandardKey.SelectAll)

    def _build_check_menu(self, menu: QMenu) -> None:
        self.checklist_menu = menu.addMenu("选择清单")
        self.checklist_menu.aboutToShow.connect(self._fill_checklist_menu)
        self._action(menu, "单位信息…", self.edit_profile)
        self._action(menu, "立即检查", self.live.refresh, "F5")
        menu.addSeparator()
        self.fix_action = self._action(menu, "修正光标处问题", self.editor.fix_at_cursor, "Ctrl+.")
        self._action(menu, "全部修正标点", self.fix_all_punctuation, tip="一次修正所有标点问题，可一步撤销")
        menu.addSeparator()
        self._action(menu, "与往年报告比对…", self.compare_with_earlier,
                     tip="找出照搬往年报告的段落，在清单中列出并标在原文上")
        self.stop_compare_action = self._action(menu, "停止与往年报告比对", self.stop_comparing)
        self.stop_compare_action.setEnabled(False)
        self._action(menu, "恢复已忽略的问题", self.clear_ignores)

    def _build_view_menu(self, menu: QMenu) -> None:
        zoom_in = self._action(menu, "放大", lambda: self.zoom(1), QKeySequence.StandardKey.ZoomIn)
        zoom_in.setShortcuts([*zoom_in.shortcuts(), QKeySequence("Ctrl+=")])  # + without Shift
        self._action(menu, "缩小", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self._action(menu, "恢复 100%", self.reset_zoom, "Ctrl+0")
        menu.addSeparator()
        self.outline_action = self._action(menu, "显示大纲", self.toggle_outline)
        self.outline_action.setCheckable(True)
        self.panel_action = self._action(menu, "显示检查清单", self.toggle_panel)
        self.panel_action.setCheckable(True)
        self.panel_action.setChecked(True)
        self.toolbar_action = self._action(menu, "显示工具栏", self.toggle_toolbar)
        self.toolbar_action.setCheckable(True)
        self.toolbar_action.setChecked(True)

    @staticmethod
    def _redo_keys() -> list[QKeySequence]:
        """重做 answers Ctrl+Y (Word, WPS) and Ctrl+Shift+Z, whatever the platform's own."""
        keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
                QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
        return [k for i, k in enumerate(keys) if k not in keys[:i]]

    def _build_toolbar(self) -> None:
        """新建 / 打开 / 保存 / 导出定稿 / 打印 / 下一个问题 / 全部修正: the menus' own actions
        (chrome.TOOLBAR says which; those not built yet are left out)."""
        self.toolbar = chrome.build_toolbar(self, self.menu_actions)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar.toggleViewAction().setVisible(False)  # 视图 ▸ 显示工具栏 instead
        self._wheel_zoom = chrome.CtrlWheelZoom(self.zoom, self)
        self.editor.viewport().installEventFilter(self._wheel_zoom)

    def _connect(self) -> None:
        self.editor.document().contentsChange.connect(self._text_changed)
        self.editor.document().modificationChanged.connect(lambda _m: self._update_title())
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.fixApplied.connect(lambda _f: self.status("已修正", 2000))
        self.editor.ignoreSpotRequested.connect(self.ignore_spot)
        self.editor.ignoreRuleRequested.connect(self.ignore_rule)
        self.live.reportReady.connect(self.show_result)
        self.live.failed.connect(lambda message: self.panel.set_notice(f"检查出错：{message}"))
        self.live.segmenterReady.connect(lambda: self.statusBar().showMessage("分词词典已加载", 3000))
        self.panel.findingActivated.connect(self.goto_finding)
        self.panel.fixRequested.connect(self.fix_finding)
        self.panel.ignoreSpotRequested.connect(self.ignore_spot)
        self.panel.ignoreRuleRequested.connect(self.ignore_rule)
        self.panel.sectionActivated.connect(self.editor.goto_paragraph)
        self.panel.checklistChosen.connect(self.choose_checklist)
        self.outline.paragraphActivated.connect(self.editor.goto_paragraph)
        self.autosave.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))

    def _install_ux_tools(self) -> None:
        """Issue 18: the page preview, printing and the editor's view settings
        (``page_tools``); F8, the row following the cursor and the bulk actions
        (``finding_tools``)."""
        from .finding_tools import FindingTools
        from .page_actions import PageTools

        self.page_tools = PageTools(self)
        self.finding_tools = FindingTools(self)
        for action in (self.page_tools.print_action, self.finding_tools.next_action):
            self.menu_actions.setdefault(action.text(), action)  # the toolbar shows them too

    # ------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        settings = self.settings
        screen_fit.restore(self, settings)  # this screen's geometry, inside its available area
        if len(settings.splitter) == 3 and sum(settings.splitter) > 0:
            self.splitter.setSizes(settings.splitter)
        self.set_outline_visible(settings.show_outline)
        self.set_panel_visible(settings.show_panel)
        self.toolbar_action.setChecked(settings.show_toolbar)
        self.toggle_toolbar()
        self._show_zoom()

    def store_settings(self) -> None:
        settings = self.settings
        screen_fit.remember(self, settings)
        sizes = self.splitter.sizes()
        for index, widget in ((0, self.outline), (2, self.panel)):  # a hidden panel keeps its width
            if not widget.isVisible() and len(settings.splitter) == 3:
                sizes[index] = settings.splitter[index]
        settings.splitter = sizes
        settings.font_size = self.editor.point_size()
        settings.show_outline = self.outline_action.isChecked()
        settings.show_panel = self.panel_action.isChecked()
        settings.show_toolbar = self.toolbar_action.isChecked()
        settings.last_file = self.files.path or ""
        self.page_tools.store_settings()
        if self.persist:
            try:
                save_settings(settings)
            except OSError as error:
                self.status(f"无法保存设置：{error}", 5000)

    # ------------------------------------------------------------ the FileHost interface
    def widget(self) -> QMainWindow:
        return self

    def status(self, message: str, ms: int = 3000) -> None:
        self.statusBar().showMessage(message, ms)

    def load_text(self, text: str, path: str | None = None, modified: bool = False) -> None:
        """Replace the editor's text (the undo history starts afresh); a huge one goes in
        a piece an event (``DraftEditor.load_in_pieces``), audited once it is all in."""
        self.editor.finish_loading()  # a text still going in is replaced whole
        self.files.set_document(path)
        doc = self.files.doc_settings
        self.live.ignores = doc.ignores
        self.live.checklist = doc.checklist
        self.panel.set_choice(doc.checklist)
        self.result = None
        self.live.shown = None  # new blocks carry no marks
        self.live.layout_source = None
        self.editor.highlighter.forget_pending()
        if len(text) > DEFERRED_DRAW_CHARS:  # a merged compilation: no stall putting it in
            drawing = contextlib.ExitStack()
            drawing.enter_context(self.editor.highlighter.deferred())

            def loaded() -> None:
                drawing.close()
                self._text_loaded(modified)

            self.editor.load_in_pieces(text, loaded)
            return
        self.editor.setPlainText(text)
        self._text_loaded(modified)

    def _text_loaded(self, modified: bool) -> None:
        self.editor.document().setModified(modified)
        self.autosave.document_loaded()
        self.live.refresh()
        self.document_changed()

    def document_changed(self) -> None:
        self._update_title()

    def replace_texts(self, texts: list[str]) -> None:
        """The editor's whole text replaced as one undo step (after a save changed it)."""
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText("\n".join(texts))
        cursor.endEditBlock()

    def after_result(self, action) -> Result | None:
        """The current result; or None, and ``action`` runs once the audit of the text as
        it is now arrives."""
        current = self.current_result()
        if current is None:
            self._after_result.append(action)
            self.live.run_now()
        return current

    def find_dialog(self) -> dialogs.FindReplaceDialog:
        if self._find_dialog is None:
            self._find_dialog = dialogs.FindReplaceDialog(self.editor, self)
        return self._find_dialog

    # ------------------------------------------------------------ live checking
    def _text_changed(self, _position: int, removed: int, added: int) -> None:
        if (removed or added) and not self.editor.loading():  # audited once all is in
            self.live.changed()

    def show_result(self, result: Result) -> None:
        self.live.retire(self.result)  # freed by the worker, not here
        self.result = result
        report, counts = result.report, result.counts
        self._show_marks(result)
        detected = self.live.checklist == AUTO
        self.panel.show_report(report, result.checklist.name, detected, result.panel, counts,
                               result.choice.reason, result.checklist.id)
        notices = ["分词词典加载中…（他单位信息等检查稍后完成）"] if report.pending else []
        if result.recycled is not None:
            from .comparison import recycled_notice

            notices.append(recycled_notice(result.recycled))
        self.panel.set_notice("；".join(notices))
        runaway = self.live.service.catalog.pack.runaway()  # user rules disabled: said
        if runaway:
            self.panel.show_problems([*self.live.service.warnings, *runaway])
        self.outline.show_entries(result.outline)
        self.count_label.setText(f"字数 {report.stats.chars} · 段落 {report.stats.paragraphs}")
        self.findings_label.setText(
            f"<span style='color:{palette.SEVERITY[Severity.ERROR]}'>错误 {counts[Severity.ERROR]}</span>"
            f" · <span style='color:{palette.SEVERITY[Severity.WARNING]}'>"
            f"警告 {counts[Severity.WARNING]}</span>")
        self._cursor_moved()
        callbacks, self._after_result = self._after_result, []
        for callback in callbacks:
            callback()

    def _show_marks(self, result: Result) -> None:
        """The worker compared its marks with what the blocks carry (``live.shown``, which
        a result only changes here): re-highlight those blocks and the visible ones."""
        title = result.document.title_index
        blocks: list[int] | None = result.blocks
        first, last = self.editor.shown_blocks()  # at least every block in view
        if result.base is not self.live.shown:  # defensive: compare every block (in Qt)
            blocks = None
        elif len(blocks) > len(result.document.paragraphs) // 2:  # an opened file: all of them,
            blocks = None  # visited in order from the view on without sorting 14,000 numbers
        else:  # the blocks in view compared too: always right on screen
            visible = range(first, min(last + 1, len(result.document.paragraphs)))
            blocks = sorted({*result.blocks, *visible})
        self.editor.highlighter.set_marks(result.marks, title, blocks, first)
        self.live.shown = result.shown

    def current_result(self) -> Result | None:
        """The last result if it still describes the text in the editor."""
        if self.result is not None and self.result.generation == self.live.generation:
            return self.result
        return None

    def _cursor_moved(self) -> None:
        block = self.editor.textCursor().blockNumber()
        self.outline.follow(block)
        section = ""
        if self.result is not None and block < len(self.result.section_of):
            section_id = self.result.section_of[block]
            found = self.result.checklist.section(section_id) if section_id else None
            section = found.title if found else ""
        self.section_label.setText(f"当前：{section}" if section else "")

    # ------------------------------------------------------------ findings
    def goto_finding(self, finding: Finding) -> None:
        if finding.end > finding.start:
            if not self.editor.select_finding(finding):
                self.statusBar().showMessage("原文已改动，正在重新检查…", 3000)
        else:
            self.editor.goto_paragraph(finding.paragraph)

    def reveal_finding(self, finding: Finding) -> None:
        """The finding selected in the checklist (its panel shown) and in the editor."""
        self.set_panel_visible(True)
        item = self.panel.item_of(finding)
        if item is not None:
            self.panel.tree.setCurrentItem(item)
            self.panel.tree.scrollToItem(item)
        self.goto_finding(finding)
        self.editor.setFocus()

    def fix_finding(self, finding: Finding) -> None:
        if not self.editor.apply_fix(finding):
            self.statusBar().showMessage("原文已改动，无法自动修正，请稍候重试", 3000)

    def fix_all_punctuation(self) -> None:
        result = self.after_result(self.fix_all_punctuation)
        if result is None:
            return
        findings = [f for f in result.report.findings if f.category == "punctuation"]
        count = self.editor.apply_fixes(findings)
        self.status(f"已修正 {count} 处标点" if count else "没有可修正的标点问题")

    def compare_with_earlier(self) -> None:
        """Last year's report is read once; every audit then compares the text with it."""
        from .comparison import ask_compare_with_earlier

        outcome = ask_compare_with_earlier(self, self.editor.block_texts())
        if outcome is None:
            return
        self.live.earlier = outcome[2]
        self.stop_compare_action.setEnabled(True)
        self.live.refresh()

    def stop_comparing(self) -> None:
        self.live.earlier = None
        self.stop_compare_action.setEnabled(False)
        self.live.refresh()

    def ignore_spot(self, finding: Finding) -> None:
        if self.result is None or finding.paragraph >= len(self.result.document.paragraphs):
            return
        ignores = self.files.doc_settings.ignores
        ignores.spots.add(ignores.spot_of(finding, self.result.document))
        self._ignores_changed()

    def ignore_rule(self, finding: Finding) -> None:
        self.files.doc_settings.ignores.rules.add(finding.rule)
        self._ignores_changed()
        self.status(f"已忽略此规则（{finding.rule}），可在“检查”菜单中恢复", 4000)

    def clear_ignores(self) -> None:
        self.files.doc_settings.ignores = Ignores()
        self._ignores_changed()

    def _ignores_changed(self) -> None:
        self.live.set_ignores(self.files.doc_settings.ignores)
        self.files.save_document_settings()

    # ------------------------------------------------------------ checklist and profile
    def _fill_checklist_menu(self) -> None:
        menu = self.checklist_menu
        menu.clear()
        choices = [(AUTO, "自动识别（按标题）")] + [(c.id, c.name)
                                                for c in self.live.catalog.checklists.values()]
        for checklist_id, name in choices:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(checklist_id == self.live.checklist)
            action.triggered.connect(lambda _c=False, i=checklist_id: self.choose_checklist(i))

    def choose_checklist(self, checklist_id: str) -> None:
        self.files.doc_settings.checklist = checklist_id
        self.settings.checklist = checklist_id
        self.panel.set_choice(checklist_id)
        self.live.set_checklist(checklist_id)
        self.files.save_document_settings()

    def edit_profile(self) -> None:
        dialog = dialogs.ProfileDialog(self.live.profile, self)
        if dialog.exec() != dialogs.QDialog.DialogCode.Accepted:
            return
        from .. import paths
        from ..core.profile import dump_profile
        from ..fileio.atomic import write_text_atomic

        profile = dialog.profile()
        try:
            paths.profile_path().parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(paths.profile_path(), dump_profile(profile))
        except OSError as error:
            dialogs.show_error(self, "无法保存单位信息", str(error))
        self.live.set_service(self.live.service.with_profile(profile))

    # ------------------------------------------------------------ view
    def zoom(self, step: int) -> None:
        size = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], self.editor.point_size() + step))
        self.editor.set_point_size(size)
        self._show_zoom()

    def reset_zoom(self) -> None:
        self.editor.set_point_size(DEFAULT_FONT_SIZE)
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{chrome.zoom_percent(self.editor.point_size())}%")

    def toggle_panel(self) -> None:
        self.set_panel_visible(self.panel_action.isChecked())

    def set_panel_visible(self, visible: bool) -> None:
        self.panel_action.setChecked(visible)
        self.panel.setVisible(visible)

    def toggle_toolbar(self) -> None:
        self.toolbar.setVisible(self.toolbar_action.isChecked())

    def toggle_outline(self) -> None:
        self.set_outline_visible(self.outline_action.isChecked())

    def set_outline_visible(self, visible: bool) -> None:
        self.outline_action.setChecked(visible)
        self.outline.setVisible(visible)

    def _update_title(self) -> None:
        name = self.files.document_name()
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.editor.document().isModified())

    # ------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """After the window shows: the first audit, then jieba in the background (once the
        service it takes its place endings from has loaded)."""
        self.live.refresh()
        if isinstance(self.live.service, PendingService):
            self._segmenter_wanted = True  # _service_loaded starts it
            return
        QTimer.singleShot(50, self.live.load_segmenter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.store_settings()
        self.page_tools.shutdown()
        self.live.shutdown()
        self.autosave.close()
        self.files.release()
        event.accept()

