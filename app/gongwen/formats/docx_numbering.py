"""Word automatic numbering → the label Word shows (一、 （一） 1. （1） ①…).

Word keeps list numbers out of the text: a paragraph (or its style) carries
``w:numPr`` (numId + ilvl) and numbering.xml says how level ``ilvl`` of that list is
drawn (``w:numFmt`` + ``w:lvlText`` such as ``（%2）``). ``Numberer.label`` replays the
counters in document order, so call it for every paragraph, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.numerals import int_to_cn
from .wordml import W

LEVELS = 9
P_PR, NUM_PR, P_STYLE = W + "pPr", W + "numPr", W + "pStyle"
CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①…⑳
PARENTHESIZED = "".join(chr(c) for c in range(0x2474, 0x2488))  # ⑴…⒇
FULLSTOP = "".join(chr(c) for c in range(0x2488, 0x249C))  # ⒈…⒛
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
DIZHI = "子丑寅卯辰巳午未申酉戌亥"
LEGAL = dict(zip("零一二三四五六七八九十", "零壹贰叁肆伍陆柒捌玖拾", strict=True))
CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "japaneseCounting",
                   "japaneseDigitalTenThousand", "taiwaneseCounting",
                   "taiwaneseCountingThousand", "ideographDigital", "koreanCounting"}


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False
    style: str = ""


@dataclass(slots=True)
class ListDef:
    abstract: str
    levels: list[Level]
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl → startOverride


def _val(element: Any, tag: str, default: str = "") -> str:
    child = element.find(W + tag) if element is not None else None
    if child is None:
        return default
    return child.get(W + "val", default)


def _int(text: str, default: int) -> int:
    if not text:  # the usual case (no ilvl): an exception per paragraph costs µs
        return default
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def format_number(value: int, fmt: str) -> str:
    """One counter in one of Word's number formats."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt in CHINESE_FORMATS:
        return _chinese(value, fmt)
    if fmt == "chineseLegalSimplified":
        return "".join(LEGAL.get(c, c) for c in _chinese(value, fmt))
    table = {"decimalEnclosedCircle": CIRCLED, "decimalEnclosedCircleChinese": CIRCLED,
             "decimalEnclosedParen": PARENTHESIZED, "decimalEnclosedFullstop": FULLSTOP,
             "ideographTraditional": TIANGAN, "ideographZodiac": DIZHI}.get(fmt)
    if table is not None:
        return table[value - 1] if 1 <= value <= len(table) else str(value)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt.startswith("decimalFullWidth"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _chinese(value: int, fmt: str) -> str:
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(value))
    return int_to_cn(value) if 0 <= value < 100 else str(value)


