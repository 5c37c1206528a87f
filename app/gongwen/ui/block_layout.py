"""A plain-text document layout that repaints only the paragraph an edit touched.

``QPlainTextDocumentLayout.documentChanged(from, removed, added)`` takes its single-block
path (lay the block out again, repaint it alone) only when ``from + removed + added - 1``
falls in the block at ``from``. Typing never gets there: an input method's commit reports
its whole block as removed and added, and QSyntaxHighlighter marks each block it formats
dirty with ``markContentsDirty(position, length)``, i.e. ``removed == added == length`` —
both reach into the next block, so Qt clears the layouts and repaints the whole viewport
(its own source says "optimization potential"). Here a change that leaves the number of
blocks unchanged and spans a few blocks is passed on block by block, each as a change of
that block alone, which is what Qt does for a keystroke in an unhighlighted editor: every
block the change reaches is laid out again, and if none changes height only those blocks
are repainted (a changed height still repaints the whole view, as Qt does).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

MAX_BLOCKS = 8  # larger changes (replace all, paste) take Qt's own path


class BlockUpdateLayout(QPlainTextDocumentLayout):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._block_count = -1  # the first change always takes Qt's own path
        self._bulk = False

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
            taller = False
            for block in blocks:
                # the line count it was last laid out with: an input method's commit clears
                # the layout's own lines, so Qt's single-block path, comparing the block's
                # height before and after, sees no change when a line is added or taken
                lines = block.lineCount()
                if block.layout().lineCount():
                    super().documentChanged(block.position(), 0, block.length())
                else:  # its lines cleared: Qt would lay it out for its "old" rect, then again
                    self.blockBoundingRect(block)  # lays it out (the 公文 view's override too)
                    self.updateBlock.emit(block)
                taller = taller or block.lineCount() != lines
            if taller:  # the blocks below move: what Qt repaints when it sees it
                self.update[QRectF].emit(QRectF(0.0, -document.documentMargin(), 1e9, 1e9))
        self._block_count = document.blockCount()


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
