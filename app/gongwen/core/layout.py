"""Layout facts of a document as Word shows it: pure data, no file access.

A reader (``docx_layout_facts`` in the formats package) resolves the formatting and fills these;
the ``layout`` rule family judges them against a standard (``core.layout_standard``).
Paragraph indexes are the model's (``Document.paragraphs``). Lengths are millimetres for
the page and points for type; a first-line indent is kept in the unit the file used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from .model import Document, Role

PT_PER_MM = 72 / 25.4
# Characters that always take the East Asian font slot, and those that take it only with
# w:hint="eastAsia" (quotes, dashes, ellipsis, middle dot: Word's ambiguous range);
# compiled when a .docx's fonts are first judged (~5 ms), not by every start that imports
# this module (the editor's first paint, a .txt audit)
_EAST_ASIAN_CLASS = "[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
_AMBIGUOUS_CLASS = "[\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2025\u2026\u2030\u203b]"


@cache
def _classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(East Asian, ambiguous) character patterns."""
    return re.compile(_EAST_ASIAN_CLASS), re.compile(_AMBIGUOUS_CLASS)


SIZE_NAMES = {42.0: "初号", 36.0: "小初", 26.0: "一号", 24.0: "小一", 22.0: "二号", 18.0: "小二",
              16.0: "三号", 15.0: "小三", 14.0: "四号", 12.0: "小四", 10.5: "五号", 9.0: "小五",
              7.5: "六号", 6.5: "小六", 5.5: "七号", 5.0: "八号"}


def size_label(points: float) -> str:
    """``16`` → ``三号（16 磅）``; sizes without a Chinese name stay in points."""
    text = f"{points:g} 磅"
    name = SIZE_NAMES.get(round(points * 2) / 2)
    return f"{name}（{text}）" if name else text


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Model characters [start, end) of one paragraph and their effective formatting."""

    start: int
    end: int
    east_asia: str | None  # font of Chinese characters (None: the file names none)
    ascii: str | None
    size_pt: float
    bold: bool = False
    hint_east_asia: bool = False
    spacing_pt: float = 0.0  # character spacing (negative condenses)
    scale: int = 100  # glyph width, per cent


@dataclass(frozen=True, slots=True)
class ParagraphLayout:
    """One model paragraph's resolved formatting."""

    index: int
    kind: str  # "body" | "table" | "textbox" (only body paragraphs are judged)
    section: int  # index into LayoutFacts.sections
    style: str  # the paragraph style's name, for messages
    align: str  # left / center / right / both / distribute
    first_line_chars: float | None  # when the file gives it in characters
    first_line_pt: float  # otherwise (negative: hanging)
    line_rule: str  # auto / exact / atLeast
    line: float  # auto: multiple of single; exact/atLeast: points
    snap_to_grid: bool = True
    left_pt: float = 0.0
    left_chars: float | None = None
    spans: tuple[TextSpan, ...] = ()

    def east_asia_font(self, text: str, start: int = 0, end: int | None = None) -> str | None:
        """The font most of the Chinese characters in text[start:end] use ("" if none)."""
        stop = len(text) if end is None else end
        east_asian, ambiguous = _classes()
        if len(self.spans) == 1:  # the usual paragraph: one run of formatting
            span = self.spans[0]
            chunk = text[max(span.start, start):min(span.end, stop)]
            found = east_asian.search(chunk) or (span.hint_east_asia and ambiguous.search(chunk))
            return (span.east_asia or "") if found else None
        counts: Counter[str] = Counter()
        for span in self.spans:
            lo, hi = max(span.start, start), min(span.end, stop)
            if lo >= hi:
                continue
            chunk = text[lo:hi]
            count = len(east_asian.findall(chunk))
            if span.hint_east_asia:
                count += len(ambiguous.findall(chunk))
            if count:
                counts[span.east_asia or ""] += count
        return counts.most_common(1)[0][0] if counts else None

    def size(self, start: int = 0, end: int | None = None) -> float | None:
        """The size most characters in [start, end) have."""
        if len(self.spans) == 1:
            span = self.spans[0]
            hi = span.end if end is None else min(span.end, end)
            return span.size_pt if hi > max(span.start, start) else None
        counts: Counter[float] = Counter()
        for span in self.spans:
            lo, hi = max(span.start, start), span.end if end is None else min(span.end, end)
            if hi > lo:
                counts[span.size_pt] += hi - lo
        return counts.most_common(1)[0][0] if counts else None

    def char_width(self) -> float | None:
        """Width of one full-width character of the body text, in points."""
        if len(self.spans) == 1:
            span = self.spans[0]
            return span.size_pt * span.scale / 100 + span.spacing_pt
        counts: Counter[float] = Counter()
        for span in self.spans:
            counts[span.size_pt * span.scale / 100 + span.spacing_pt] += span.end - span.start
        return counts.most_common(1)[0][0] if counts else None

    def indent_chars(self) -> float:
        """Where the first line starts, in characters of this paragraph's own size: the
        left indent plus the first-line indent, each in the unit the file gives."""
        size = self.size() or 0.0

        def chars(in_chars: float | None, points: float) -> float:
            if in_chars is not None:
                return in_chars
            return points / size if size else 0.0

        return chars(self.left_chars, self.left_pt) + chars(self.first_line_chars,
                                                            self.first_line_pt)


