"""Checklists as data: TOML text → a validated ``Checklist`` (the kind of report, its
sections with keywords, thresholds and example headings, severity overrides).

Examples carried inside the data (a section's example headings) are checked here, so a
broken checklist cannot fail silently; rule ids named in ``[severity]`` and
``disabled_rules`` must exist (``known_rules``). Problems are ``source:line: what``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from .data import ChecklistError, Problems, load_toml
from .model import Severity

__all__ = ["Checklist", "ChecklistError", "Section", "parse_checklist"]


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
    plans: bool = False  # the section states plans (下一步打算): future years are expected there
    # the overview of the whole period (总体情况, 履职情况): the opening paragraph may answer it
    overview: bool = False
    # word → weight (a keyword weighs 1 unless listed; a word that is no keyword and weighs
    # less than 0 speaks against the section: 打算 in 2025年工作打算 is no 工作回顾)
    weights: dict[str, float] = field(default_factory=dict)
    counter_examples: tuple[str, ...] = ()  # headings that must not answer the section
    # a closing section (存在问题, 下一步打算): what is written under its heading names no
    # other section (一是理论学习不够深入 there is a problem, not the 理论学习 part)
    closing: bool = False
    # phrases that open the section anywhere in a paragraph (……，但还存在一些薄弱环节，主要
    #是：…), each shown by one of ``opener_examples``
    openers: tuple[re.Pattern[str], ...] = ()
    opener_examples: tuple[str, ...] = ()

    def hits(self, text: str) -> int:
        """How many of the section's keywords ``text`` contains."""
        return sum(1 for keyword in self.keywords if keyword in text)

    def matched(self, text: str) -> list[str]:
        """The keywords ``text`` contains, less those inside a longer one it contains
        (网络 inside 网络意识形态 counts once)."""
        found = [k for k in self.keywords if k in text]
        return [k for k in found if not any(k != other and k in other for other in found)]

    def score(self, text: str) -> float:
        """The weights of the keywords ``text`` contains plus those of the counter-words; a
        heading answers the section at ``HEADING_SCORE`` or more (``Checklist.scores`` also
        lets a longer keyword of another section win)."""
        return self.weigh(self.matched(text), text)

    def weigh(self, keywords: Iterable[str], text: str) -> float:
        weights = self.weights
        total = sum(weights.get(k, 1.0) for k in keywords)
        if total and weights:
            total += sum(w for word, w in weights.items()
                         if w < 0 and word not in self.keywords and word in text)
        return total

    def names(self, heading: str) -> bool:
        return self.score(heading) >= HEADING_SCORE


HEADING_SCORE = 1.0  # a heading answers a section when its keywords weigh this much


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
    # who speaks: "person" (本人: a 述职报告), "unit" (党委/党组), "" either
    speaker: str = ""
    # titles that name this kind only when the text speaks as ``speaker``
    # (责任制…报告 is a 述职报告 when it says 本人, a unit's report otherwise)
    speaker_title_patterns: tuple[re.Pattern[str], ...] = ()
    _keywords: Any = field(default=None, compare=False, repr=False)  # made on first use

    def keyword_hits(self, text: str) -> list[tuple[int, int, str, tuple[int, ...]]]:
        """Every occurrence of every section keyword in ``text``, overlapping ones too:
        (start, end, keyword, the positions of the sections that have it), in one pass."""
        automaton = self._keywords
        if automaton is None:
            automaton = _keyword_automaton(self.sections)
            object.__setattr__(self, "_keywords", automaton)
        if not len(automaton):
            return []
        return [(last + 1 - len(keyword), last + 1, keyword, positions)
                for last, (keyword, positions) in automaton.iter(text)]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def matches_title(self, title: str) -> bool:
        return any(p.search(title) for p in self.title_patterns)

    def sections_named_by(self, heading: str) -> set[str]:
        """The ids of the sections ``heading`` answers (``scores``)."""
        return {s.id for s, score in zip(self.sections, self.scores(heading))
                if score >= HEADING_SCORE}

    def scores(self, text: str) -> tuple[float, ...]:
        """Each section's ``Section.score`` of ``text``, where a keyword found inside a
        longer keyword of any section counts for the longer one only: 守好网络阵地 is about
        the network (网络阵地), not the physical 阵地 of another section."""
        hits = [(start, end, position, keyword)
                for start, end, keyword, positions in self.keyword_hits(text)
                for position in positions]
        if not hits:
            return (0.0,) * len(self.sections)
        kept: list[set[str]] = [set() for _ in self.sections]
        for start, end, position, keyword in hits:
            if not any(s <= start and end <= e and e - s > end - start for s, e, _, _ in hits):
                kept[position].add(keyword)
        return tuple(section.weigh(words, text) for section, words in zip(self.sections, kept))

    @property
    def overview(self) -> Section | None:
        return next((s for s in self.sections if s.overview), None)

    def matches_voice_title(self, title: str) -> bool:
        """The title names this kind only when the text speaks with ``speaker``'s voice."""
        return any(p.search(title) for p in self.speaker_title_patterns)


