"""The draft editor: a QPlainTextEdit with a CJK font, underlined findings, tooltips, a
context menu offering each finding's fix, and fixes applied through QTextCursor (so each
fix, or a batch of them, is one undo step); a gutter with the paragraph numbers the
findings' 第N段 use (blank lines are not counted), and a 公文 view (the body in the official
font with first-line indents, the title centred: ``page_view_layout``)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPainter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextDocumentLayout, QPlainTextEdit, QToolTip, QWidget

from ..core.fixes import apply_fixes as fixed_text
from ..core.fixes import removes_paragraph, select_fixes
from ..core.model import Finding
from . import palette
from .block_layout import BlockUpdateLayout, changed_blocks
from .highlighter import FindingHighlighter, block_marks
from .page_view_layout import CENTRE, INDENT, PageViewLayout
from .positions import from_utf16, span_to_utf16
from .view_model import Mark, fix_label, located, visible_numbers

FONT_CANDIDATES = ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "Songti SC", "SimSun", "宋体",
                   "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")
# the 公文 view: 仿宋 (or what stands in for it) for the body
OFFICIAL_CANDIDATES = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋", *FONT_CANDIDATES)
PARAGRAPH_SEPARATOR = "\u2029"
# what else QTextCursor.insertText takes for a block break (besides "\n")
OTHER_SEPARATORS = ("\r", PARAGRAPH_SEPARATOR, "\ufdd0", "\ufdd1")


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


def pick_cjk_family(candidates: tuple[str, ...] = FONT_CANDIDATES) -> str:
    available = set(QFontDatabase.families())
    return next((f for f in candidates if f in available), QFont().family())


class NumberGutter(QWidget):
    """Paragraph numbers beside the editor, counted as the findings' 第N段 count them: the
    paragraphs with text (a blank line has none)."""

    def __init__(self, editor: DraftEditor):
        super().__init__(editor)
        self.editor = editor
        self.setObjectName("numberGutter")
        self.numbers: list[int] | None = None  # from the last result, when it still fits
        self.painted_blocks = -1  # the editor's block count when the gutter was last painted

    def sizeHint(self) -> QSize:
        return QSize(self.width_needed(), 0)

    def width_needed(self) -> int:
        digits = len(str(max(self.editor.blockCount(), 99)))
        return 14 + self.fontMetrics().horizontalAdvance("8") * digits

    def current_numbers(self) -> list[int]:
        """第N段 numbers of the blocks; while a huge text goes in, those of the part in
        already (appending does not change them; the rest are drawn without numbers till
        the audit's come: no copy of the whole text out of Qt for each piece)."""
        count = self.editor.blockCount()
        if self.numbers is not None and (len(self.numbers) == count or (
                self.editor.loading() and len(self.numbers) <= count)):
            return self.numbers
        self.numbers = visible_numbers(self.editor.texts_so_far())
        return self.numbers

    def paintEvent(self, event) -> None:
        self.painted_blocks = self.editor.blockCount()
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(palette.GUTTER_BACKGROUND))
        painter.setPen(QColor(palette.MUTED))
        editor = self.editor
        numbers = self.current_numbers()
        area = event.rect()
        block = editor.cursorForPosition(QPoint(0, area.top())).block()  # a keystroke: its line only
        if not block.isValid() or block.blockNumber() < editor.firstVisibleBlock().blockNumber():
            block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        metrics = self.fontMetrics()
        while block.isValid():
            geometry = editor.blockBoundingGeometry(block).translated(offset)
            top = geometry.top()
            if top > area.bottom():
                break
            if geometry.bottom() < area.top():  # above the part to repaint (a keystroke's line)
                block = block.next()
                continue
            number = numbers[block.blockNumber()] if block.blockNumber() < len(numbers) else 0
            if number and block.isVisible():
                line = block.layout().lineAt(0) if block.layout().lineCount() else None
                baseline = top + (line.y() + line.ascent() if line is not None else metrics.ascent())
                text = str(number)
                x = self.width() - 6 - metrics.horizontalAdvance(text)
                painter.drawText(int(x), int(baseline), text)
            block = block.next()
        painter.end()