@dataclass(frozen=True, slots=True)
class PageSetup:
    """One section's page: millimetres, the document grid, where it starts."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float  # the gutter included
    right_mm: float
    grid_type: str = "default"  # default (none) / lines / linesAndChars / snapToChars
    line_pitch_pt: float | None = None
    char_space: int = 0  # 1/4096 pt, relative to the default paragraph style's size
    first_paragraph: int = 0  # the model paragraph the section starts at

    @property
    def type_height_pt(self) -> float:
        return (self.height_mm - self.top_mm - self.bottom_mm) * PT_PER_MM

    @property
    def type_width_pt(self) -> float:
        return (self.width_mm - self.left_mm - self.right_mm) * PT_PER_MM


@dataclass(frozen=True, slots=True)
class PageNumber:
    """What the footer of one kind of page shows."""

    found: bool  # a PAGE field is there
    text: str = ""  # the number written N: "— N —", "- N -", "N"
    align: str = ""  # left / center / right on that page
    size_pt: float | None = None
    font: str | None = None  # the digits' font
    number_format: str = "decimal"


@dataclass(frozen=True, slots=True)
class FooterFacts:
    """Page numbers of one section: odd pages, even pages, the first page."""

    odd: PageNumber
    even: PageNumber
    first: PageNumber | None = None  # only when the section has a distinct first page


@dataclass(frozen=True, slots=True)
class SignatureFacts:
    """The 落款 at the end: the unit line and the 成文日期 line (model indexes)."""

    unit: int | None = None
    date: int | None = None
    chinese_date: int | None = None  # a date line in Chinese numerals (二〇二五年七月十日)
    last: int = 0  # the last non-blank paragraph (where a missing 落款 is reported)


@dataclass(slots=True)
class LayoutFacts:
    sections: tuple[PageSetup, ...]
    paragraphs: dict[int, ParagraphLayout]  # model index → its layout (body, table, text box)
    footers: tuple[FooterFacts, ...]  # one per section
    even_and_odd: bool  # settings.xml w:evenAndOddHeaders
    normal_size_pt: float  # the default paragraph style's size (the char grid's unit)
    signature: SignatureFacts = field(default_factory=SignatureFacts)


# ---------------------------------------------------------------- the 落款


ANY_ARABIC_DATE = re.compile(r"^\d{2,4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
CHINESE_DATE = re.compile(r"^[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
                          r"[一二三四五六七八九十]{1,3}日$")
UNIT_END = re.compile(r"[。！？；，、：:;,.!?]$")
UNIT_MAX_CHARS = 40


_SPACES = re.compile(r"[\s\u3000]+")


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text)


def find_signature(document: Document, search_last: int = 6) -> SignatureFacts:
    """The 成文日期 among the last ``search_last`` non-blank paragraphs, and the 落款 unit
    line just above it (short, no closing punctuation)."""
    filled = [p for p in document.paragraphs if p.role is not Role.BLANK]
    if not filled:
        return SignatureFacts()
    tail = filled[-search_last:]
    date = chinese = None
    for paragraph in reversed(tail):
        text = _squeeze(paragraph.text)
        if ANY_ARABIC_DATE.match(text) and date is None:
            date = paragraph.index
        elif CHINESE_DATE.match(text) and chinese is None:
            chinese = paragraph.index
    anchor = date if date is not None else chinese
    unit = None
    if anchor is not None:
        position = [p.index for p in filled].index(anchor)
        before = filled[position - 1] if position > 0 else None
        if before is not None and _looks_like_unit(before.text, before.role):
            unit = before.index
    return SignatureFacts(unit, date, chinese, filled[-1].index)


def _looks_like_unit(text: str, role: Role) -> bool:
    squeezed = _squeeze(text)
    return (role in (Role.BODY, Role.TITLE) and 0 < len(squeezed) <= UNIT_MAX_CHARS
            and not UNIT_END.search(squeezed) and not ANY_ARABIC_DATE.match(squeezed))


# ---------------------------------------------------------------- edited text


def carried(facts: LayoutFacts, read: list[str], document: Document) -> LayoutFacts:
    """The facts of a .docx as read (paragraph texts ``read``) carried onto ``document``, the
    same file's text as edited since: paragraphs of the unchanged head and tail keep theirs
    (under their new numbers), edited and new ones have none (they are not judged until the
    file is saved and read again), page and footer facts stay, the 落款 is found again."""
    texts = [p.text for p in document.paragraphs]
    if texts == read:
        return facts
    head, tail = common_ends(read, texts)
    shift, tail_start = len(texts) - len(read), len(read) - tail

    def moved(index: int) -> int | None:
        if index < head:
            return index
        return index + shift if index >= tail_start else None

    paragraphs = {new: layout for old, layout in facts.paragraphs.items()
                  if (new := moved(old)) is not None}
    sections = tuple(_moved_section(s, moved(s.first_paragraph), head) for s in facts.sections)
    return LayoutFacts(sections, paragraphs, facts.footers, facts.even_and_odd,
                       facts.normal_size_pt, find_signature(document))


def _moved_section(section: PageSetup, first: int | None, head: int) -> PageSetup:
    """The section starts where its first paragraph went (the first section: at the top)."""
    start = 0 if section.first_paragraph == 0 else head if first is None else first
    return section if start == section.first_paragraph else replace(section, first_paragraph=start)


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


# ---------------------------------------------------------------- roles


TITLE, HEADING, BODY, ADDRESSEE, SIGNATURE = "title", "heading", "body", "addressee", "signature"
ADDRESSEE_END = re.compile(r"[：:]$")


def layout_roles(document: Document, facts: LayoutFacts) -> dict[int, str]:
    """Which part of a 公文 each judged paragraph is: title (with its continuation lines),
    heading, body, addressee (主送机关), signature (落款 and 成文日期). Paragraphs before the
    title, centred lines right under it (a subtitle) and short centred or right-aligned
    lines in the body (captions), paragraphs after the 成文日期 (版记),
    table cells and text boxes are not judged."""
    layouts = facts.paragraphs
    title = document.title_index
    signature = facts.signature
    end = signature.date if signature.date is not None else signature.chinese_date
    roles: dict[int, str] = {}
    under_title = title is not None
    for paragraph in document.paragraphs:
        layout = layouts.get(paragraph.index)
        if layout is None or layout.kind != "body" or paragraph.role is Role.BLANK:
            continue
        if title is not None and paragraph.index < title:
            continue
        if end is not None and paragraph.index > end:
            break
        if paragraph.index == title:
            roles[paragraph.index] = TITLE
            continue
        if under_title and paragraph.role is not Role.HEADING:
            if _continues_title(layout, layouts.get(title)):
                roles[paragraph.index] = TITLE
                continue
            if layout.align == "center":
                continue  # a subtitle (——在某某会议上的讲话): no rule for it here
        if under_title and _is_addressee(paragraph.text) and paragraph.role is Role.BODY:
            roles[paragraph.index] = ADDRESSEE
            under_title = False
            continue
        under_title = False
        if paragraph.index in (signature.unit, signature.date, signature.chinese_date):
            roles[paragraph.index] = SIGNATURE
        elif paragraph.role is Role.BODY and _set_apart(paragraph.text, layout):
            continue  # a caption (表1 …) or a centred line: not 正文 text
        elif paragraph.role is Role.HEADING:
            roles[paragraph.index] = HEADING
        else:
            roles[paragraph.index] = BODY
    return roles


def _continues_title(layout: ParagraphLayout, title: ParagraphLayout | None) -> bool:
    """A second title line typed as its own paragraph: centred and as large as the title."""
    if title is None or layout.align != title.align or layout.align != "center":
        return False
    return layout.size() is not None and layout.size() == title.size()


def _set_apart(text: str, layout: ParagraphLayout) -> bool:
    """A short centred or right-aligned line without closing punctuation."""
    squeezed = _squeeze(text)
    return (layout.align in ("center", "right") and len(squeezed) <= UNIT_MAX_CHARS
            and not UNIT_END.search(squeezed))


def _is_addressee(text: str) -> bool:
    squeezed = _squeeze(text)
    return 0 < len(squeezed) <= UNIT_MAX_CHARS and bool(ADDRESSEE_END.search(squeezed))