def _keyword_automaton(sections: tuple[Section, ...]) -> Any:
    """An Aho-Corasick automaton of the keywords, each with the sections that have it."""
    positions: dict[str, list[int]] = {}
    for position, section in enumerate(sections):
        for keyword in dict.fromkeys(section.keywords):
            positions.setdefault(keyword, []).append(position)
    automaton = ahocorasick.Automaton()
    for keyword, where in positions.items():
        if keyword:
            automaton.add_word(keyword, (keyword, tuple(where)))
    if len(automaton):
        automaton.make_automaton()
    return automaton


# ---------------------------------------------------------------- parsing

CHECKLIST_KEYS = {"id", "name", "title_patterns", "section", "skeleton", "severity",
                  "disabled_rules", "period", "speaker", "speaker_title_patterns"}
SECTION_KEYS = {"id", "title", "required", "keywords", "hint", "min_figures", "min_chars",
                "examples", "plans", "overview", "weights", "counter_examples", "closing",
                "openers", "opener_examples"}
PERIODS = ("half", "year", "")
SPEAKERS = ("person", "unit", "")


def parse_checklist(text: str, source: str, known_rules: Collection[str] | None = None,
                    users: bool = False) -> Checklist:
    """``known_rules``: the rule ids and categories in force; names in ``[severity]`` and
    ``disabled_rules`` outside it are problems (a typo there would silently do nothing).
    ``users``: a user's checklist, whose runaway patterns are refused."""
    data = load_toml(text, source)
    problems = Problems(text, source, users)
    problems.unknown_keys(data, CHECKLIST_KEYS)
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.add(f"缺少必填项 {key}（应为非空字符串）", f"{key} =")
    sections = tuple(_parse_section(s, problems)
                     for s in problems.tables(data.get("section"), "section", "[[section]]"))
    if not sections:
        problems.add("至少需要一个 [[section]]")
    ids = [s.id for s in sections]
    for duplicate in {i for i in ids if ids.count(i) > 1}:
        problems.add(f"章节 id“{duplicate}”重复", f'"{duplicate}"')
    severities = _severities(problems.table(data.get("severity"), "severity", "[severity]"),
                             problems, known_rules)
    disabled = problems.strings(data.get("disabled_rules"), "disabled_rules", "disabled_rules")
    for name in disabled:
        _check_known(name, known_rules, problems, "disabled_rules")
    title_patterns = problems.strings(data.get("title_patterns"), "title_patterns", "title_patterns")
    patterns = tuple(filter(None, (problems.compile(p, p) for p in title_patterns)))
    period = problems.string(data.get("period"), "period", "period =")
    if period not in PERIODS:
        problems.add(f"period 应为 half / year 之一，而不是“{period}”", "period =")
    skeleton = problems.string(data.get("skeleton"), "skeleton", "skeleton =")
    speaker = problems.string(data.get("speaker"), "speaker", "speaker =")
    if speaker not in SPEAKERS:
        problems.add(f"speaker 应为 person / unit 之一，而不是“{speaker}”", "speaker =")
    voice_titles = problems.strings(data.get("speaker_title_patterns"), "speaker_title_patterns",
                                    "speaker_title_patterns")
    if voice_titles and not speaker:
        problems.add("speaker_title_patterns 需要同时写明 speaker", "speaker_title_patterns")
    voice_patterns = tuple(filter(None, (problems.compile(p, p) for p in voice_titles)))
    if sum(1 for s in sections if s.overview) > 1:
        problems.add("最多只能有一个章节写 overview = true", "overview")
    problems.raise_if_any()
    checklist = Checklist(
        id=data["id"], name=data["name"], title_patterns=patterns, sections=sections,
        skeleton=skeleton, severities=severities, disabled=frozenset(disabled), period=period,
        source=source, speaker=speaker, speaker_title_patterns=voice_patterns,
    )
    _check_section_examples(checklist, problems)
    problems.raise_if_any()
    return checklist


