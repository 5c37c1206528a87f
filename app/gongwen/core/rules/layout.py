"""版式: the layout of a .docx as Word resolves it, judged against a layout standard
(GB/T 9704 by default, checklists/layout/*.toml).

The facts come from ``Document.layout`` (set by the .docx reader path; a .txt has none, so
nothing is reported). One finding per deviation and role, not per paragraph — "正文 37 段
为宋体" — anchored at the first paragraph concerned. Every message, severity and number
comes from the standard; ``deviations`` is the pure check the standard's own examples run
through when the file loads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..layout import (
    ADDRESSEE,
    BODY,
    HEADING,
    PT_PER_MM,
    SIGNATURE,
    TITLE,
    LayoutFacts,
    PageNumber,
    PageSetup,
    ParagraphLayout,
    layout_roles,
    size_label,
)
from ..layout_standard import KINDS, LayoutStandard, TypeSpec, check_examples, read_layout_standard
from ..model import Document, Finding, Role
from ..numerals import arabic_date
from ..rulepack import fill
from .base import Context, Family

# The placeholders each kind of deviation fills (the standard's message templates are
# checked against these when it loads).
ALIGN_NAMES = {"left": "居左", "center": "居中", "right": "居右", "both": "两端对齐",
               "distribute": "分散对齐", "": "居左"}
ROLE_NAMES = {BODY: "正文", ADDRESSEE: "主送机关", SIGNATURE: "落款", HEADING: "各级标题"}
LEVEL_NAMES = {1: "一级标题“一、”", 2: "二级标题“（一）”", 3: "三级标题“1.”", 4: "四级标题“（1）”"}
NUMBER_FORMATS = {"decimalFullWidth": "全角数字", "decimalFullWidth2": "全角数字",
                  "chineseCounting": "中文数字", "chineseCountingThousand": "中文数字",
                  "ideographDigital": "中文数字", "upperRoman": "罗马数字",
                  "lowerRoman": "罗马数字", "upperLetter": "英文字母", "lowerLetter": "英文字母",
                  "decimalEnclosedCircle": "带圈数字", "decimalEnclosedCircleChinese": "带圈数字"}
NO_FONT = "未指定中文字体"
# Word's single line of CJK text is about 1.3 em high (ascent + descent + gap of 宋体, 等线,
# 仿宋): what "auto" spacing gives without a grid, and whether a line needs two grid cells
NATURAL_LINE_EM = 1.3
EPSILON = 0.02  # rounding slack when counting lines and characters that fit


@dataclass(frozen=True, slots=True)
class Deviation:
    """One deviation from the standard, before it is worded."""

    rule: str
    kind: str
    paragraph: int
    start: int = 0
    end: int = 0
    values: dict[str, str] = field(default_factory=dict)


def num(value: float) -> str:
    """2 decimals at most, no trailing zeros: 28.95, 16, 1.08."""
    return f"{round(value, 2):g}"


# ---------------------------------------------------------------- the family


class LayoutFamily(Family):
    """Judges ``Document.layout`` against a standard: the one given here, else
    ``ctx.env.layout`` when the audit environment carries one. Without facts (a .txt) or
    without a standard it reports nothing."""

    category = "layout"

    def __init__(self, standard: LayoutStandard | None = None):
        self.standard = standard

    def review(self, ctx: Context) -> list[Finding]:
        standard = self.standard or ctx.env.layout
        facts = ctx.document.layout
        if standard is None or facts is None:
            return []
        return [self._finding(ctx.document, standard, d)
                for d in deviations(ctx.document, facts, standard)]

    def _finding(self, document: Document, standard: LayoutStandard, item: Deviation) -> Finding:
        rule = standard.rule(item.rule)
        message = fill(rule.messages[item.kind], item.values)
        text = document.paragraphs[item.paragraph].text
        return Finding(item.rule, self.category, rule.severity, message, item.paragraph,
                       item.start, item.end, text[item.start:item.end])


def parse_layout_standard(text: str, source: str, examples: bool = True) -> LayoutStandard:
    """A layout standard from TOML text, its examples judged by this family (``examples``:
    False for built-ins already verified); raise ChecklistError (``source:line: what``)
    listing every problem."""
    standard, entries, problems = read_layout_standard(text, source)
    if examples:
        check_examples(standard, entries, problems, deviations)
    problems.raise_if_any()
    return standard


def with_standard(families: Iterable[Family], standard: LayoutStandard) -> tuple[Family, ...]:
    """``families`` with the layout family judging against ``standard``."""
    return tuple(LayoutFamily(standard) if isinstance(f, LayoutFamily) else f for f in families)


# ---------------------------------------------------------------- the checks


def deviations(document: Document, facts: LayoutFacts, standard: LayoutStandard) -> list[Deviation]:
    """Every deviation of the document's layout from the standard, in rule order."""
    roles = layout_roles(document, facts)
    found: list[Deviation] = []
    found += _page_size(document, facts, standard)
    found += _margins(document, facts, standard)
    found += _grid(document, facts, standard, roles)
    found += _body_type(document, facts, standard, roles)
    found += _title(document, facts, standard, roles)
    found += _headings(document, facts, standard, roles)
    found += _indent(document, facts, standard, roles)
    found += _page_numbers(document, facts, standard)
    found += _signature(document, facts)
    return found


