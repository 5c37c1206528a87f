"""The proofreader's data as text → validated objects (no file access: the caller hands in
each file's text and a source name, as for the rule packs).

Files (all under ``checklists/``):

- ``proof/typo.toml`` (TOML): the code rules of the family (``[[check]]``: id, severity,
  message template, ``bad``/``good``), sound-similarity settings (``[sound]``), near-miss
  limits (``[near_miss]``) and the wrong→right pairs in ``[[group]]`` tables, one source
  per group, one inline table per pair.
- ``proof/formulation.toml`` (TOML, category wording): numbered sets (``[[set]]``) and the
  ``[[check]]`` declarations of the formulation checks; the regex rules of the same topic
  are an ordinary rule pack (``rules/formulation.toml``).
- ``proof/lexicon/*.txt`` (a line format: thousands of entries): one set phrase a line,
  optionally followed by the month it came into use (``2023-10``); ``[term]`` /
  ``[idiom]`` / ``[fixed]`` lines set the kind of the lines below; ``#`` starts a comment.
- ``proof/lexicon/shapes.txt`` (a line format): one group of similar-shape characters a line.

The ``[[check]]`` declarations join the catalog's rule registry (``gongwen rules``, a
checklist's ``[severity]``); their examples are checked when the index is built.

Every problem is reported as ``source:line: what``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..data import ChecklistError, load_toml
from ..model import CATEGORIES, Severity
from .model import Check, Entry, NearMissSettings, NumberedSet, Pair, ProofData, SoundSettings

MONTH = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")
KINDS = ("term", "idiom", "fixed", "set")
EXAMPLE_MARK = "～"  # in a pair's ``eg``: where the wrong or the right form goes
















class _Problems:
    def __init__(self, text: str, source: str):
        self.text, self.source, self.items = text, source, []

    def line(self, *needles: str) -> int:
        for needle in needles:
            if needle:
                position = self.text.find(needle)
                if position >= 0:
                    return self.text.count("\n", 0, position) + 1
        return 1

    def where(self, *needles: str) -> str:
        return f"{self.source}:{self.line(*needles)}"

    def add(self, message: str, *needles: str) -> None:
        self.items.append(f"{self.where(*needles)}: {message}")

    def regex(self, pattern: Any, *needles: str) -> re.Pattern[str] | None:
        if pattern in (None, ""):
            return None
        try:
            return re.compile(str(pattern))
        except re.error as error:
            self.add(f"正则表达式“{pattern}”无效：{error}", *needles)
            return None

    def raise_if_any(self) -> None:
        if self.items:
            raise ChecklistError(self.items)


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@cache
def _han() -> re.Pattern[str]:
    """Compiled on first use: a CJK character class costs milliseconds to compile, and a
    cached start never parses the data."""
    return re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")


def _month(value: Any, problems: _Problems, *needles: str) -> tuple[int, int] | None:
    if value in (None, ""):
        return None
    if not MONTH.match(str(value)):
        problems.add(f"日期“{value}”应写作 YYYY-MM", *needles)
        return None
    year, month = str(value).split("-")
    return int(year), int(month)


# ---------------------------------------------------------------- typo.toml / formulation.toml

CHECK_KEYS = {"id", "category", "severity", "message", "bad", "good"}
PAIR_KEYS = {"wrong", "right", "eg", "bad", "good", "after", "not_after", "before", "not_before",
             "note", "check"}
GROUP_KEYS = {"source", "check", "pairs"}
SET_KEYS = {"name", "members", "strict_number", "accepted", "note"}


def parse_proof_toml(text: str, source: str) -> ProofData:
    """typo.toml or formulation.toml → ProofData (its checks, pairs, sets and settings)."""
    data = load_toml(text, source)
    problems = _Problems(text, source)
    category = data.get("category", "typo")
    result = ProofData()
    for item in data.get("check", []):
        check = _parse_check(item, category, problems)
        if check:
            if check.id in result.checks:
                problems.add(f"规则 id“{check.id}”重复", f'"{check.id}"')
            result.checks[check.id] = check
    for group in data.get("group", []):
        result.pairs += _parse_group(group, problems)
    for item in data.get("set", []):
        numbered = _parse_set(item, problems)
        if numbered:
            result.sets.append(numbered)
    if "sound" in data:
        result.sound = _parse_sound(data["sound"], problems)
    if "near_miss" in data:
        result.near_miss = _parse_near_miss(data["near_miss"], problems)
    known = {p.check for p in result.pairs}
    for check_id in sorted(known - set(result.checks)):
        problems.add(f"词对引用了未声明的规则“{check_id}”（请在 [[check]] 中声明）", f'"{check_id}"')
    problems.raise_if_any()
    return result


def _parse_check(item: dict[str, Any], category: str, problems: _Problems) -> Check | None:
    check_id = str(item.get("id", ""))
    needle = f'"{check_id}"'
    own = str(item.get("category", category))
    if own not in CATEGORIES:
        problems.add(f"规则“{check_id}”的 category“{own}”未知", needle)
    if not check_id.startswith(f"{own}."):
        problems.add(f"规则 id“{check_id}”应以“{own}.”开头", needle)
    for key in sorted(set(item) - CHECK_KEYS):
        problems.add(f"规则“{check_id}”有未知字段 {key}", needle)
    if not item.get("message"):
        problems.add(f"规则“{check_id}”缺少 message", needle)
    try:
        severity = Severity.parse(str(item.get("severity", "warning")))
    except ValueError as error:
        problems.add(str(error), needle)
        return None
    return Check(check_id, own, severity, str(item.get("message", "")),
                 _strings(item.get("bad")), _strings(item.get("good")), problems.where(needle))


def _parse_group(group: dict[str, Any], problems: _Problems) -> list[Pair]:
    source = str(group.get("source", ""))
    for key in sorted(set(group) - GROUP_KEYS):
        problems.add(f"词对组有未知字段 {key}", f"{key} =")
    if not source:
        problems.add("词对组缺少 source（依据）", "[[group]]")
    check = str(group.get("check", "typo.pair"))
    pairs = []
    for item in group.get("pairs", []):
        pair = _parse_pair(item, check, source, problems)
        if pair:
            pairs.append(pair)
    return pairs


def _parse_pair(item: dict[str, Any], check: str, source: str, problems: _Problems) -> Pair | None:
    wrong, right = str(item.get("wrong", "")), str(item.get("right", ""))
    needle = f'wrong = "{wrong}"'
    for key in sorted(set(item) - PAIR_KEYS):
        problems.add(f"词对“{wrong}”有未知字段 {key}", needle)
    if not wrong or not right or wrong == right:
        problems.add(f"词对“{wrong}”→“{right}”应有不同的 wrong 和 right", needle)
        return None
    eg = str(item.get("eg", ""))
    bad, good = _strings(item.get("bad")), _strings(item.get("good"))
    if eg:
        if eg.count(EXAMPLE_MARK) != 1:
            problems.add(f"词对“{wrong}”的 eg 应含一个“{EXAMPLE_MARK}”，标出词的位置", needle)
        else:
            bad += (eg.replace(EXAMPLE_MARK, wrong),)
            good += (eg.replace(EXAMPLE_MARK, right),)
    if not bad or not good:
        problems.add(f"词对“{wrong}”需要反例和正例（eg，或 bad 与 good）", needle)
    return Pair(wrong, right, str(item.get("check", check)), source, bad, good,
                problems.regex(item.get("after"), needle),
                problems.regex(item.get("not_after"), needle),
                _strings(item.get("before")), _strings(item.get("not_before")),
                str(item.get("note", "")), problems.where(needle))


def _parse_set(item: dict[str, Any], problems: _Problems) -> NumberedSet | None:
    name = str(item.get("name", ""))
    needle = f'name = "{name}"'
    for key in sorted(set(item) - SET_KEYS):
        problems.add(f"提法“{name}”有未知字段 {key}", needle)
    members = _strings(item.get("members"))
    if not name or not members:
        problems.add(f"提法“{name}”需要 name 和 members", needle)
        return None
    numbered = NumberedSet(name, members, bool(item.get("strict_number", False)),
                           _strings(item.get("accepted")), str(item.get("note", "")),
                           problems.where(needle))
    counted = numbered.number_tail
    if counted and counted[0] != len(members):
        problems.add(f"提法“{name}”写明 {counted[0]} 项，members 却有 {len(members)} 项", needle)
    return numbered


def _parse_sound(data: dict[str, Any], problems: _Problems) -> SoundSettings:
    def pairs(key: str) -> tuple[tuple[str, str], ...]:
        found = []
        for text in _strings(data.get(key)):
            left, sep, right = text.partition("=")
            if not sep or not left.isalpha() or not right.isalpha():
                problems.add(f"模糊音“{text}”应写作“zh=z”", text)
                continue
            found.append((left, right))
        return tuple(found)

    return SoundSettings(pairs("initials"), pairs("finals"))


def _parse_near_miss(data: dict[str, Any], problems: _Problems) -> NearMissSettings:
    settings = NearMissSettings()
    try:
        settings.min_length = int(data.get("min_length", settings.min_length))
        settings.real_word_freq = int(data.get("real_word_freq", settings.real_word_freq))
        settings.max_diffs = tuple((int(a), int(b)) for a, b in data.get("max_diffs", settings.max_diffs))
        settings.quiet_chars = str(data.get("quiet_chars", ""))
        settings.inner_word_freq = int(data.get("inner_word_freq", settings.inner_word_freq))
    except (TypeError, ValueError):
        problems.add("near_miss 的设置应为整数（max_diffs 为 [长度, 字数] 列表）", "[near_miss]")
    return settings


# ---------------------------------------------------------------- line formats


def _content_lines(text: str):
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield number, line


def parse_lexicon(text: str, source: str, kind: str = "term") -> list[Entry]:
    """One phrase a line, optionally its month of first use; ``[kind]`` lines switch kind."""
    problems: list[str] = []
    entries = []
    for number, line in _content_lines(text):
        where = f"{source}:{number}"
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1].strip()
            if kind not in KINDS:
                problems.append(f"{where}: 未知的类别 {line}（应为 {' / '.join(KINDS)}）")
            continue
        fields = line.split()
        phrase, since = fields[0], None
        if not _han().match(phrase.replace("、", "")):
            problems.append(f"{where}: “{phrase}”应只含汉字（和顿号）")
            continue
        if len(fields) > 2:
            problems.append(f"{where}: 一行只写一个词语和可选的年月：“{line}”")
        if len(fields) == 2:
            if not MONTH.match(fields[1]):
                problems.append(f"{where}: 日期“{fields[1]}”应写作 YYYY-MM")
            else:
                since = (int(fields[1][:4]), int(fields[1][5:]))
        entries.append(Entry(phrase, kind, since, where))
    if problems:
        raise ChecklistError(problems)
    return entries


def parse_shapes(text: str, source: str) -> list[str]:
    """One group of look-alike characters a line (at least two different characters)."""
    problems, groups = [], []
    for number, line in _content_lines(text):
        group = "".join(line.split())
        if len(set(group)) < 2 or not _han().match(group):
            problems.append(f"{source}:{number}: 形近字组“{line}”应为至少两个不同的汉字")
            continue
        groups.append(group)
    if problems:
        raise ChecklistError(problems)
    return groups
