"""checklists/review.toml → ReviewSettings: the reviewer's desk thresholds and word lists.

Like the checklists, the text is handed in (the catalog finds the file); every problem is
reported as ``source:line: what``, and the examples carried by the file (sentences that
must normalise alike or apart, titles and the unit they name) are checked on every load.
A user's review.toml is read over the built-in settings: it overrides the keys it sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .data import ChecklistError, line_of, load_toml
from .model import Severity
from .similarity import Normaliser, SimilaritySettings


@dataclass(frozen=True, slots=True)
class UnitSettings:
    """How a report's unit is read from its title or its 落款."""

    title_cuts: tuple[str, ...] = ("关于", r"(?:19|20)\d\d\s*年", "[上下]半年", "年度", "意识形态")
    suffixes: tuple[str, ...] = ("局", "委", "办", "部", "中心", "政府", "党委", "党组", "街道",
                                 "社区", "村", "镇", "乡", "区", "县", "市")
    signature_max_chars: int = 30
    examples: tuple[tuple[str, str], ...] = ()
    cut_pattern: re.Pattern[str] = field(default=re.compile("(?!)"), compare=False)

    def __post_init__(self) -> None:
        pattern = re.compile("|".join(f"(?:{c})" for c in self.title_cuts) or "(?!)")
        object.__setattr__(self, "cut_pattern", pattern)


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    similarity: SimilaritySettings = field(default_factory=SimilaritySettings)
    unit: UnitSettings = field(default_factory=UnitSettings)
    recycled_message: str = "与往年报告重复"
    recycled_severity: Severity = Severity.WARNING
    source: str = ""


# (table, key) → (SimilaritySettings field or None, kind, minimum, maximum)
_SIMILARITY_KEYS: dict[tuple[str, str], tuple[str, str, float, float]] = {
    ("similarity", "shingle"): ("shingle", "int", 4, 64),
    ("similarity", "sample"): ("sample", "int", 1, 64),
    ("similarity", "min_passage"): ("min_passage", "int", 1, 10_000),
    ("similarity", "max_gap"): ("max_gap", "int", 0, 100),
    ("similarity", "min_share"): ("min_share", "float", 0.0, 1.0),
    ("similarity", "min_anchors"): ("min_anchors", "int", 1, 1000),
    ("similarity", "common_reports"): ("common_reports", "int", 2, 1_000_000),
    ("boilerplate", "share"): ("boilerplate_share", "float", 0.0, 1.0),
    ("boilerplate", "min_reports"): ("boilerplate_min_reports", "int", 2, 1_000_000),
    ("boilerplate", "phrases"): ("phrases", "strings", 0, 0),
    ("normalise", "measure_words"): ("measure_words", "strings", 0, 0),
    ("normalise", "name_suffixes"): ("name_suffixes", "strings", 0, 0),
    ("normalise", "name_chars"): ("name_chars", "int", 1, 4),
}
_OTHER_KEYS = {("normalise", "same"), ("normalise", "different"), ("unit", "title_cuts"),
               ("unit", "suffixes"), ("unit", "signature_max_chars"), ("unit", "examples"),
               ("recycled", "message"), ("recycled", "severity")}
_TABLES = {table for table, _ in (*_SIMILARITY_KEYS, *_OTHER_KEYS)}


class _Problems:
    def __init__(self, text: str, source: str):
        self.text, self.source, self.items = text, source, []

    def add(self, message: str, *needles: str) -> None:
        self.items.append(f"{self.source}:{line_of(self.text, *needles)}: {message}")


def parse_review_settings(text: str, source: str, base: ReviewSettings | None = None
                          ) -> ReviewSettings:
    """Parse review.toml; keys it does not set keep ``base``'s values (the built-ins)."""
    base = base or ReviewSettings()
    data = load_toml(text, source)
    problems = _Problems(text, source)
    _check_keys(data, problems)
    similarity = _similarity(data, base.similarity, problems)
    unit = _unit(data.get("unit", {}), base.unit, problems)
    recycled = data.get("recycled", {})
    message = recycled.get("message", base.recycled_message)
    if not isinstance(message, str) or not message:
        problems.add("recycled.message 应为非空字符串", "message")
    severity = base.recycled_severity
    if "severity" in recycled:
        try:
            severity = Severity.parse(str(recycled["severity"]))
        except ValueError as error:
            problems.add(str(error), "severity")
    if problems.items:
        raise ChecklistError(problems.items)
    _check_examples(data, similarity, unit, problems)
    if problems.items:
        raise ChecklistError(problems.items)
    return ReviewSettings(similarity, unit, str(message), severity, source)