def _common_length(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


LOAD_PIECE_CHARS = 300_000  # a piece of a huge text put in one event (about 10 ms)


def text_pieces(text: str, size: int) -> list[str]:
    """``text`` cut at line ends into pieces of about ``size`` characters; "\n".join of
    them is the text again."""
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.find("\n", start + size)
        if cut < 0:
            break
        pieces.append(text[start:cut])
        start = cut + 1
    pieces.append(text[start:])
    return pieces


@dataclass(slots=True)
class PiecewiseLoad:
    text: str
    pieces: deque[str]
    done: Callable[[], None]
    read_only: bool  # the editor's, given back at the end


class DraftEditor(QPlainTextEdit):
    layout_class: type[QPlainTextDocumentLayout] = PageViewLayout  # tests compare Qt's own
    fixApplied = Signal(object)  # Finding
    ignoreSpotRequested = Signal(object)
    ignoreRuleRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None, point_size: float = 14):
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
        self.highlighter.shown_blocks = self.shown_blocks
        self._texts: list[str] | None = None  # block texts, kept up to date while typing
        self._text_blocks = 0
        self._load: PiecewiseLoad | None = None  # a huge text going in a piece an event
        self.document().contentsChange.connect(self._track_texts)
        self.official = False  # the 公文 view
        self.gutter = NumberGutter(self)
        self.gutter.hide()
        self.blockCountChanged.connect(lambda _n: self._update_gutter_width())
        self.updateRequest.connect(self._update_gutter)
        self.updateRequest.connect(self._draw_pending)
        self._layout.update.connect(self._view_relaid)
        if isinstance(self._layout, BlockUpdateLayout):
            self._layout.linesChanged.connect(self._repaint_lines)
            self._layout.blockResized.connect(self._block_resized)
        self.gutter.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills what it paints
        if isinstance(self._layout, PageViewLayout):
            self._layout.kind_of = self._block_kind
        self.set_point_size(point_size)
        self.setCursorWidth(2)

    # ------------------------------------------------------------ look
    def set_point_size(self, size: float) -> None:
        family = pick_cjk_family(OFFICIAL_CANDIDATES if self.official else FONT_CANDIDATES)
        font = QFont(family)
        font.setPointSizeF(size)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        self.setFont(font)
        self.gutter.setFont(self._gutter_font(size))
        self.highlighter.base_point_size = float(size)
        title = next((b for b in self._blocks() if (d := block_marks(b)) and d.title), None)
        if title is not None:
            self.highlighter.rehighlightBlock(title)
        self._update_indent()
        self._update_gutter_width()

    def point_size(self) -> int:
        return round(self.font().pointSizeF())

    def point_size_f(self) -> float:
        return self.font().pointSizeF()

    @staticmethod
    def _gutter_font(size: float) -> QFont:
        font = QFont()
        font.setPointSizeF(max(size * 0.7, 8))
        return font

    def set_official_view(self, on: bool) -> None:
        """视图 ▸ 按公文格式显示: 仿宋, first lines indented two characters, the title centred."""
        self.official = on
        self.set_point_size(self.point_size_f())

    def _update_indent(self) -> None:
        if isinstance(self._layout, PageViewLayout):
            two = 2 * QFontMetricsF(self.font()).horizontalAdvance("中") if self.official else 0.0
            self._layout.set_indent(two)
            self.viewport().update()

    @staticmethod
    def _block_kind(block) -> str | None:
        data = block_marks(block)
        if data is not None and data.title:
            return CENTRE
        return INDENT if block.text().strip() else None

    def set_numbers_visible(self, on: bool) -> None:
        """The paragraph-number gutter (视图 ▸ 显示段落编号)."""
        self.gutter.setVisible(on)
        self._update_gutter_width()

    def set_paragraph_numbers(self, numbers: list[int]) -> None:
        """第N段 numbers of the last result (``view_model.visible_numbers``)."""
        if numbers == self.gutter.numbers:
            return  # typing within a paragraph: no number changes, no repaint
        self.gutter.numbers = numbers
        if self.gutter.isVisible():
            self.gutter.update()

    def _update_gutter_width(self) -> None:
        width = self.gutter.width_needed() if self.gutter.isVisible() else 0
        if self.viewportMargins().left() != width:
            self.setViewportMargins(width, 0, 0, 0)
        self._place_gutter()

    def _place_gutter(self) -> None:
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.viewportMargins().left(), rect.height()))

    def _draw_pending(self, _rect: QRect, _dy: int) -> None:
        """Blocks whose new marks were postponed (a long paste or file) are drawn as they
        come into view (``FindingHighlighter.draw_shown``)."""
        if self.highlighter.pending():
            self.highlighter.draw_shown(*self.shown_blocks())

    def shown_blocks(self) -> tuple[int, int]:
        """The numbers of the first block in view and of one at or after the last: a block
        is at least a line high, so the view holds no more blocks than lines. (Asking each
        block's geometry ran the layout's Python ``blockBoundingRect`` some 25 times per
        repaint — a keystroke repaints several times.)"""
        first = max(self.firstVisibleBlock().blockNumber(), 0)
        lines = self.viewport().height() / max(self.fontMetrics().lineSpacing(), 1)
        return first, min(first + int(lines) + 1, self.blockCount())

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        """The gutter follows a scroll, a repaint of the whole view (the zoom, a new text;
        the layout's own, when blocks moved: ``_view_relaid``) and a change of the number of
        paragraphs. A paragraph
        repainted in place (a keystroke, its underlines), the cursor or a selection leave its
        numbers where they were; new numbers come with ``set_paragraph_numbers``."""
        if not self.gutter.isVisible():
            return
        if dy:
            self.gutter.scroll(0, dy)
        elif rect.contains(self.viewport().rect()) or self.blockCount() != self.gutter.painted_blocks:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def _repaint_lines(self, block: QTextBlock, y: float) -> None:
        """Repaint ``block`` from ``y`` (in the block) down: a keystroke's line and those
        after it, not the lines above it, nor the rest of the view."""
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        top = math.floor(geometry.top() + y)
        area = QRect(0, top, self.viewport().width(), math.ceil(geometry.bottom()) - top + 1)
        area = area.intersected(self.viewport().rect())
        if not area.isEmpty():
            self.viewport().update(area)

    def _block_resized(self, block: QTextBlock, old: float, new: float, y: float) -> None:
        """``block`` grew or shrank by whole pixels: what is below it in view moves by as
        much (copied, as a scroll copies), and the block is repainted from ``y``; else (a
        fraction of a pixel, the block at the top of the view or out of it) the whole view
        is repainted, as Qt does."""
        viewport = self.viewport()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        shift = new - old
        below = math.ceil(top + old)
        first = self.firstVisibleBlock().blockNumber()
        if shift != int(shift) or block.blockNumber() <= first or not 0 <= top < viewport.height():
            self._layout.requestUpdate()
            return
        start = below + min(int(shift), 0)  # what moves and where it goes: Qt scrolls inside it
        if start < viewport.height():
            viewport.scroll(0, int(shift), QRect(0, start, viewport.width(), viewport.height() - start))
            if self.gutter.isVisible():
                self.gutter.scroll(0, int(shift), QRect(0, start, self.gutter.width(),
                                                        self.gutter.height() - start))
        self._repaint_lines(block, y)

    def _view_relaid(self, _rect=None) -> None:
        """The layout repaints the whole view (a block changed height: those below moved)."""
        if self.gutter.isVisible():
            self.gutter.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_gutter()

    def _blocks(self):
        block = self.document().firstBlock()
        while block.isValid():
            yield block
            block = block.next()

    # ------------------------------------------------------------ text
    def block_texts(self) -> list[str]:
        """The text of every block (a new list). Typing within a paragraph updates that
        paragraph only: no copy of the whole document on the UI thread per keystroke. A
        text still going in piece by piece (``load_in_pieces``) goes in whole first: no
        save, autosave or audit ever reads part of it."""
        if self._load is not None:
            self.finish_loading()
        return self.texts_so_far()

    def texts_so_far(self) -> list[str]:
        """``block_texts`` as the editor holds them now (for drawing: a text still going in
        is not finished for it)."""
        document = self.document()
        if self._texts is None or self._text_blocks != document.blockCount():
            self._texts = document.toRawText().split(PARAGRAPH_SEPARATOR)
            self._text_blocks = len(self._texts)
        return list(self._texts)

    # ------------------------------------------------------------ a huge text
    def load_in_pieces(self, text: str, done: Callable[[], None]) -> None:
        """``setPlainText(text)`` a piece of LOAD_PIECE_CHARS an event (Qt took 250 ms for a
        10 MB file in one): the first piece at once, the rest by a timer, the editor
        read-only meanwhile and no undo step made; ``done`` runs once it is all in."""
        self.finish_loading()
        pieces = text_pieces(text, LOAD_PIECE_CHARS)
        self._load = PiecewiseLoad(text, deque(pieces[1:]), done, self.isReadOnly())
        self.setReadOnly(True)
        self.document().setUndoRedoEnabled(False)
        self.gutter.numbers = None  # the last text's
        self.setPlainText(pieces[0])
        QTimer.singleShot(0, self._load_step)

    def loading(self) -> bool:
        return self._load is not None

    def finish_loading(self) -> None:
        """Put in at once what is left of a text going in piece by piece."""
        while self._load is not None:
            self._load_step()

    def _load_step(self) -> None:
        load = self._load
        if load is None:
            return  # finished already (someone read the text)
        if load.pieces:
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText("\n" + load.pieces.popleft())
        if load.pieces:
            QTimer.singleShot(0, self._load_step)
            return
        self._load = None
        self.document().setUndoRedoEnabled(True)  # the history starts afresh
        self.setReadOnly(load.read_only)
        self._know_texts(load.text)
        load.done()

    def setPlainText(self, text: str) -> None:
        """Qt's, and the block texts known from ``text`` itself when it has no other block
        separator than "\n" (a 3M-character file: no copy of it out of Qt right after)."""
        super().setPlainText(text)
        self._know_texts(text)

    def _know_texts(self, text: str) -> None:
        """The block texts taken from ``text``, the editor's whole text, when it has no
        other block separator than "\n" (no copy of it out of Qt)."""
        if not any(separator in text for separator in OTHER_SEPARATORS):
            texts = text.split("\n")
            if len(texts) == self.document().blockCount():
                self._texts, self._text_blocks = texts, len(texts)

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

    def delete_blank_paragraphs(self, indexes: list[int]) -> int:
        """Delete the blank paragraphs ``indexes`` (each with its paragraph break) as one undo
        step; the number deleted (a paragraph that is no longer blank is left alone)."""
        document = self.document()
        edit = QTextCursor(document)
        deleted = 0
        edit.beginEditBlock()
        try:
            for index in sorted(set(indexes), reverse=True):
                block = document.findBlockByNumber(index)
                if not block.isValid() or block.text().strip() or not block.next().isValid():
                    continue
                cursor = QTextCursor(block)
                cursor.setPosition(block.next().position(), QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
                deleted += 1
        finally:
            edit.endEditBlock()
        return deleted

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