def _anchor(document: Document, first: int) -> int:
    """The first non-blank paragraph from ``first`` on (a section's own anchor)."""
    for paragraph in document.paragraphs[first:]:
        if paragraph.role is not Role.BLANK:
            return paragraph.index
    return min(first, len(document.paragraphs) - 1)


def _first_section(facts: LayoutFacts, check) -> tuple[int, PageSetup] | None:
    for index, section in enumerate(facts.sections):
        if check(section):
            return index, section
    return None


def _page_size(document: Document, facts: LayoutFacts, standard: LayoutStandard) -> list[Deviation]:
    width, height, tolerance = standard.page

    def wrong(section: PageSetup) -> bool:
        return abs(section.width_mm - width) > tolerance or abs(section.height_mm - height) > tolerance

    hit = _first_section(facts, wrong)
    if hit is None:
        return []
    section = hit[1]
    return [Deviation("layout.page-size", "size", _anchor(document, section.first_paragraph),
                      values={"width": num(section.width_mm), "height": num(section.height_mm),
                              "expected_width": num(width), "expected_height": num(height)})]


SIDE_NAMES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}


def _margins(document: Document, facts: LayoutFacts, standard: LayoutStandard) -> list[Deviation]:
    def actual(section: PageSetup) -> dict[str, float]:
        return {"top": section.top_mm, "bottom": section.bottom_mm, "left": section.left_mm,
                "right": section.right_mm}

    def wrong(section: PageSetup) -> bool:
        values = actual(section)
        return any(abs(values[side] - mm) > tol for side, (mm, tol) in standard.margins.items())

    hit = _first_section(facts, wrong)
    if hit is None:
        return []
    values = actual(hit[1])
    shown = " ".join(f"{SIDE_NAMES[s]} {num(values[s])}" for s in SIDE_NAMES)
    expected = " ".join(f"{SIDE_NAMES[s]} {num(standard.margins[s][0])}" for s in SIDE_NAMES)
    return [Deviation("layout.margins", "margins", _anchor(document, hit[1].first_paragraph),
                      values={"actual": f" {shown} ", "expected": f" {expected} "})]


def _by_role(roles: dict[int, str], *wanted: str) -> list[int]:
    return [index for index, role in roles.items() if role in wanted]


Item = tuple[int, int, int, object, dict[str, str]]  # paragraph, start, end, key, values


def _groups(items: list[Item]) -> list[tuple[int, int, int, int, dict[str, str]]]:
    """(paragraph, start, end, key, values) → one (first paragraph, start, end, count,
    values) per key, in the order keys first appear."""
    order: dict[object, list] = {}
    for index, start, end, key, values in items:
        entry = order.get(key)
        if entry is None:
            order[key] = [index, start, end, 1, values]
        else:
            entry[3] += 1
    return [tuple(entry) for entry in order.values()]  # type: ignore[misc]