def _check_keys(data: dict[str, Any], problems: _Problems) -> None:
    for table, values in data.items():
        if table not in _TABLES or not isinstance(values, dict):
            problems.add(f"未知的表 [{table}]（可用：{'、'.join(sorted(_TABLES))}）", f"[{table}]", table)
            continue
        for key in values:
            if (table, key) not in _SIMILARITY_KEYS and (table, key) not in _OTHER_KEYS:
                problems.add(f"[{table}] 有未知字段 {key}", f"{key} =", key)


def _similarity(data: dict[str, Any], base: SimilaritySettings, problems: _Problems
                ) -> SimilaritySettings:
    changes: dict[str, Any] = {}
    for (table, key), (name, kind, low, high) in _SIMILARITY_KEYS.items():
        if key not in data.get(table, {}) or not isinstance(data[table], dict):
            continue
        value = _checked(data[table][key], f"{table}.{key}", kind, low, high, problems, key)
        if value is not None:
            changes[name] = value
    assert {n for n, *_ in _SIMILARITY_KEYS.values()} <= {f.name for f in fields(SimilaritySettings)}
    return replace(base, **changes)


def _checked(value: Any, name: str, kind: str, low: float, high: float, problems: _Problems,
             needle: str) -> Any:
    if kind == "strings":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.add(f"{name} 应为非空字符串的列表", f"{needle} =", needle)
            return None
        return tuple(value)
    wanted = int if kind == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted) or not low <= value <= high:
        word = "整数" if kind == "int" else "数"
        problems.add(f"{name} 应为 {low}–{high} 之间的{word}，而不是 {value!r}", f"{needle} =", needle)
        return None
    return value


def _unit(data: dict[str, Any], base: UnitSettings, problems: _Problems) -> UnitSettings:
    cuts = base.title_cuts
    if "title_cuts" in data:
        cuts = _checked(data["title_cuts"], "unit.title_cuts", "strings", 0, 0, problems,
                        "title_cuts") or cuts
        for cut in cuts:
            try:
                re.compile(cut)
            except re.error as error:
                problems.add(f"unit.title_cuts 的正则表达式“{cut}”无效：{error}", cut, "title_cuts")
    suffixes = base.suffixes
    if "suffixes" in data:
        suffixes = _checked(data["suffixes"], "unit.suffixes", "strings", 0, 0, problems,
                            "suffixes") or suffixes
    longest = base.signature_max_chars
    if "signature_max_chars" in data:
        longest = _checked(data["signature_max_chars"], "unit.signature_max_chars", "int", 4, 200,
                           problems, "signature_max_chars") or longest
    examples = base.examples
    if "examples" in data:
        examples = _pairs(data["examples"], "unit.examples", problems, allow_empty=True) or ()
    if problems.items:
        return base
    return UnitSettings(tuple(cuts), tuple(suffixes), int(longest), tuple(examples))


def _pairs(value: Any, name: str, problems: _Problems, allow_empty: bool = False
           ) -> tuple[tuple[str, str], ...] | None:
    ok = isinstance(value, list) and all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) for s in v)
        and (allow_empty or all(v)) for v in value)
    if not ok:
        problems.add(f"{name} 应为 [甲, 乙] 两个字符串一组的列表", name.split(".")[-1])
        return None
    return tuple((a, b) for a, b in value)


def _check_examples(data: dict[str, Any], similarity: SimilaritySettings, unit: UnitSettings,
                    problems: _Problems) -> None:
    normaliser = Normaliser(similarity)
    normalise = data.get("normalise", {})
    for first, second in _pairs(normalise.get("same", []), "normalise.same", problems) or ():
        if normaliser.paragraph(first)[0] != normaliser.paragraph(second)[0]:
            problems.add(f"normalise.same：“{first}”与“{second}”归一化后应相同", first)
    for first, second in _pairs(normalise.get("different", []), "normalise.different",
                                problems) or ():
        if normaliser.paragraph(first)[0] == normaliser.paragraph(second)[0]:
            problems.add(f"normalise.different：“{first}”与“{second}”归一化后不应相同", first)
    for title, expected in unit.examples:
        found = unit_from_title(title, unit)
        if found != expected:
            problems.add(f"unit.examples：标题“{title}”应识别出单位“{expected}”，实际为“{found}”",
                         title)


def unit_from_title(title: str, settings: UnitSettings) -> str:
    """The text of the title before 关于 / a year / 意识形态 …, when it names a unit:
    “红旗镇党委2024年上半年意识形态工作总结” → “红旗镇党委”; a title that starts with its
    year (“2024年红旗镇…”) is read after the year."""
    title = re.sub(r"\s+", "", title)
    lead = settings.cut_pattern.match(title)
    while lead and lead.end() > 0:  # leading year / 上半年 / 年度
        title = title[lead.end():]
        lead = settings.cut_pattern.match(title)
    cut = settings.cut_pattern.search(title)
    head = title[:cut.start()] if cut else ""
    head = head.strip("的之、，,《》“”")
    return head if len(head) >= 2 and head.endswith(tuple(settings.suffixes)) else ""