def _roman(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = ""
    for number, mark in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                         (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                         (4, "IV"), (1, "I")):
        while value >= number:
            out += mark
            value -= number
    return out


def _levels(abstract: Any) -> list[Level]:
    levels = [Level() for _ in range(LEVELS)]
    for lvl in abstract.findall(W + "lvl"):
        index = _int(lvl.get(W + "ilvl"), -1)
        if 0 <= index < LEVELS:
            levels[index] = Level(
                start=_int(_val(lvl, "start", "1"), 1), fmt=_val(lvl, "numFmt", "decimal"),
                text=_val(lvl, "lvlText"), suffix=_val(lvl, "suff", "tab"),
                legal=lvl.find(W + "isLgl") is not None, style=_val(lvl, "pStyle"))
    return levels


def parse_numbering(root: Any) -> dict[str, ListDef]:
    """numId → its list definition, from the numbering part's root element (or None)."""
    if root is None:
        return {}
    abstracts = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
    lists: dict[str, ListDef] = {}
    for num in root.findall(W + "num"):
        abstract_id = _val(num, "abstractNumId")
        abstract = abstracts.get(abstract_id)
        if abstract is None:
            continue
        overrides = {}
        for override in num.findall(W + "lvlOverride"):
            start = override.find(W + "startOverride")
            if start is not None:
                overrides[_int(override.get(W + "ilvl"), 0)] = _int(start.get(W + "val"), 1)
        lists[num.get(W + "numId", "")] = ListDef(abstract_id, _levels(abstract), overrides)
    return lists


class Styles:
    """Paragraph styles: their numPr and basedOn chain."""

    def __init__(self, root: Any):
        self._styles: dict[str, Any] = {}
        if root is not None:
            for style in root.findall(W + "style"):
                if style.get(W + "type") == "paragraph":
                    self._styles[style.get(W + "styleId", "")] = style
        default = [s for s in self._styles.values() if s.get(W + "default") in ("1", "true")]
        self.default = default[0].get(W + "styleId") if default else ""
        self._num_pr: dict[str, tuple[str, str, str]] = {}  # asked for every paragraph

    def num_pr(self, style_id: str) -> tuple[str, str, str]:
        """(numId, ilvl, style that carries it) from the style chain, or empty strings."""
        found = self._num_pr.get(style_id)
        if found is None:
            found = self._num_pr[style_id] = self._chain_num_pr(style_id)
        return found

    def _chain_num_pr(self, style_id: str) -> tuple[str, str, str]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and _val(num_pr, "numId"):
                return _val(num_pr, "numId"), _val(num_pr, "ilvl"), style_id
            style_id = _val(style, "basedOn")
        return "", "", ""


class Numberer:
    """Replays Word's list counters; ``label(p)`` gives the visible number of paragraph p."""

    def __init__(self, numbering_root: Any, styles_root: Any):
        self.lists = parse_numbering(numbering_root)
        self.styles = Styles(styles_root)
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()

    @classmethod
    def from_lists(cls, lists: dict[str, ListDef]) -> Numberer:
        """A numberer over list definitions read from elsewhere (the .doc reader's LFOs)."""
        numberer = cls(None, None)
        numberer.lists = lists
        return numberer

    def label(self, paragraph: Any) -> str:
        return self.label_for(*self._num_pr(paragraph))

    def label_for(self, num_id: str, ilvl: int) -> str:
        """The number of the next paragraph of list ``num_id`` at level ``ilvl``."""
        definition = self.lists.get(num_id)
        if definition is None or not 0 <= ilvl < LEVELS:
            return ""
        counters = self._counters.setdefault(definition.abstract, [None] * LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            for level in definition.overrides:
                if 0 <= level < LEVELS:
                    counters[level] = None
        current = counters[ilvl]
        counters[ilvl] = current + 1 if current is not None else self._start(definition, ilvl)
        for deeper in range(ilvl + 1, LEVELS):
            counters[deeper] = None
        return self._render(definition, ilvl, counters)

    @staticmethod
    def _start(definition: ListDef, ilvl: int) -> int:
        return definition.overrides.get(ilvl, definition.levels[ilvl].start)

    def _num_pr(self, paragraph: Any) -> tuple[str, int]:
        # w:pPr is a paragraph's first child (schema order): no find() on the hot path
        p_pr = paragraph[0] if len(paragraph) and paragraph[0].tag == P_PR else None
        num_pr, style_id = None, ""
        if p_pr is not None:
            for child in p_pr:
                if child.tag == NUM_PR:
                    num_pr = child
                elif child.tag == P_STYLE:
                    style_id = child.get(W + "val", "")
        num_id = _val(num_pr, "numId") if num_pr is not None else ""
        ilvl = _val(num_pr, "ilvl") if num_pr is not None else ""
        if not num_id:
            num_id, style_ilvl, carrier = self.styles.num_pr(style_id or self.styles.default)
            ilvl = ilvl or style_ilvl or self._level_of_style(num_id, carrier)
        return num_id, _int(ilvl, 0)

    def _level_of_style(self, num_id: str, style_id: str) -> str:
        definition = self.lists.get(num_id)
        if definition is None:
            return ""
        for index, level in enumerate(definition.levels):
            if level.style and level.style == style_id:
                return str(index)
        return ""

    def _render(self, definition: ListDef, ilvl: int, counters: list[int | None]) -> str:
        level = definition.levels[ilvl]
        if level.fmt in ("none", "bullet"):
            return ""
        text = level.text
        for index in range(LEVELS - 1, -1, -1):
            marker = f"%{index + 1}"
            if marker not in text:
                continue
            value = counters[index]
            if value is None:
                value = self._start(definition, index)
            fmt = "decimal" if level.legal else definition.levels[index].fmt
            text = text.replace(marker, format_number(value, fmt))
        if text and level.suffix != "nothing" and text[-1].isascii() and text[-1].isalnum():
            text += " "
        return text
