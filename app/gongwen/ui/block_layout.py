"""A plain-text document layout that repaints only the paragraph an edit touched.

``QPlainTextDocumentLayout.documentChanged(from, removed, added)`` takes its single-block
path (lay the block out again, repaint it alone) only when ``from + removed + added - 1``
falls in the block at ``from``. Typing never gets there: an input method's commit reports
its whole block as removed and added, and QSyntaxHighlighter marks each block it formats
dirty with ``markContentsDirty(position, length)``, i.e. ``removed == added == length`` —
both reach into the next block, so Qt clears the layouts and repaints the whole viewport
(its own source says "optimization potential"). Here a change that leaves the number of
blocks unchanged and spans a few blocks is passed on block by block, each as a change of
that block alone: every block the change reaches is laid out again, once, and only its
lines from the first that changed are repainted (the editor does it: ``linesChanged``);
a block that changed height has the blocks below it moved by that height
(``blockResized``), or, when its old height is not known, the whole view repainted.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextDocument, QTextLayout
from PySide6.QtWidgets import QPlainTextDocumentLayout

from .view_model import common_prefix

MAX_BLOCKS = 8  # larger changes (replace all, paste) take Qt's own path


@dataclass(slots=True)
class _Drawn:
    """A block as it was last laid out on its own: the next change to it is compared with
    this to find the first line that changed."""

    fragment: int  # QTextBlock.fragmentIndex: the same block while it lives
    width: float  # its first line's width (the view's width then)
    text: str
    preedit: tuple[int, str]  # an input method's text being composed, and where
    formats: list[tuple[int, int, QTextCharFormat]]
    height: float

    @classmethod
    def of(cls, block: QTextBlock, height: float) -> _Drawn:
        layout = block.layout()
        formats = [(r.start, r.length, QTextCharFormat(r.format)) for r in layout.formats()]
        width = layout.lineAt(0).width() if layout.lineCount() else 0.0
        return cls(block.fragmentIndex(), width, block.text(),
                   (layout.preeditAreaPosition(), layout.preeditAreaText()), formats, height)

    def first_change(self, now: _Drawn) -> int:
        """The first character position where ``now`` may look different."""
        first = common_prefix(self.text, now.text)
        if self.preedit != now.preedit:
            first = min([first, *(p for p, _text in (self.preedit, now.preedit) if p >= 0)])
        for was, is_ in itertools.zip_longest(self.formats, now.formats):
            if was != is_:
                starts = [r[0] for r in (was, is_) if r is not None]
                return min(first, *starts)
            if was[0] >= first:
                break
        return first


def _first_changed_y(layout: QTextLayout, position: int) -> float:
    """The top (in the block) of the line before the one holding ``position``: line breaking
    looks at the next character, so the line before may have changed its end."""
    line = layout.lineForTextPosition(position)  # (a block's layout holds no text of its own)
    if not line.isValid():
        return 0.0
    number = max(line.lineNumber() - 1, 0)
    return layout.lineAt(number).y()


class BlockUpdateLayout(QPlainTextDocumentLayout):
    """Lays out a changed block on its own and says what to repaint: the editor repaints
    the lines of ``block`` from ``y`` (block coordinates) down (``linesChanged``), or, when
    its height changed from ``old`` to ``new``, moves what is below it and repaints it from
    ``y`` (``blockResized``). Without an editor connected, nothing is repainted."""

    linesChanged = Signal(object, float)  # QTextBlock, y
    blockResized = Signal(object, float, float, float)  # QTextBlock, old height, new height, y

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._block_count = -1  # the first change always takes Qt's own path
        self._bulk = False
        self._drawn: _Drawn | None = None

    @contextlib.contextmanager
    def bulk(self, many: bool = True) -> Iterator[None]:
        """Changes to many blocks (the first result's marks) take Qt's own path: it clears
        their layouts and lays out only what is shown, where one-block changes lay each
        block out at once."""
        before, self._bulk = self._bulk, self._bulk or many
        try:
            yield
        finally:
            self._bulk = before

    def documentChanged(self, position: int, removed: int, added: int) -> None:
        document = self.document()
        blocks = changed_blocks(document, position, added) \
            if document.blockCount() == self._block_count and not self._bulk else None
        if blocks is not None and len(blocks) > 1 and _untouched_after(blocks[-1], position + added):
            blocks.pop()
        if blocks is None:
            super().documentChanged(position, removed, added)
        else:
            moved = False
            for block in blocks:
                moved = self._lay_out_alone(block) or moved
            if moved:  # the blocks below moved by an unknown height: what Qt repaints then
                self.requestUpdate()
        if blocks is None:
            self._drawn = None
        self._block_count = document.blockCount()

    def _lay_out_alone(self, block: QTextBlock) -> bool:
        """Lay ``block`` out again and have the lines that changed repainted (``linesChanged``,
        or ``blockResized`` when its height changed); True when its height changed and its
        old height is not known (then the whole view must be repainted).

        Its old height is its layout's, or, when an input method's commit cleared its lines
        (a block with formats), the height it had when it was last laid out here."""
        layout, lines = block.layout(), block.lineCount()
        old = self.blockBoundingRect(block).height() if layout.lineCount() else None
        layout.clearLayout()
        new = self.blockBoundingRect(block).height()  # lays it out (the 公文 view's override too)
        drawn, now = self._drawn, _Drawn.of(block, new)
        if drawn is None or (drawn.fragment, drawn.width) != (now.fragment, now.width):
            drawn = None  # another block, or the view's width changed since
        if old is None and drawn is not None:
            old = drawn.height
        self._drawn = now
        y = _first_changed_y(layout, drawn.first_change(now)) if drawn is not None else 0.0
        if old is None:
            if block.lineCount() != lines:
                return True
            self.linesChanged.emit(block, 0.0)
        elif new != old:
            self.blockResized.emit(block, old, new, y)
        else:
            self.linesChanged.emit(block, y)
        return False


def _untouched_after(block: QTextBlock, end: int) -> bool:
    """Is ``block``, starting right where a change ended, the same block as before and laid
    out? Only the separator before it was in the change (an input method's commit reports
    its whole block, separator included; so does a re-highlighted block): its lines stand.
    A block made anew (a separator taken out and put back) has no lines yet."""
    return block.position() == end and block.layout().lineCount() > 0


def changed_blocks(document: QTextDocument, position: int, added: int,
                   limit: int = MAX_BLOCKS) -> list[QTextBlock] | None:
    """The blocks holding ``position`` up to and including ``position + added`` (the
    character after the change: text ending in a paragraph separator changed the next
    block too), or None if they are more than ``limit`` or run past the end."""
    block, last = document.findBlock(position), document.findBlock(position + added)
    if not (block.isValid() and last.isValid()):
        return None
    blocks = [block]
    while block != last:
        block = block.next()
        if not block.isValid() or len(blocks) == limit:
            return None
        blocks.append(block)
    return blocks
