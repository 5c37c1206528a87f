"""Two reports side by side with their shared passages highlighted (the reviewer's desk),
and the editor's 检查 ▸ 与往年报告比对… (pick last year's report, get the recycled passages
as findings)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Finding
from ..core.review import EarlierCheck
from ..core.review_settings import ReviewSettings
from ..core.similarity import Pair, Passage
from . import dialogs
from .positions import to_utf16

SHARED = QColor("#fff1a8")  # every shared passage
CURRENT = QColor("#ffb74d")  # the passage jumped to
EARLIER_FILTER = "往年报告 (*.docx *.txt);;所有文件 (*)"


def _text_for_blocks(paragraphs: Sequence[str]) -> str:
    """One block per paragraph: a line break inside a paragraph (a .docx w:br) becomes a
    space of the same length, so offsets stay valid."""
    return "\n".join(p.replace("\n", " ").replace("\r", " ").replace("\u2029", " ")
                     for p in paragraphs)


class ReportText(QTextEdit):
    """A read-only report, one block per paragraph, with passages marked. (A QTextEdit,
    not a QPlainTextEdit: only it spaces paragraphs apart.)"""

    def __init__(self, paragraphs: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setObjectName("comparisonText")
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.paragraphs = list(paragraphs)
        self.setPlainText(_text_for_blocks(self.paragraphs))
        font = self.font()
        font.setPointSize(12)
        self.setFont(font)
        self._space_paragraphs()

    def _space_paragraphs(self) -> None:
        """A little space after each paragraph: two reports of solid text are hard to follow."""
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        spacing = QTextBlockFormat()
        spacing.setBottomMargin(6)
        cursor.mergeBlockFormat(spacing)

    def cursor_for(self, paragraph: int, start: int, end: int) -> QTextCursor:
        block = self.document().findBlockByNumber(paragraph)
        text = self.paragraphs[paragraph] if paragraph < len(self.paragraphs) else ""
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + to_utf16(text, start))
        cursor.setPosition(block.position() + to_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def mark(self, spans: list[tuple[int, int, int]], current: list[tuple[int, int, int]]) -> None:
        """Highlight ``spans`` (paragraph, start, end); ``current`` in the stronger colour."""
        selections = []
        for group, colour in ((spans, SHARED), (current, CURRENT)):
            for paragraph, start, end in group:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self.cursor_for(paragraph, start, end)
                fmt = QTextCharFormat()
                fmt.setBackground(colour)
                selection.format = fmt
                selections.append(selection)
        self.setExtraSelections(selections)

    def show_span(self, paragraph: int, start: int, end: int) -> None:
        """Put the caret at the span's start and scroll it to the middle."""
        cursor = self.cursor_for(paragraph, start, end)
        cursor.setPosition(cursor.selectionStart())
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 3)


class ComparisonView(QWidget):
    """Report a (left) and report b (right); 上一处 / 下一处 step through the passages and
    scroll both sides to the passage."""

    passageShown = Signal(int)  # index of the passage now current

    def __init__(self, pair: Pair, a_paragraphs: Sequence[str], b_paragraphs: Sequence[str],
                 a_label: str, b_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparisonView")
        self.pair = pair
        self.passages: list[Passage] = list(pair.passages)
        self.current = -1
        self.a_text = ReportText(a_paragraphs)
        self.b_text = ReportText(b_paragraphs)
        self.share_label = QLabel(self._share_text())
        self.share_label.setObjectName("comparisonShare")
        self.where_label = QLabel("")
        self.previous_button = QPushButton("上一处")
        self.next_button = QPushButton("下一处")
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self._build(a_label, b_label)
        self.a_text.mark(self._spans("a"), [])
        self.b_text.mark(self._spans("b"), [])
        if self.passages:
            self.show_passage(0)
        self._update_buttons()

    def _build(self, a_label: str, b_label: str) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.share_label)
        bar.addStretch(1)
        bar.addWidget(self.where_label)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for label, text in ((a_label, self.a_text), (b_label, self.b_text)):
            side = QWidget()
            column = QVBoxLayout(side)
            column.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(label)
            caption.setObjectName("caption")
            caption.setWordWrap(True)
            column.addWidget(caption)
            column.addWidget(text, 1)
            splitter.addWidget(side)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _share_text(self) -> str:
        count = len(self.passages)
        if not count:
            return "没有重复段落"
        return (f"重复比例 {self.pair.share:.0%}（较短一份中出现在另一份的比例）· 共 {count} 处重复")

    def _spans(self, side: str, passages: list[Passage] | None = None) -> list[tuple[int, int, int]]:
        spans = []
        for passage in self.passages if passages is None else passages:
            paragraph = passage.a_paragraph if side == "a" else passage.b_paragraph
            for span in passage.spans:
                if side == "a":
                    spans.append((paragraph, span.a_start, span.a_end))
                else:
                    spans.append((paragraph, span.b_start, span.b_end))
        return spans

    def show_passage(self, index: int) -> None:
        if not self.passages:
            return
        self.current = max(0, min(index, len(self.passages) - 1))
        passage = self.passages[self.current]
        for side, text in (("a", self.a_text), ("b", self.b_text)):
            current = self._spans(side, [passage])
            text.mark(self._spans(side), current)
            text.show_span(*current[0])
        self.where_label.setText(f"第 {self.current + 1} / {len(self.passages)} 处：甲第 "
                                 f"{passage.a_paragraph + 1} 段 ↔ 乙第 {passage.b_paragraph + 1} 段")
        self._update_buttons()
        self.passageShown.emit(self.current)

    def show_next(self) -> None:
        self.show_passage(self.current + 1)

    def show_previous(self) -> None:
        self.show_passage(self.current - 1)

    def _update_buttons(self) -> None:
        self.previous_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(0 <= self.current < len(self.passages) - 1)


class ComparisonDialog(QDialog):
    def __init__(self, view: ComparisonView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("对比查看重复内容")
        self.view = view
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        self.resize(1300, 820)


# ---------------------------------------------------------------- the editor's comparison


def ask_compare_with_earlier(parent: QWidget, paragraphs: Sequence[str],
                             settings: ReviewSettings | None = None, path: str | None = None
                             ) -> tuple[float, list[Finding], EarlierCheck] | None:
    """检查 ▸ 与往年报告比对…: ask for last year's report (unless ``path`` is given) and
    compare the editor's paragraphs with it. Returns (share of the current text found in
    it, the recycled passages as findings of category "recycled", the EarlierCheck to call
    again after edits), or None when the user cancels or the file cannot be read (the
    error is shown)."""
    from ..formats import FormatError
    from ..review_desk import earlier_check

    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "选择往年的报告", "", EARLIER_FILTER)
        if not path:
            return None
    settings = settings or _settings()
    try:
        check = earlier_check(path, settings)
    except FormatError as error:
        dialogs.show_error(parent, "无法比对", str(error))
        return None
    share, findings = check.check(paragraphs)
    return share, findings, check


def _settings() -> ReviewSettings:
    from ..catalog import load_review_settings

    settings, _problems = load_review_settings()
    return settings


def recycled_notice(share: float) -> str:
    """The checklist panel's line after a comparison, e.g. 与往年报告重复 63 %."""
    return f"与往年报告重复 {share:.0%}" if share else "与往年报告没有重复段落"
