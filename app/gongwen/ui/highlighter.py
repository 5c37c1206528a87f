"""Underlines for findings and bold headings, drawn by a QSyntaxHighlighter.

Each block carries its findings in a ``BlockMarks`` user data (so they move with the block
when lines are inserted above it). ``set_marks`` re-highlights only the blocks whose marks
changed — the visible ones at once and, when many changed (a paste, an opened file), the
others as they come into view (``draw_shown``), so the window never stalls. A
mark is drawn only while the block still has the flagged text at that offset, so a mark
never lands on the wrong characters between a keystroke and the next audit.
"""

from __future__ import annotations

import contextlib

from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockUserData,
    QTextCharFormat,
    QTextDocument,
)

from ..core.model import Severity
from ..core.parse import heading_end, parse_label
from . import palette
from .block_layout import MAX_BLOCKS, BlockUpdateLayout
from .positions import span_to_utf16
from .view_model import Mark, covering_runs, shifted_marks

UNDERLINE_STYLES = {
    Severity.ERROR: QTextCharFormat.UnderlineStyle.WaveUnderline,
    Severity.WARNING: QTextCharFormat.UnderlineStyle.SingleUnderline,
    Severity.INFO: QTextCharFormat.UnderlineStyle.DotLine,
}

SYNC_BLOCKS = 150  # up to this many changed blocks are re-highlighted at once
VISIBLE_BLOCKS = 40  # from the first visible block on, re-highlighted at once (the rest as shown)


class BlockMarks(QTextBlockUserData):
    def __init__(self, marks: tuple[Mark, ...], title: bool, text: str = ""):
        super().__init__()
        self.marks = marks
        self.title = title
        self.text = text  # the block text the marks were placed on

    def key(self) -> tuple:
        return self.marks, self.title


def block_marks(block: QTextBlock) -> BlockMarks | None:
    data = block.userData()
    return data if isinstance(data, BlockMarks) else None


def category_format(category: str) -> QTextCharFormat:
    """Typos wavy in their own colour; recycled passages dotted on grey."""
    fmt = QTextCharFormat()
    wavy = QTextCharFormat.UnderlineStyle.WaveUnderline
    fmt.setUnderlineStyle(wavy if category == "typo" else QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor(palette.CATEGORY[category]))
    fmt.setBackground(QColor(palette.CATEGORY_BACKGROUND[category]))
    return fmt


def underline_format(severity: Severity) -> QTextCharFormat:
    background = palette.SEVERITY_BACKGROUND[severity]
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(UNDERLINE_STYLES[severity])
    fmt.setUnderlineColor(QColor(palette.SEVERITY[severity]))
    if background:
        fmt.setBackground(QColor(background))
    return fmt


class FindingHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._underlines = {s: underline_format(s) for s in Severity}
        self._categories = {c: category_format(c) for c in palette.CATEGORY}
        self.title_scale = 1.25
        self.base_point_size = 14.0
        self._block_count = document.blockCount()
        self._pending: set[int] = set()  # numbers of blocks whose new marks are not drawn
        self._pending_count = 0  # the block count when they were numbered
        self._quiet = False  # inside ``deferred``: blocks are drawn when shown
        # _shift_marks must run before QSyntaxHighlighter re-highlights the edited block:
        # detach, connect it, attach again (slots run in the order they were connected)
        self.setDocument(None)
        document.contentsChange.connect(self._shift_marks)
        self.setDocument(document)

    def _shift_marks(self, position: int, _removed: int, _added: int) -> None:
        """Typing within a block: move the marks after the edit with their text, so the
        block is drawn right at once and the next result (same marks) needs no re-highlight
        and no second repaint of the view. (An input method's commit reports the whole
        block as changed: the edit is found by comparing the old and the new text.)"""
        document = self.document()
        count = document.blockCount()
        before, self._block_count = self._block_count, count
        if count != before:  # paragraphs added or removed: the next result redraws them
            return
        block = document.findBlock(position)
        data = block_marks(block)
        text = block.text()
        if data is None or not data.marks or data.text == text:
            return
        block.setUserData(BlockMarks(shifted_marks(data.marks, data.text, text), data.title, text))

    # ------------------------------------------------------------ updates
    def set_marks(self, marks: dict[int, tuple[Mark, ...]], title: int | None,
                  blocks: list[int] | None = None, first_visible: int = 0) -> int:
        """Attach the new marks to ``blocks`` (all blocks when None) and re-highlight those
        whose marks changed: at once when few did or they are in view (from
        ``first_visible``), the rest slice by slice. Returns how many blocks changed."""
        document = self.document()
        numbers = range(document.blockCount()) if blocks is None else blocks
        changed = []
        for number in numbers:
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            new = (marks.get(number, ()), number == title)
            data = block_marks(block)
            if (data.key() if data else ((), False)) != new:
                block.setUserData(BlockMarks(*new, block.text()))
                changed.append(block)
        if len(changed) <= SYNC_BLOCKS:
            now, later = changed, []
        else:
            in_view = range(first_visible, first_visible + VISIBLE_BLOCKS)
            now = [b for b in changed if b.blockNumber() in in_view]
            later = [b.blockNumber() for b in changed if b.blockNumber() not in in_view]
        self._redraw(now)
        self._postpone(later)
        return len(changed)

    @contextlib.contextmanager
    def deferred(self, first_visible: int = 0):
        """Load a long text without drawing it block by block meanwhile: the blocks in view
        are drawn afterwards, the others when they are shown."""
        self._quiet = True
        self.forget_pending()  # the blocks they named are gone
        try:
            yield
        finally:
            self._quiet = False
            document = self.document()
            in_view = range(first_visible, min(first_visible + VISIBLE_BLOCKS, document.blockCount()))
            self._redraw([document.findBlockByNumber(n) for n in in_view])
            self._postpone([n for n in range(document.blockCount()) if n not in in_view])

    def pending(self) -> int:
        """Blocks whose new marks are not drawn yet (they are when they come into view)."""
        return len(self._pending)

    def forget_pending(self) -> None:
        """The document's text is about to be replaced: nothing postponed applies to it."""
        self._pending = set()

    def flush(self) -> None:
        """Draw every pending block now (before printing or a test looks at them)."""
        self._follow_edits()
        pending, self._pending = sorted(self._pending), set()
        document = self.document()
        self._redraw([b for b in map(document.findBlockByNumber, pending) if b.isValid()])

    def draw_shown(self, first: int, last: int) -> None:
        """Draw the pending blocks among ``first``..``last`` (the editor calls this as they
        come into view: off-screen blocks cost nothing until then — drawing each one at
        once cost milliseconds of layout a block, seconds for a pasted report)."""
        if not self._pending:
            return
        self._follow_edits()
        document = self.document()
        shown = [n for n in range(first, last + 1) if n in self._pending]
        self._pending.difference_update(shown)
        self._redraw([b for b in map(document.findBlockByNumber, shown) if b.isValid()])

    def _postpone(self, numbers: list[int]) -> None:
        """Blocks kept by number — never QTextBlock handles, which dangle once their text is
        deleted (a paste over them, a new file)."""
        if numbers:
            self._follow_edits()
            self._pending.update(numbers)
            self._pending_count = self.document().blockCount()

    def _follow_edits(self) -> None:
        """Paragraphs added or removed since the numbers were taken: they may have moved, so
        every block from the first pending one on is pending (too many, never one too few)."""
        count = self.document().blockCount()
        if self._pending and count != self._pending_count:
            self._pending = set(range(min(min(self._pending), count), count))
        self._pending_count = count

    def _redraw(self, blocks: list[QTextBlock]) -> None:
        layout = self.document().documentLayout()
        with layout.bulk(len(blocks) > MAX_BLOCKS) if isinstance(layout, BlockUpdateLayout) \
                else contextlib.nullcontext():
            for block in blocks:
                self.rehighlightBlock(block)

    # ------------------------------------------------------------ drawing
    def highlightBlock(self, text: str) -> None:
        if self._quiet:
            return
        data = block_marks(self.currentBlock())
        pieces: list[tuple[int, int, QTextCharFormat]] = []
        base = self._heading_format(text, data)
        if base is not None:
            pieces.append(base)
        if data is not None:
            for mark in sorted(data.marks, key=lambda m: m.finding.severity):
                if mark.end16 > mark.start16 and mark.valid_in(text):
                    finding = mark.finding
                    fmt = self._categories.get(finding.category) or self._underlines[finding.severity]
                    pieces.append((mark.start16, mark.end16, fmt))
        self._apply(pieces)

    def _heading_format(self, text: str, data: BlockMarks | None) -> tuple | None:
        if data is not None and data.title:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontPointSize(self.base_point_size * self.title_scale)
            fmt.setForeground(QColor(palette.HEADING[0]))
            return 0, len(text.encode("utf-16-le")) // 2, fmt
        lead = len(text) - len(text.lstrip())
        label = parse_label(text[lead:])
        if label is None:
            return None
        end = lead + heading_end(text[lead:], label)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if label.level <= 2 else QFont.Weight.DemiBold)
        fmt.setForeground(QColor(palette.HEADING.get(label.level, palette.HEADING[4])))
        return 0, span_to_utf16(text, 0, end)[1], fmt

    def _apply(self, pieces: list[tuple[int, int, QTextCharFormat]]) -> None:
        """Later pieces are merged over earlier ones where they overlap."""
        for start, length, covering in covering_runs(pieces):
            if len(covering) == 1:
                fmt = pieces[covering[0]][2]
            else:
                fmt = QTextCharFormat()
                for index in covering:
                    fmt.merge(pieces[index][2])
            self.setFormat(start, length, fmt)
