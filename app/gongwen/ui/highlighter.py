"""Underlines for findings and bold headings, drawn by a QSyntaxHighlighter.

Each block carries its findings in a ``BlockMarks`` user data (so they move with the block
when lines are inserted above it). ``set_marks`` re-highlights only the blocks whose marks
changed. A mark is drawn only while the block still has the flagged text at that offset, so
a mark never lands on the wrong characters between a keystroke and the next audit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
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
from .block_layout import MAX_BLOCKS, BlockUpdateLayout
from .positions import span_to_utf16

UNDERLINES = {
    Severity.ERROR: (QTextCharFormat.UnderlineStyle.WaveUnderline, "#d93025", "#fdecea"),
    Severity.WARNING: (QTextCharFormat.UnderlineStyle.SingleUnderline, "#e37400", "#fff4e0"),
    Severity.INFO: (QTextCharFormat.UnderlineStyle.DotLine, "#1a73e8", ""),
}
ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each
HEADING_COLORS = {0: "#1b2a41", 1: "#1b2a41", 2: "#22406b", 3: "#2f4f7f", 4: "#2f4f7f"}


class Mark:
    """One finding within its block: code point span, UTF-16 span and what it expects there.
    Equal marks draw the same, whatever paragraph number their finding had. (A plain class:
    the worker makes one per finding, thousands in a large draft, on every keystroke.)"""

    __slots__ = ("end", "end16", "finding", "look", "start", "start16")

    def __init__(self, start: int, end: int, start16: int, end16: int, look: tuple,
                 finding: Finding):
        self.start, self.end, self.start16, self.end16 = start, end, start16, end16
        self.look = look  # (severity, rule, message, fix, text)
        self.finding = finding

    def _key(self) -> tuple:
        return self.start, self.end, self.start16, self.end16, self.look

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mark) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Mark({self.start}, {self.end}, {self.look[1]!r})"

    @classmethod
    def of(cls, finding: Finding, block_text: str, bmp: bool = False) -> Mark:
        if bmp:
            start16, end16 = finding.start, finding.end
        else:
            start16, end16 = span_to_utf16(block_text, finding.start, finding.end)
        look = (finding.severity, finding.rule, finding.message, finding.fix, finding.text)
        return cls(finding.start, finding.end, start16, end16, look, finding)

    def valid_in(self, text: str) -> bool:
        return text[self.start:self.end] == self.finding.text


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
        self._block_count = document.blockCount()
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
                  blocks: list[int] | None = None) -> int:
        """Attach the new marks to ``blocks`` (all blocks when None) and re-highlight those
        whose marks changed. Returns how many blocks were re-highlighted."""
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
                changed.append((block, new))
        layout = document.documentLayout()
        with layout.bulk(len(changed) > MAX_BLOCKS) if isinstance(layout, BlockUpdateLayout) \
                else contextlib.nullcontext():
            for block, new in changed:
                block.setUserData(BlockMarks(*new, block.text()))
                self.rehighlightBlock(block)
        return len(changed)

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
        for start, length, covering in covering_runs(pieces):
            if len(covering) == 1:
                fmt = pieces[covering[0]][2]
            else:
                fmt = QTextCharFormat()
                for index in covering:
                    fmt.merge(pieces[index][2])
            self.setFormat(start, length, fmt)


def covering_runs(pieces: list[tuple[int, int, object]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, length, indices of the pieces covering it, in order) for each run between
    consecutive piece ends that some piece covers: one sweep over the ends, so a paragraph
    with many marks costs O(m log m), not a scan of every piece for every run."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index, (start, end, _) in enumerate(pieces):
        if end > start:
            starts.setdefault(start, []).append(index)
            ends.setdefault(end, []).append(index)
    active: set[int] = set()
    runs = []
    for left, right in itertools.pairwise(sorted({*starts, *ends})):
        active.difference_update(ends.get(left, ()))
        active.update(starts.get(left, ()))
        if active:
            runs.append((left, right - left, tuple(sorted(active))))
    return runs


def located(mark: Mark, paragraph: int) -> Mark:
    """``mark`` with its finding numbered ``paragraph``: a block keeps its marks while they
    look the same, also when paragraphs were added or removed above it, so the finding a
    mark carries may have the number its paragraph had when the mark was made."""
    if mark.finding.paragraph == paragraph:
        return mark
    finding = dataclasses.replace(mark.finding, paragraph=paragraph)
    return Mark(mark.start, mark.end, mark.start16, mark.end16, mark.look, finding)


def shifted_marks(marks: tuple[Mark, ...], old: str, new: str) -> tuple[Mark, ...]:
    """``marks`` placed on ``old`` moved onto ``new``, the same text with one stretch
    replaced: marks before the stretch stay, marks after it move, marks overlapping it are
    dropped (the next audit decides about them)."""
    head = common_prefix(old, new)
    tail = common_prefix(old[head:][::-1], new[head:][::-1])
    delta = len(new) - len(old)
    bmp = ASTRAL.search(new) is None
    kept = []
    for mark in marks:
        if mark.end <= head:
            kept.append(mark)
        elif mark.start >= len(old) - tail:
            start, end = mark.start + delta, mark.end + delta
            start16, end16 = (start, end) if bmp else span_to_utf16(new, start, end)
            kept.append(Mark(start, end, start16, end16, mark.look, mark.finding))
    return tuple(kept)


def common_prefix(a: str, b: str) -> int:
    """Length of the common start of ``a`` and ``b`` (bisection over C-speed compares)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def marks_by_block(findings: list[Finding], block_texts: list[str]) -> dict[int, tuple[Mark, ...]]:
    """Pure Python: runs in the audit worker."""
    grouped: dict[int, list[Mark]] = {}
    bmp: dict[int, bool] = {}
    for finding in findings:
        index = finding.paragraph
        if finding.end > finding.start and index < len(block_texts):
            text = block_texts[index]
            if index not in bmp:
                bmp[index] = ASTRAL.search(text) is None
            grouped.setdefault(index, []).append(Mark.of(finding, text, bmp[index]))
    return {k: tuple(v) for k, v in grouped.items()}


