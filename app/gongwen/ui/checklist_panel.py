"""The checklist panel: which checklist (and why, with a one-click switch), the counters, the
sections (✓ △ ✗, a thin one saying what is enough) and the findings grouped by category —
each row with its context, identical findings folded into one row (×24) that expands, long
messages wrapped. Updates happen in place, so scroll position, selection and expanded rows
survive every re-audit. The fix buttons sit under the list, always in view."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.model import CATEGORIES, Finding, Report, SectionStatus, Severity
from . import palette
from .settings import AUTO
from .view_model import GROUP_ORDER, PanelView, Row, finding_key, fix_label, fold_key, paragraph_label

if TYPE_CHECKING:
    from ..catalog import Catalog

CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's context line, drawn muted under it
# A list of more rows than this scrolls by rows, not by pixels: scrolling by pixels, Qt asks
# the height of every wrapped row on each layout of the list, twice per fill (2,000 rows:
# 0.4 s each time); by rows, only those of the viewport and the last page.
PIXEL_SCROLL_ROWS = 200
# Rows described per event: more changed rows than this (an opened file's first result)
# are filled in over several events, from the top of the list, on a zero timer; a newer
# result takes over what is left (~30 µs a row).
FILL_ROWS = 250
FIRST_FILL_ROWS = 80  # in the event of the result itself: more than a panel holds in view


def dot_icon(color: str, size: int = 10) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(size // 2, size // 2, size, size)
    painter.end()
    return QIcon(pixmap)


class SectionRow(QLabel):
    clicked = Signal(object)  # SectionStatus

    def __init__(self, status: SectionStatus, need: str = ""):
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setObjectName("sectionRow")
        self.need = ""
        self.show_status(status, need)

    def show_status(self, status: SectionStatus, need: str = "") -> None:
        """Show ``status`` (an unchanged text leaves the label as it is: no relayout)."""
        self.status, self.need = status, need
        html = section_html(status, need)
        if html != self.text():
            self.setText(html)
        set_tip(self, status.hint)
        pointing = status.paragraph is not None
        if pointing != self.testAttribute(Qt.WidgetAttribute.WA_SetCursor):  # unchanged: no event
            if pointing:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.unsetCursor()

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(self.status)
        super().mousePressEvent(event)


def _small(html: str, color: str) -> str:
    return f"<span style='color:{color};font-size:small'>{html}</span>"


def section_html(status: SectionStatus, need: str = "") -> str:
    mark, color = palette.STATUS.get(status.status, palette.UNKNOWN_STATUS)
    kind = "必备" if status.required else "建议"
    html = (f"<span style='color:{color};font-weight:bold'>{mark}</span>&nbsp;"
            f"{escape(status.title)}&nbsp;{_small(kind, palette.MUTED)}")
    if status.status == "thin":
        said = f"偏少：{need}" if need else f"偏少（{status.chars} 字）"
        html += f"&nbsp;{_small(escape(said), palette.SEVERITY[Severity.WARNING])}"
    if status.status == "missing" and status.hint:  # thin ones keep theirs in the tooltip
        html += f"<br>{_small(escape(status.hint), palette.SECONDARY)}"
    return html


class RowDelegate(QStyledItemDelegate):
    """A finding row: its message wrapped over as many lines as it needs, and under it the
    context (…制定实施方案【X】个…) in a muted colour."""

    PADDING = 4

    def _texts(self, index) -> tuple[str, str]:
        return index.data(Qt.ItemDataRole.DisplayRole) or "", index.data(CONTEXT_ROLE) or ""

    def _option(self, option, index) -> QStyleOptionViewItem:
        """The item's own style option (its font — a group's is bold —, icon…) over the
        cell as wide as it will be: for column 0, the column less the tree's indentation."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        tree = opt.widget
        if tree is not None:
            width = tree.header().sectionSize(index.column())
            left = 0
            if index.column() == 0:
                depth, parent = 0, index.parent()
                while parent.isValid():
                    depth, parent = depth + 1, parent.parent()
                left = tree.indentation() * (depth + (1 if tree.rootIsDecorated() else 0))
            opt.rect = QRect(left, 0, max(width - left, 40), 1000)
        return opt

    def _text_rect(self, opt: QStyleOptionViewItem) -> QRect:
        """Where the texts go: across, the style's text area (after the icon); down, the
        cell less ``PADDING`` (the style's own vertical margin would clip a wrapped line)."""
        style = opt.widget.style() if opt.widget is not None else None
        across = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget) \
            if style is not None else opt.rect
        return QRect(across.left() + 2, opt.rect.top() + self.PADDING, max(across.width() - 4, 10),
                     max(opt.rect.height() - 2 * self.PADDING, 1))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._heights: dict[tuple, QSize] = {}  # measured once per text, width and font

    def sizeHint(self, option, index) -> QSize:
        """The row as tall as its wrapped texts; remembered, since Qt asks for every row in
        view whenever one of them changes (a keystroke changes a row's context)."""
        if index.column() != 0:
            return super().sizeHint(option, index)
        message, context = self._texts(index)
        opt = self._option(option, index)
        has_icon = bool(opt.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration)
        key = (message, context, opt.rect.width(), opt.font.key(), has_icon)
        found = self._heights.get(key)
        if found is None:
            if len(self._heights) > 4000:
                self._heights.clear()
            found = self._heights[key] = self._measure(opt, message, context, has_icon)
        return found

    def _measure(self, opt: QStyleOptionViewItem, message: str, context: str, has_icon: bool) -> QSize:
        width = max(self._text_rect(opt).width(), 40)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = QFontMetrics(opt.font).boundingRect(QRect(0, 0, width, 10_000), flags, message).height()
        if context:
            height += QFontMetrics(self._context_font(opt.font)).boundingRect(
                QRect(0, 0, width, 10_000), flags, context).height()
        icon = opt.decorationSize.height() if has_icon else 0
        return QSize(opt.rect.width(), max(height, icon) + 2 * self.PADDING)

    @staticmethod
    def _context_font(font: QFont) -> QFont:
        small = QFont(font)
        small.setBold(False)
        small.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return small

    def paint(self, painter: QPainter, option, index) -> None:
        message, context = self._texts(index)
        if index.column() != 0:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = self._text_rect(opt)
        painter.save()
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        text_colour = colour.color() if colour is not None else opt.palette.color(QPalette.ColorRole.Text)
        painter.setPen(text_colour)
        painter.setFont(opt.font)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextDontClip)
        used = painter.boundingRect(rect, flags, message)
        painter.drawText(rect, flags, message)
        if context:
            painter.setFont(self._context_font(opt.font))
            painter.setPen(QColor(palette.SECONDARY))
            painter.drawText(rect.adjusted(0, used.height(), 0, 0), flags, context)
        painter.restore()


