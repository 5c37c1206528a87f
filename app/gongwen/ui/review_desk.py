"""The reviewer's desk (文件 ▸ 审阅文件夹…): a folder of units' reports at a glance.

A sortable table (one row per report, the columns a 宣传部 reviewer looks at first; the rest
in the row's tooltip and the detail pane), the suspected copies, a comparison view per
pair, and export to HTML and CSV. The folder is reviewed by ``gongwen.review_desk``'s
pipeline in a worker thread (the audits themselves run in worker processes), so the window
stays responsive; double-clicking a report emits ``openReport(path)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape
from pathlib import Path, PurePath
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.model import CATEGORIES
from ..core.review import ReviewRow, ReviewTable
from ..core.review_settings import ReviewSettings
from ..core.similarity import Pair
from ..review_desk import CatalogAudit, Progress, ReviewResult, review_folder
from . import dialogs
from .comparison import ComparisonDialog, ComparisonView

SORT_ROLE = Qt.ItemDataRole.UserRole
HOT = QColor("#fce8e6")
WARM = QColor("#fef7e0")
RED = QColor("#a50e0e")
Runner = Callable[..., ReviewResult]


def _share(value: float) -> str:
    return f"{value:.0%}" if value else "—"


# (header, text of a row, sort key of a row, tooltip of the header)
REPORT_COLUMNS: list[tuple[str, Callable[[ReviewRow], Any], Callable[[ReviewRow], Any], str]] = [
    ("单位", lambda r: r.unit or "—", lambda r: r.unit or "\uffff", "从标题或落款识别"),
    ("文件", lambda r: r.name, lambda r: r.name, ""),
    ("缺失必备章节", lambda r: "、".join(r.missing_titles) or "—", lambda r: len(r.missing), ""),
    ("错误", lambda r: r.errors, lambda r: r.errors, "占位符、广告残留、缺失必备章节等"),
    ("警告", lambda r: r.warnings, lambda r: r.warnings, ""),
    ("占位符", lambda r: r.placeholders, lambda r: r.placeholders, "未替换的 X次、XX局、20__年"),
    ("广告残留", lambda r: r.junk, lambda r: r.junk, "素材网站的广告和水印"),
    ("重复", lambda r: _share(r.recycled), lambda r: r.recycled,
     "与其他报告或往年报告重复的最大比例"),
    ("字数", lambda r: r.chars, lambda r: r.chars, ""),
]
NUMERIC_COLUMNS = {3, 4, 5, 6, 7, 8}


def row_tooltip(row: ReviewRow, table: ReviewTable | None = None) -> str:
    """Everything not in the columns: title, checklist, thin sections, figures, the first
    errors, where the recycled text comes from."""
    lines = [f"<b>{escape(row.title or row.name)}</b>", f"检查清单：{escape(row.checklist_name)}"]
    if row.thin:
        lines.append(f"单薄章节：{escape('、'.join(row.thin_titles))}")
    lines.append(f"数据 {row.figures} 处 · 字数 {row.chars} · 段落 {row.paragraphs} · 提示 {row.infos}")
    if row.recycled_with:
        other = (table.unit_of(row.recycled_with) if table else "") or PurePath(row.recycled_with).name
        where = "往年报告" if row.recycled_earlier else "报告"
        lines.append(f"重复 {row.recycled:.0%}：与{where}“{escape(other)}”")
    lines += [escape(e) for e in row.first_errors]
    return "<br>".join(lines)


class _ReviewModel(QAbstractTableModel):
    """A view of one ReviewTable, replaced whole when a review finishes."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.table = ReviewTable([])

    def set_table(self, table: ReviewTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()


class ReportTableModel(_ReviewModel):
    def row_at(self, row: int) -> ReviewRow:
        return self.table.rows[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(REPORT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return REPORT_COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return REPORT_COLUMNS[section][3] or None
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.table.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return REPORT_COLUMNS[column][1](row)
        if role == SORT_ROLE:
            return REPORT_COLUMNS[column][2](row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row_tooltip(row, self.table)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _background(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            background = _background(row, column)
            return QBrush(RED) if background is not None and background.color() == HOT else None
        return None


def _background(row: ReviewRow, column: int) -> QBrush | None:
    hot = {2: bool(row.missing), 3: row.errors > 0, 5: row.placeholders > 0, 6: row.junk > 0,
           7: row.recycled >= 0.5}
    warm = {4: row.warnings > 0, 7: row.recycled >= 0.2}
    if hot.get(column):
        return QBrush(HOT)
    if warm.get(column):
        return QBrush(WARM)
    return None


class PairTableModel(_ReviewModel):
    HEADERS = ("报告甲", "报告乙", "重复比例", "重复段落")

    def pair_at(self, row: int) -> Pair:
        return self.table.pairs[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.pairs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _side(self, path: str, earlier: bool) -> str:
        unit = self.table.unit_of(path)
        name = PurePath(path).name
        label = f"{unit}（{name}）" if unit else name
        return f"{label} · 往年" if earlier else label

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair = self.table.pairs[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            values = [self._side(str(pair.a), False), self._side(str(pair.b), pair.earlier),
                      f"{pair.share:.0%}", len(pair.passages)]
            if role == SORT_ROLE and column == 2:
                return pair.share
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            return QBrush(HOT if pair.share >= 0.5 else WARM)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "双击对比查看"
        return None


class _Worker(QObject):
    """Runs the pipeline in its own thread; progress and the result come back as signals."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # ReviewResult
    failed = Signal(str)

    def __init__(self, runner: Runner, folder: str, earlier: str):
        super().__init__()
        self.runner, self.folder, self.earlier = runner, folder, earlier
        self.stop_requested = False

    @Slot()
    def run(self) -> None:
        try:
            result = self.runner([self.folder], earlier=[self.earlier] if self.earlier else [],
                                 progress=self.progressed.emit,
                                 cancelled=lambda: self.stop_requested)
        except Exception as error:  # a bug must not take the window down
            self.failed.emit(f"{type(error).__name__}：{error}")
            return
        self.finished.emit(result)


def default_runner(settings: ReviewSettings | None = None, checklist: str | None = None,
                   workers: int | None = None) -> Runner:
    """review_folder with the catalog's audit (jieba included), one process per core."""
    audit = CatalogAudit(checklist=checklist)

    def run(paths, **options) -> ReviewResult:
        return review_folder(paths, audit, settings=settings, workers=workers, **options)

    return run


class ReviewDesk(QWidget):
    """The desk. ``runner(paths, earlier=…, progress=…, cancelled=…)`` reviews a folder
    (default: :func:`default_runner`)."""

    openReport = Signal(str)  # path of a report to open in the editor
    reviewFinished = Signal(object)  # ReviewResult

    def __init__(self, runner: Runner | None = None, folder: str = "", earlier: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewDesk")
        self.setWindowTitle("审阅文件夹 — 公文审稿台")
        self.runner = runner or default_runner()
        self.result: ReviewResult | None = None
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._started = 0.0
        self._dialogs: list[ComparisonDialog] = []
        self._build(folder, earlier)
        self._set_running(False)
        self.resize(1280, 800)
        app = QApplication.instance()
        if app is not None:  # the worker thread must end before the widgets go
            app.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------ building
    def _build(self, folder: str, earlier: str) -> None:
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setPlaceholderText("下级单位报送材料所在的文件夹")
        self.earlier_edit = QLineEdit(earlier)
        self.earlier_edit.setPlaceholderText("可选：往年报告所在的文件夹，用于查找照搬往年的内容")
        self.start_button = QPushButton("开始审阅")
        self.start_button.setObjectName("fixButton")
        self.stop_button = QPushButton("停止")
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        grid = QGridLayout()
        for row, (label, edit) in enumerate((("报送文件夹：", self.folder_edit),
                                             ("往年报告文件夹：", self.earlier_edit))):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(edit, row, 1)
            choose = QPushButton("选择…")
            choose.clicked.connect(lambda _c=False, e=edit: self._choose_folder(e))
            grid.addWidget(choose, row, 2)
        grid.addWidget(self.start_button, 0, 3)
        grid.addWidget(self.stop_button, 1, 3)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.status = QLabel("选择报送文件夹后点“开始审阅”。")
        self.status.setObjectName("summary")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_reports(), "报告一览")
        self.tabs.addTab(self._build_pairs(), "疑似重复")
        self.unreadable_list = QListWidget()
        self.html_button = QPushButton("导出 HTML…")
        self.csv_button = QPushButton("导出 CSV…")
        self.open_button = QPushButton("在编辑器中打开")
        self.html_button.clicked.connect(lambda: self.export_html())
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.open_button.clicked.connect(self._open_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.html_button)
        buttons.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _build_reports(self) -> QWidget:
        self.model = ReportTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = _table_view(self.proxy)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((170, 230, 150, 56, 56, 64, 72, 64, 70)):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # 文件 takes the rest
        self.view.doubleClicked.connect(self._report_activated)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QTextBrowser()
        self.detail.setObjectName("reviewDetail")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._detail_link)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        return splitter

    def _build_pairs(self) -> QWidget:
        self.pair_model = PairTableModel(self)
        self.pair_proxy = QSortFilterProxyModel(self)
        self.pair_proxy.setSourceModel(self.pair_model)
        self.pair_proxy.setSortRole(SORT_ROLE)
        self.pair_view = _table_view(self.pair_proxy)
        for column, width in enumerate((380, 380, 80, 80)):
            self.pair_view.setColumnWidth(column, width)
        self.pair_view.doubleClicked.connect(self._pair_activated)
        self.compare_button = QPushButton("对比查看")
        self.compare_button.clicked.connect(self._compare_selected)
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pair_view, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("重复比例：较短一份报告的正文（忽略年份、数字、单位和地名、标点，"
                             "不计各单位共有的固定表述）在另一份中出现的比例。"), 1)
        row.addWidget(self.compare_button)
        layout.addLayout(row)
        return widget

    def _choose_folder(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择文件夹", edit.text())
        if folder:
            edit.setText(folder)

    # ------------------------------------------------------------ running
    def start(self) -> bool:
        """Review the folder in the field; False (and a message) when it cannot start."""
        if self.running:
            return False
        folder = self.folder_edit.text().strip()
        earlier = self.earlier_edit.text().strip()
        for path, what in ((folder, "报送文件夹"), (earlier, "往年报告文件夹")):
            if path and not Path(path).is_dir():
                self.status.setText(f"{what}“{path}”不存在，请重新选择。")
                return False
        if not folder:
            self.status.setText("请先选择报送文件夹。")
            return False
        # absolute paths: openReport must name files the editor can open from anywhere
        self._worker = _Worker(self.runner, str(Path(folder).resolve()),
                               str(Path(earlier).resolve()) if earlier else "")
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._progressed)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._started = time.perf_counter()
        self.progress.setRange(0, 0)
        self.status.setText("正在准备…")
        self._set_running(True)
        self._thread.start()
        return True

    @property
    def running(self) -> bool:
        return self._thread is not None

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop_requested = True
            self.status.setText("正在停止…（正在检查的文件完成后停止）")

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Stop and wait for the worker thread (before the desk is destroyed)."""
        self.stop()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        done = self.result is not None and not running
        for button in (self.html_button, self.csv_button, self.open_button):
            button.setEnabled(done)
        self.compare_button.setEnabled(done and bool(self.result and self.result.pairs))

    def _end_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None

    @Slot(object)
    def _progressed(self, progress: Progress) -> None:
        if progress.stage == "compare":
            self.progress.setRange(0, 0)
            self.status.setText(f"已检查 {progress.total} 份，正在比对重复内容…")
            return
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(progress.done)
        self.progress.setFormat("%v / %m")
        self.status.setText(f"正在检查 {progress.done} / {progress.total}：{PurePath(progress.path).name}")

    @Slot(object)
    def _finished(self, result: ReviewResult) -> None:
        self._end_thread()
        self.show_result(result, time.perf_counter() - self._started)
        self.reviewFinished.emit(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._end_thread()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(f"审阅出错：{message}")
        self._set_running(False)

    # ------------------------------------------------------------ showing
    def show_result(self, result: ReviewResult, seconds: float | None = None) -> None:
        self.result = result
        table = result.table
        self.model.set_table(table)
        self.pair_model.set_table(table)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.pair_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("完成" if not result.cancelled else "已停止")
        self.tabs.setTabText(0, f"报告一览（{len(table.rows)}）")
        self.tabs.setTabText(1, f"疑似重复（{len(table.pairs)}）")
        self._show_unreadable(table)
        self.status.setText(self.summary(seconds))
        self._set_running(False)
        if table.rows:
            self.view.selectRow(0)
        self._show_detail()

    def summary(self, seconds: float | None = None) -> str:
        table = self.result.table if self.result else ReviewTable([])
        failing = sum(1 for r in table.rows if not r.acceptable)
        copies = sum(1 for p in table.pairs if not p.earlier)
        recycled = sum(1 for p in table.pairs if p.earlier)
        parts = [f"共 {len(table.rows)} 份报告", f"不合格 {failing} 份（缺必备章节或有错误）",
                 f"疑似相互抄袭 {copies} 对"]
        if table.earlier:
            parts.append(f"与往年报告重复 {recycled} 对（往年报告 {len(table.earlier)} 份）")
        if table.unreadable:
            parts.append(f"{len(table.unreadable)} 个文件无法读取")
        if seconds is not None:
            parts.append(f"用时 {seconds:.1f} 秒")
        if self.result and self.result.cancelled:
            parts.insert(0, "已停止，以下为已检查的部分")
        return "，".join(parts) + "。"

    def _show_unreadable(self, table: ReviewTable) -> None:
        index = self.tabs.indexOf(self.unreadable_list)
        self.unreadable_list.clear()
        for item in table.unreadable:
            self.unreadable_list.addItem(f"{PurePath(item.path).name}：{item.message}")
        if table.unreadable and index < 0:
            self.tabs.addTab(self.unreadable_list, f"无法读取（{len(table.unreadable)}）")
        elif index >= 0 and not table.unreadable:
            self.tabs.removeTab(index)
        elif index >= 0:
            self.tabs.setTabText(index, f"无法读取（{len(table.unreadable)}）")

    def selected_row(self) -> ReviewRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def _show_detail(self) -> None:
        row = self.selected_row()
        if row is None or self.result is None:
            self.detail.setHtml("")
            return
        self.detail.setHtml(self.detail_html(row))

    def detail_html(self, row: ReviewRow) -> str:
        table = self.result.table if self.result else ReviewTable([])
        lines = [f"<h3>{escape(row.unit or row.name)}</h3>", row_tooltip(row, table)]
        if row.missing:
            lines.append(f"<p><b style='color:#d93025'>缺失必备章节：</b>"
                         f"{escape('、'.join(row.missing_titles))}</p>")
        counts = "、".join(f"{CATEGORIES.get(c, c)} {n}" for c, n in row.categories.items())
        lines.append(f"<p>问题分类：{escape(counts) or '无'}</p>")
        pairs = [(n, p) for n, p in enumerate(table.pairs) if row.path in (str(p.a), str(p.b))]
        if pairs:
            lines.append("<p><b>重复内容：</b></p><ul>")
            for number, pair in pairs:
                other = str(pair.b) if str(pair.a) == row.path else str(pair.a)
                label = table.unit_of(other) or PurePath(other).name
                tag = "（往年）" if pair.earlier and other == str(pair.b) else ""
                lines.append(f"<li>与 {escape(label)}{tag} 重复 {pair.share:.0%}，"
                             f"{len(pair.passages)} 处 <a href='compare:{number}'>对比查看</a></li>")
            lines.append("</ul>")
        lines.append("<p><a href='open:'>在编辑器中打开并查看全部问题</a></p>")
        return "".join(lines)

    def _detail_link(self, url) -> None:
        text = url.toString()
        if text.startswith("compare:"):
            self.compare(int(text.split(":", 1)[1]))
        elif text.startswith("open:"):
            self._open_selected()

    def _report_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        self.openReport.emit(row.path)

    def _open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.openReport.emit(row.path)

    def _pair_activated(self, index: QModelIndex) -> None:
        self.compare(self.pair_proxy.mapToSource(index).row())

    def _compare_selected(self) -> None:
        index = self.pair_view.currentIndex()
        row = self.pair_proxy.mapToSource(index).row() if index.isValid() else 0
        if self.result and self.result.pairs:
            self.compare(row)

    def comparison_view(self, number: int) -> ComparisonView:
        """The comparison of pair ``number`` (in ``result.pairs`` order)."""
        assert self.result is not None
        pair = self.result.pairs[number]
        table, texts = self.result.table, self.result.texts

        def label(side: str, path: str, earlier: bool) -> str:
            tag = "（往年报告）" if earlier else ""
            return f"{side}：{table.unit_of(path)}{tag} {PurePath(path).name}"

        return ComparisonView(pair, texts.get(str(pair.a), ()), texts.get(str(pair.b), ()),
                              label("甲", str(pair.a), False), label("乙", str(pair.b), pair.earlier))

    def compare(self, number: int) -> ComparisonDialog:
        dialog = ComparisonDialog(self.comparison_view(number), self)
        self._dialogs = [d for d in self._dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    # ------------------------------------------------------------ export
    def _folder_name(self) -> str:
        return self.folder_edit.text().strip()

    def export_html(self, path: str | None = None) -> str | None:
        from ..formats import WriteError
        from ..formats.review_html import write_review_html

        if self.result is None:
            return None
        path = path or self._ask_save("导出 HTML", "审阅汇总.html", "网页 (*.html)")
        if not path:
            return None
        try:
            write_review_html(path, self.result.table, self._folder_name())
        except WriteError as error:
            dialogs.show_error(self, "无法导出", str(error))
            return None
        self.status.setText(f"已导出：{path}")
        return path

    def export_csv(self, path: str | None = None) -> str | None:
        from ..formats import WriteError
        from ..formats.review_csv import write_review_csv

        if self.result is None:
            return None
        path = path or self._ask_save("导出 CSV", "审阅汇总.csv", "CSV 表格 (*.csv)")
        if not path:
            return None
        try:
            reports, pairs = write_review_csv(path, self.result.table)
        except WriteError as error:
            dialogs.show_error(self, "无法导出", str(error))
            return None
        self.status.setText(f"已导出：{reports}（疑似重复另存为 {pairs.name}）")
        return str(reports)

    def _ask_save(self, title: str, name: str, pattern: str) -> str:
        folder = Path(self._folder_name() or Path.home())
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder.parent / name), pattern)
        suffix = Path(name).suffix
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path


def _table_view(model: QSortFilterProxyModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


def open_review_desk(parent: QWidget, open_report: Callable[[str], object], folder: str = "",
                     earlier: str = "") -> ReviewDesk:
    """文件 ▸ 审阅文件夹…: the desk in its own window, one per ``parent`` (raised when it is
    open already); a double-clicked report goes to ``open_report(path)``."""
    desk = getattr(parent, "_review_desk", None)
    if not isinstance(desk, ReviewDesk):
        desk = ReviewDesk(folder=folder, earlier=earlier, parent=parent)
        desk.setWindowFlag(Qt.WindowType.Window)
        desk.openReport.connect(open_report)
        parent._review_desk = desk
    desk.show()
    desk.raise_()
    desk.activateWindow()
    return desk
