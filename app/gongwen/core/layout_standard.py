"""A layout standard as data (checklists/layout/*.toml): TOML text → a validated object.

Like ``core.checklist``: the core parses text handed to it and reports every problem as
``source:line: what``. Each rule's ``bad``/``good`` examples are small sets of facts laid
over a sample document that follows the standard exactly (``sample_document``); when the
file loads, every bad example must raise its rule and every good one must not, and every
message kind of a rule must be raised by some bad example — so a broken number, font list
or template cannot fail silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .data import ChecklistError, load_toml
from .data import Problems as _Problems
from .layout import (
    PT_PER_MM,
    FooterFacts,
    LayoutFacts,
    PageNumber,
    PageSetup,
    ParagraphLayout,
    TextSpan,
    find_signature,
)
from .model import Document, Severity
from .parse import parse_paragraphs, with_title_at

ALIGNS = ("left", "center", "right", "both", "distribute")
RULE_IDS = ("layout.page-size", "layout.margins", "layout.grid", "layout.body-font",
            "layout.body-size", "layout.title-font", "layout.heading-font", "layout.indent",
            "layout.page-number", "layout.signature")
SIDES = ("top", "bottom", "left", "right")
# each rule's kinds of deviation and the placeholders each kind's message may use
KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "layout.page-size": {"size": ("width", "height", "expected_width", "expected_height")},
    "layout.margins": {"margins": ("actual", "expected")},
    "layout.grid": {"lines": ("count", "actual", "lines", "expected_lines", "expected_pitch"),
                    "chars": ("count", "chars", "actual", "expected_chars")},
    "layout.body-font": {"font": ("role", "count", "actual", "expected")},
    "layout.body-size": {"size": ("role", "count", "actual", "expected")},
    "layout.title-font": {"font": ("actual", "expected"), "size": ("actual", "expected"),
                          "align": ("actual", "expected")},
    "layout.heading-font": {"font": ("level", "count", "actual", "expected"),
                            "size": ("level", "count", "actual", "expected")},
    "layout.indent": {"indent": ("role", "count", "actual", "expected")},
    "layout.page-number": {"missing": ("where", "expected"), "first-page": (),
                           "form": ("actual", "expected"), "digits": ("actual",),
                           "size": ("actual", "expected"), "font": ("actual", "expected"),
                           "align": ("actual", "expected"), "even-odd": ()},
    "layout.signature": {"date": (), "unit": ("date",), "chinese-date": ("actual", "expected")},
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """What one role's text must be set in."""

    fonts: tuple[str, ...]  # accepted names; the first is named in messages
    size_pt: float
    size_tolerance_pt: float

    def accepts_font(self, name: str | None) -> bool:
        return name is not None and font_key(name) in _font_keys(self.fonts)

    def accepts_size(self, size: float | None) -> bool:
        return size is not None and abs(size - self.size_pt) <= self.size_tolerance_pt + 1e-9


@dataclass(frozen=True, slots=True)
class LayoutRule:
    id: str
    severity: Severity
    why: str
    messages: dict[str, str]


@dataclass(frozen=True, slots=True)
class LayoutStandard:
    id: str
    name: str
    page: tuple[float, float, float]  # width, height, tolerance (mm)
    margins: dict[str, tuple[float, float]]  # side → (mm, tolerance)
    lines: int
    chars: int
    type_width_mm: float
    type_height_mm: float
    line_pitch_pt: float
    line_pitch_tolerance_pt: float
    check_chars: bool
    body: TypeSpec
    body_indent: tuple[float, float]  # characters, tolerance
    title: TypeSpec
    title_align: str
    headings: dict[int, TypeSpec]  # level 1–4
    heading_indent: tuple[float, float] | None
    page_number: TypeSpec
    page_number_form: str
    odd_align: str
    even_align: str
    even_and_odd: bool
    signature_search_last: int
    rules: dict[str, LayoutRule] = field(default_factory=dict)
    source: str = ""

    def rule(self, rule_id: str) -> LayoutRule:
        return self.rules[rule_id]


@lru_cache(maxsize=1024)
def font_key(name: str) -> str:
    """Font names compare without case and spaces (Word writes "FangSong" and "Fangsong")."""
    return re.sub(r"\s+", "", name).casefold()


