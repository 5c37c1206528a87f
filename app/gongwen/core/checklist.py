"""Checklists and rule packs as data: TOML text → validated objects.

The core reads TOML *text* handed to it (with a source name for messages); finding the
files is `gongwen.catalog`'s job. Every problem is reported as ``source:line: what``.
Examples carried inside the data (a section's example headings, a pattern's ``bad`` and
``good`` strings) are checked here, so a broken rule cannot fail silently.
"""

from __future__ import annotations

import bisect
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from .model import CATEGORIES, Severity


class ChecklistError(Exception):
    """One or more problems in a data file; ``problems`` holds ``source:line: what`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    required: bool
    keywords: tuple[str, ...]
    hint: str = ""
    min_figures: int = 0
    min_chars: int = 0
    examples: tuple[str, ...] = ()

    def hits(self, text: str) -> int:
        """How many of the section's keywords ``text`` contains."""
        return sum(1 for keyword in self.keywords if keyword in text)


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    name: str
    title_patterns: tuple[re.Pattern[str], ...]
    sections: tuple[Section, ...]
    skeleton: str = ""
    severities: dict[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    period: str = ""  # "half" | "year" | "" — the period the report normally covers
    source: str = ""

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def matches_title(self, title: str) -> bool:
        return any(p.search(title) for p in self.title_patterns)

    def sections_named_by(self, heading: str) -> set[str]:
        """The ids of the sections whose keywords ``heading`` contains."""
        return {s.id for s in self.sections if s.hits(heading)}


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A Vale-style rule: a regex whose matches are findings.

    ``scope = "paragraph"`` flags the whole paragraph (adverts); ``fix`` is a replacement
    template (``""`` deletes); ``swap`` maps matched text to its replacement.
    """

    id: str
    category: str
    severity: Severity
    message: str
    regex: re.Pattern[str]
    scope: str = "span"
    fix: str | None = None
    swap: dict[str, str] = field(default_factory=dict)
    allow: tuple[re.Pattern[str], ...] = ()

    def replacement(self, match: re.Match[str]) -> str | None:
        if self.swap:
            return self.swap.get(match.group(0))
        return None if self.fix is None else match.expand(self.fix)


@dataclass(slots=True)
class RulePack:
    """Pattern rules plus the named word lists the rule families read."""

    rules: list[PatternRule] = field(default_factory=list)
    lists: dict[str, list[Any]] = field(default_factory=dict)

    def of(self, category: str) -> list[PatternRule]:
        return [r for r in self.rules if r.category == category]

    def words(self, name: str) -> list[Any]:
        return self.lists.get(name, [])

    def merge(self, other: RulePack) -> RulePack:
        """``other`` replaces rules with the same id and extends the lists."""
        replaced = {r.id for r in other.rules}
        merged = RulePack([r for r in self.rules if r.id not in replaced] + other.rules,
                          {k: list(v) for k, v in self.lists.items()})
        for name, values in other.lists.items():
            merged.lists.setdefault(name, [])
            merged.lists[name] += [v for v in values if v not in merged.lists[name]]
        return merged


# ---------------------------------------------------------------- helpers


def line_of(text: str, *needles: str) -> int:
    """1-based line of the first needle found in text (1 when none is)."""
    for needle in needles:
        if not needle:
            continue
        position = text.find(needle)
        if position >= 0:
            return text.count("\n", 0, position) + 1
    return 1


def load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        at_end = "end of document" in str(error)
        line = match.group(1) if match else str(text.rstrip().count("\n") + 1) if at_end else "1"
        raise ChecklistError([f"{source}:{line}: TOML 语法错误：{error}"]) from None


class _Problems:
    def __init__(self, text: str, source: str):
        self.text, self.source, self.items = text, source, []

    def add(self, message: str, *needles: str) -> None:
        self.items.append(f"{self.source}:{line_of(self.text, *needles)}: {message}")

    def compile(self, pattern: Any, *needles: str) -> re.Pattern[str] | None:
        if not isinstance(pattern, str) or not pattern:
            self.add(f"正则表达式应为非空字符串：{pattern!r}", *needles)
            return None
        try:
            return re.compile(pattern)
        except re.error as error:
            self.add(f"正则表达式“{pattern}”无效：{error}", pattern, *needles)
            return None

    def severity(self, name: Any, *needles: str) -> Severity | None:
        try:
            return Severity.parse(str(name))
        except ValueError as error:
            self.add(str(error), *needles)
            return None

    def raise_if_any(self) -> None:
        if self.items:
            raise ChecklistError(self.items)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value or ())


# ---------------------------------------------------------------- checklists


CHECKLIST_KEYS = {"id", "name", "title_patterns", "section", "skeleton", "severity",
                  "disabled_rules", "period"}
SECTION_KEYS = {"id", "title", "required", "keywords", "hint", "min_figures", "min_chars",
                "examples"}


def parse_checklist(text: str, source: str) -> Checklist:
    data = load_toml(text, source)
    problems = _Problems(text, source)
    for key in sorted(set(data) - CHECKLIST_KEYS):
        problems.add(f"未知字段 {key}", f"{key} =", key)
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.add(f"缺少必填项 {key}")
    sections = tuple(_parse_section(s, problems) for s in data.get("section", []))
    if not sections:
        problems.add("至少需要一个 [[section]]")
    ids = [s.id for s in sections]
    for duplicate in {i for i in ids if ids.count(i) > 1}:
        problems.add(f"章节 id“{duplicate}”重复", f'"{duplicate}"')
    severities = {}
    for rule_id, name in data.get("severity", {}).items():
        severity = problems.severity(name, rule_id)
        if severity is not None:
            severities[rule_id] = severity
    patterns = tuple(filter(None, (problems.compile(p, p) for p in _strings(data.get("title_patterns")))))
    problems.raise_if_any()
    checklist = Checklist(
        id=data["id"], name=data["name"], title_patterns=patterns, sections=sections,
        skeleton=str(data.get("skeleton", "")), severities=severities,
        disabled=frozenset(_strings(data.get("disabled_rules"))),
        period=str(data.get("period", "")), source=source,
    )
    _check_section_examples(checklist, problems)
    problems.raise_if_any()
    return checklist


def _parse_section(data: dict[str, Any], problems: _Problems) -> Section:
    section_id = str(data.get("id", ""))
    for key in sorted(set(data) - SECTION_KEYS):
        problems.add(f"章节“{section_id}”有未知字段 {key}（放在 [[section]] 之后的键属于该章节）",
                     f"{key} =", key)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", section_id):
        problems.add(f"章节 id“{section_id}”应为小写英文字母、数字和下划线", f'"{section_id}"')
    keywords = _strings(data.get("keywords"))
    if not keywords:
        problems.add(f"章节“{section_id}”没有关键词 keywords", f'"{section_id}"')
    for key in ("min_figures", "min_chars"):
        if not isinstance(data.get(key, 0), int) or data.get(key, 0) < 0:
            problems.add(f"章节“{section_id}”的 {key} 应为非负整数", key)
    return Section(
        id=section_id, title=str(data.get("title", section_id)),
        required=bool(data.get("required", False)), keywords=keywords,
        hint=str(data.get("hint", "")), min_figures=int(data.get("min_figures", 0) or 0),
        min_chars=int(data.get("min_chars", 0) or 0), examples=_strings(data.get("examples")),
    )


def _check_section_examples(checklist: Checklist, problems: _Problems) -> None:
    for section in checklist.sections:
        for example in section.examples:
            if section.id not in checklist.sections_named_by(example):
                problems.add(f"章节“{section.id}”的示例标题“{example}”未被其关键词识别", example)


# ---------------------------------------------------------------- rule packs


def parse_rulepack(text: str, source: str) -> RulePack:
    data = load_toml(text, source)
    problems = _Problems(text, source)
    category = data.get("category")
    if category not in CATEGORIES:
        problems.add(f"category 应为 {' / '.join(CATEGORIES)} 之一，而不是“{category}”", "category")
        problems.raise_if_any()
    rules = [r for r in (_parse_rule(d, category, problems) for d in data.get("rule", [])) if r]
    lists = {k: list(v) for k, v in data.get("lists", {}).items() if isinstance(v, list)}
    problems.raise_if_any()
    return RulePack(rules, lists)


RULE_KEYS = {"id", "message", "regex", "severity", "scope", "fix", "swap", "allow", "bad", "good"}


def _parse_rule(data: dict[str, Any], category: str, problems: _Problems) -> PatternRule | None:
    rule_id = str(data.get("id", ""))
    where = (f'"{rule_id}"',) if rule_id else ()
    if not rule_id.startswith(f"{category}."):
        problems.add(f"规则 id“{rule_id}”应以“{category}.”开头", *where)
    for key in set(data) - RULE_KEYS:
        problems.add(f"规则“{rule_id}”有未知字段 {key}", key, *where)
    swap = {str(k): str(v) for k, v in data.get("swap", {}).items()}
    source = data.get("regex") or "|".join(map(re.escape, sorted(swap, key=len, reverse=True)))
    regex = problems.compile(source, *where)
    severity = problems.severity(data.get("severity", "warning"), *where)
    allow = tuple(filter(None, (problems.compile(a, *where) for a in _strings(data.get("allow")))))
    scope = data.get("scope", "span")
    if scope not in ("span", "paragraph"):
        problems.add(f"规则“{rule_id}”的 scope 应为 span 或 paragraph", *where)
    if not data.get("message"):
        problems.add(f"规则“{rule_id}”缺少 message", *where)
    if regex is None or severity is None:
        return None
    rule = PatternRule(rule_id, category, severity, str(data.get("message", "")), regex, scope,
                       data.get("fix"), swap, allow)
    _check_rule_examples(rule, data, problems)
    return rule


def rule_matches(rule: PatternRule, text: str) -> list[re.Match[str]]:
    """Non-empty matches not inside an ``allow`` match (the allowed spans are found once
    per text, not once per match: long paragraphs stay linear)."""
    matches = [m for m in rule.regex.finditer(text) if m.end() > m.start()]
    if not matches or not rule.allow:
        return matches
    spans = sorted((a.start(), a.end()) for p in rule.allow for a in p.finditer(text))
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far
    return [m for m in matches if not _covered(starts, reach, m.start(), m.end())]


def _covered(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Some span [s, e) with s <= start has e >= end."""
    last = bisect.bisect_right(starts, start) - 1
    return last >= 0 and reach[last] >= end


def _check_rule_examples(rule: PatternRule, data: dict[str, Any], problems: _Problems) -> None:
    for example in _strings(data.get("bad")):
        if not rule_matches(rule, example):
            problems.add(f"规则“{rule.id}”的反例“{example}”没有被识别", example)
    for example in _strings(data.get("good")):
        if rule_matches(rule, example):
            problems.add(f"规则“{rule.id}”的正例“{example}”被误报", example)