def _span(document: Document, index: int) -> tuple[int, int]:
    return 0, len(document.paragraphs[index].text)


# ---- 22 lines × 28 characters


def line_pitch(layout: ParagraphLayout, section: PageSetup) -> float:
    """The distance between two lines of a paragraph, in points, as Word lays it out."""
    size = layout.size() or 0.0
    natural = NATURAL_LINE_EM * size
    on_grid = (section.grid_type != "default" and layout.snap_to_grid
               and bool(section.line_pitch_pt))
    if layout.line_rule == "exact":
        return layout.line
    if layout.line_rule == "atLeast":
        return max(layout.line, _grid_height(natural, section) if on_grid else natural)
    if on_grid:
        return layout.line * _grid_height(natural, section)
    return layout.line * natural


def _grid_height(natural: float, section: PageSetup) -> float:
    """A line on the grid takes as many whole grid lines as its text needs."""
    pitch = section.line_pitch_pt or natural
    return max(1, math.ceil(natural / pitch - EPSILON)) * pitch


def _spacing_text(layout: ParagraphLayout, section: PageSetup) -> str:
    if layout.line_rule == "exact":
        return f"固定值 {num(layout.line)} 磅"
    if layout.line_rule == "atLeast":
        return f"最小值 {num(layout.line)} 磅"
    multiple = "单倍行距" if abs(layout.line - 1) < 0.005 else f"{num(layout.line)} 倍行距"
    if section.grid_type != "default" and section.line_pitch_pt and layout.snap_to_grid:
        return f"{multiple}，文档网格每行 {num(section.line_pitch_pt)} 磅"
    return f"{multiple}，无文档网格"


def char_pitch(layout: ParagraphLayout, section: PageSetup, normal_size: float) -> float | None:
    """The advance of one full-width character: the character grid's when the section has
    one (relative to the default paragraph style's size), else size × width + spacing."""
    if section.grid_type in ("linesAndChars", "snapToChars") and layout.snap_to_grid:
        return normal_size + section.char_space / 4096
    return layout.char_width()


def _grid(document: Document, facts: LayoutFacts, standard: LayoutStandard,
          roles: dict[int, str]) -> list[Deviation]:
    lines, chars = [], []
    type_width = standard.type_width_mm * PT_PER_MM
    for index in _by_role(roles, BODY):
        layout = facts.paragraphs[index]
        section = facts.sections[layout.section]
        start, end = _span(document, index)
        pitch = line_pitch(layout, section)
        if pitch and abs(pitch - standard.line_pitch_pt) > standard.line_pitch_tolerance_pt + 1e-9:
            count = math.floor(section.type_height_pt / pitch + EPSILON)
            text = _spacing_text(layout, section)
            lines.append((index, start, end, text, {"actual": text, "lines": str(count)}))
        advance = char_pitch(layout, section, facts.normal_size_pt)
        if standard.check_chars and advance:
            count = math.floor(type_width / advance + EPSILON)
            if count != standard.chars:
                on_grid = section.grid_type in ("linesAndChars", "snapToChars")
                text = (f"文档网格字符跨度 {num(advance)} 磅" if on_grid and layout.snap_to_grid
                        else f"每字宽 {num(advance)} 磅")
                chars.append((index, start, end, count, {"chars": str(count), "actual": text}))
    found = []
    for index, start, end, count, values in _groups(lines):
        found.append(Deviation("layout.grid", "lines", index, start, end, {
            **values, "count": str(count), "expected_lines": str(standard.lines),
            "expected_pitch": num(standard.line_pitch_pt)}))
    for index, start, end, count, values in _groups(chars):
        found.append(Deviation("layout.grid", "chars", index, start, end, {
            **values, "count": str(count), "expected_chars": str(standard.chars)}))
    return found


# ---- fonts and sizes


def _font_name(font: str | None) -> str:
    return font or NO_FONT


