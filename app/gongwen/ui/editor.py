"""The draft editor: a QPlainTextEdit with a CJK font, underlined findings, tooltips, a
context menu offering each finding's fix, and fixes applied through QTextCursor (so each
fix, or a batch of them, is one undo step)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QMenu, QPlainTextDocumentLayout, QPlainTextEdit, QToolTip, QWidget

from ..core.fixes import apply_fixes as fixed_text
from ..core.fixes import removes_paragraph, select_fixes
from ..core.model import Finding
from . import palette
from .block_layout import BlockUpdateLayout, changed_blocks
from .highlighter import FindingHighlighter, block_marks
from .positions import from_utf16, span_to_utf16
from .view_model import Mark, fix_label, located

FONT_CANDIDATES = ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "Songti SC", "SimSun", "宋体",
                   "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")
PARAGRAPH_SEPARATOR = "\u2029"


@dataclass(frozen=True, slots=True)
class _Edit:
    """One paragraph's new text, as core.fixes computed it; ``start``/``end`` (code points
    of the old text) bound the part that changes, ``replace_with`` is what goes there."""

    paragraph: int
    old: str
    new: str
    count: int  # fixes applied
    removes_block: bool  # junk deleted as a whole paragraph: the line goes too

    @property
    def start(self) -> int:
        return _common_length(self.old, self.new)

    @property
    def end(self) -> int:
        start = self.start
        return len(self.old) - _common_length(self.old[start:][::-1], self.new[start:][::-1])

    @property
    def replace_with(self) -> str:
        return self.new[self.start:len(self.new) - (len(self.old) - self.end)]


def pick_cjk_family() -> str:
    available = set(QFontDatabase.families())
    return next((f for f in FONT_CANDIDATES if f in available), QFont().family())


def _common_length(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


class DraftEditor(QPlainTextEdit):
    layout_class: type[QPlainTextDocumentLayout] = BlockUpdateLayout  # tests compare Qt's own
    fixApplied = Signal(object)  # Finding
    ignoreSpotRequested = Signal(object)
    ignoreRuleRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None, point_size: int = 14):
        super().__init__(parent)
        self.setObjectName("draftEditor")
        document = QTextDocument(self)
        # typing repaints one paragraph; the reference keeps the Python override alive (Qt
        # owns the layout, but without it the wrapper is collected and Qt calls a dead one)
        self._layout = self.layout_class(document)
        document.setDocumentLayout(self._layout)
        self.setDocument(document)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(18)
        self.highlighter = FindingHighlighter(self.document())
        self._texts: list[str] | None = None  # block texts, kept up to date while typing
        self._text_blocks = 0
        self.document().contentsChange.connect(self._track_texts)
        self.set_point_size(point_size)
        self.setCursorWidth(2)

    # ------------------------------------------------------------ look
    def set_point_size(self, size: int) -> None:
        font = QFont(pick_cjk_family())
        font.setPointSize(size)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        self.setFont(font)
        self.highlighter.base_point_size = float(size)
        title = next((b for b in self._blocks() if (d := block_marks(b)) and d.title), None)
        if title is not None:
            self.highlighter.rehighlightBlock(title)

    def point_size(self) -> int:
        return self.font().pointSize()

    def _blocks(self):
        block = self.document().firstBlock()
        while block.isValid():
            yield block
            block = block.next()

    # ------------------------------------------------------------ text
    def block_texts(self) -> list[str]:
        """The text of every block (a new list). Typing within a paragraph updates that
        paragraph only: no copy of the whole document on the UI thread per keystroke."""
        document = self.document()
        if self._texts is None or self._text_blocks != document.blockCount():
            self._texts = document.toRawText().split(PARAGRAPH_SEPARATOR)
            self._text_blocks = len(self._texts)
        return list(self._texts)

    def _track_texts(self, position: int, _removed: int, added: int) -> None:
        if self._texts is None:
            return
        document = self.document()
        # the same number of blocks: only the blocks the change reaches have new texts (an
        # input method's commit reports its whole block, reaching the next one)
        blocks = changed_blocks(document, position, added) \
            if document.blockCount() == self._text_blocks else None
        if blocks is None:
            self._texts = None
            return
        for block in blocks:
            self._texts[block.blockNumber()] = block.text()

    def finding_cursor(self, finding: Finding) -> QTextCursor | None:
        """A cursor selecting the finding's characters, or None if the text there changed."""
        block = self.document().findBlockByNumber(finding.paragraph)
        if not block.isValid():
            return None
        text = block.text()
        if text[finding.start:finding.end] != finding.text:
            return None
        start16, end16 = span_to_utf16(text, finding.start, finding.end)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start16)
        cursor.setPosition(block.position() + end16, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def select_finding(self, finding: Finding) -> bool:
        cursor = self.finding_cursor(finding)
        if cursor is None:
            return False
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()
        return True

    def goto_paragraph(self, index: int) -> None:
        block = self.document().findBlockByNumber(index)
        if block.isValid():
            self.setTextCursor(QTextCursor(block))
            self.centerCursor()
            self.setFocus()

    # ------------------------------------------------------------ fixes
    def apply_fix(self, finding: Finding) -> bool:
        """Apply one finding's fix (one undo step); False when the text there changed."""
        applied = self._apply_edits(self._paragraph_edits([finding]))
        if not applied:
            return False
        self.fixApplied.emit(finding)
        return True

    def apply_fixes(self, findings: list[Finding]) -> int:
        """Apply every applicable fix as one undo step; the number applied.

        The one fix engine the exporter uses too (``core.fixes``) decides each paragraph's
        new text: overlaps resolved, stale findings skipped, right to left. Each changed
        paragraph is then replaced in the editor (only its changed span), paragraphs last
        first, so no edit moves a position another edit still needs."""
        return self._apply_edits(self._paragraph_edits(findings))

    def _paragraph_edits(self, findings: list[Finding]) -> list[_Edit]:
        by_paragraph: dict[int, list[Finding]] = {}
        for finding in findings:
            if finding.fix is not None:
                by_paragraph.setdefault(finding.paragraph, []).append(finding)
        document = self.document()
        edits = []
        for index, items in by_paragraph.items():
            block = document.findBlockByNumber(index)
            if not block.isValid():
                continue
            text = block.text()
            chosen = select_fixes(text, items)
            if chosen:
                whole = any(removes_paragraph(text, f) for f in chosen)
                edits.append(_Edit(index, text, fixed_text(text, chosen), len(chosen), whole))
        return sorted(edits, key=lambda e: e.paragraph, reverse=True)

    def _apply_edits(self, edits: list[_Edit]) -> int:
        """Replace the paragraphs' texts inside one edit block (one undo step); the cursor
        ends after the last (first in the text) replacement. Each cursor is made just
        before its own edit: a cursor made earlier would have been moved by the others."""
        if not edits:
            return 0
        document = self.document()
        edit = QTextCursor(document)
        edit.beginEditBlock()
        cursor = None
        try:
            for item in edits:
                block = document.findBlockByNumber(item.paragraph)
                cursor = self._paragraph_cursor(block, item)
                cursor.insertText("" if item.removes_block else item.replace_with)
        finally:
            edit.endEditBlock()
        if cursor is not None:
            self.setTextCursor(cursor)
        return sum(e.count for e in edits)

    @staticmethod
    def _paragraph_cursor(block, item: _Edit) -> QTextCursor:
        """A cursor over the part of ``block`` the edit changes; a paragraph deleted as a
        whole (junk) takes its paragraph break with it."""
        cursor = QTextCursor(block)
        if item.removes_block:
            if block.next().isValid():
                cursor.setPosition(block.next().position(), QTextCursor.MoveMode.KeepAnchor)
            elif block.previous().isValid():
                cursor.setPosition(block.previous().position() + block.previous().length() - 1)
                cursor.setPosition(block.position() + block.length() - 1,
                                   QTextCursor.MoveMode.KeepAnchor)
            else:
                cursor.setPosition(block.position() + block.length() - 1,
                                   QTextCursor.MoveMode.KeepAnchor)
            return cursor
        start16, end16 = span_to_utf16(item.old, item.start, item.end)
        cursor.setPosition(block.position() + start16)
        cursor.setPosition(block.position() + end16, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # ------------------------------------------------------------ marks under a point
    def mark_at(self, cursor: QTextCursor) -> Mark | None:
        """The most severe mark at the cursor, its finding numbered with the cursor's block."""
        block = cursor.block()
        data = block_marks(block)
        if data is None:
            return None
        text = block.text()
        offset = from_utf16(text, cursor.positionInBlock())
        hits = [m for m in data.marks if m.start <= offset <= m.end and m.valid_in(text)]
        best = max(hits, key=lambda m: (m.finding.severity, m.start), default=None)
        return None if best is None else located(best, block.blockNumber())

    def finding_under_cursor(self) -> Finding | None:
        mark = self.mark_at(self.textCursor())
        return mark.finding if mark else None

    def fix_at_cursor(self) -> bool:
        finding = self.finding_under_cursor()
        return bool(finding and finding.fix is not None and self.apply_fix(finding))

    def _mark_at_point(self, point: QPoint) -> Mark | None:
        cursor = self.cursorForPosition(point)
        mark = self.mark_at(cursor)
        if mark is None:
            return None
        # cursorForPosition gives the nearest gap: accept only points over the mark itself
        start16 = cursor.positionInBlock()
        return mark if mark.start16 <= start16 <= mark.end16 else None

    # ------------------------------------------------------------ events
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            mark = self._mark_at_point(event.pos())
            if mark is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), tooltip_html(mark.finding), self.viewport())
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        mark = self._mark_at_point(event.pos())
        if mark is not None:
            self._add_finding_actions(menu, mark.finding)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _add_finding_actions(self, menu: QMenu, finding: Finding) -> None:
        first = menu.actions()[0] if menu.actions() else None
        actions = []
        if finding.fix is not None:
            fix = menu.addAction(fix_label(finding))
            fix.triggered.connect(lambda: self.apply_fix(finding))
            actions.append(fix)
        spot = menu.addAction("忽略此处")
        spot.triggered.connect(lambda: self.ignoreSpotRequested.emit(finding))
        rule = menu.addAction("忽略此规则")
        rule.triggered.connect(lambda: self.ignoreRuleRequested.emit(finding))
        actions += [spot, rule]
        for action in actions:
            menu.removeAction(action)
        if first is not None:
            menu.insertActions(first, actions)
            menu.insertSeparator(first)
        else:
            menu.addActions(actions)


def tooltip_html(finding: Finding) -> str:
    from html import escape

    colour = palette.SEVERITY[finding.severity]
    html = (f"<b style='color:{colour}'>{finding.severity.chinese}</b>&nbsp;"
            f"{escape(finding.message)}")
    if finding.fix is not None:
        html += (f"<br><span style='color:{palette.GOOD}'>可修正：{escape(fix_label(finding))}"
                 "（Ctrl+.）</span>")
    return f"<div style='max-width:360px'>{html}</div>"