@lru_cache(maxsize=256)
def _font_keys(fonts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(font_key(f) for f in fonts)


# ---------------------------------------------------------------- parsing


TOP_KEYS = {"id", "name", "fonts", "page", "margins", "grid", "body", "title", "heading",
            "page_number", "signature", "rule"}
TABLE_KEYS = {
    "page": {"width_mm", "height_mm", "tolerance_mm"},
    "margins": {f"{side}{suffix}" for side in SIDES for suffix in ("_mm", "_tolerance_mm")},
    "grid": {"lines", "chars", "type_width_mm", "type_height_mm", "line_pitch_pt",
             "line_pitch_tolerance_pt", "check_chars"},
    "body": {"fonts", "size_pt", "size_tolerance_pt", "first_line_chars",
             "first_line_tolerance_chars"},
    "title": {"fonts", "size_pt", "size_tolerance_pt", "align"},
    "heading": {"level1", "level2", "level3", "level4", "size_pt", "size_tolerance_pt",
                "first_line_chars", "first_line_tolerance_chars"},
    "page_number": {"form", "fonts", "size_pt", "size_tolerance_pt", "odd_align", "even_align",
                    "even_and_odd"},
    "signature": {"search_last"},
}
OPTIONAL = {("heading", "first_line_chars"), ("heading", "first_line_tolerance_chars")}
RULE_KEYS = {"id", "severity", "why", "messages", "bad", "good"}


class _Reader:
    """Typed access to the tables with problems collected as ``source:line: what``."""

    def __init__(self, data: dict[str, Any], problems: _Problems):
        self.data, self.problems = data, problems

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if not isinstance(value, dict):
            self.problems.add(f"缺少 [{name}] 表", f"[{name}]")
            return {}
        for key in sorted(set(value) - TABLE_KEYS[name]):
            self.problems.add(f"[{name}] 有未知字段 {key}", f"{key} =", key)
        for key in sorted(TABLE_KEYS[name] - set(value) - {k for t, k in OPTIONAL if t == name}):
            self.problems.add(f"[{name}] 缺少 {key}", f"[{name}]")
        return value

    def number(self, table: str, key: str, positive: bool = True) -> float:
        value = self.data.get(table, {}).get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            if value is not None:
                self.problems.add(f"[{table}] {key} 应为数字", f"{key} =")
            return 0.0
        if positive and value < 0:
            self.problems.add(f"[{table}] {key} 不能为负数", f"{key} =")
        return float(value)

    def flag(self, table: str, key: str) -> bool:
        value = self.data.get(table, {}).get(key)
        if not isinstance(value, bool):
            if value is not None:
                self.problems.add(f"[{table}] {key} 应为 true 或 false", f"{key} =")
            return False
        return value

    def align(self, table: str, key: str) -> str:
        value = self.data.get(table, {}).get(key)
        if value not in ALIGNS:
            if value is not None:
                self.problems.add(f"[{table}] {key} 应为 {' / '.join(ALIGNS)} 之一，而不是“{value}”",
                                  f"{key} =")
            return "left"
        return value

    def fonts(self, table: str, key: str) -> tuple[str, ...]:
        group = self.data.get(table, {}).get(key)
        fonts = self.data.get("fonts", {})
        names = fonts.get(group) if isinstance(group, str) else None
        if not names or not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            if group is not None:
                self.problems.add(f"[{table}] {key} = “{group}” 不是 [fonts] 中的非空字体列表",
                                  f"{key} =")
            return ("",)
        return tuple(names)

    def spec(self, table: str, fonts_key: str = "fonts") -> TypeSpec:
        return TypeSpec(self.fonts(table, fonts_key), self.number(table, "size_pt"),
                        self.number(table, "size_tolerance_pt"))


def read_layout_standard(text: str, source: str) -> tuple[LayoutStandard, list[Any], _Problems]:
    """Parse and validate a layout standard, all but its examples (the rule family checks
    those: ``core.rules.layout.parse_layout_standard``); raise ChecklistError listing every
    problem. Returns the standard, its [[rule]] entries and the problems collector."""
    data = load_toml(text, source)
    problems = _Problems(text, source)
    for key in sorted(set(data) - TOP_KEYS):
        problems.add(f"未知字段 {key}", f"{key} =", key)
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.add(f"缺少必填项 {key}")
    if not isinstance(data.get("fonts"), dict):
        problems.add("缺少 [fonts] 表（等效字体名）", "[fonts]")
    reader = _Reader(data, problems)
    for name in TABLE_KEYS:
        reader.table(name)
    standard = _standard(data, reader, source)
    problems.raise_if_any()
    rules = _rules(data.get("rule", []), problems)
    problems.raise_if_any()
    return replace(standard, rules=rules), data.get("rule", []), problems


def _standard(data: dict[str, Any], reader: _Reader, source: str) -> LayoutStandard:
    n = reader.number
    heading_size = (n("heading", "size_pt"), n("heading", "size_tolerance_pt"))
    headings = {level: TypeSpec(reader.fonts("heading", f"level{level}"), *heading_size)
                for level in range(1, 5)}
    heading_indent = None
    if "first_line_chars" in data.get("heading", {}):
        heading_indent = (n("heading", "first_line_chars"),
                          n("heading", "first_line_tolerance_chars"))
    search_last = data.get("signature", {}).get("search_last", 6)
    if not isinstance(search_last, int) or isinstance(search_last, bool) or search_last < 1:
        reader.problems.add("[signature] search_last 应为正整数", "search_last =")
        search_last = 6
    form = data.get("page_number", {}).get("form", "")
    if not isinstance(form, str) or form.count("N") != 1:
        reader.problems.add("[page_number] form 应为含一个 N（页码数字）的字符串，如“— N —”", "form =")
        form = "N"
    lines, chars = n("grid", "lines"), n("grid", "chars")
    for key, value in (("lines", lines), ("chars", chars)):
        if value != int(value) or value < 1:
            reader.problems.add(f"[grid] {key} 应为正整数", f"{key} =")
    return LayoutStandard(
        id=str(data.get("id", "")), name=str(data.get("name", "")),
        page=(n("page", "width_mm"), n("page", "height_mm"), n("page", "tolerance_mm")),
        margins={side: (n("margins", f"{side}_mm"), n("margins", f"{side}_tolerance_mm"))
                 for side in SIDES},
        lines=int(lines), chars=int(chars), type_width_mm=n("grid", "type_width_mm"),
        type_height_mm=n("grid", "type_height_mm"), line_pitch_pt=n("grid", "line_pitch_pt"),
        line_pitch_tolerance_pt=n("grid", "line_pitch_tolerance_pt"),
        check_chars=reader.flag("grid", "check_chars"),
        body=reader.spec("body"),
        body_indent=(n("body", "first_line_chars"), n("body", "first_line_tolerance_chars")),
        title=reader.spec("title"), title_align=reader.align("title", "align"),
        headings=headings, heading_indent=heading_indent,
        page_number=reader.spec("page_number"), page_number_form=form,
        odd_align=reader.align("page_number", "odd_align"),
        even_align=reader.align("page_number", "even_align"),
        even_and_odd=reader.flag("page_number", "even_and_odd"),
        signature_search_last=search_last, source=source)


def _rules(entries: Any, problems: _Problems) -> dict[str, LayoutRule]:
    rules: dict[str, LayoutRule] = {}
    for entry in entries if isinstance(entries, list) else ():
        rule_id = str(entry.get("id", ""))
        where = f'"{rule_id}"'
        if rule_id not in KINDS:
            problems.add(f"未知的版式规则 id“{rule_id}”（应为 {' / '.join(RULE_IDS)} 之一）", where)
            continue
        if rule_id in rules:
            problems.add(f"版式规则“{rule_id}”重复", where)
        for key in sorted(set(entry) - RULE_KEYS):
            problems.add(f"规则“{rule_id}”有未知字段 {key}", f"{key} =", where)
        severity = problems.severity(entry.get("severity", ""), where)
        if not entry.get("why"):
            problems.add(f"规则“{rule_id}”缺少 why（为何是这个严重程度）", where)
        messages = entry.get("messages") if isinstance(entry.get("messages"), dict) else {}
        _check_messages(rule_id, messages, KINDS[rule_id], problems)
        if severity is not None:
            rules[rule_id] = LayoutRule(rule_id, severity, str(entry.get("why", "")),
                                        {str(k): str(v) for k, v in messages.items()})
    for rule_id in RULE_IDS:
        if rule_id not in rules and not any(rule_id in p for p in problems.items):
            problems.add(f"缺少版式规则“{rule_id}”（每个标准文件都要声明全部规则）", "[[rule]]")
    return rules


def _check_messages(rule_id: str, messages: dict[str, Any], kinds: dict[str, tuple[str, ...]],
                    problems: _Problems) -> None:
    where = f'"{rule_id}"'
    for kind in kinds:
        if not isinstance(messages.get(kind), str) or not messages.get(kind):
            problems.add(f"规则“{rule_id}”缺少 messages.{kind}", where)
    for kind, template in messages.items():
        if kind not in kinds:
            problems.add(f"规则“{rule_id}”的 messages.{kind} 不是已知的偏差类型"
                         f"（{' / '.join(kinds)}）", f"messages.{kind}", where)
            continue
        for name in PLACEHOLDER.findall(str(template)):
            if name not in kinds[kind]:
                allowed = "、".join("{" + p + "}" for p in kinds[kind]) or "无"
                problems.add(f"规则“{rule_id}”的 messages.{kind} 用了未知占位符 {{{name}}}"
                             f"（可用：{allowed}）", f"messages.{kind}", where)


# ---------------------------------------------------------------- the sample document


SAMPLE_TEXTS = {
    "title": "某某局2025年意识形态工作总结",
    "heading1": "一、总体情况",
    "heading2": "（一）主要做法",
    "heading3": "1.强化学习",
    "heading4": "（1）专题学习",
    "body": "全年开展集中学习12次，覆盖干部86人次。",
    "signature.unit": "中共某某局党组",
    "signature.date": "2025年7月10日",
}
ROLE_KEYS = ("font", "size_pt", "bold", "spacing_pt", "align", "first_line_chars",
             "first_line_pt", "line_rule", "line", "snap_to_grid")
PARAGRAPH_ROLES = ("title", "heading1", "heading2", "heading3", "heading4", "body", "signature")
EXAMPLE_KEYS = frozenset(
    [f"page.{k}" for k in ("width_mm", "height_mm", "top_mm", "bottom_mm", "left_mm", "right_mm")]
    + ["grid.type", "grid.line_pitch_pt", "grid.char_space", "normal.size_pt",
       "settings.even_and_odd", "signature.unit.text", "signature.date.text"]
    + [f"{role}.{key}" for role in PARAGRAPH_ROLES for key in ROLE_KEYS]
    + [f"footer.{k}" for k in ("found", "text", "size_pt", "font", "number_format")]
    + [f"footer.{side}.{k}" for side in ("odd", "even", "first")
       for k in ("found", "text", "align", "size_pt", "font", "number_format")])


def sample_document(standard: LayoutStandard, facts: dict[str, Any] | None = None) -> Document:
    """A short report laid out exactly as ``standard`` asks, with ``facts`` (keys of
    EXAMPLE_KEYS) laid over it; its ``layout`` is set. Used for the examples and tests."""
    facts = dict(facts or {})
    texts = _sample_texts(facts)
    document = with_title_at(parse_paragraphs(texts), 0 if texts[0] else None)
    roles = _sample_roles(texts)
    paragraphs = {}
    for paragraph in document.paragraphs:
        role = roles.get(paragraph.index)
        if role is not None:
            paragraphs[paragraph.index] = _sample_paragraph(standard, role, paragraph.index,
                                                            paragraph.text, facts)
    document.layout = LayoutFacts(
        sections=(_sample_page(standard, facts),), paragraphs=paragraphs,
        footers=(_sample_footer(standard, facts),),
        even_and_odd=facts.get("settings.even_and_odd", standard.even_and_odd),
        normal_size_pt=facts.get("normal.size_pt", standard.body.size_pt),
        signature=find_signature(document, standard.signature_search_last))
    return document


def _sample_texts(facts: dict[str, Any]) -> list[str]:
    order = ["title", "", "heading1", "heading2", "heading3", "heading4", "body", "",
             "signature.unit", "signature.date"]
    texts = []
    for key in order:
        text = facts.get(f"{key}.text", SAMPLE_TEXTS.get(key, "")) if key else ""
        if key and not text:
            continue  # a removed line
        texts.append(text)
    return texts


def _sample_roles(texts: list[str]) -> dict[int, str]:
    by_text = {v: k for k, v in SAMPLE_TEXTS.items()}
    roles = {}
    for index, text in enumerate(texts):
        key = by_text.get(text, "signature.date" if index == len(texts) - 1 and text else "")
        if key:
            roles[index] = key.split(".")[0]
    return roles


def _sample_paragraph(standard: LayoutStandard, role: str, index: int, text: str,
                      facts: dict[str, Any]) -> ParagraphLayout:
    if role.startswith("heading"):
        spec, indent = standard.headings[int(role[-1])], standard.heading_indent
    elif role == "title":
        spec, indent = standard.title, None
    else:
        spec, indent = standard.body, standard.body_indent if role == "body" else None
    type_width = standard.type_width_mm * PT_PER_MM
    # condensed just enough for the standard's characters a line (as the export does)
    spacing = min(0.0, type_width / standard.chars - standard.body.size_pt - 0.01)

    def get(key: str, default: Any) -> Any:
        return facts.get(f"{role}.{key}", default)

    font = get("font", spec.fonts[0])
    span = TextSpan(0, len(text), font, font, get("size_pt", spec.size_pt), get("bold", False),
                    True, get("spacing_pt", spacing if role != "title" else 0.0))
    align = {"title": standard.title_align, "signature": "right"}.get(role, "both")
    return ParagraphLayout(
        index=index, kind="body", section=0, style=role, align=get("align", align),
        first_line_chars=get("first_line_chars", indent[0] if indent else 0.0),
        first_line_pt=get("first_line_pt", 0.0), line_rule=get("line_rule", "exact"),
        line=get("line", standard.line_pitch_pt), snap_to_grid=get("snap_to_grid", True),
        spans=(span,))


def _sample_page(standard: LayoutStandard, facts: dict[str, Any]) -> PageSetup:
    width, height, _ = standard.page
    margins = {side: facts.get(f"page.{side}_mm", standard.margins[side][0]) for side in SIDES}
    return PageSetup(
        width_mm=facts.get("page.width_mm", width), height_mm=facts.get("page.height_mm", height),
        top_mm=margins["top"], bottom_mm=margins["bottom"], left_mm=margins["left"],
        right_mm=margins["right"], grid_type=facts.get("grid.type", "default"),
        line_pitch_pt=facts.get("grid.line_pitch_pt"), char_space=facts.get("grid.char_space", 0))


def _sample_footer(standard: LayoutStandard, facts: dict[str, Any]) -> FooterFacts:
    def number(side: str, align: str) -> PageNumber:
        def get(key: str, default: Any) -> Any:
            return facts.get(f"footer.{side}.{key}", facts.get(f"footer.{key}", default))

        return PageNumber(get("found", True), get("text", standard.page_number_form),
                          get("align", align), get("size_pt", standard.page_number.size_pt),
                          get("font", standard.page_number.fonts[0]),
                          get("number_format", "decimal"))

    first = number("first", standard.odd_align) if "footer.first.found" in facts else None
    odd = number("odd", standard.odd_align)
    # without odd/even footers the even pages show the odd (default) footer
    even_and_odd = facts.get("settings.even_and_odd", standard.even_and_odd)
    even = number("even", standard.even_align) if even_and_odd else odd
    return FooterFacts(odd, even, first)


# ---------------------------------------------------------------- the examples


def check_examples(standard: LayoutStandard, entries: list[dict[str, Any]], problems: _Problems,
                   deviations: Any) -> None:
    """Each rule's bad examples raise it (every kind of its messages by some example), its
    good ones do not; ``deviations`` is the rule family's judge."""

    for entry in entries:
        rule_id = str(entry.get("id", ""))
        where = f'"{rule_id}"'
        if rule_id not in standard.rules:
            continue
        bad, good = entry.get("bad"), entry.get("good")
        if not isinstance(bad, list) or not bad or not isinstance(good, list) or not good:
            problems.add(f"规则“{rule_id}”应有非空的 bad 和 good 示例列表", where)
            continue
        raised: set[str] = set()
        for example in bad + good:
            if not isinstance(example, dict):
                problems.add(f"规则“{rule_id}”的示例应为表（事实名 = 值）", where)
                continue
            for key in sorted(set(example) - EXAMPLE_KEYS):
                problems.add(f"规则“{rule_id}”的示例用了未知的事实名“{key}”", key, where)
        for example in (e for e in bad if isinstance(e, dict)):
            kinds = _kinds_raised(standard, rule_id, example, deviations)
            raised |= kinds
            if not kinds:
                problems.add(f"规则“{rule_id}”的反例 {_show(example)} 没有被识别", where)
        for example in (e for e in good if isinstance(e, dict)):
            if _kinds_raised(standard, rule_id, example, deviations):
                problems.add(f"规则“{rule_id}”的正例 {_show(example)} 被误报", where)
        for kind in sorted(set(KINDS[rule_id]) - raised):
            problems.add(f"规则“{rule_id}”没有触发 messages.{kind} 的反例", where)


def _kinds_raised(standard: LayoutStandard, rule_id: str, example: dict[str, Any],
                  deviations: Any) -> set[str]:
    if set(example) - EXAMPLE_KEYS:
        return set()
    document = sample_document(standard, example)
    return {d.kind for d in deviations(document, document.layout, standard) if d.rule == rule_id}


def _show(example: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k} = {v!r}" for k, v in example.items()) + "}"


__all__ = ["EXAMPLE_KEYS", "ChecklistError", "LayoutRule", "LayoutStandard", "TypeSpec",
           "check_examples", "font_key", "read_layout_standard", "sample_document"]
