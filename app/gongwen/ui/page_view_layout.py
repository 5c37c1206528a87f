"""The editor's 公文 view (视图 ▸ 按公文格式显示): each paragraph's first line indented two
characters and the title centred, as in the 定稿.

QPlainTextDocumentLayout ignores QTextBlockFormat's indent and alignment, so this layout
lays a block's lines out again (the first one narrower and moved right, or each centred)
right after Qt did — ``blockBoundingRect`` is where Qt asks for a block's size before it
paints, scrolls or hit-tests it, so no block is ever drawn with Qt's lines. A block keeps
its line count in step (``QTextBlock.setLineCount``), which is what the editor scrolls by.
Off (the default), each call costs one attribute test.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument

from .block_layout import BlockUpdateLayout

INDENT, CENTRE = "indent", "centre"


class PageViewLayout(BlockUpdateLayout):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self.indent_px = 0.0  # 0: off
        self.kind_of: Callable[[QTextBlock], str | None] = lambda _block: INDENT

    def set_indent(self, pixels: float) -> None:
        """Two characters in the editor's font, or 0 to turn the view off; every block is
        laid out again."""
        if pixels == self.indent_px:
            return
        self.indent_px = pixels
        document = self.document()
        document.markContentsDirty(0, document.characterCount())

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        if not self.indent_px or not block.isValid() or block.length() <= 1:
            return rect
        kind = self.kind_of(block)
        if kind is None:
            return rect
        layout = block.layout()
        margin = self.document().documentMargin()
        if layout.lineCount() and self._done(layout, kind, margin):
            return rect
        return self._relayout(block, kind, margin, rect)

    def _done(self, layout, kind: str, margin: float) -> bool:
        first = layout.lineAt(0)
        if kind == INDENT:
            return abs(first.x() - (margin + self.indent_px)) < 0.5
        return first.x() > margin + 0.5 or first.naturalTextWidth() >= first.width() - 1

    def _relayout(self, block: QTextBlock, kind: str, margin: float, old: QRectF) -> QRectF:
        layout = block.layout()
        width = self.document().textWidth()
        available = (width if width > 0 else old.width()) - 2 * margin
        if available <= self.indent_px * 2:
            return old
        before = block.lineCount()
        layout.beginLayout()
        y = 0.0
        number = 0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLeadingIncluded(True)
            indent = self.indent_px if kind == INDENT and number == 0 else 0.0
            line.setLineWidth(available - indent)
            x = margin + indent
            if kind == CENTRE:
                x = margin + max((available - line.naturalTextWidth()) / 2, 0.0)
            line.setPosition(QPointF(x, y))
            y += line.height()
            number += 1
        layout.endLayout()
        block.setLineCount(layout.lineCount())
        rect = QRectF(0, 0, max(old.width(), layout.boundingRect().right() + margin), y)
        if not block.next().isValid():
            rect.adjust(0, 0, 0, margin)
        if block.lineCount() != before:
            self.documentSizeChanged.emit(self.documentSize())
        return rect
