"""Will a regular expression backtrack for ever? A structural check of user-supplied
patterns, made on the parse tree Python's own ``re`` builds.

A repeat (``+``, ``*``, ``{m,n}`` with n ≥ 2) is *catastrophic* when one pass of its body
can end in a way the next pass could also begin — the body can match more than one way and
the
characters it may end with overlap those it may start with (``(X+X+)+``, ``(X+)+``,
``(\\w+\\s?)+``, ``(a|aa)*``) — or when its body may match nothing (``(x*)*``). Then a failing
match tries every way of cutting the text between the passes: exponentially many. A
repeat whose passes are separated by disjoint characters (``(?:[一二三]+、)+``,
``(?:[!-~]{1,3}\\s+){3,}``) is linear, and is accepted.

Character sets are compared on sample characters (every literal and range end in the two
sets, plus a fixed probe of ASCII, CJK and full-width characters): close enough for a
refusal with a message; the runtime bound (``guarded_finditer``) catches what slips by.
A repeat of at most ``FEW_PASSES`` passes (``{1,3}``, ``{2}``) cuts a text in polynomially
many ways, not exponentially: accepted (several built-in junk patterns have one); ``{12}``
is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from re import _constants as C  # the parse tree re itself compiles (Python 3.11+)
from re import _parser as P

PROBE = ("aZz09_ \t\n\r\u3000.,;:!?()[]{}-/@#*+'\"，。、；：！？（）“”《》【】—…·"
         "一丁中国甲乙丙年月日次人Xx０１ＡＸ")
BIG = 1 << 30
FEW_PASSES = 4


@dataclass(frozen=True, slots=True)
class _Atom:
    test: Callable[[str], bool]
    samples: tuple[str, ...]


ANY_CHAR = _Atom(lambda c: True, ())


@dataclass(slots=True)
class _Info:
    first: list[_Atom] = field(default_factory=list)
    last: list[_Atom] = field(default_factory=list)
    nullable: bool = False
    width: int | None = 0  # None: varies
    dangerous: bool = False
    choices: bool = False  # a match may go more than one way (a repeat, an alternation)


def catastrophic(pattern: str) -> bool:
    """True when ``pattern`` has a repeat that can backtrack exponentially (see above).
    A pattern ``re`` cannot parse is not judged here (compiling it reports that)."""
    try:
        tree = P.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return _sequence(list(tree)).dangerous


def _sequence(items: list) -> _Info:
    infos = [_node(op, av) for op, av in items]
    info = _Info(nullable=all(i.nullable for i in infos),
                 dangerous=any(i.dangerous for i in infos))
    info.width = None if any(i.width is None for i in infos) else sum(i.width for i in infos)
    info.choices = any(i.choices for i in infos)
    for part in infos:  # what a match of the sequence may start with
        info.first += part.first
        if not part.nullable:
            break
    for part in reversed(infos):
        info.last += part.last
        if not part.nullable:
            break
    return info


def _node(op, av) -> _Info:
    if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
        atom = _atom(op, av)
        return _Info([atom], [atom], False, 1)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        return _repeat(op, *av)
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is getattr(C, "ATOMIC_GROUP", None):  # never re-entered once matched: one way
        info = _sequence(list(av))
        info.choices = False
        return info
    if op is C.BRANCH:
        return _branch([_sequence(list(alt)) for alt in av[1]])
    if op is C.GROUPREF_EXISTS:
        return _branch([_sequence(list(alt)) if alt is not None else _Info(nullable=True)
                        for alt in av[1:]])
    if op in (C.ASSERT, C.ASSERT_NOT):
        inner = _sequence(list(av[1]))
        return _Info(nullable=True, width=0, dangerous=inner.dangerous)
    if op is C.GROUPREF:
        return _Info([ANY_CHAR], [ANY_CHAR], False, None)  # no choice inside: one way only
    return _Info(nullable=True, width=0)  # anchors (AT) and the like: zero width


def _branch(alternatives: list[_Info]) -> _Info:
    widths = {a.width for a in alternatives}
    return _Info([x for a in alternatives for x in a.first], [x for a in alternatives for x in a.last],
                 any(a.nullable for a in alternatives), widths.pop() if len(widths) == 1 else None,
                 any(a.dangerous for a in alternatives),
                 len(alternatives) > 1 or any(a.choices for a in alternatives))


def _repeat(op, low: int, high: int, body_items) -> _Info:
    body = _sequence(list(body_items))
    high = BIG if high == C.MAXREPEAT else high
    possessive = op is getattr(C, "POSSESSIVE_REPEAT", None)
    info = _Info(body.first, body.last, low == 0 or body.nullable,
                 body.width * low if body.width is not None and low == high else None, body.dangerous,
                 not possessive and (low != high or body.choices))
    if high > FEW_PASSES and not possessive:
        # a body that can only go one way (X, \1) cannot be cut two ways between passes
        ends_like_it_begins = body.choices and _overlap(body.last, body.first)
        if ends_like_it_begins or (body.nullable and body.first):
            info.dangerous = True
    return info


def _overlap(left: list[_Atom], right: list[_Atom]) -> bool:
    for a in left:
        for b in right:
            if a is ANY_CHAR or b is ANY_CHAR:
                return True
            if any(a.test(c) and b.test(c) for c in {*a.samples, *b.samples, *PROBE}):
                return True
    return False


# ---------------------------------------------------------------- one character's set
def _atom(op, av) -> _Atom:
    if op is C.LITERAL:
        char = chr(av)
        return _Atom(lambda c: c == char, (char,))
    if op is C.NOT_LITERAL:
        char = chr(av)
        return _Atom(lambda c: c != char, (char,))
    if op is C.ANY:
        return _Atom(lambda c: c != "\n", ())
    return _class(av)


def _class(items) -> _Atom:
    tests, samples, negate = [], [], False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            char = chr(av)
            samples.append(char)
            tests.append(lambda c, x=char: c == x)
        elif op is C.RANGE:
            low, high = av
            samples += [chr(low), chr(high), chr((low + high) // 2)]
            tests.append(lambda c, lo=low, hi=high: lo <= ord(c) <= hi)
        elif op is C.CATEGORY:
            tests.append(_category(av))
        else:  # something rare (a big charset): assume it may be anything
            tests.append(lambda c: True)

    def test(c: str) -> bool:
        return any(t(c) for t in tests) != negate

    return _Atom(test, tuple(samples))


def _category(name) -> Callable[[str], bool]:
    text = str(name)
    negated = "NOT" in text
    if "DIGIT" in text:
        base = str.isdecimal
    elif "SPACE" in text:
        base = str.isspace
    elif "WORD" in text:
        def base(c: str) -> bool:
            return c.isalnum() or c == "_"
    else:  # LINEBREAK
        def base(c: str) -> bool:
            return c == "\n"
    return (lambda c: not base(c)) if negated else base
