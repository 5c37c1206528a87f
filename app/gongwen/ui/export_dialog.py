"""导出定稿: the one dialog shown before the file name (font scheme, 成文日期, 落款, seal,
punctuation fixes; the errors left, summed up by group with 去修改 each), the refusal
summary alone, and the notice after the export (打开文件 / 打开所在文件夹).

The choices become a ``formats.docx_export.ExportOptions``; the dialog never changes the
draft: punctuation fixes are applied to the exported copy only (``ExportOptions.punctuation``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.fixes import MISSING_RULE, applied_by_export, blocking
from ..core.layout import find_signature
from ..core.model import CATEGORIES, Document, Finding, Report, Severity
from ..core.numerals import arabic_date, chinese_date
from ..formats.docx_export import ExportOptions
from . import palette
from .settings import Settings
from .view_model import GROUP_ORDER

FONT_CHOICES = (("gb2312", "公文字体（方正小标宋简体、仿宋_GB2312、楷体_GB2312、黑体）",
                 "机关电脑常用的公文字体"),
                ("windows", "Windows 自带字体（宋体、仿宋、楷体、黑体）",
                 "电脑上没有 GB2312 字体和方正小标宋时选用，任何 Windows 电脑都能正确显示"))
MISSING = "missing"  # the group of missing required sections


@dataclass(frozen=True, slots=True)
class RefusalGroup:
    """The errors left of one kind: ``占位符 3 处``; ``first`` is where 去修改 goes."""

    key: str  # a finding category, or MISSING
    label: str
    count: int
    unit: str  # 处 (places in the text) or 项 (missing sections)
    first: Finding

    def text(self) -> str:
        return f"{self.label} {self.count} {self.unit}"


def refusal_groups(findings: list[Finding]) -> list[RefusalGroup]:
    """The findings that stop an export, by group in the panel's order (missing sections
    last), each with its first finding in the text."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        key = MISSING if finding.rule == MISSING_RULE else finding.category
        grouped.setdefault(key, []).append(finding)
    order = [*GROUP_ORDER, *sorted(k for k in grouped if k not in GROUP_ORDER and k != MISSING), MISSING]
    groups = []
    for key in order:
        items = grouped.get(key)
        if not items:
            continue
        first = min(items, key=lambda f: (f.paragraph, f.start))
        if key == MISSING:
            groups.append(RefusalGroup(key, "缺少章节", len(items), "项", first))
        else:
            groups.append(RefusalGroup(key, CATEGORIES.get(key, key), len(items), "处", first))
    return groups


def refusal_summary(groups: list[RefusalGroup]) -> str:
    """``占位符 3 处 · 广告残留 1 处 · 缺少章节 1 项``."""
    return " · ".join(group.text() for group in groups)


