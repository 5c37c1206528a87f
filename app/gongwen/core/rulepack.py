"""Rule packs as data: every rule id, its severity, message and examples, and the word
lists and thresholds the rule families read (``checklists/rules/<category>.toml``).

A ``[[rule]]`` with a ``regex`` or a ``swap`` is a Vale-style *pattern rule*: its matches are
the findings. A ``[[rule]]`` without them is a *code rule*: a family in ``core.rules``
finds it and builds its findings from this declaration (``RuleSpec.finding``), so its id,
severity and message live here too — the model is LanguageTool's rule files and message
bundles. Both carry ``bad``/``good`` examples: pattern examples are checked here, code
examples by ``core.examples`` once every family is known. Problems are ``file:line: what``.
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .data import Problems, line_of, load_toml
from .model import CATEGORIES, Finding, Severity
from .prefilter import PackProbe

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(message: str, values: dict[str, Any]) -> str:
    """``message`` with each ``{name}`` that ``values`` has replaced by it."""
    if "{" not in message:
        return message
    if _plain_template(message):  # str.format_map, in C (findings come by thousands)
        return message.format_map(_Kept(values))
    pieces = _template(message)  # text, name, text, name, …, text
    out = [pieces[0]]
    for i in range(1, len(pieces), 2):
        name = pieces[i]
        out.append(str(values[name]) if name in values else "{" + name + "}")
        out.append(pieces[i + 1])
    return "".join(out)


class _Kept(dict):
    """Values for ``format_map``: a name without one stays ``{name}``."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


@lru_cache(maxsize=1024)
def _plain_template(message: str) -> bool:
    """No brace but those of ``{name}`` places: ``format_map`` fills it as ``fill`` would."""
    rest = PLACEHOLDER.sub("", message)
    return "{" not in rest and "}" not in rest


@lru_cache(maxsize=1024)
def _template(message: str) -> list[str]:
    """A message split at its ``{name}`` places, made once."""
    return PLACEHOLDER.split(message)


