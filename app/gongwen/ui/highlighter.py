"""Underlines for findings and bold headings, drawn by a QSyntaxHighlighter.

Each block carries its findings in a ``BlockMarks`` user data (so they move with the block
when lines are inserted above it). ``set_marks`` re-highlights only the blocks whose marks
changed — the visible ones at once and, when many changed (a paste, an opened file), the
others as they come into view (``draw_shown``), so the window never stalls; and when
many blocks must be looked at (an opened file), it looks at them slice by slice between
events, those in view first. A mark is drawn only while the block still has the flagged
text at that offset, so a mark never lands on the wrong characters between a keystroke
and the next audit.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Q_ARG, SIGNAL, SLOT, QMetaObject, QObject, QRectF, Qt, QTimer
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

# Qt's own slot re-highlighting an edit, replaced by FindingHighlighter._reformat
CONTENTS_CHANGE = "contentsChange(int,int,int)"
REFORMAT_METHOD = "_q_reformatBlocks"
REFORMAT_BLOCKS = f"{REFORMAT_METHOD}(int,int,int)"
HIGHLIGHTED = 1  # the block state of a block highlightBlock has drawn (a new block has -1)

SYNC_BLOCKS = 150  # up to this many changed blocks are re-highlighted at once
VISIBLE_BLOCKS = 40  # from the first visible block on, re-highlighted at once (the rest as shown)
# a long set_marks goes by slices of at least FILL_MIN_BLOCKS blocks and about FILL_SLICE_S
# (attaching marks costs ~15 µs a block: an opened 3M-character file has 14,000 blocks)
FILL_SLICE_S = 0.008
FILL_MIN_BLOCKS = 300


@dataclass(slots=True)
class _Fill:
    """A ``set_marks`` under way: the marks and the runs of block numbers still to visit."""

    marks: dict[int, tuple[Mark, ...]]
    title: int | None
    queue: list[tuple[int, int]]  # (first, past the last) block numbers, in visiting order
    changed: int = 0



def runs_of(numbers: list[int], count: int) -> list[tuple[int, int]]:
    """Sorted block ``numbers`` (below ``count``) as runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if not 0 <= number < count:
            continue
        if runs and runs[-1][1] == number:
            runs[-1] = (runs[-1][0], number + 1)
        elif not runs or number > runs[-1][1]:
            runs.append((number, number + 1))
    return runs


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


