"""The 定稿's pages: the blocks of ``docx_export.plan`` broken into lines of the GB/T 9704 type
area and stacked on A4 pages as the exported .docx is laid out — what the page preview
draws, prints and saves as PDF. No Qt here: the UI measures its fonts once (``Metrics``)
and the layout itself runs off the UI thread.

The rules are those LibreOffice applies to the export (measured on its PDFs, see
tests/formats/test_pages.py), which Word shares for Chinese text:
- every paragraph line is exactly ``LINE_PITCH_PT`` high, so 22 lines fill a page; the title
  (22 pt) too; table text is single-spaced 四号;
- body text is 三号 condensed by ``CONDENSE_PT``: a full-width character advances 15.75 pt,
  28 to a 156 mm line; the first-line indent is 32 pt (two characters of 16 pt), leaving 26;
- Latin letters and digits advance by their font's widths (half a character in the GB2312
  fonts), and a little space (``Metrics.autospace``) separates them from Chinese characters;
- a line may not start with a closing mark (，。）》”…) nor end with an opening one (（《“);
  ，。、；：？！． may hang past the line end instead of moving down, one of them per line;
  other closing marks take the character before them to the next line; a run of Latin
  letters and digits is never broken, nor ``——`` or ``……`` (GB/T 15834; LibreOffice does
  split a ``……``, Word and WPS do not);
- lines are justified except a paragraph's last; the title's lines are centred, the 落款's
  right-aligned with their right indent;
- a heading alone on its line (keep with next) never ends a page; there is no widow or
  orphan control (the export turns it off);
- a table row is not split across pages here (Word may split a tall row), header rows
  repeat on every page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..core.model import TableInfo
from .docx_export import BLANK, BODY, HEADING, PLAIN, RIGHT, TABLE, TITLE, Block, Piece
from .gbt9704 import (
    BODY_PT,
    CONDENSE_PT,
    LINE_PITCH_PT,
    MARGINS_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    TABLE_PT,
    TITLE_PT,
    TYPE_WIDTH_TWIPS,
    scaled_widths,
)

MM = 72 / 25.4
TYPE_WIDTH_PT = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) * MM  # 442.2
TYPE_HEIGHT_PT = (PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * MM  # 637.8
INDENT_PT = 2 * BODY_PT  # docx_layout.INDENT
# a line fits when it leaves this much room (LibreOffice rounds advances to twips: with
# 0.2 pt it takes a character more than LibreOffice does now and then, with 0.7 pt a
# character less — a first line of 26 characters has 0.7 pt to spare)
SPARE = 0.4
FIT = 0.01  # pt of rounding elsewhere
CELL_MARGIN_PT = 5.4  # Word's default left/right cell margin (0.19 cm)
CELL_BORDER_PT = 0.5

# closing marks a line may not start with; the first group may hang past the line end
HANGING = "，。、；：？！．"
NOT_START = HANGING + "）》」』】〕〗〉”’·～%‰℃)]}!,.:;?"
NOT_END = "（《「『【〔〖〈“‘([{"
UNSPLIT = "—…"  # ——, ……: two positions that stay together


@dataclass(frozen=True, slots=True)
class Metrics:
    """Advance widths, in em, of the characters that are not full width, by (font role,
    bold): measured by the UI from the fonts it draws with; a character not listed takes
    ``default`` (half a character, as in the official Chinese fonts)."""

    latin: Mapping[tuple[str, bool], Mapping[str, float]] = field(default_factory=dict)
    default: float = 0.5
    autospace: float = 0.2  # em between a Chinese character and a Latin letter or digit
    table_line: float = 1.3  # a single-spaced line of table text, in em

    def advance(self, char: str, role: str, bold: bool) -> float:
        if wide(char):
            return 1.0
        return self.latin.get((role, bold), {}).get(char, self.default)


def wide(char: str) -> bool:
    """Full width in a Chinese font: Han, kana, full-width forms, and the marks Unicode calls
    ambiguous (“”‘’—…·), which the export's w:hint="eastAsia" sets in the Chinese font."""
    return unicodedata.east_asian_width(char) in "WFA"


