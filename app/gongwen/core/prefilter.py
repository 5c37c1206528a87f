"""What a regex cannot match without: a cheap test before the regex runs.

Most pattern rules look for something rare (``…``, ``__``, ``X``, ``□``, ``习近平``) but
start with look-behinds or alternations, so Python's engine tries them at every position
of every paragraph. ``needed`` reads the parsed pattern and returns a few strings of which
every non-empty match must contain one; a paragraph holding none of them cannot match, and
the rule skips it. The analysis is conservative: where it cannot be sure (case-insensitive
flags, negated or large classes, ``.``, back-references) it says nothing and the rule always
runs.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import itemgetter, or_
from typing import Any

try:  # the parser is private; without it every rule simply always runs
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover
    _c = _p = None

MAX_STRINGS = 64  # more alternatives are no cheaper to test than the regex itself
MAX_CLASS = 128  # characters of one class written as ranges ([A-WYZ], [\u4e00-\u4e10])
RUN = 3  # a repeated character counts up to three times (。{3,} needs 。。。)
LAZY_AFTER = 40  # texts asked about before PackProbe is made
MASKS_KEPT = 20_000  # paragraphs whose PackProbe mask is kept (a long report's)

Needed = frozenset[str]
# what \s matches in a str pattern (str.isspace, as re's own test): a couple of dozen
SPACES = frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())


def needed(pattern: Any) -> Needed | None:
    """Strings of which every non-empty match of ``pattern`` contains at least one, or
    ``None`` when that cannot be said."""
    if _p is None or not isinstance(pattern, re.Pattern) or pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unparseable pattern is simply not filtered
        return None
    found = _sequence(list(parsed))
    if not found:
        return None
    limit = MAX_CLASS if all(len(s) == 1 for s in found) else MAX_STRINGS
    return found if len(found) <= limit else None


class PackProbe:
    """Which of many pattern rules may match a text, found in one pass: an Aho-Corasick
    automaton of every rule's ``needed`` strings of two characters or more, and one
    character class of the single characters, each string standing for the rules that
    need it (a bit each). Thirty rules tested one by one cost thirty searches per
    paragraph; this costs two passes. (The automaton looks a node's children up one by one:
    the single characters, seventy of them, would crowd its root.) Made once ``after`` texts
    were asked about: reading the patterns costs more than a few searches, and a short file
    (one report from the command line) never pays for it; until then every rule may match."""

    def __init__(self, patterns: list[Any], after: int = LAZY_AFTER):
        self._patterns, self._left = patterns, after
        # (automaton or None, class of single characters or None, their bits, the bits of
        # the rules no string can stand for): one tuple, so a thread sees all or nothing
        self._made: tuple[Any, Any, dict[str, int], int] | None = None
        # the masks of the texts asked about lately: the shape's junk scan and then the
        # families' scans ask about every paragraph of a document in turn
        self._masks: dict[str, int] = {}

    def mask(self, text: str) -> int:
        """A bit per rule (by its place in ``patterns``), set where it may match ``text``;
        -1 (every bit) before it is made."""
        found = self._masks.get(text)
        if found is not None:
            return found
        made = self._made
        if made is None:
            self._left -= 1
            if self._left > 0:
                return -1
            made = self._made = self._make()
        automaton, chars, singles, found = made
        if automaton is not None:  # the bits of every string found, without a Python step each
            found = reduce(or_, map(_second, automaton.iter(text)), found)
        if chars is not None:
            for char in set(chars.findall(text)):
                found |= singles[char]
        if len(self._masks) >= MASKS_KEPT:
            self._masks.clear()
        self._masks[text] = found
        return found

    def _make(self) -> tuple[Any, Any, dict[str, int], int]:
        import ahocorasick

        strings: dict[str, int] = {}
        always = 0
        for number, pattern in enumerate(self._patterns):
            wanted = needed(pattern)
            if wanted is None:
                always |= 1 << number
                continue
            for string in wanted:
                strings[string] = strings.get(string, 0) | 1 << number
        singles = {s: bits for s, bits in strings.items() if len(s) == 1}
        longer = {s: bits for s, bits in strings.items() if len(s) > 1}
        automaton = None
        if longer:
            automaton = ahocorasick.Automaton()
            for string, bits in longer.items():
                automaton.add_word(string, bits)
            automaton.make_automaton()
        chars = re.compile("[" + "".join(map(re.escape, sorted(singles))) + "]") if singles else None
        return automaton, chars, singles, always


_second = itemgetter(1)


def _sequence(items: list[tuple[Any, Any]]) -> Needed | None:
    """A sequence matches only if each of its consuming items does: the most telling
    item's strings stand for it (runs of literals read as one string)."""
    best: Needed | None = None
    asserted: Needed | None = None  # what a look-around needs: used only when nothing else
    run = ""
    for op, argument in [*items, (None, None)]:
        if op is _c.LITERAL:
            run += chr(argument)
            continue
        if run:
            best = _better(best, frozenset([run]))
            run = ""
        if op is _c.ASSERT:  # a look-ahead or look-behind that must hold: the text has it
            asserted = _better(asserted, _sequence(list(argument[1])))
        elif op is not None:
            best = _better(best, _item(op, argument))
    return best or asserted


def _better(a: Needed | None, b: Needed | None) -> Needed | None:
    """Fewer alternatives whose shortest is longer tell more."""
    if a is None or b is None:
        return a or b
    def rank(s: Needed) -> tuple[int, int]:
        return (-min(map(len, s)), len(s))
    return a if rank(a) <= rank(b) else b


def _item(op: Any, argument: Any) -> Needed | None:
    if op is _c.IN:
        return _charset(argument)
    if op is _c.CATEGORY:  # \s outside a class
        return _charset([(op, argument)])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, body = argument
        if low < 1:
            return None
        body = list(body)
        if len(body) == 1 and body[0][0] is _c.LITERAL:
            return frozenset([chr(body[0][1]) * min(low, RUN)])
        return _sequence(body)
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, body = argument
        return None if add_flags & re.IGNORECASE else _sequence(list(body))
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(argument))
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in argument[1]:
            found = _sequence(list(alternative))
            if found is None:
                return None
            union |= found
        return frozenset(union)
    return None  # assertions and anchors consume nothing; ANY, NOT_LITERAL anything


def _charset(members: list[tuple[Any, Any]]) -> Needed | None:
    chars: set[str] = set()
    for op, argument in members:
        if op is _c.LITERAL:
            chars.add(chr(argument))
        elif op is _c.RANGE and argument[1] - argument[0] < MAX_CLASS:
            chars.update(chr(code) for code in range(argument[0], argument[1] + 1))
        elif op is _c.CATEGORY and argument is _c.CATEGORY_SPACE:
            chars.update(SPACES)
        else:  # NEGATE, CATEGORY (\d, \w), a large range
            return None
    return frozenset(chars) if len(chars) <= MAX_CLASS else None
