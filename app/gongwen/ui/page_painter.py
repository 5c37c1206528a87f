"""Drawing one page of the 定稿 (``formats.pages.Page``) with QPainter, in points: the same
routine draws the preview's pages, the print preview, the printout and the PDF."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ..formats.gbt9704 import (
    DASH,
    FOOTER_DISTANCE_MM,
    MARGINS_MM,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_PT,
    PAGE_WIDTH_MM,
)
from ..formats.pages import MM, TYPE_WIDTH_PT, Page
from . import palette
from .page_fonts import PageFonts

PAGE_WIDTH_PT = PAGE_WIDTH_MM * MM
PAGE_HEIGHT_PT = PAGE_HEIGHT_MM * MM
LEFT_PT, TOP_PT = MARGINS_MM["left"] * MM, MARGINS_MM["top"] * MM
DESCENT = 0.18  # of the font size: where the baseline sits above the bottom of a line


def paint_page(painter: QPainter, page: Page, fonts: PageFonts, guides: bool = False) -> None:
    """Draw ``page`` with the painter's unit one point and its origin at the page's top left
    corner (the caller scales and translates). ``guides``: the type area's corner marks, as
    Word shows them (the preview only)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if guides:
        _corner_marks(painter)
    painter.translate(LEFT_PT, TOP_PT)
    painter.setPen(QPen(QColor(palette.PAGE_INK), 0.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for rule in page.rules:
        painter.drawRect(QRectF(rule.x, rule.y, rule.width, rule.height))
    painter.setPen(QColor(palette.PAGE_INK))
    current = None
    for line in page.lines:
        baseline = line.y + line.height - DESCENT * line.size
        x = line.x
        changes = {first: (role, bold) for first, role, bold in line.fonts}
        for index, char in enumerate(line.chars):
            if index in changes:
                key = (*changes[index], line.size)
                if key != current:
                    painter.setFont(fonts.font(changes[index][0], changes[index][1], round(line.size)))
                    current = key
            elif current is None:
                painter.setFont(fonts.font("body", False, round(line.size)))
                current = ("body", False, line.size)
            if char != " ":
                painter.drawText(QPointF(x, baseline), char)
            x += line.advances[index]
    painter.restore()
    _page_number(painter, page.number, fonts)


def _page_number(painter: QPainter, number: int, fonts: PageFonts) -> None:
    """``— n —`` 四号宋体 7 mm under the type area: odd pages right, even pages left, one
    character in from the type area's edge."""
    text = f"{DASH} {number} {DASH}"
    painter.save()
    font = fonts.font("song", False, PAGE_NUMBER_PT)
    painter.setFont(font)
    painter.setPen(QColor(palette.PAGE_INK))
    width = painter.fontMetrics().horizontalAdvance(text)
    baseline = PAGE_HEIGHT_PT - FOOTER_DISTANCE_MM * MM - DESCENT * PAGE_NUMBER_PT
    x = LEFT_PT + TYPE_WIDTH_PT - PAGE_NUMBER_PT - width if number % 2 else LEFT_PT + PAGE_NUMBER_PT
    painter.drawText(QPointF(x, baseline), text)
    painter.restore()


def _corner_marks(painter: QPainter) -> None:
    from ..formats.pages import TYPE_HEIGHT_PT

    painter.save()
    painter.setPen(QPen(QColor(palette.PAGE_GUIDE), 0.8))
    size = 12
    right, bottom = LEFT_PT + TYPE_WIDTH_PT, TOP_PT + TYPE_HEIGHT_PT
    for x, y, dx, dy in ((LEFT_PT, TOP_PT, -1, -1), (right, TOP_PT, 1, -1),
                         (LEFT_PT, bottom, -1, 1), (right, bottom, 1, 1)):
        painter.drawLine(QPointF(x, y), QPointF(x + dx * size, y))
        painter.drawLine(QPointF(x, y), QPointF(x, y + dy * size))
    painter.restore()