def date_text(day: dt.date, chinese: bool = False) -> str:
    """成文日期 as GB/T 9704 7.3.5 writes it (Arabic numerals, 月日不编虚位), or in Chinese
    numerals when asked."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return chinese_date(text) if chinese else text


def remembered_options(settings: Settings, unit: str, today: dt.date | None = None) -> ExportOptions:
    """The options the dialog would open with (its remembered choices, today's date): the
    page preview and printing lay the 定稿 out with these, so they show what 导出定稿 gives."""
    day = today or dt.date.today()
    return ExportOptions(fonts=settings.export_fonts, punctuation=settings.export_punctuation,
                         unit=unit if settings.export_signature else "",
                         date=date_text(day) if settings.export_date else "",
                         seal=settings.export_seal, chinese_date=settings.export_chinese_date)


class RefusalSummary(QFrame):
    """还有 N 处错误未处理 and one row per group: ``占位符 3 处 [去修改]``."""

    gotoRequested = Signal(object)  # Finding: the group's first

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("refusalSummary")
        red, pink = palette.SEVERITY[Severity.ERROR], palette.SEVERITY_BACKGROUND[Severity.ERROR]
        self.setStyleSheet(f"QFrame#refusalSummary {{ background: {pink}; border: 1px solid {red};"
                           " border-radius: 4px; }")
        self.buttons: dict[str, QPushButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self._layout.addWidget(self.heading)
        self._rows = QGridLayout()
        self._rows.setColumnStretch(0, 1)
        self._layout.addLayout(self._rows)
        self.groups: list[RefusalGroup] = []

    def show_groups(self, groups: list[RefusalGroup]) -> None:
        self.groups = groups
        while self._rows.count():
            item = self._rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}
        total = sum(g.count for g in groups)
        red = palette.SEVERITY[Severity.ERROR]
        self.heading.setText(f"<b style='color:{red}'>还有 {total} 个错误未处理</b>：导出的定稿会带着它们。")
        for row, group in enumerate(groups):
            label = QLabel(f"· {group.text()}")
            label.setToolTip(group.first.message)
            button = QPushButton("去修改")
            button.setToolTip(f"关闭此窗口，跳到第一处：{group.first.message}")
            button.clicked.connect(lambda _c=False, f=group.first: self.gotoRequested.emit(f))
            self._rows.addWidget(label, row, 0)
            self._rows.addWidget(button, row, 1)
            self.buttons[group.key] = button
        self.setVisible(bool(groups))


@dataclass(frozen=True, slots=True)
class TypedSignature:
    """The 落款 and 成文日期 the writer typed at the end of the draft (texts, "" when none)."""

    unit: str = ""
    date: str = ""


def typed_signature(document: Document) -> TypedSignature:
    facts = find_signature(document)
    at = facts.date if facts.date is not None else facts.chinese_date
    if at is None:
        return TypedSignature()
    unit = document.paragraphs[facts.unit].text.strip() if facts.unit is not None else ""
    return TypedSignature(unit, document.paragraphs[at].text.strip())


class ExportDialog(QDialog):
    """导出定稿: the choices, and the errors left (``仍然导出…`` then). After exec():
    ``options()`` when accepted; ``goto`` is the finding a 去修改 asked for (rejected)."""

    def __init__(self, report: Report, document: Document, unit: str, settings: Settings,
                 today: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出定稿")
        self.report, self.settings = report, settings
        self.goto: Finding | None = None
        self.typed = typed_signature(document)
        self.summary = RefusalSummary()
        self.summary.gotoRequested.connect(self._goto)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self._build_form(unit, today or dt.date.today()))
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        self.setMinimumWidth(560)

    # ------------------------------------------------------------ building
    def _build_form(self, unit: str, today: dt.date) -> QFormLayout:
        settings = self.settings
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fonts = QComboBox()
        for index, (key, label, tip) in enumerate(FONT_CHOICES):
            self.fonts.addItem(label, key)
            self.fonts.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.fonts.setCurrentIndex(max(self.fonts.findData(settings.export_fonts), 0))
        form.addRow("字体：", self.fonts)
        self.typed_note = QLabel("")
        self.typed_note.setWordWrap(True)
        self.typed_note.setStyleSheet(f"color:{palette.SECONDARY}")
        self.signature = QCheckBox("加落款")
        self.signature.setChecked(settings.export_signature or bool(self.typed.unit))
        self.unit = QLineEdit(self.typed.unit or unit)
        self.unit.setPlaceholderText("单位名称（可在“检查 ▸ 单位信息…”中填写）")
        form.addRow("落款：", self._row(self.signature, self.unit))
        self.dated = QCheckBox("加成文日期")
        self.dated.setChecked(settings.export_date or bool(self.typed.date))
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.numerals = QComboBox()
        self.numerals.addItem("阿拉伯数字（GB/T 9704 的规定）", False)
        self.numerals.addItem("汉字数字", True)
        self.numerals.setCurrentIndex(1 if settings.export_chinese_date else 0)
        form.addRow("成文日期：", self._row(self.dated, self.date, self.numerals))
        self.date_preview = QLabel("")
        self.date_preview.setStyleSheet(f"color:{palette.SECONDARY}")
        form.addRow("", self.date_preview)
        form.addRow("", self.typed_note)
        self.seal = QCheckBox("加盖印章（成文日期右空四字，落款居中在日期之上；不盖章时落款右空二字）")
        self.seal.setChecked(settings.export_seal)
        form.addRow("印章：", self.seal)
        fixes = sum(1 for f in self.report.findings if f.category == "punctuation"
                    and applied_by_export(f, True))
        found = f"{fixes} 处" if fixes else "目前没有"
        self.punctuation = QCheckBox(f"修正标点问题（{found}；只改定稿，编辑器中的文稿不变）")
        self.punctuation.setChecked(settings.export_punctuation)
        form.addRow("标点：", self.punctuation)
        for widget in (self.signature, self.dated, self.punctuation):
            widget.toggled.connect(self._update)
        self.numerals.currentIndexChanged.connect(self._update)
        self.date.dateChanged.connect(self._update)
        return form

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        row.addStretch(0 if any(isinstance(w, QLineEdit) for w in widgets) else 1)
        return box

    # ------------------------------------------------------------ state
    def _update(self) -> None:
        typed = self.typed
        self.signature.setEnabled(not typed.unit)
        self.unit.setEnabled(self.signature.isChecked() and not typed.unit)
        self.dated.setEnabled(not typed.date)
        self.date.setEnabled(self.dated.isChecked() and not typed.date)
        shown = self.date_string()
        self.date_preview.setText(f"定稿中写作：{shown}" if shown else "定稿不写成文日期")
        if typed.date:
            what = f"落款“{typed.unit}”和日期“{typed.date}”" if typed.unit else f"日期“{typed.date}”"
            self.typed_note.setText(f"文末已写有{what}：定稿使用它们，按 GB/T 9704 排版，不再另加。")
        self.typed_note.setVisible(bool(typed.date))
        self.numerals.setEnabled(bool(shown) or bool(typed.date))
        self.remaining = blocking(self.report, self.punctuation.isChecked())
        self.summary.show_groups(refusal_groups(self.remaining))
        self.export_button.setText("仍然导出…" if self.remaining else "导出…")
        # Enter exports a clean draft; with errors left it does not export by accident
        self.export_button.setDefault(not self.remaining)
        self.cancel_button.setDefault(bool(self.remaining))
        self.adjustSize()

    def date_string(self) -> str:
        """The 成文日期 as the 定稿 writes it ("" when none)."""
        chinese = bool(self.numerals.currentData())
        if self.typed.date:
            return chinese_date(arabic_date(self.typed.date)) if chinese else arabic_date(self.typed.date)
        if not self.dated.isChecked():
            return ""
        day = self.date.date()
        return date_text(dt.date(day.year(), day.month(), day.day()), chinese)

    def options(self) -> ExportOptions:
        """What the export is asked to do (``force`` when errors are left: 仍然导出)."""
        unit = self.unit.text().strip() if self.signature.isChecked() and not self.typed.unit else ""
        date = ""
        if self.dated.isChecked() and not self.typed.date:
            day = self.date.date()
            date = date_text(dt.date(day.year(), day.month(), day.day()))
        return ExportOptions(fonts=self.fonts.currentData(), punctuation=self.punctuation.isChecked(),
                             unit=unit, date=date, force=bool(self.remaining), seal=self.seal.isChecked(),
                             chinese_date=bool(self.numerals.currentData()))

    def remember(self) -> None:
        """The choices come back next time (the date does not: it is today's)."""
        settings = self.settings
        settings.export_fonts = self.fonts.currentData()
        settings.export_seal = self.seal.isChecked()
        settings.export_punctuation = self.punctuation.isChecked()
        settings.export_chinese_date = bool(self.numerals.currentData())
        if not self.typed.unit:
            settings.export_signature = self.signature.isChecked()
        if not self.typed.date:
            settings.export_date = self.dated.isChecked()

    def _goto(self, finding: Finding) -> None:
        self.goto = finding
        self.reject()


class RefusalDialog(QDialog):
    """The errors left, by group: 去修改 (``goto`` set) / 仍然导出 (accepted) / 取消."""

    def __init__(self, findings: list[Finding], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("还有错误未处理")
        self.goto: Finding | None = None
        self.summary = RefusalSummary()
        self.summary.show_groups(refusal_groups(findings))
        self.summary.gotoRequested.connect(self._goto)
        buttons = QDialogButtonBox()
        self.force_button = buttons.addButton("仍然导出", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _goto(self, finding: Finding) -> None:
        self.goto = finding
        self.reject()


OPEN_FILE, OPEN_FOLDER = "file", "folder"


def ask_after_export(parent: QWidget, path: str) -> str | None:
    """已导出定稿: 打开文件 / 打开所在文件夹 / 关闭 → OPEN_FILE / OPEN_FOLDER / None."""
    box = QMessageBox(QMessageBox.Icon.Information, "已导出定稿",
                      f"定稿已保存为：\n{path}", QMessageBox.StandardButton.NoButton, parent)
    role = QMessageBox.ButtonRole
    choices = {box.addButton("打开文件", role.AcceptRole): OPEN_FILE,
               box.addButton("打开所在文件夹", role.ActionRole): OPEN_FOLDER}
    close = box.addButton("关闭", role.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
    return choices.get(box.clickedButton())


def open_local(path: str | Path) -> bool:
    """Open a local file or folder with the desktop's program for it (a file URL: no
    network is involved)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve())))
