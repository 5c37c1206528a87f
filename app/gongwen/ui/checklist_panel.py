"""The checklist panel: which checklist, a summary line, the sections (✓ △ ✗) and the
findings grouped by category. Updates happen in place, so scroll position, selection and
expanded groups survive every re-audit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..catalog import Catalog
from ..core.model import CATEGORIES, Finding, Report, SectionStatus, Severity
from . import palette
from .screen_fit import scroll_when_short
from .settings import AUTO
from .view_model import GROUP_ORDER, finding_key, fix_label


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

    def __init__(self, status: SectionStatus):
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setObjectName("sectionRow")
        self.show_status(status)

    def show_status(self, status: SectionStatus) -> None:
        """Show ``status`` (an unchanged text leaves the label as it is: no relayout)."""
        self.status = status
        self.setText(section_html(status))
        self.setToolTip(status.hint)
        if status.paragraph is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(self.status)
        super().mousePressEvent(event)


def _small(html: str, color: str) -> str:
    return f"<span style='color:{color};font-size:small'>{html}</span>"


def section_html(status: SectionStatus) -> str:
    mark, color = palette.STATUS.get(status.status, palette.UNKNOWN_STATUS)
    kind = "必备" if status.required else "建议"
    html = (f"<span style='color:{color};font-weight:bold'>{mark}</span>&nbsp;"
            f"{escape(status.title)}&nbsp;{_small(kind, palette.MUTED)}")
    if status.status == "thin":
        html += f"&nbsp;{_small(f'偏少（{status.chars} 字）', palette.SEVERITY[Severity.WARNING])}"
    if status.status == "missing" and status.hint:  # thin ones keep theirs in the tooltip
        html += f"<br>{_small(escape(status.hint), palette.SECONDARY)}"
    return html


class ChecklistPanel(QWidget):
    findingActivated = Signal(object)  # Finding
    fixRequested = Signal(object)
    ignoreSpotRequested = Signal(object)
    ignoreRuleRequested = Signal(object)
    sectionActivated = Signal(int)  # paragraph index
    checklistChosen = Signal(str)  # checklist id, "" = auto

    def __init__(self, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checklistPanel")
        self.sections: list[SectionStatus] = []
        self.findings: dict[str, list[Finding]] = {c: [] for c in GROUP_ORDER}
        self._looks: dict[str, list[tuple]] = {c: [] for c in GROUP_ORDER}  # row_look of findings
        self._icons = {s: dot_icon(c) for s, c in palette.SEVERITY.items()}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        self._build_header(layout, catalog)
        layout.addWidget(scroll_when_short(self._build_sections()))  # short screens: it scrolls
        layout.addWidget(self._build_tree(), 1)
        layout.addLayout(self._build_buttons())
        self._update_buttons()

    # ------------------------------------------------------------ building
    def _build_header(self, layout: QVBoxLayout, catalog: Catalog) -> None:
        self.name_label = QLabel("检查清单")
        self.name_label.setObjectName("checklistName")
        self.name_label.setWordWrap(True)  # the reason for the choice may be long
        self.combo = QComboBox()
        self.combo.setToolTip("选择检查清单（默认按标题自动识别）")
        self.combo.activated.connect(lambda _i: self.checklistChosen.emit(self.combo.currentData()))
        self.summary = QLabel("检查中…")
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
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
        self._sections_layout.setContentsMargins(0, 0, 0, 0)
        self._sections_layout.setSpacing(3)
        caption = QLabel("章节")
        caption.setObjectName("caption")
        self._sections_layout.addWidget(caption)
        self._sections_layout.addStretch(1)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return box

    def _build_tree(self) -> QWidget:
        self.tree = QTreeWidget()
        self.tree.setObjectName("findingTree")
        self.tree.setMinimumHeight(160)
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(QSize(10, 10))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # a fixed width: ResizeToContents measures every row whenever one changes
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.header().resizeSection(1, self.tree.fontMetrics().horizontalAdvance("第 8888 段") + 12)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.groups: dict[str, QTreeWidgetItem] = {}
        for category in GROUP_ORDER:
            group = QTreeWidgetItem(self.tree, [CATEGORIES[category], ""])
            group.setFirstColumnSpanned(False)
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
        self.fix_button = QPushButton("修正")
        self.fix_button.setObjectName("fixButton")
        self.spot_button = QPushButton("忽略此处")
        self.rule_button = QPushButton("忽略此规则")
        self.fix_button.clicked.connect(lambda: self._emit_selected(self.fixRequested))
        self.spot_button.clicked.connect(lambda: self._emit_selected(self.ignoreSpotRequested))
        self.rule_button.clicked.connect(lambda: self._emit_selected(self.ignoreRuleRequested))
        for button in (self.fix_button, self.spot_button, self.rule_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(button)
        return row

    def set_catalog(self, catalog: Catalog) -> None:
        current = self.combo.currentData() if self.combo.count() else AUTO
        self.combo.clear()
        self.combo.addItem("自动识别（按标题）", AUTO)
        for checklist in catalog.checklists.values():
            self.combo.addItem(checklist.name, checklist.id)
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

    # ------------------------------------------------------------ updates
    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_report(self, report: Report, checklist_name: str, detected: bool,
                    groups: dict[str, tuple[int, list[Finding]]], counts: dict[Severity, int],
                    looks: dict[str, list[tuple]], reason: str = "") -> None:
        """``groups`` (``panel_groups``), ``counts`` and ``looks`` (``group_looks`` of
        ``groups``) come precomputed from the worker (``view_model``); ``reason`` says why
        the checklist was chosen (``Choice.reason``)."""
        suffix = "（自动识别）" if detected else ""
        why = f"<br><small>{escape(reason)}</small>" if detected and reason else ""
        self.name_label.setText(f"<b>{escape(checklist_name)}</b>"
                                f"<span style='color:{palette.MUTED}'>{suffix}{why}</span>")
        self.name_label.setToolTip("可在下方下拉框中改选清单" if detected else "")
        self.summary.setText(summary_html(report, counts))
        self._update_sections(report.sections)
        self._update_findings(groups, looks)
        self._update_buttons()

    def _update_sections(self, sections: list[SectionStatus]) -> None:
        if sections == self.sections:
            return
        self.sections = list(sections)
        layout = self._sections_layout
        rows = [layout.itemAt(i).widget() for i in range(1, layout.count() - 1)]  # between
        for index, status in enumerate(sections):  # the caption and the stretch
            if index < len(rows):
                rows[index].show_status(status)  # typing changes a section's 字 count only
            else:
                row = SectionRow(status)
                row.clicked.connect(self._section_clicked)
                layout.insertWidget(1 + index, row)
        for row in rows[len(sections):]:
            layout.removeWidget(row)
            row.hide()
            row.deleteLater()

    def _section_clicked(self, status: SectionStatus) -> None:
        if status.paragraph is not None:
            self.sectionActivated.emit(status.paragraph)

    def _update_findings(self, groups: dict[str, tuple[int, list[Finding]]],
                         looks: dict[str, list[tuple]]) -> None:
        selected = self.selected_finding()
        scroll = self.tree.verticalScrollBar().value()
        self.tree.blockSignals(True)
        try:
            for category in GROUP_ORDER:
                total, items = groups.get(category, (0, []))
                self._fill_group(category, total, items, looks.get(category, []))
            empty = not any(groups.get(c, (0,))[0] for c in GROUP_ORDER)
            if self.empty.isHidden() == empty:
                self.empty.setHidden(not empty)
            if selected is not None:
                self._reselect(selected)
        finally:
            self.tree.blockSignals(False)
        self.tree.verticalScrollBar().setValue(scroll)

    def _fill_group(self, category: str, total: int, items: list[Finding], looks: list[tuple]) -> None:
        """Show ``items`` (the first of ``total`` findings; ``looks`` their ``row_look``),
        touching only changed rows."""
        group = self.groups[category]
        old = self._looks[category]
        self.findings[category], self._looks[category] = items, looks
        if group.text(1) != str(total):
            group.setText(1, str(total))
        if group.isHidden() != (not total):
            group.setHidden(not total)
        if looks != old:  # one C-speed comparison while typing leaves the group's rows as they are
            self._describe_changed(group, items, looks, old)
        more = total - len(items)
        while group.childCount() > len(items) + (1 if more else 0):
            group.removeChild(group.child(group.childCount() - 1))
        if more:
            if group.childCount() == len(items):
                QTreeWidgetItem(group).setForeground(0, QColor(palette.MUTED))
            text = f"……另有 {more} 处（处理上面的问题后显示）"
            if group.child(len(items)).text(0) != text:
                group.child(len(items)).setText(0, text)

    def _describe_changed(self, group: QTreeWidgetItem, items: list[Finding], looks: list[tuple],
                          old: list[tuple]) -> None:
        for index, finding in enumerate(items):
            if index < group.childCount():
                if index < len(old) and old[index] == looks[index]:
                    continue
                item = group.child(index)
            else:
                item = QTreeWidgetItem(group)
            self._describe(item, finding)

    def _describe(self, item: QTreeWidgetItem, finding: Finding) -> None:
        item.setIcon(0, self._icons[finding.severity])
        item.setText(0, finding.message)
        item.setText(1, f"第 {finding.paragraph + 1} 段")
        item.setForeground(1, QColor(palette.MUTED))
        tip = f"{finding.severity.chinese}：{finding.message}"
        if finding.fix is not None:
            tip += f"\n可修正：{fix_label(finding)}（双击）"
        item.setToolTip(0, tip)

    def _reselect(self, wanted: Finding) -> None:
        current = self.selected_finding()
        if current is not None and finding_key(current) == finding_key(wanted):
            return
        items = self.findings.get(wanted.category, [])
        same = [i for i, f in enumerate(items) if (f.rule, f.text) == (wanted.rule, wanted.text)]
        if not same:
            return
        best = min(same, key=lambda i: (abs(items[i].paragraph - wanted.paragraph),
                                        abs(items[i].start - wanted.start)))
        self.tree.setCurrentItem(self.groups[wanted.category].child(best))

    # ------------------------------------------------------------ selection and actions
    def finding_of(self, item: QTreeWidgetItem | None) -> Finding | None:
        if item is None or item.parent() is None:
            return None
        category = next((c for c, g in self.groups.items() if g is item.parent()), None)
        if category is None:
            return None
        index = item.parent().indexOfChild(item)
        items = self.findings[category]
        return items[index] if 0 <= index < len(items) else None

    def selected_finding(self) -> Finding | None:
        return self.finding_of(self.tree.currentItem())

    def item_of(self, finding: Finding) -> QTreeWidgetItem | None:
        items = self.findings.get(finding.category, [])
        if finding in items:
            return self.groups[finding.category].child(items.index(finding))
        return None

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = self.finding_of(item)
        if finding is not None:
            self.findingActivated.emit(finding)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = self.finding_of(item)
        if finding is not None and finding.fix is not None:
            self.fixRequested.emit(finding)

    def _emit_selected(self, signal) -> None:
        finding = self.selected_finding()
        if finding is not None:
            signal.emit(finding)

    def _update_buttons(self) -> None:
        finding = self.selected_finding()
        self.fix_button.setEnabled(finding is not None and finding.fix is not None)
        self.fix_button.setText(fix_label(finding) if finding and finding.fix is not None else "修正")
        self.spot_button.setEnabled(finding is not None)
        self.rule_button.setEnabled(finding is not None)

    def _context_menu(self, point) -> None:
        finding = self.finding_of(self.tree.itemAt(point))
        if finding is None:
            return
        menu = QMenu(self)
        if finding.fix is not None:
            menu.addAction(fix_label(finding), lambda: self.fixRequested.emit(finding))
        menu.addAction("忽略此处", lambda: self.ignoreSpotRequested.emit(finding))
        menu.addAction("忽略此规则", lambda: self.ignoreRuleRequested.emit(finding))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()


def summary_html(report: Report, counts: dict[Severity, int]) -> str:
    required = [s for s in report.sections if s.required]
    done = sum(1 for s in required if s.status != "missing")
    parts = [f"必备章节 <b>{done}/{len(required)}</b>"]
    for severity, name in ((Severity.ERROR, "错误"), (Severity.WARNING, "警告"), (Severity.INFO, "提示")):
        count = counts[severity]
        if count or severity is not Severity.INFO:
            color = palette.SEVERITY[severity] if count else palette.MUTED
            parts.append(f"{name} <b style='color:{color}'>{count}</b>")
    return " · ".join(parts)