def _type_checks(document: Document, facts: LayoutFacts, indexes: list[int], spec: TypeSpec,
                 rule_font: tuple[str, str], rule_size: tuple[str, str], label_key: str,
                 label, ends=None) -> list[Deviation]:
    """Font and size of a set of paragraphs (their [0, ends(i)) part), grouped by value."""
    fonts, sizes = [], []
    for index in indexes:
        layout = facts.paragraphs[index]
        text = document.paragraphs[index].text
        end = ends(index) if ends else len(text)
        font = layout.east_asia_font(text, 0, end)
        if font is not None and not spec.accepts_font(font or None):
            fonts.append((index, 0, end, (label(index), font), {
                label_key: label(index), "actual": _font_name(font), "expected": spec.fonts[0]}))
        size = layout.size(0, end)
        if size is not None and not spec.accepts_size(size):
            sizes.append((index, 0, end, (label(index), size), {
                label_key: label(index), "actual": size_label(size),
                "expected": size_label(spec.size_pt)}))
    found = []
    for (rule, kind), items in ((rule_font, fonts), (rule_size, sizes)):
        for index, start, end, count, values in _groups(items):
            found.append(Deviation(rule, kind, index, start, end, {**values, "count": str(count)}))
    return found


def _body_type(document: Document, facts: LayoutFacts, standard: LayoutStandard,
               roles: dict[int, str]) -> list[Deviation]:
    indexes = _by_role(roles, BODY, ADDRESSEE, SIGNATURE)
    return _type_checks(document, facts, indexes, standard.body, ("layout.body-font", "font"),
                        ("layout.body-size", "size"), "role", lambda i: ROLE_NAMES[roles[i]])


def _title(document: Document, facts: LayoutFacts, standard: LayoutStandard,
           roles: dict[int, str]) -> list[Deviation]:
    index = document.title_index
    if index is None or roles.get(index) != TITLE:
        return []
    found = [Deviation("layout.title-font", d.kind, d.paragraph, d.start, d.end,
                       {k: v for k, v in d.values.items() if k in ("actual", "expected")})
             for d in _type_checks(document, facts, [index], standard.title,
                                   ("layout.title-font", "font"), ("layout.title-font", "size"),
                                   "role", lambda i: "标题")]
    layout = facts.paragraphs[index]
    if layout.align != standard.title_align:
        start, end = _span(document, index)
        found.append(Deviation("layout.title-font", "align", index, start, end, {
            "actual": ALIGN_NAMES[layout.align], "expected": ALIGN_NAMES[standard.title_align]}))
    return sorted(found, key=lambda d: list(KINDS["layout.title-font"]).index(d.kind))


def _headings(document: Document, facts: LayoutFacts, standard: LayoutStandard,
              roles: dict[int, str]) -> list[Deviation]:
    found = []
    for level, spec in standard.headings.items():
        indexes = [i for i in _by_role(roles, HEADING) if document.paragraphs[i].level == level]
        found += _type_checks(document, facts, indexes, spec, ("layout.heading-font", "font"),
                              ("layout.heading-font", "size"), "level",
                              lambda i: LEVEL_NAMES[document.paragraphs[i].level],
                              ends=lambda i: document.paragraphs[i].heading_end)
    return sorted(found, key=lambda d: d.kind != "font")


def _indent(document: Document, facts: LayoutFacts, standard: LayoutStandard,
            roles: dict[int, str]) -> list[Deviation]:
    targets = {BODY: standard.body_indent}
    if standard.heading_indent is not None:
        targets[HEADING] = standard.heading_indent
    items = []
    for index, role in roles.items():
        if role not in targets:
            continue
        layout = facts.paragraphs[index]
        if layout.align in ("center", "right"):
            continue  # a centred or right-aligned line has no first-line indent to judge
        chars, tolerance = targets[role]
        actual = layout.indent_chars()
        if abs(actual - chars) > tolerance + 1e-9:
            start, end = _span(document, index)
            items.append((index, start, end, (role, round(actual, 1)), {
                "role": ROLE_NAMES[role], "actual": num(round(actual, 1)), "expected": num(chars)}))
    return [Deviation("layout.indent", "indent", i, s, e, {**v, "count": str(c)})
            for i, s, e, c, v in _groups(items)]