def _severities(table: dict[str, Any], problems: Problems,
                known_rules: Collection[str] | None) -> dict[str, Severity]:
    severities = {}
    for rule_id, name in table.items():
        _check_known(rule_id, known_rules, problems, "[severity]")
        severity = problems.severity(name, f'"{rule_id}"', rule_id)
        if severity is not None:
            severities[rule_id] = severity
    return severities


def _check_known(name: str, known_rules: Collection[str] | None, problems: Problems,
                 where: str) -> None:
    if known_rules is not None and name not in known_rules:
        problems.add(f"{where} 中的“{name}”不是已知的规则 id 或类别（可用 gongwen rules 查看全部规则）",
                     f'"{name}"', name)


def _parse_section(data: dict[str, Any], problems: Problems) -> Section:
    section_id = data.get("id") if isinstance(data.get("id"), str) else ""
    where = f'"{section_id}"'
    problems.unknown_keys(data, SECTION_KEYS, f"章节“{section_id}”有",
                          "（放在 [[section]] 之后的键属于该章节）")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", section_id):
        problems.add(f"章节 id“{section_id}”应为小写英文字母、数字和下划线", where)
    what = f"章节“{section_id}”的"
    keywords = problems.strings(data.get("keywords"), f"{what} keywords", where)
    if not keywords:
        problems.add(f"章节“{section_id}”没有关键词 keywords", where)
    elif not all(k.strip() for k in keywords):  # "" is in every paragraph
        problems.add(f"章节“{section_id}”的关键词不能为空", where)
    return Section(
        id=section_id, title=problems.string(data.get("title"), f"{what} title", where,
                                             default=section_id),
        required=problems.boolean(data.get("required"), f"{what} required", where),
        keywords=keywords, hint=problems.string(data.get("hint"), f"{what} hint", where),
        min_figures=problems.integer(data.get("min_figures"), f"{what} min_figures", "min_figures"),
        min_chars=problems.integer(data.get("min_chars"), f"{what} min_chars", "min_chars"),
        examples=problems.strings(data.get("examples"), f"{what} examples", where),
        plans=problems.boolean(data.get("plans"), f"{what} plans", where),
        overview=problems.boolean(data.get("overview"), f"{what} overview", where),
        closing=problems.boolean(data.get("closing"), f"{what} closing", where),
        openers=tuple(filter(None, (problems.compile(o, where) for o in problems.strings(
            data.get("openers"), f"{what} openers", where)))),
        opener_examples=problems.strings(data.get("opener_examples"), f"{what} opener_examples",
                                         where),
        weights=_weights(data.get("weights"), what, problems, where),
        counter_examples=problems.strings(data.get("counter_examples"),
                                          f"{what} counter_examples", where),
    )


def _weights(value: Any, what: str, problems: Problems, where: str) -> dict[str, float]:
    weights = {}
    for word, weight in problems.table(value, f"{what} weights", where).items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            problems.add(f"{what} weights 中“{word}”的权重应为数字，而不是 {weight!r}", word)
        else:
            weights[word] = float(weight)
    return weights


def _check_section_examples(checklist: Checklist, problems: Problems) -> None:
    for section in checklist.sections:
        for example in section.examples:
            if section.id not in checklist.sections_named_by(example):
                problems.add(f"章节“{section.id}”的示例标题“{example}”未被其关键词识别", example)
        for example in section.counter_examples:
            if section.id in checklist.sections_named_by(example):
                problems.add(f"章节“{section.id}”的反例标题“{example}”被误认为该章节", example)
        for opener in section.openers:
            if not any(opener.search(e) for e in section.opener_examples):
                problems.add(f"章节“{section.id}”的引导语 {opener.pattern} 没有示例"
                             "（opener_examples 中应有一句能被它识别）", "openers")
        for example in section.opener_examples:
            if not any(o.search(example) for o in section.openers):
                problems.add(f"章节“{section.id}”的引导语示例“{example}”未被 openers 识别", example)