@dataclass(slots=True)
class _Fill:
    """A findings view being put into the tree: the groups still to fill (the first one
    from row ``start`` on)."""

    view: PanelView
    categories: list[str] = field(default_factory=lambda: list(GROUP_ORDER))
    start: int = 0


def view_rows(view: PanelView) -> int:
    """How many rows the list holds once ``view`` is shown (folds' places not counted)."""
    return sum(len(rows) for _total, rows in view.rows.values())


class ChecklistPanel(QWidget):
    findingActivated = Signal(object)  # Finding
    fixRequested = Signal(object)
    fixAllRequested = Signal(object)  # list[Finding]: a folded row's findings, one undo step
    ignoreSpotRequested = Signal(object)
    ignoreRuleRequested = Signal(object)
    sectionActivated = Signal(int)  # paragraph index
    checklistChosen = Signal(str)  # checklist id, "" = auto

    def __init__(self, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checklistPanel")
        self.sections: list[SectionStatus] = []
        self.needs: dict[str, str] = {}
        self.rows: dict[str, list[Row]] = {c: [] for c in GROUP_ORDER}
        self.findings: dict[str, list[Finding]] = {c: [] for c in GROUP_ORDER}  # listed, in order
        self._looks: dict[str, list[tuple]] = {c: [] for c in GROUP_ORDER}  # Row.look of each row
        self._shown: tuple | None = None  # (totals, empty text) the tree shows, with _looks
        self._expanded: set[tuple] = set()  # fold keys of the folded rows opened
        self._icons = {s: dot_icon(c) for s, c in palette.SEVERITY.items()}
        self._checklists: list[tuple[str, str]] = []
        self._fill: _Fill | None = None  # a view still being put into the tree
        self._fill_timer = QTimer(self, singleShot=True, interval=0)
        self._fill_timer.timeout.connect(self._fill_step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(4)
        self._build_header(layout, catalog)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("panelSplitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self._build_sections())
        self.split.addWidget(self._build_tree())
        self.split.setStretchFactor(1, 1)
        self._split_moved = False  # the user's own split is kept; else the sections fit
        self.split.splitterMoved.connect(self._split_was_moved)
        layout.addWidget(self.split, 1)
        layout.addLayout(self._build_buttons())
        self._update_buttons()

    # ------------------------------------------------------------ building
    def _build_header(self, layout: QVBoxLayout, catalog: Catalog) -> None:
        self.name_label = QLabel("检查清单")
        self.name_label.setObjectName("checklistName")
        self.name_label.setWordWrap(True)  # the reason for the choice may be long
        self.name_label.setTextFormat(Qt.TextFormat.RichText)
        self.name_label.linkActivated.connect(self._link)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.combo = QComboBox()
        self.combo.setToolTip("选择检查清单（默认按标题自动识别）")
        self.combo.activated.connect(lambda _i: self.checklistChosen.emit(self.combo.currentData()))
        self.summary = QLabel("检查中…")
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice = QLabel("")
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.problems = QLabel("")
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.name_label)
        layout.addWidget(self.combo)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(self.problems)
        self.set_catalog(catalog)

    def _build_sections(self) -> QWidget:
        box = QWidget()
        box.setObjectName("sectionBox")
        self._sections_layout = QVBoxLayout(box)
        self._sections_layout.setContentsMargins(0, 0, 4, 0)
        self._sections_layout.setSpacing(2)
        caption = QLabel("章节")
        caption.setObjectName("caption")
        self._sections_layout.addWidget(caption)
        self._sections_layout.addStretch(1)
        self.section_scroll = QScrollArea()
        self.section_scroll.setObjectName("sectionScroll")
        self.section_scroll.setWidget(box)
        self.section_scroll.setWidgetResizable(True)
        self.section_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.section_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_scroll.setMinimumHeight(60)
        return self.section_scroll

    def _build_tree(self) -> QWidget:
        self.tree = QTreeWidget()
        self.tree.setObjectName("findingTree")
        self.tree.setMinimumHeight(90)
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)  # long messages wrap
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(RowDelegate(self.tree))
        self.tree.setIconSize(QSize(10, 10))
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # a fixed width: ResizeToContents measures every row whenever one changes
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.header().resizeSection(1, self.tree.fontMetrics().horizontalAdvance("第 8888 段") + 12)
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)  # Enter on a row jumps too
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemExpanded.connect(lambda item: self._fold_opened(item, True))
        self.tree.itemCollapsed.connect(lambda item: self._fold_opened(item, False))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.groups: dict[str, QTreeWidgetItem] = {}
        for category in GROUP_ORDER:
            group = QTreeWidgetItem(self.tree, [CATEGORIES[category], ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setHidden(True)
            group.setExpanded(True)
            self.groups[category] = group
        self.empty = QTreeWidgetItem(self.tree, ["未发现问题", ""])
        self.empty.setForeground(0, QColor(palette.GOOD))
        self.empty.setHidden(True)
        return self.tree

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.fix_button = QPushButton("修正")
        self.fix_button.setObjectName("fixButton")
        self.spot_button = QPushButton("忽略此处")
        self.rule_button = QPushButton("忽略此规则")
        self.fix_button.clicked.connect(self._fix_selected)
        self.spot_button.clicked.connect(lambda: self._emit_selected(self.ignoreSpotRequested))
        self.rule_button.clicked.connect(lambda: self._emit_selected(self.ignoreRuleRequested))
        for button in (self.fix_button, self.spot_button, self.rule_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(60)
            row.addWidget(button)
        self.fix_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        row.setStretch(0, 2)
        row.setStretch(1, 1)
        row.setStretch(2, 1)
        return row

    def set_catalog(self, catalog: Catalog) -> None:
        current = self.combo.currentData() if self.combo.count() else AUTO
        self.combo.clear()
        self.combo.addItem("自动识别（按标题）", AUTO)
        self._checklists = [(c.id, c.name) for c in catalog.checklists.values()]
        for checklist_id, name in self._checklists:
            self.combo.addItem(name, checklist_id)
        self.set_choice(current)
        self.show_problems(catalog.problems)

    def set_choice(self, checklist_id: str) -> None:
        index = self.combo.findData(checklist_id)
        self.combo.setCurrentIndex(max(index, 0))

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setVisible(bool(problems))
        if problems:
            shown = "\n".join(problems[:3]) + ("\n…" if len(problems) > 3 else "")
            self.problems.setText(f"自定义清单有问题，已跳过：\n{shown}")
            self.problems.setToolTip("\n".join(problems))

    def _link(self, link: str) -> None:
        if link.startswith("choose:"):
            self.checklistChosen.emit(link.removeprefix("choose:"))

    # ------------------------------------------------------------ updates
    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_report(self, report: Report, checklist_name: str, detected: bool, view: PanelView,
                    counts: dict[Severity, int], reason: str = "", checklist_id: str = "") -> None:
        """``view`` (``view_model.panel_view``) and ``counts`` come precomputed from the
        worker; ``reason`` says why the checklist was chosen (``Choice.reason``)."""
        self.name_label.setText(choice_html(checklist_name, detected, reason, checklist_id,
                                            self._checklists))
        set_tip(self.name_label, "可点击其他文种改用其清单，或在下方下拉框中改选" if detected else "")
        self.summary.setText(summary_html(report, counts))
        self._update_sections(report.sections, view.needs)
        self._update_findings(view)
        self._update_buttons()

    def _update_sections(self, sections: list[SectionStatus], needs: dict[str, str]) -> None:
        if sections == self.sections and needs == self.needs:
            return
        self.sections, self.needs = list(sections), dict(needs)
        layout = self._sections_layout
        rows = [layout.itemAt(i).widget() for i in range(1, layout.count() - 1)]  # between
        for index, status in enumerate(sections):  # the caption and the stretch
            need = needs.get(status.id, "")
            if index < len(rows):
                rows[index].show_status(status, need)  # typing changes a section's 字 count only
            else:
                row = SectionRow(status, need)
                row.clicked.connect(self._section_clicked)
                layout.insertWidget(1 + index, row)
        for row in rows[len(sections):]:
            layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        if len(sections) != len(rows):  # not per keystroke: measuring every row costs
            self.fit_sections()

    def _split_was_moved(self, *_args) -> None:
        self._split_moved = True

    def fit_sections(self) -> None:
        """The sections as tall as their rows, up to 45 % of the panel's list area (the
        findings get the rest), unless the user has moved the split."""
        total = sum(self.split.sizes())
        if self._split_moved or total <= 0:
            return
        box = self.section_scroll.widget()
        width = self.section_scroll.viewport().width()
        layout = box.layout()
        wanted = (layout.heightForWidth(width) if layout.hasHeightForWidth() and width > 0
                  else box.sizeHint().height()) + 6  # wrapped rows: as tall as at this width
        height = max(min(wanted, int(total * 0.45)), self.section_scroll.minimumHeight())
        if abs(self.split.sizes()[0] - height) > 2:
            self.split.setSizes([height, total - height])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_sections()

    def _section_clicked(self, status: SectionStatus) -> None:
        if status.paragraph is not None:
            self.sectionActivated.emit(status.paragraph)

    def _update_findings(self, view: PanelView) -> None:
        """Show ``view``'s rows, touching only those that changed: at once, or when more
        than FILL_ROWS changed, over several events from the top (``filling``; the first,
        the result's own, describes FIRST_FILL_ROWS of a long list); a fill still under
        way is taken over (the rows it described are unchanged now)."""
        if self._fill is None and self._same_rows(view):
            return  # typing that changed no row, no count: the tree is not touched
        self._shown = None  # until the fill is done
        self._fill_timer.stop()
        self._fill = _Fill(view)
        if view_rows(view) > PIXEL_SCROLL_ROWS:  # before the rows come: no pixel layout of them
            self._fit_scroll_mode(view_rows(view))
        self._fill_step(FIRST_FILL_ROWS if view_rows(view) > FILL_ROWS else FILL_ROWS)

    def filling(self) -> bool:
        """Rows of the last result are still to be put into the list."""
        return self._fill is not None

    def finish_fill(self) -> None:
        """Put every row still waiting into the list now (tests, before a look at them)."""
        while self._fill is not None:
            self._fill_step(budget=1 << 30)

    def _fill_step(self, budget: int = FILL_ROWS) -> None:
        """Describe up to ``budget`` changed rows of the fill, group after group; the
        selection and the scroll position are kept."""
        fill = self._fill
        if fill is None:
            return
        selected = self.selected_finding()
        mode = self.tree.verticalScrollMode()
        scroll = self.tree.verticalScrollBar().value()
        self.tree.blockSignals(True)  # no setUpdatesEnabled: re-enabling repaints every row
        try:
            while fill.categories and budget > 0:
                category = fill.categories[0]
                total, rows = fill.view.rows.get(category, (0, []))
                next_row, budget = self._fill_group(category, total, rows, fill.start, budget)
                if next_row is None:
                    fill.categories.pop(0)
                    fill.start = 0
                else:
                    fill.start = next_row
            if not fill.categories:
                self._fill_done(fill.view)
            if selected is not None:
                self._reselect(selected)
        finally:
            self.tree.blockSignals(False)
        if self.tree.verticalScrollMode() == mode:  # else Qt kept the row at the top
            self.tree.verticalScrollBar().setValue(scroll)
        if self._fill is not None:
            self._fill_timer.start()
        self._update_buttons()

    @staticmethod
    def _totals(view: PanelView) -> tuple:
        return tuple(view.rows.get(c, (0,))[0] for c in GROUP_ORDER), view.empty

    def _same_rows(self, view: PanelView) -> bool:
        """Does the tree show ``view`` already (every row's look, every count)? The rows
        are taken all the same: their findings have the positions of this result."""
        if self._totals(view) != self._shown:
            return False
        rows = {c: view.rows.get(c, (0, []))[1] for c in GROUP_ORDER}
        if any([row.look for row in rows[c]] != self._looks[c] for c in GROUP_ORDER):
            return False
        self.rows.update(rows)
        return True

    def _fill_done(self, view: PanelView) -> None:
        self._fill = None
        self._shown = self._totals(view)
        empty = not any(view.rows.get(c, (0,))[0] for c in GROUP_ORDER)
        if self.empty.isHidden() == empty:
            self.empty.setHidden(not empty)
        if self.empty.text(0) != view.empty:
            self.empty.setText(0, view.empty)
        self._fit_scroll_mode(view_rows(view))

    def _fit_scroll_mode(self, rows: int) -> None:
        """Per pixel for a list of up to PIXEL_SCROLL_ROWS rows, else per row."""
        mode = QAbstractItemView.ScrollMode.ScrollPerPixel if rows <= PIXEL_SCROLL_ROWS \
            else QAbstractItemView.ScrollMode.ScrollPerItem
        if self.tree.verticalScrollMode() != mode:
            self.tree.setVerticalScrollMode(mode)

    def _fill_group(self, category: str, total: int, rows: list[Row], start: int,
                    budget: int) -> tuple[int | None, int]:
        """Show ``rows`` (of ``total`` findings) from ``start`` on, describing at most
        ``budget`` rows that changed: (None when the group is complete, else the row to go
        on from; the budget left). Meanwhile ``self.rows``/``_looks`` stay those the
        items show: the new rows up to where it got, the old ones after."""
        group = self.groups[category]
        old = self._looks[category]
        if start == 0:
            count = f"{total}"
            if group.text(1) != count:
                group.setText(1, count)
            if group.isHidden() != (not total):
                group.setHidden(not total)
            looks = [row.look for row in rows]
            if looks == old:  # one C-speed comparison while typing leaves the rows as they are
                self.rows[category] = rows
                self._show_more(group, total, rows)
                return None, budget
            if group.childCount() > len(old):  # the old "……另有 N 处": put back at the end
                group.removeChild(group.child(len(old)))
        shown = self.rows[category]
        index = start
        while index < len(rows) and budget > 0:
            row = rows[index]
            if index < len(old):
                shown[index] = row
                if old[index] == row.look:
                    index += 1
                    continue
                old[index] = row.look
                self._describe(group.child(index), row)
            else:
                shown.append(row)
                old.append(row.look)
                self._describe(QTreeWidgetItem(group), row)
            budget -= 1
            index += 1
        self.findings[category] = [f for row in shown for f in row.findings]
        if index < len(rows):
            return index, 0
        while group.childCount() > len(rows):
            group.removeChild(group.child(group.childCount() - 1))
        self.rows[category], self._looks[category] = rows, [row.look for row in rows]
        self.findings[category] = [f for row in rows for f in row.findings]
        self._show_more(group, total, rows)
        return None, budget

    @staticmethod
    def _show_more(group: QTreeWidgetItem, total: int, rows: list[Row]) -> None:
        """"……另有 N 处" after a group's rows when it has more findings than they list."""
        more = total - sum(row.count for row in rows)
        while group.childCount() > len(rows) + (1 if more else 0):
            group.removeChild(group.child(group.childCount() - 1))
        if not more:
            return
        if group.childCount() == len(rows):
            extra = QTreeWidgetItem(group)
            extra.setForeground(0, QColor(palette.MUTED))
        text = f"……另有 {more} 处（处理上面的问题后显示）"
        if group.child(len(rows)).text(0) != text:
            group.child(len(rows)).setText(0, text)

    def _describe(self, item: QTreeWidgetItem, row: Row) -> None:
        finding = row.finding
        item.setIcon(0, self._icons[finding.severity])
        item.setForeground(1, QColor(palette.MUTED))
        tip = f"{finding.severity.chinese}：{finding.message}"
        if row.folded:
            item.setText(0, f"{finding.message}  ×{row.count}")
            item.setData(0, CONTEXT_ROLE, "")
            item.setText(1, f"{row.count} 处")
            tip += f"\n共 {row.count} 处，展开查看每一处"
            if finding.fix is not None:
                tip += f"\n可全部修正：{fix_label(finding)}"
            opened = fold_key(finding) in self._expanded
            if opened:
                self._describe_places(item, row)
            elif item.childCount():  # a closed fold's places are made when it opens
                item.takeChildren()
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            item.setExpanded(opened)
        else:
            item.takeChildren()
            item.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
            number, context = row.places[0]
            item.setText(0, finding.message)
            item.setData(0, CONTEXT_ROLE, context)
            item.setText(1, paragraph_label(number))
            if finding.fix is not None:
                tip += f"\n可修正：{fix_label(finding)}（双击）"
        item.setToolTip(0, tip)

    @staticmethod
    def _describe_places(item: QTreeWidgetItem, row: Row) -> None:
        """A child per place listed, then "……另有 N 处" when the fold has more."""
        more = row.count - len(row.places)
        wanted = len(row.places) + (1 if more > 0 else 0)
        while item.childCount() > wanted:
            item.removeChild(item.child(item.childCount() - 1))
        if more > 0:
            while item.childCount() < wanted:
                QTreeWidgetItem(item)
            extra = item.child(len(row.places))
            extra.setText(0, f"……另有 {more} 处")
            extra.setText(1, "")
            extra.setForeground(0, QColor(palette.MUTED))
        for index, (number, context) in enumerate(row.places):
            child = item.child(index) if index < item.childCount() else QTreeWidgetItem(item)
            text = context or row.findings[index].message
            if child.text(0) != text:
                child.setText(0, text)
            label = paragraph_label(number)
            if child.text(1) != label:
                child.setText(1, label)
                child.setForeground(1, QColor(palette.MUTED))

    def _fold_opened(self, item: QTreeWidgetItem, opened: bool) -> None:
        found = self._row_of(item)
        if found is not None and found[1].folded and found[2] is None:
            if opened:
                self._describe_places(item, found[1])  # made now: hundreds of folds stay cheap
            key = fold_key(found[1].finding)
            (self._expanded.add if opened else self._expanded.discard)(key)

    def _reselect(self, wanted: Finding) -> None:
        current = self.selected_finding()
        if current is not None and finding_key(current) == finding_key(wanted):
            return
        items = self.findings.get(wanted.category, [])
        same = [f for f in items if (f.rule, f.text) == (wanted.rule, wanted.text)]
        if not same:
            return
        best = min(same, key=lambda f: (abs(f.paragraph - wanted.paragraph), abs(f.start - wanted.start)))
        item = self.item_of(best)
        if item is not None:
            self.tree.setCurrentItem(item)

    # ------------------------------------------------------------ selection and actions
    def _row_of(self, item: QTreeWidgetItem | None) -> tuple[str, Row, int | None] | None:
        """(category, row, place index or None) of a row or place item."""
        if item is None or item.parent() is None:
            return None
        parent = item.parent()
        place = None
        if parent.parent() is not None:  # a place under a folded row
            place, item, parent = parent.indexOfChild(item), parent, parent.parent()
        category = next((c for c, g in self.groups.items() if g is parent), None)
        if category is None:
            return None
        index = parent.indexOfChild(item)
        rows = self.rows[category]
        if not 0 <= index < len(rows):
            return None
        return category, rows[index], place

    def finding_of(self, item: QTreeWidgetItem | None) -> Finding | None:
        found = self._row_of(item)
        if found is None:
            return None
        _category, row, place = found
        return row.findings[place] if place is not None and place < len(row.findings) else row.finding

    def selected_finding(self) -> Finding | None:
        return self.finding_of(self.tree.currentItem())

    def selected_fold(self) -> list[Finding] | None:
        """The findings of the folded row selected (not one of its places), or None."""
        found = self._row_of(self.tree.currentItem())
        if found is None or not found[1].folded or found[2] is not None:
            return None
        return list(found[1].findings)

    def item_of(self, finding: Finding) -> QTreeWidgetItem | None:
        """The row showing ``finding`` (its place, in a folded row)."""
        group = self.groups.get(finding.category)
        for index, row in enumerate(self.rows.get(finding.category, [])):
            if finding in row.findings and group is not None and index < group.childCount():
                item = group.child(index)
                if row.folded:
                    place = row.findings.index(finding)
                    if place < len(row.places) and item.childCount() == 0:
                        self._describe_places(item, row)  # its places are made on demand
                    return item.child(place) if place < item.childCount() else item
                return item
        return None

    def select(self, finding: Finding) -> bool:
        """Select ``finding``'s row without activating it (the row follows the cursor, F8):
        its group and fold opened, the row scrolled into view."""
        item = self.item_of(finding)
        if item is None:
            return False
        parent = item.parent()
        while parent is not None:
            if not parent.isExpanded():
                parent.setExpanded(True)
            parent = parent.parent()
        if self.tree.currentItem() is not item:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.blockSignals(False)
            self._update_buttons()
        self.tree.scrollToItem(item)
        return True

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = self.finding_of(item)
        if finding is not None:
            self.findingActivated.emit(finding)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        found = self._row_of(item)
        if found is None:
            return
        _category, row, place = found
        if row.folded and place is None:
            return  # a double click on a fold opens it (Qt), it does not fix 24 places at once
        finding = self.finding_of(item)
        if finding is not None and finding.fix is not None:
            self.fixRequested.emit(finding)

    def _fix_selected(self) -> None:
        fold = self.selected_fold()
        if fold is not None:
            self.fixAllRequested.emit(fold)
            return
        self._emit_selected(self.fixRequested)

    def _emit_selected(self, signal) -> None:
        finding = self.selected_finding()
        if finding is not None:
            signal.emit(finding)

    def _update_buttons(self) -> None:
        finding = self.selected_finding()
        fold = self.selected_fold()
        fixable = finding is not None and finding.fix is not None
        self.fix_button.setEnabled(fixable)
        if fold is not None and fixable:
            text = f"全部{fix_label(finding)}（{len(fold)} 处）"
        else:
            text = fix_label(finding) if fixable else "修正"
        self.fix_button.setText(text)
        set_tip(self.fix_button, text if fixable else "选中一个可自动修正的问题")
        self.spot_button.setEnabled(finding is not None)
        self.rule_button.setEnabled(finding is not None)

    def _context_menu(self, point) -> None:
        item = self.tree.itemAt(point)
        finding = self.finding_of(item)
        if finding is None:
            return
        menu = QMenu(self)
        found = self._row_of(item)
        if found is not None and found[1].folded and found[2] is None and finding.fix is not None:
            findings = list(found[1].findings)
            menu.addAction(f"全部{fix_label(finding)}（{len(findings)} 处）",
                           lambda: self.fixAllRequested.emit(findings))
        elif finding.fix is not None:
            menu.addAction(fix_label(finding), lambda: self.fixRequested.emit(finding))
        menu.addAction("忽略此处", lambda: self.ignoreSpotRequested.emit(finding))
        menu.addAction("忽略此规则", lambda: self.ignoreRuleRequested.emit(finding))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()


def choice_html(name: str, detected: bool, reason: str, current: str,
                checklists: list[tuple[str, str]]) -> str:
    """The checklist's name, why it was chosen and (when detected) the other kinds as links:
    one click switches."""
    suffix = "（自动识别）" if detected else ""
    html = f"<b>{escape(name)}</b><span style='color:{palette.MUTED}'>{suffix}</span>"
    if detected and reason:
        html += f"<br><small style='color:{palette.MUTED}'>{escape(reason)}</small>"
    if detected:
        others = [(i, n) for i, n in checklists if n != name and i != current]
        if others:
            links = " · ".join(f"<a href='choose:{escape(i)}'>{escape(n)}</a>" for i, n in others)
            html += f"<br><small>改按：{links}</small>"
    return html


def summary_html(report: Report, counts: dict[Severity, int]) -> str:
    """必备章节 5/5 已写 · 3 项偏少 · 错误 2 · 警告 5 · 提示 1 (the counters tell one story:
    the same counts as the status bar and the list)."""
    required = [s for s in report.sections if s.required]
    written = sum(1 for s in required if s.status != "missing")
    thin = sum(1 for s in report.sections if s.status == "thin")
    colour = palette.SEVERITY[Severity.ERROR] if written < len(required) else palette.GOOD
    parts = [f"必备章节 <b style='color:{colour}'>{written}/{len(required)}</b> 已写"]
    if thin:
        parts.append(f"<b style='color:{palette.SEVERITY[Severity.WARNING]}'>{thin}</b> 项偏少")
    for severity, name in ((Severity.ERROR, "错误"), (Severity.WARNING, "警告"), (Severity.INFO, "提示")):
        count = counts[severity]
        if count or severity is not Severity.INFO:
            color = palette.SEVERITY[severity] if count else palette.MUTED
            parts.append(f"{name} <b style='color:{color}'>{count}</b>")
    return " · ".join(parts)


def set_tip(widget: QWidget, tip: str) -> None:
    """A new tooltip only (setting one sends the widget an event even when unchanged)."""
    if widget.toolTip() != tip:
        widget.setToolTip(tip)