# ---- page numbers


SPACES = re.compile(r"[\s\u3000]+")


def _squeeze(text: str) -> str:
    return SPACES.sub("", text)


def _shown(text: str) -> str:
    return text.replace("N", "1").strip()


def _page_numbers(document: Document, facts: LayoutFacts, standard: LayoutStandard) -> list[Deviation]:
    found: dict[str, Deviation] = {}
    for index, footer in enumerate(facts.footers):
        section = facts.sections[index] if index < len(facts.sections) else facts.sections[-1]
        anchor = _anchor(document, section.first_paragraph)
        for item in _footer_deviations(footer.odd, footer.even, footer.first, facts.even_and_odd,
                                       standard):
            found.setdefault(item[0], Deviation("layout.page-number", item[0], anchor, 0, 0, item[1]))
    order = list(KINDS["layout.page-number"])
    return sorted(found.values(), key=lambda d: order.index(d.kind))


def _footer_deviations(odd: PageNumber, even: PageNumber, first: PageNumber | None,
                       even_and_odd: bool, standard: LayoutStandard):
    form = standard.page_number_form
    spec = standard.page_number
    alternating = (odd.align, even.align) == (standard.odd_align, standard.even_align)
    if standard.even_and_odd and not even_and_odd and not alternating:
        yield "even-odd", {}  # a frame or text box placed "outside" alternates by itself
    if not odd.found or not even.found:
        where = "各页" if not (odd.found or even.found) else ("单页" if not odd.found else "双页")
        yield "missing", {"where": where, "expected": _shown(form)}
    if first is not None and not first.found and (odd.found or even.found):
        yield "first-page", {}
    shown = [n for n in (odd, even, first) if n is not None and n.found]
    for number in shown:
        if _squeeze(number.text) != _squeeze(form):
            yield "form", {"actual": _shown(number.text), "expected": _shown(form)}
            break
    for number in shown:
        if number.number_format not in ("decimal", ""):
            yield "digits", {"actual": NUMBER_FORMATS.get(number.number_format, number.number_format)}
            break
    for number in shown:
        if not spec.accepts_size(number.size_pt):
            yield "size", {"actual": size_label(number.size_pt or 0), "expected": size_label(spec.size_pt)}
            break
    for number in shown:
        if not spec.accepts_font(number.font):
            yield "font", {"actual": number.font or "未指定字体", "expected": spec.fonts[0]}
            break
    yield from _sides(odd, even, even_and_odd, standard)


def _sides(odd: PageNumber, even: PageNumber, even_and_odd: bool, standard: LayoutStandard):
    if not (odd.found and even.found):
        return
    want = (standard.odd_align, standard.even_align)
    got = (odd.align or "left", even.align or "left")
    wrong = got != want if even_and_odd else got[0] not in want
    if not wrong:
        return
    actual = (ALIGN_NAMES[got[0]] if got[0] == got[1] or not even_and_odd
              else f"单页{ALIGN_NAMES[got[0]]}、双页{ALIGN_NAMES[got[1]]}")
    expected = f"单页{ALIGN_NAMES[want[0]]}、双页{ALIGN_NAMES[want[1]]}"
    yield "align", {"actual": actual, "expected": expected}


# ---- the 落款


def _signature(document: Document, facts: LayoutFacts) -> list[Deviation]:
    signature = facts.signature
    found = []
    date = signature.date if signature.date is not None else signature.chinese_date
    if date is None:
        return [Deviation("layout.signature", "date", signature.last)]
    text = document.paragraphs[date].text.strip()
    start, end = _span(document, date)
    if signature.date is None:
        found.append(Deviation("layout.signature", "chinese-date", date, start, end,
                               {"actual": text, "expected": arabic_date(text)}))
    if signature.unit is None:
        found.append(Deviation("layout.signature", "unit", date, start, end, {"date": text}))
    return found
