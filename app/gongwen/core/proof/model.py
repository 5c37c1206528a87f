"""The proofreader's data model: what the data files declare (checks, pairs, lexicon
entries, numbered sets, settings) and what the index keeps of them. Plain dataclasses, so
that a start which only unpickles the cached index imports neither the parser (data.py)
nor the builder (index.py's dependencies)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Severity


@dataclass(frozen=True, slots=True)
class NumberedSet:
    """A formulation with a number and fixed members, e.g. 四个意识."""

    name: str
    members: tuple[str, ...]
    strict_number: bool  # any other number before the tail is wrong (三个自信)
    accepted: tuple[str, ...] = ()  # members of an earlier wording, not wrong
    note: str = ""
    where: str = ""

    @property
    def number_tail(self) -> tuple[int, str] | None:
        from ..numerals import cn_to_int

        match = re.fullmatch(r"([一二三四五六七八九十两]+)个(.+)", self.name)
        if not match:
            return None
        return cn_to_int(match.group(1).replace("两", "二")), match.group(2)


@dataclass(frozen=True, slots=True)
class Check:
    """A code rule declared in data: findings are built from it by id."""

    id: str
    category: str
    severity: Severity
    message: str
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    source: str = ""  # file:line, for problems found when its examples are checked


@dataclass(frozen=True, slots=True)
class Pair:
    """A wrong form and its correction; the context fields narrow where it is wrong."""

    wrong: str
    right: str
    check: str  # the id of the Check that reports it
    source: str  # what the pair relies on (a dictionary, a norm)
    bad: tuple[str, ...]
    good: tuple[str, ...]
    after: re.Pattern[str] | None = None  # must match right after the wrong form
    not_after: re.Pattern[str] | None = None  # must not match there
    before: tuple[str, ...] = ()  # the text before must end with one of these
    not_before: tuple[str, ...] = ()  # …and with none of these
    note: str = ""
    where: str = ""  # file:line


@dataclass(frozen=True, slots=True)
class Entry:
    """A set phrase of the lexicon."""

    text: str
    kind: str  # term | idiom | fixed
    since: tuple[int, int] | None = None  # (year, month) it came into use
    where: str = ""


@dataclass(slots=True)
class SoundSettings:
    initials: tuple[tuple[str, str], ...] = ()
    finals: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class NearMissSettings:
    min_length: int = 4
    max_diffs: tuple[tuple[int, int], ...] = ((4, 1), (6, 2))  # (from length, diffs allowed)
    real_word_freq: int = 50  # a jieba word at least this frequent is a real word
    quiet_chars: str = ""  # characters never taken as the typo of a near miss
    # a short entry's near miss whose wrong character makes a word this frequent with its
    # neighbour (核心意思 ~ 核心意识) is a real phrase unless quoted
    inner_word_freq: int = 300

    def diffs_allowed(self, length: int) -> int:
        allowed = 0
        for at_least, diffs in self.max_diffs:
            if length >= at_least:
                allowed = diffs
        return allowed


@dataclass(slots=True)
class ProofData:
    checks: dict[str, Check] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    sets: list[NumberedSet] = field(default_factory=list)
    sound: SoundSettings = field(default_factory=SoundSettings)
    near_miss: NearMissSettings = field(default_factory=NearMissSettings)

    def merge(self, other: ProofData) -> ProofData:
        """``other`` (a user's file) replaces checks by id and pairs by wrong form + context,
        and adds entries, shape groups and sets."""
        keys = {(p.wrong, p.after.pattern if p.after else "") for p in other.pairs}
        pairs = [p for p in self.pairs if (p.wrong, p.after.pattern if p.after else "") not in keys]
        names = {s.name for s in other.sets}
        return ProofData(
            {**self.checks, **other.checks}, pairs + other.pairs,
            self.entries + other.entries, self.shapes + other.shapes,
            [s for s in self.sets if s.name not in names] + other.sets,
            other.sound if other.sound.initials or other.sound.finals else self.sound,
            self.near_miss)