MADE_LIMIT = 100_000  # findings kept for reuse (they are immutable)
_MADE: dict[tuple, tuple[RuleSpec, Finding]] = {}  # by the spec's identity, checked


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as declared: id, default severity, message template, examples.

    ``variants`` are alternative (severity, message) pairs of the same rule for a situation
    the family names, e.g. residue findings without a unit profile ("unconfirmed")."""

    id: str
    category: str
    severity: Severity
    message: str
    variants: dict[str, tuple[Severity, str]] = field(default_factory=dict)
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    checklist: str = ""  # the checklist a code rule's examples are audited with
    pattern: bool = False  # a regex/swap rule (its examples are checked at parse time)
    source: str = ""  # "file:line" of the declaration, for problems found later

    def finding(self, paragraph: int, start: int, end: int, within: str, fix: str | None = None,
                variant: str = "", **values: Any) -> Finding:
        """A finding of this rule on ``within[start:end]`` (``within`` the paragraph's text);
        the message is the template filled with ``values``, where ``text`` (the flagged
        characters) and ``fix`` are filled unless given."""
        # a review re-made on every keystroke makes the same findings again
        key = (id(self), variant, paragraph, start, end, within, fix, *values.items()) \
            if values else (id(self), variant, paragraph, start, end, within, fix)
        try:
            kept = _MADE.get(key)
        except TypeError:  # a value that cannot be a key
            key = kept = None
        made = kept[1] if kept is not None and kept[0] is self else None
        if made is None:
            severity, message = self.variants[variant] if variant else (self.severity, self.message)
            flagged = within[start:end]
            if values:
                values.setdefault("text", flagged)
                values.setdefault("fix", "" if fix is None else fix)
                message = fill(message, values)
            else:  # the common case: thousands of findings share a few messages
                message = _plain_message(message, flagged, "" if fix is None else fix)
            made = Finding(self.id, self.category, severity, message, paragraph,
                           start, end, flagged, fix)
            if key is not None:
                if len(_MADE) >= MADE_LIMIT:
                    _MADE.clear()
                _MADE[key] = (self, made)
        return made


@lru_cache(maxsize=4096)
def _plain_message(message: str, text: str, fix: str) -> str:
    return fill(message, {"text": text, "fix": fix})


# The time one user-supplied pattern rule may take on one paragraph (its allow patterns
# included). A real rule takes well under a millisecond on a 40,000-character paragraph.
RULE_TIME_LIMIT_S = 0.5


@dataclass(slots=True)
class RuleGuard:
    """The state of a user pattern rule across audits (shared by the threads that audit):
    once it ran away it is disabled, and ``notice`` says so in Chinese."""

    disabled: bool = False
    notice: str = ""


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A Vale-style rule: a regex whose matches are findings.

    ``scope = "paragraph"`` flags the whole paragraph (adverts); ``fix`` is a replacement
    template (``""`` deletes); ``swap`` maps matched text to its replacement. A user's
    rule has ``regex`` patterns (the package) and a ``guard``; a built-in one ``re``."""

    spec: RuleSpec
    regex: Any
    scope: str = "span"
    fix: str | None = None
    swap: dict[str, str] = field(default_factory=dict)
    allow: tuple[Any, ...] = ()
    guard: RuleGuard = field(default_factory=RuleGuard, compare=False)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def category(self) -> str:
        return self.spec.category

    def replacement(self, match: Any) -> str | None:
        if self.swap:
            return self.swap.get(match.group(0))
        return None if self.fix is None else match.expand(self.fix)


@dataclass(slots=True)
class RulePack:
    """Every rule's declaration, the pattern rules, and the named lists and thresholds."""

    rules: list[PatternRule] = field(default_factory=list)
    specs: dict[str, RuleSpec] = field(default_factory=dict)  # pattern and code rules
    lists: dict[str, list[Any]] = field(default_factory=dict)
    thresholds: dict[str, int | float] = field(default_factory=dict)
    # the proofreader's index (core.proof.index.ProofIndex), built from checklists/proof/
    proof: Any = field(default=None, repr=False)
    _by_category: dict[str, list[PatternRule]] = field(default_factory=dict, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)
    _probe: PackProbe | None = field(default=None, repr=False)
    _bits: dict[str, list[tuple[PatternRule, int]]] = field(default_factory=dict, repr=False)

    def derived(self, key: str, build: Callable[[RulePack], Any]) -> Any:
        """What a family makes from the lists once (a pack is not changed once loaded),
        instead of on every paragraph."""
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = build(self)
        return found

    def of(self, category: str) -> list[PatternRule]:
        """The pattern rules of ``category`` (asked for per paragraph: kept once made)."""
        found = self._by_category.get(category)
        if found is None:
            found = self._by_category[category] = [r for r in self.rules if r.category == category]
        return found

    def candidates(self, text: str, category: str, scope: str | None = "span") -> list[PatternRule]:
        """The pattern rules of ``category`` (and of ``scope``; None: both) that may match
        ``text``, in their order (one pass of the pack's PackProbe, shared by every
        category asking about the text)."""
        probe = self._probe
        if probe is None:
            probe = self._probe = PackProbe([r.regex for r in self.rules])
        key = f"{category}/{scope}"
        rules = self._bits.get(key)
        if rules is None:
            rules = self._bits[key] = [(r, 1 << n) for n, r in enumerate(self.rules)
                                       if r.category == category and scope in (None, r.scope)]
        mask = probe.mask(text)
        return [rule for rule, bit in rules if mask & bit]

    def spec(self, rule_id: str) -> RuleSpec:
        return self.specs[rule_id]

    def words(self, name: str) -> list[Any]:
        return self.lists.get(name, [])

    def threshold(self, name: str) -> int | float:
        return self.thresholds[name]

    def runaway(self) -> list[str]:
        """Notices of the user rules disabled because they ran away (in Chinese)."""
        return [r.guard.notice for r in self.rules if r.guard.disabled]

    def merge(self, other: RulePack) -> RulePack:
        """``other`` replaces rules with the same id, extends the lists, sets thresholds."""
        replaced = set(other.specs)
        merged = RulePack([r for r in self.rules if r.id not in replaced] + other.rules,
                          {**self.specs, **other.specs},
                          {k: list(v) for k, v in self.lists.items()},
                          {**self.thresholds, **other.thresholds},
                          other.proof if other.proof is not None else self.proof)
        for name, values in other.lists.items():
            merged.lists.setdefault(name, [])
            merged.lists[name] += [v for v in values if v not in merged.lists[name]]
        return merged


# ---------------------------------------------------------------- parsing

PACK_KEYS = {"category", "rule", "lists", "thresholds"}
RULE_KEYS = {"id", "message", "regex", "severity", "scope", "fix", "swap", "allow", "bad", "good",
             "variants", "checklist"}


def parse_rulepack(text: str, source: str, trusted: bool = False,
                   reference: RulePack | None = None) -> RulePack:
    """``trusted``: a built-in pack (its regexes may use nested quantifiers, see
    ``Problems.compile``); a user's pack is not. ``reference``: the pack in force (the
    built-ins) — a list or threshold it has must keep its shape here (``measure_words =
    [5]`` would break the family reading it in the middle of an audit)."""
    data = load_toml(text, source)
    problems = Problems(text, source)
    category = data.get("category")
    if category not in CATEGORIES:
        problems.add(f"category 应为 {' / '.join(CATEGORIES)} 之一，而不是“{category}”", "category")
        problems.raise_if_any()
    problems.unknown_keys(data, PACK_KEYS)
    rules, specs = [], {}
    for entry in problems.tables(data.get("rule"), "rule", "[[rule]]"):
        parsed = _parse_rule(entry, category, problems, trusted)
        if parsed is None:
            continue
        spec, pattern = parsed
        if spec.id in specs:
            problems.add(f"规则 id“{spec.id}”重复", f'"{spec.id}"')
        specs[spec.id] = spec
        if pattern is not None:
            rules.append(pattern)
    lists = {}
    for name, values in problems.table(data.get("lists"), "lists", "[lists]").items():
        if isinstance(values, list):
            lists[name] = list(values)
        else:
            problems.add(f"列表 {name} 应为数组 [ … ]，而不是 {values!r}", f"{name} =", name)
    thresholds = {}
    for name, value in problems.table(data.get("thresholds"), "thresholds", "[thresholds]").items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.add(f"阈值 {name} 应为非负数，而不是 {value!r}", f"{name} =", name)
        elif reference is not None and isinstance(reference.thresholds.get(name), int) \
                and not isinstance(value, int):
            problems.add(f"阈值 {name} 应为非负整数，而不是 {value!r}", f"{name} =", name)
        else:
            thresholds[name] = value
    if reference is not None:
        _check_list_shapes(lists, reference, problems)
    problems.raise_if_any()
    return RulePack(rules, specs, lists, thresholds)


def _check_list_shapes(lists: dict[str, list[Any]], reference: RulePack, problems: Problems) -> None:
    """Each entry of a list the reference has must look like one of the reference's entries."""
    for name, values in lists.items():
        known = reference.lists.get(name)
        if not known:
            continue
        for value in values:
            if not any(_same_shape(value, model) for model in known):
                problems.add(f"列表 {name} 的元素应形如 {known[0]!r}，而不是 {value!r}", f"{name} =", name)
                break


def _same_shape(value: Any, model: Any) -> bool:
    """Strings non-empty, numbers integers (not true/false), tables with the model's keys
    each of the model's kind (lists of strings stay lists of strings)."""
    if isinstance(model, str):
        return isinstance(value, str) and bool(value)
    if isinstance(model, bool) or isinstance(value, bool):
        return type(value) is type(model)
    if isinstance(model, int):
        return isinstance(value, int)
    if isinstance(model, list):
        return isinstance(value, list) and all(_same_shape(v, model[0]) for v in value) if model \
            else isinstance(value, list)
    if isinstance(model, dict):
        return isinstance(value, dict) and set(value) == set(model) and \
            all(_same_shape(value[k], model[k]) for k in model)
    return type(value) is type(model)


def _parse_rule(data: dict[str, Any], category: str, problems: Problems,
                trusted: bool) -> tuple[RuleSpec, PatternRule | None] | None:
    rule_id = data.get("id") if isinstance(data.get("id"), str) else ""
    where = (f'"{rule_id}"',) if rule_id else ()
    if not rule_id.startswith(f"{category}."):
        problems.add(f"规则 id“{rule_id}”应以“{category}.”开头", *where)
    problems.unknown_keys(data, RULE_KEYS, f"规则“{rule_id}”有")
    severity = problems.severity(data.get("severity", "warning"), *where)
    message = problems.string(data.get("message"), f"规则“{rule_id}”的 message", *where)
    if not message:
        problems.add(f"规则“{rule_id}”缺少 message", *where)
    variants = _variants(data.get("variants"), rule_id, problems, where)
    bad = problems.strings(data.get("bad"), f"规则“{rule_id}”的 bad", *where)
    good = problems.strings(data.get("good"), f"规则“{rule_id}”的 good", *where)
    checklist = problems.string(data.get("checklist"), f"规则“{rule_id}”的 checklist", *where)
    is_pattern = "regex" in data or "swap" in data
    if severity is None:
        return None
    spec = RuleSpec(rule_id, category, severity, message, variants, bad, good, checklist,
                    is_pattern, f"{problems.source}:{line_of(problems.text, *where)}")
    if not is_pattern:
        return spec, None
    pattern = _parse_pattern(data, spec, problems, where, trusted)
    return (spec, pattern) if pattern is not None else None


def _variants(value: Any, rule_id: str, problems: Problems,
              where: tuple[str, ...]) -> dict[str, tuple[Severity, str]]:
    variants = {}
    for name, entry in problems.table(value, "variants", *where).items():
        if not isinstance(entry, dict) or set(entry) - {"severity", "message"}:
            problems.add(f"规则“{rule_id}”的变体 {name} 应为 {{ severity = …, message = … }}", *where)
            continue
        severity = problems.severity(entry.get("severity", "warning"), *where)
        message = problems.string(entry.get("message"), f"变体 {name} 的 message", *where)
        if severity is not None and message:
            variants[name] = (severity, message)
    return variants


def _parse_pattern(data: dict[str, Any], spec: RuleSpec, problems: Problems,
                   where: tuple[str, ...], trusted: bool) -> PatternRule | None:
    swap_table = problems.table(data.get("swap"), "swap", *where)
    if not all(isinstance(v, str) for v in swap_table.values()):
        problems.add(f"规则“{spec.id}”的 swap 应为 “错误” = “正确” 的字符串对", *where)
        swap_table = {}
    swap = {str(k): v for k, v in swap_table.items()}
    source = data.get("regex") or "|".join(map(re.escape, sorted(swap, key=len, reverse=True)))
    regex = problems.compile(source, *where, trusted=trusted)
    allow_sources = problems.strings(data.get("allow"), f"规则“{spec.id}”的 allow", *where)
    allow = tuple(filter(None, (problems.compile(a, *where, trusted=trusted)
                                for a in allow_sources)))
    scope = data.get("scope", "span")
    if scope not in ("span", "paragraph"):
        problems.add(f"规则“{spec.id}”的 scope 应为 span 或 paragraph", *where)
    fix = data.get("fix")
    if fix is not None and not isinstance(fix, str):
        problems.add(f"规则“{spec.id}”的 fix 应为字符串", *where)
        fix = None
    if regex is None:
        return None
    if fix and not _valid_template(regex, fix):
        problems.add(f"规则“{spec.id}”的 fix“{fix}”引用了正则中不存在的分组", *where)
        fix = None
    rule = PatternRule(spec, regex, scope, fix, swap, allow)
    _check_pattern_examples(rule, problems)
    return rule


def _valid_template(regex: re.Pattern[str], template: str) -> bool:
    """Every group the replacement template names exists (``\\9`` in a pattern of two
    groups would raise on the first match, in the middle of an audit)."""
    numbers = re.findall(r"\\(\d+)|\\g<(\d+)>", template)
    names = re.findall(r"\\g<([A-Za-z_]\w*)>", template)
    return all(int(a or b) <= regex.groups for a, b in numbers) and \
        all(name in regex.groupindex for name in names)


def rule_matches(rule: PatternRule, text: str) -> list[Any]:
    """Non-empty matches not inside an ``allow`` match (the allowed spans are found once
    per text, not once per match: long paragraphs stay linear). A user rule that takes
    longer than ``RULE_TIME_LIMIT_S`` on ``text`` is disabled (``rule.guard``) and finds
    nothing, now and afterwards: the audit goes on. (Which rules may match a text at all,
    the audit asks ``RulePack.candidates`` first.)"""
    if isinstance(rule.regex, re.Pattern):
        return _matches(rule, text, rule.regex.finditer, lambda p: p.finditer(text))
    if rule.guard.disabled:
        return []
    deadline = time.monotonic() + RULE_TIME_LIMIT_S
    try:
        return _matches(rule, text, lambda t: _bounded(rule.regex, t, deadline),
                        lambda p: _bounded(p, text, deadline))
    except TimeoutError:
        rule.guard.disabled = True
        rule.guard.notice = (f"规则“{rule.id}”（{rule.spec.source or '自定义规则'}）的正则表达式在一段 "
                             f"{len(text)} 字的文字上运行超过 {RULE_TIME_LIMIT_S:g} 秒，可能会卡死，"
                             "已停用该规则（其余检查照常进行），请改写后重新打开")
        return []


def _bounded(pattern: Any, text: str, deadline: float) -> list[Any]:
    """All matches of a ``regex`` pattern, raising TimeoutError past ``deadline``."""
    return list(pattern.finditer(text, timeout=max(deadline - time.monotonic(), 0.001)))


def _matches(rule: PatternRule, text: str, find, find_allowed) -> list[Any]:
    matches = [m for m in find(text) if m.end() > m.start()]
    if not matches or not rule.allow:
        return matches
    spans = sorted((a.start(), a.end()) for p in rule.allow for a in find_allowed(p))
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far
    return [m for m in matches if not _covered(starts, reach, m.start(), m.end())]


def _covered(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Some span [s, e) with s <= start has e >= end."""
    last = bisect.bisect_right(starts, start) - 1
    return last >= 0 and reach[last] >= end


def _check_pattern_examples(rule: PatternRule, problems: Problems) -> None:
    for example in (*rule.spec.bad, *rule.spec.good):
        rule_matches(rule, example)
    if rule.guard.disabled:
        problems.add(f"规则“{rule.id}”的正则表达式在示例上运行超过 {RULE_TIME_LIMIT_S:g} 秒，"
                     "在长段落上会卡死，请改写", *rule.spec.bad[:1], f'"{rule.id}"')
        return
    for example in rule.spec.bad:
        if not rule_matches(rule, example):
            problems.add(f"规则“{rule.id}”的反例“{example}”没有被识别", example)
    for example in rule.spec.good:
        if rule_matches(rule, example):
            problems.add(f"规则“{rule.id}”的正例“{example}”被误报", example)