def latin_word(char: str) -> bool:
    """Part of a run of Latin letters and digits that is never broken (a middle dot joins
    such runs: XXXXX·XXX)."""
    return (char.isascii() and (char.isalnum() or char in "%.,:-_/'+&#@")) or char == "·"


@dataclass(frozen=True, slots=True)
class Line:
    """One line on a page: its characters, where each one's advance ends up (justified), the
    font changes, and the block and paragraph it belongs to. Points from the type area's
    top left corner."""

    x: float
    y: float
    height: float
    size: float  # pt
    chars: str
    advances: tuple[float, ...]
    fonts: tuple[tuple[int, str, bool], ...]  # (first character, role, bold)
    block: int
    source: int | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A table border: a rectangle (x, y, width, height) in points of the type area."""

    x: float
    y: float
    width: float
    height: float


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    def first_text(self) -> str:
        """The first line with text (the preview ≡ export checks compare it)."""
        return next((line.chars for line in self.lines if line.chars.strip()), "")


@dataclass(slots=True)
class Pages:
    pages: list[Page]
    # source paragraph → (page index, y of its first line): the preview scrolls with the editor
    where: dict[int, tuple[int, float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.pages)

    def page_of(self, source: int) -> tuple[int, float] | None:
        """Where paragraph ``source`` (or the nearest one before it on the pages) starts."""
        for index in range(source, -1, -1):
            if index in self.where:
                return self.where[index]
        return None


# ---------------------------------------------------------------- lines of one paragraph

@dataclass(frozen=True, slots=True)
class Style:
    size: float  # pt
    condense: float  # pt added to every advance
    first_indent: float  # pt
    align: str  # "justify" | "center" | "right"
    right_indent: float = 0.0  # pt
    height: float = LINE_PITCH_PT


BODY_STYLE = Style(BODY_PT, CONDENSE_PT, INDENT_PT, "justify")
STYLES = {
    BODY: BODY_STYLE,
    HEADING: BODY_STYLE,
    PLAIN: Style(BODY_PT, CONDENSE_PT, 0.0, "justify"),
    TITLE: Style(TITLE_PT, 0.0, 0.0, "center"),
    BLANK: BODY_STYLE,
}


@dataclass(frozen=True, slots=True)
class Broken:
    """A paragraph's lines before they are placed on a page: its characters, their
    advances, the space before each one (between Chinese and Latin text: dropped at a line
    break), the font changes and the (start, end) span of each line."""

    chars: str
    advances: tuple[float, ...]
    gaps: tuple[float, ...]
    fonts: tuple[tuple[int, str, bool], ...]
    spans: tuple[tuple[int, int], ...]


def advances_of(pieces: tuple[Piece, ...], style: Style, metrics: Metrics
                ) -> tuple[str, list[float], list[float], tuple[tuple[int, str, bool], ...]]:
    """The characters of ``pieces``, their advances (pt), the space before each one and the
    font changes."""
    chars, advances, fonts = [], [], []
    for piece in pieces:
        if not piece.text:
            continue
        fonts.append((len(chars), piece.font, piece.bold))
        for char in piece.text:
            chars.append(char)
            advances.append(metrics.advance(char, piece.font, piece.bold) * style.size + style.condense)
    space = metrics.autospace * style.size - style.condense  # measured: 3.45 pt at 三号
    gaps = [0.0] * len(chars)
    for index in range(1, len(chars)):  # Chinese beside a Latin letter or digit
        left, right = chars[index - 1], chars[index]
        if (_han(left) and right.isascii() and right.isalnum()) or \
                (_han(right) and left.isascii() and left.isalnum()):
            gaps[index] = space
    return "".join(chars), advances, gaps, tuple(fonts)


def _han(char: str) -> bool:
    """Chinese script for the space beside Latin text: Han, kana and the middle dot (set in
    the Chinese font), not the full-width marks (measured: no space in “，X”)."""
    if char == "·":
        return True
    return unicodedata.east_asian_width(char) == "W" and unicodedata.category(char) == "Lo"


def can_break(chars: str, index: int) -> bool:
    """May a line end before ``chars[index]``?"""
    before, after = chars[index - 1], chars[index]
    if after in NOT_START or before in NOT_END:
        return False
    if before == after and after in UNSPLIT:
        return False
    return not (latin_word(before) and latin_word(after))


def break_lines(chars: str, advances: list[float], gaps: list[float], first: float,
                rest: float) -> list[tuple[int, int]]:
    """(start, end) of each line: as many characters as fit, then the rules of the module
    doc (a hanging mark, or back to the last place a line may end)."""
    spans: list[tuple[int, int]] = []
    count, start = len(chars), 0
    while start < count:
        width = first if not spans else rest
        end, total = start, 0.0
        while end < count:
            step = advances[end] + (gaps[end] if end > start else 0.0)
            if total + step > width - SPARE:
                break
            total += step
            end += 1
        if end >= count:
            spans.append((start, count))
            break
        if end == start:  # a character wider than the line: it goes alone
            end = start + 1
        elif chars[end] in HANGING and (end + 1 >= count or chars[end + 1] not in NOT_START):
            end += 1
        else:
            cut = end
            while cut > start + 1 and not can_break(chars, cut):
                cut -= 1
            end = cut if can_break(chars, cut) else end
        spans.append((start, end))
        start = end
        while start < count and chars[start] == " ":  # a space at a line break takes no room
            start += 1
    return spans or [(0, 0)]


def break_block(pieces: tuple[Piece, ...], style: Style, metrics: Metrics,
                width: float = TYPE_WIDTH_PT) -> Broken:
    chars, advances, gaps, fonts = advances_of(pieces, style, metrics)
    available = width - style.right_indent
    spans = break_lines(chars, advances, gaps, available - style.first_indent, available)
    return Broken(chars, tuple(advances), tuple(gaps), fonts, tuple(spans))


def placed_lines(broken: Broken, style: Style, block: int, source: int | None,
                 width: float = TYPE_WIDTH_PT) -> list[Line]:
    """The lines of a broken paragraph at y = 0, aligned and justified: each character's
    advance includes the space after it and its share of the justification."""
    lines = []
    last = len(broken.spans) - 1
    available = width - style.right_indent
    for number, (start, end) in enumerate(broken.spans):
        indent = style.first_indent if number == 0 else 0.0
        room = available - indent
        advances = [broken.advances[i] + (broken.gaps[i + 1] if i + 1 < end else 0.0)
                    for i in range(start, end)]
        text = broken.chars[start:end]
        hanging = bool(text) and text[-1] in HANGING and sum(advances) > room + FIT
        body = sum(advances[:-1]) if hanging else sum(advances)
        x = indent
        if style.align == "justify" and number != last and len(advances) > 1:
            gaps = len(advances) - (2 if hanging else 1)
            if gaps > 0 and room > body:
                extra = (room - body) / gaps
                for index in range(gaps):
                    advances[index] += extra
        elif style.align == "center":
            x = indent + max(room - body, 0) / 2
        elif style.align == "right":
            x = indent + max(room - body, 0)
        fonts = tuple((max(first - start, 0), role, bold)
                      for first, role, bold in _fonts_from(broken.fonts, start, end))
        lines.append(Line(x, 0.0, style.height, style.size, text, tuple(advances), fonts, block, source))
    return lines


def _fonts_from(fonts: tuple[tuple[int, str, bool], ...], start: int, end: int):
    """The font changes that apply within [start, end): the one in force at ``start`` first."""
    current = fonts[0] if fonts else (0, "body", False)
    for item in fonts:
        if item[0] <= start:
            current = item
    yield current
    for item in fonts:
        if start < item[0] < end:
            yield item


# ---------------------------------------------------------------- pages

Cache = dict[tuple, list[Line]]


def paginate(blocks: list[Block], texts: list[str] | None = None, metrics: Metrics = Metrics(),
             cache: Cache | None = None) -> Pages:
    """The pages of the plan ``blocks``; ``texts``: the document's paragraph texts (tables'
    cells index them); ``cache`` keeps each paragraph's lines between calls (a keystroke
    breaks one paragraph again)."""
    stacker = _Stacker(metrics)
    cache = {} if cache is None else cache
    for number, block in enumerate(blocks):
        if block.kind == TABLE and block.table is not None:
            stacker.table(block.table, texts or [], number, block.source)
            continue
        stacker.paragraph(_lines(cache, block, metrics), block.keep_with_next, number, block.source)
    return stacker.finish()


def _style_of(block: Block) -> Style:
    if block.kind == RIGHT:
        return Style(BODY_PT, CONDENSE_PT, 0.0, "right", block.right_indent * (BODY_PT + CONDENSE_PT))
    return STYLES.get(block.kind, BODY_STYLE)


def _lines(cache: Cache, block: Block, metrics: Metrics) -> list[Line]:
    """The block's lines at y = 0 (not yet on a page), from the cache when its text, kind
    and indents were laid out before."""
    style = _style_of(block)
    key = (block.kind, block.pieces if block.kind != BLANK else (), block.lines, style, id(metrics))
    found = cache.get(key)
    if found is None:
        if block.kind == TITLE:  # each title line is a line of its own (a break in the run)
            bold = block.pieces[0].bold if block.pieces else False
            found = [line for text in block.lines
                     for line in placed_lines(break_block((Piece(text, "title", bold),), style, metrics),
                                              style, -1, None)]
        else:
            pieces = block.pieces if block.kind != BLANK else ()
            found = placed_lines(break_block(pieces, style, metrics), style, -1, None)
        cache[key] = found
    return found


class _Stacker:
    """Puts lines on pages from the top: a line that does not fit starts a new page."""

    def __init__(self, metrics: Metrics):
        self.metrics = metrics
        self.pages = [Page(1)]
        self.y = 0.0
        self.where: dict[int, tuple[int, float]] = {}
        # a keep-with-next heading waiting for what follows it: (line, block, source)
        self._kept: list[tuple[Line, int, int | None]] = []

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.y = 0.0

    def fits(self, height: float) -> bool:
        return self.y + height <= TYPE_HEIGHT_PT + FIT

    def paragraph(self, lines: list[Line], keep_with_next: bool, block: int, source: int | None) -> None:
        if self._kept:
            self._place_kept(lines[0].height if lines else 0.0)
        if keep_with_next:
            self._kept = [(line, block, source) for line in lines]
            return
        for line in lines:
            self.place(line, block, source)

    def _place_kept(self, next_height: float) -> None:
        """The heading kept with the next paragraph: onto a new page if that paragraph's
        first line would not follow it on this one (unless it would not fit on any page)."""
        kept, self._kept = self._kept, []
        height = sum(line.height for line, _, _ in kept)
        if not self.fits(height + next_height) and self.y > 0 and height + next_height <= TYPE_HEIGHT_PT:
            self.new_page()
        for line, block, source in kept:
            self.place(line, block, source)

    def place(self, line: Line, block: int, source: int | None) -> None:
        if not self.fits(line.height) and self.y > 0:
            self.new_page()
        self.page.lines.append(Line(line.x, self.y, line.height, line.size, line.chars,
                                    line.advances, line.fonts, block, source))
        if source is not None and source not in self.where:
            self.where[source] = (len(self.pages) - 1, self.y)
        self.y += line.height

    def table(self, table: TableInfo, texts: list[str], block: int, source: int | None) -> None:
        if self._kept:
            self._place_kept(self._row_height(table, texts, 0))
        _TableStacker(self, table, texts, block, source).stack()

    def _row_height(self, table: TableInfo, texts: list[str], row: int) -> float:
        return _TableStacker(self, table, texts, 0, None).row_height(row) if table.rows else 0.0

    def finish(self) -> Pages:
        kept, self._kept = self._kept, []
        for line, block, source in kept:
            self.place(line, block, source)
        return Pages(self.pages, self.where)


class _TableStacker:
    """A table's rows on pages: cells' lines in 四号 single spacing inside full borders; a row
    that does not fit starts a new page, where the header rows are repeated."""

    def __init__(self, stacker: _Stacker, table: TableInfo, texts: list[str], block: int,
                 source: int | None):
        self.stacker, self.table, self.texts = stacker, table, texts
        self.block, self.source = block, source
        self.columns = max(table.columns, 1)
        self.widths = [w / 20 for w in scaled_widths(table.grid, self.columns, TYPE_WIDTH_TWIPS)]
        self.header = table.header_rows or (1 if len(table.rows) > 1 else 0)
        self.style = Style(TABLE_PT, 0.0, 0.0, "justify",
                           height=stacker.metrics.table_line * TABLE_PT)

    def _cell_width(self, column: int, span: int) -> float:
        return sum(self.widths[column:column + span]) - 2 * CELL_MARGIN_PT

    def _cell_lines(self, row: int, cell_index: int) -> list[list[Line]]:
        cell = self.table.rows[row][cell_index]
        texts = [self.texts[i].strip() for i in cell.paragraphs if 0 <= i < len(self.texts)]
        texts = [t for t in texts if t] or [""]
        font = "hei" if row < self.header else "body"
        style = self.style if row >= self.header else Style(TABLE_PT, 0.0, 0.0, "center",
                                                             height=self.style.height)
        width = max(self._cell_width(cell.column, cell.col_span), TABLE_PT)
        paragraphs = []
        for text in texts:
            broken = break_block((Piece(text, font),), style, self.stacker.metrics, width)
            paragraphs.append(placed_lines(broken, style, self.block, self.source, width))
        return paragraphs

    def row_height(self, row: int) -> float:
        tallest = 0.0
        for index, cell in enumerate(self.table.rows[row]):
            if cell.merge == "continue" or cell.column >= self.columns:
                continue
            lines = sum(len(p) for p in self._cell_lines(row, index))
            tallest = max(tallest, lines * self.style.height)
        return tallest + CELL_BORDER_PT

    def stack(self) -> None:
        rows = range(len(self.table.rows))
        heights = [self.row_height(r) for r in rows]
        header_height = sum(heights[:self.header])
        for row in rows:
            if not self.stacker.fits(heights[row]) and self.stacker.y > 0:
                self.stacker.new_page()
                if row >= self.header and header_height + heights[row] <= TYPE_HEIGHT_PT:
                    for again in range(self.header):
                        self._draw_row(again, heights[again])
            self._draw_row(row, heights[row])

    def _draw_row(self, row: int, height: float) -> None:
        stacker = self.stacker
        page, top = stacker.page, stacker.y
        if self.source is not None and self.source not in stacker.where:
            stacker.where[self.source] = (len(stacker.pages) - 1, top)
        left = (TYPE_WIDTH_PT - sum(self.widths)) / 2
        for index, cell in enumerate(self.table.rows[row]):
            if cell.merge == "continue" or cell.column >= self.columns:
                continue
            x = left + sum(self.widths[:cell.column])
            width = sum(self.widths[cell.column:cell.column + cell.col_span])
            page.rules.append(Rule(x, top, width, height))
            y = top + CELL_BORDER_PT / 2
            for paragraph in self._cell_lines(row, index):
                for line in paragraph:
                    page.lines.append(Line(x + CELL_MARGIN_PT + line.x, y, line.height, line.size,
                                           line.chars, line.advances, line.fonts, self.block,
                                           self.source))
                    y += line.height
        stacker.y += height