def drawn_size(block: QTextBlock) -> float:
    """The font size the block's formats set (the title's; 0: the editor's own)."""
    ranges = block.layout().formats()
    return ranges[0].format.fontPointSize() if ranges else 0.0


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
        self._fill: _Fill | None = None  # a long set_marks under way
        self._settled = True  # every block carries the last set_marks' marks
        self._fill_timer = QTimer(self, singleShot=True, interval=0)
        self._fill_timer.timeout.connect(self._fill_step)
        # a block whose font size changed (it became the title, or stopped being it): its
        # lines were cleared with its formats, so no layout can tell its height changed —
        # the whole view is repainted once the formats are in
        self._resized = False
        self._repaint_timer = QTimer(self, singleShot=True, interval=0)
        self._repaint_timer.timeout.connect(self._repaint_view)
        # the first and last block numbers in view (the editor sets it); else VISIBLE_BLOCKS
        self.shown_blocks: Callable[[], tuple[int, int]] | None = None
        # _shift_marks must run before the edited block is re-highlighted: detach, connect
        # it, attach again (slots run in the order they were connected); then Qt's own
        # re-highlight of an edit is handed the edit's true extent (_reformat)
        self.setDocument(None)
        document.contentsChange.connect(self._shift_marks)
        self.setDocument(document)
        QObject.disconnect(document, SIGNAL(CONTENTS_CHANGE), self, SLOT(REFORMAT_BLOCKS))
        document.contentsChange.connect(self._reformat)

    def _reformat(self, position: int, removed: int, added: int) -> None:
        """What Qt's ``_q_reformatBlocks`` slot does on an edit, without its paragraph
        after. Qt re-highlights up to the block holding ``position + added + 1`` whenever
        characters were removed, and an input method's commit reports its whole block,
        separator included, as removed and added: every committed character re-highlighted
        the next paragraph too — and Qt 6 marks a re-highlighted block with any format
        dirty, so it was laid out again and repainted. That block is left alone unless the
        edit made it anew (a separator taken out and put back: its formats and marks are
        gone), which its block state tells (``HIGHLIGHTED`` is set on every block drawn)."""
        document = self.document()
        last = position + added - 1 if added > 0 else position  # the last character put there
        if added > 0:
            following = document.findBlock(position + added)
            if following.position() == position + added and following.userState() != HIGHLIGHTED:
                last = position + added
        QMetaObject.invokeMethod(self, REFORMAT_METHOD, Qt.ConnectionType.DirectConnection,
                                 Q_ARG(int, position), Q_ARG(int, 0), Q_ARG(int, last - position))
        self._after_drawing()

    def _after_drawing(self) -> None:
        if self._resized:
            self._resized = False
            self._repaint_timer.start()

    def _repaint_view(self) -> None:
        layout = self.document().documentLayout()
        margin = self.document().documentMargin()
        layout.update[QRectF].emit(QRectF(0.0, -margin, 1e9, 1e9))  # what Qt's layout sends

    def _shift_marks(self, position: int, _removed: int, _added: int) -> None:
        """Typing within a block: move the marks after the edit with their text, so the
        block is drawn right at once and the next result (same marks) needs no re-highlight
        and no second repaint of the view. (An input method's commit reports the whole
        block as changed: the edit is found by comparing the old and the new text.)"""
        if self._fill is not None:
            self._stop_fill()  # its block numbers and texts may no longer be the result's
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
                  blocks: list[int] | None = None, first_visible: int = 0) -> None:
        """Attach the new marks to ``blocks`` (all blocks when None) and re-highlight those
        whose marks changed: at once when few did or they are in view, the rest as they are
        shown. A long list (an opened file: every block) is gone through slice by slice
        on a zero timer, the blocks in view first, so the window keeps answering; a newer
        call or an edit meanwhile cancels what is left. ``blocks`` is trusted only when
        every block carries the marks of the last call: else all blocks are compared."""
        self._stop_fill()
        count = self.document().blockCount()
        if blocks is not None and not self._settled:
            blocks = None
        if blocks is None:
            start = min(max(first_visible, 0), count)
            queue = [(start, count), (0, start)]
        else:
            queue = runs_of(blocks, count)
        self._fill = _Fill(marks, title, self._in_view_first(queue, first_visible))
        self._settled = False
        self._fill_step(first=True)

    def filling(self) -> bool:
        """A long ``set_marks`` is still being gone through."""
        return self._fill is not None

    def settled(self) -> bool:
        """Every block carries the marks of the last ``set_marks`` (none went unvisited,
        none was cut short by an edit)."""
        return self._settled

    def _in_view_first(self, queue: list[tuple[int, int]], first_visible: int) -> list[tuple[int, int]]:
        """``queue`` (runs of block numbers) with the part in view taken out and put first."""
        low, high = self.shown_blocks() if self.shown_blocks is not None \
            else (first_visible, first_visible + VISIBLE_BLOCKS)
        head, rest = [], []
        for start, stop in queue:
            inside = (max(start, low), min(stop, high + 1))
            if inside[0] < inside[1]:
                head.append(inside)
                rest += [r for r in ((start, inside[0]), (inside[1], stop)) if r[0] < r[1]]
            elif start < stop:
                rest.append((start, stop))
        return head + rest

    def _fill_step(self, first: bool = False) -> None:
        """One slice of the fill: attach marks until the slice's time is up, draw the
        changed blocks in view, postpone the others (drawn when shown). The first slice of
        a long fill (an opened file's result) is the blocks in view alone: it shares its
        event with the rest of the result's display."""
        fill = self._fill
        if fill is None:
            return
        in_view_only = first and len(fill.queue) > 1 and \
            sum(stop - start for start, stop in fill.queue) > FILL_MIN_BLOCKS
        if in_view_only:
            rest, fill.queue = fill.queue[1:], fill.queue[:1]
        changed = self._attach(fill, time.perf_counter() + FILL_SLICE_S)
        if in_view_only:
            fill.queue += rest
        fill.changed += len(changed)
        if first and not fill.queue and fill.changed <= SYNC_BLOCKS:
            now, later = changed, []
        else:
            low, high = self.shown_blocks() if self.shown_blocks is not None else (0, VISIBLE_BLOCKS)
            now = [b for b in changed if low <= b.blockNumber() <= high]
            later = [b.blockNumber() for b in changed if not low <= b.blockNumber() <= high]
        self._redraw(now)
        self._postpone(later)
        if fill.queue:
            self._fill_timer.start()
        else:
            self._fill, self._settled = None, True

    def _attach(self, fill: _Fill, deadline: float) -> list[QTextBlock]:
        """Attach ``fill``'s marks to the blocks of its queue, run after run, at least
        FILL_MIN_BLOCKS of them and then until ``deadline``; the blocks whose marks changed."""
        document, marks, title = self.document(), fill.marks, fill.title
        changed: list[QTextBlock] = []
        visited = 0
        while fill.queue:
            start, stop = fill.queue[0]
            block, number = document.findBlockByNumber(start), start
            while number < stop and block.isValid():
                new = (marks.get(number, ()), number == title)
                data = block.userData()
                old = data.key() if isinstance(data, BlockMarks) else ((), False)
                if old != new:
                    block.setUserData(BlockMarks(*new, block.text() if new[0] else ""))
                    changed.append(block)
                block, number, visited = block.next(), number + 1, visited + 1
                if visited % 64 == 0 and visited >= FILL_MIN_BLOCKS and time.perf_counter() > deadline:
                    break
            if number < stop and block.isValid():
                fill.queue[0] = (number, stop)
                break
            fill.queue.pop(0)
        return changed

    def _stop_fill(self) -> None:
        """Whatever a fill had left to visit is given up: the blocks do not all carry one
        result's marks, so the next ``set_marks`` compares them all."""
        if self._fill is not None:
            self._fill = None
            self._settled = False
        self._fill_timer.stop()

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
        """The document's text is about to be replaced: nothing postponed applies to it,
        and its new blocks carry no marks."""
        self._stop_fill()
        self._pending = set()
        self._settled = True

    def flush(self) -> None:
        """Finish a fill under way and draw every pending block now (before printing or a
        test looks at them)."""
        while self._fill is not None:
            self._fill_step()
        self._fill_timer.stop()
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
        self._after_drawing()

    # ------------------------------------------------------------ drawing
    def highlightBlock(self, text: str) -> None:
        self.setCurrentBlockState(HIGHLIGHTED)  # drawn, or (quiet) pending: see _reformat
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
        size = self.base_point_size * self.title_scale if data is not None and data.title else 0.0
        if size != drawn_size(self.currentBlock()):
            self._resized = True
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