class MarkCache:
    """``marks_by_block`` that makes the marks of a paragraph again only if its text or its
    findings changed: the auditor hands back the very Finding objects of the paragraphs it
    did not check again, so after a keystroke the findings of most paragraphs compare equal
    at C speed (by identity), and their blocks get the very tuple of marks they had — which
    the worker and the UI thread then compare by identity too. Used by the worker only."""

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[str, tuple[Finding, ...], tuple[Mark, ...]]] = {}

    def marks_by_block(self, findings: list[Finding], block_texts: list[str]
                       ) -> dict[int, tuple[Mark, ...]]:
        grouped: dict[int, list[Finding]] = {}
        count = len(block_texts)
        for finding in findings:
            if finding.end > finding.start and finding.paragraph < count:
                grouped.setdefault(finding.paragraph, []).append(finding)
        previous, kept, marks = self._blocks, {}, {}
        for index, found in grouped.items():
            text, items = block_texts[index], tuple(found)
            hit = previous.get(index)
            if hit is not None and hit[0] == text and hit[1] == items:
                made = hit[2]
            else:
                bmp = ASTRAL.search(text) is None
                made = tuple(Mark.of(finding, text, bmp) for finding in items)
            kept[index] = (text, items, made)
            marks[index] = made
        self._blocks = kept
        return marks


@dataclass(slots=True)
class Shown:
    """What the editor's blocks carry now: the texts and marks of the last result shown."""

    texts: list[str]
    marks: dict[int, tuple[Mark, ...]]
    title: int | None


def blocks_to_update(old: Shown | None, texts: list[str], marks: dict[int, tuple[Mark, ...]],
                     title: int | None) -> list[int]:
    """Block numbers whose marks differ from what they carry now.

    Block data moves with its block, so the paragraphs of the unchanged head and tail of the
    document are compared with their old selves (shifted by the lines added or removed);
    the changed middle is always updated."""
    if old is None:
        return sorted({*marks, *(() if title is None else (title,))})
    head, tail = common_ends(old.texts, texts)
    shift = len(texts) - len(old.texts)
    middle = range(head, len(texts) - tail)

    def before(number: int) -> int:
        return number if number < head else number - shift

    def after(number: int) -> int:
        return number if number < head else number + shift

    candidates = {*marks, *map(after, old.marks)}
    candidates.update(n for n in (title, None if old.title is None else after(old.title)) if n is not None)
    changed = set(middle)
    for number in candidates - changed:
        was = before(number)
        if (old.marks.get(was, ()), was == old.title) != (marks.get(number, ()), number == title):
            changed.add(number)
    return sorted(n for n in changed if 0 <= n < len(texts))


def share_unchanged(old: Shown | None, texts: list[str], marks: dict[int, tuple[Mark, ...]]
                    ) -> dict[int, tuple[Mark, ...]]:
    """``marks`` with each block of the unchanged head and tail whose marks equal those it
    carries now given the very tuple it carries (pure Python: runs in the audit worker).
    The UI thread then compares them by identity and, dropping the last result, frees only
    the marks that changed."""
    if old is None:
        return marks
    head, tail = common_ends(old.texts, texts)
    shift, end = len(texts) - len(old.texts), len(texts) - tail
    shared = dict(marks)
    for number, new in marks.items():
        if head <= number < end:
            continue
        was = old.marks.get(number if number < head else number - shift)
        if was is not None and was is not new and was == new:
            shared[number] = was
    return shared


def common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """Lengths of the common head and the common tail (not overlapping) of two lists."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail
