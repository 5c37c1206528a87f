"""Underlines for findings and bold headings, drawn by a QSyntaxHighlighter.

Each block carries its findings in a ``BlockMarks`` user data (so they move with the block
when lines are inserted above it). ``set_marks`` re-highlights only the blocks whose marks
changed. A mark is drawn only while the block still has the flagged text at that offset, so
a mark never lands on the wrong characters between a keystroke and the next audit.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockUserData,
    QTextCharFormat,
    QTextDocument,
)

from ..core.model import Finding, Severity
from ..core.parse import heading_end, parse_label
from .positions import span_to_utf16

UNDERLINES = {
    Severity.ERROR: (QTextCharFormat.UnderlineStyle.WaveUnderline, "#d93025", "#fdecea"),
    Severity.WARNING: (QTextCharFormat.UnderlineStyle.SingleUnderline, "#e37400", "#fff4e0"),
    Severity.INFO: (QTextCharFormat.UnderlineStyle.DotLine, "#1a73e8", ""),
}
HEADING_COLORS = {0: "#1b2a41", 1: "#1b2a41", 2: "#22406b", 3: "#2f4f7f", 4: "#2f4f7f"}


@dataclass(frozen=True, slots=True)
class Mark:
    """One finding within its block: code point span, UTF-16 span and what it expects there."""

    start: int
    end: int
    start16: int
    end16: int
    finding: Finding

    @classmethod
    def of(cls, finding: Finding, block_text: str) -> Mark:
        start16, end16 = span_to_utf16(block_text, finding.start, finding.end)
        return cls(finding.start, finding.end, start16, end16, finding)

    def valid_in(self, text: str) -> bool:
        return text[self.start:self.end] == self.finding.text


class BlockMarks(QTextBlockUserData):
    def __init__(self, marks: tuple[Mark, ...], title: bool):
        super().__init__()
        self.marks = marks
        self.title = title

    def key(self) -> tuple:
        return self.marks, self.title


def block_marks(block: QTextBlock) -> BlockMarks | None:
    data = block.userData()
    return data if isinstance(data, BlockMarks) else None


def underline_format(severity: Severity) -> QTextCharFormat:
    style, color, background = UNDERLINES[severity]
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(QColor(color))
    if background:
        fmt.setBackground(QColor(background))
    return fmt


class FindingHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._underlines = {s: underline_format(s) for s in Severity}
        self.title_scale = 1.25
        self.base_point_size = 14.0

    # ------------------------------------------------------------ updates
    def set_marks(self, marks: dict[int, tuple[Mark, ...]], title: int | None) -> int:
        """Attach the new marks to their blocks; re-highlight the changed blocks only.
        Returns how many blocks were re-highlighted."""
        document = self.document()
        changed = 0
        block = document.firstBlock()
        number = 0
        while block.isValid():
            new = (marks.get(number, ()), number == title)
            data = block_marks(block)
            old = data.key() if data else ((), False)
            if old != new:
                block.setUserData(BlockMarks(*new))
                self.rehighlightBlock(block)
                changed += 1
            block = block.next()
            number += 1
        return changed

    # ------------------------------------------------------------ drawing
    def highlightBlock(self, text: str) -> None:
        data = block_marks(self.currentBlock())
        pieces: list[tuple[int, int, QTextCharFormat]] = []
        base = self._heading_format(text, data)
        if base is not None:
            pieces.append(base)
        if data is not None:
            for mark in sorted(data.marks, key=lambda m: m.finding.severity):
                if mark.end16 > mark.start16 and mark.valid_in(text):
                    pieces.append((mark.start16, mark.end16, self._underlines[mark.finding.severity]))
        self._apply(pieces)

    def _heading_format(self, text: str, data: BlockMarks | None) -> tuple | None:
        if data is not None and data.title:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontPointSize(self.base_point_size * self.title_scale)
            fmt.setForeground(QColor(HEADING_COLORS[0]))
            return 0, len(text.encode("utf-16-le")) // 2, fmt
        lead = len(text) - len(text.lstrip())
        label = parse_label(text[lead:])
        if label is None:
            return None
        end = lead + heading_end(text[lead:], label)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if label.level <= 2 else QFont.Weight.DemiBold)
        fmt.setForeground(QColor(HEADING_COLORS.get(label.level, HEADING_COLORS[4])))
        return 0, span_to_utf16(text, 0, end)[1], fmt

    def _apply(self, pieces: list[tuple[int, int, QTextCharFormat]]) -> None:
        """Later pieces are merged over earlier ones where they overlap."""
        if not pieces:
            return
        cuts = sorted({p for start, end, _ in pieces for p in (start, end)})
        for left, right in itertools.pairwise(cuts):
            fmt = QTextCharFormat()
            covered = False
            for start, end, piece in pieces:
                if start <= left and right <= end:
                    fmt.merge(piece)
                    covered = True
            if covered:
                self.setFormat(left, right - left, fmt)


def marks_by_block(findings: list[Finding], block_texts: list[str]) -> dict[int, tuple[Mark, ...]]:
    grouped: dict[int, list[Mark]] = {}
    for finding in findings:
        if finding.end > finding.start and finding.paragraph < len(block_texts):
            grouped.setdefault(finding.paragraph, []).append(
                Mark.of(finding, block_texts[finding.paragraph]))
    return {k: tuple(v) for k, v in grouped.items()}
