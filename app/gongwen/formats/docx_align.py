"""Which old paragraph became which new one, and which characters changed inside one.

``align_paragraphs(old, new)`` is a real diff of two paragraph lists: the common head and
tail are cut off first (a save usually changes a few places), then paragraphs that occur
exactly once on both sides anchor the rest (patience diff: fast on 50,000 paragraphs
even with thousands of identical blank lines, where a plain ``SequenceMatcher`` walks
every pair of blanks), and the stretches between anchors go through
``difflib.SequenceMatcher`` (autojunk off). A replaced stretch of k old and k' new
paragraphs is paired by a small dynamic programme on character and bigram similarity, so a
paragraph split in two (Enter) or two joined (Backspace) keeps its own XML for the
half that stayed, and the other half is a new paragraph; ``sticky(i)`` (old paragraphs
that cannot simply go, such as a table cell's) breaks ties towards pairing those.

``char_opcodes(a, b)`` is the same for the characters of one paragraph.
Both are pure: no XML here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..core.model import TableInfo

EQUAL, EDIT, DELETE, INSERT = "equal", "edit", "delete", "insert"
SMALL = 400  # stretches this long (each side) go straight to SequenceMatcher
PAIR_CELLS = 10_000  # largest k × k' replaced block paired by similarity (else in order)
CHAR_LIMIT = 20_000  # longer changed middles of one paragraph are replaced whole


@dataclass(frozen=True, slots=True)
class Step:
    """One paragraph of the merged sequence: old index, new index, or both."""

    kind: str  # EQUAL | EDIT | DELETE | INSERT
    old: int | None
    new: int | None


Sticky = Callable[[int], bool]


def align_paragraphs(old: Sequence[str], new: Sequence[str],
                     sticky: Sticky | None = None) -> list[Step]:
    """The merged sequence, in document order; every old and every new index exactly once."""
    steps: list[Step] = []
    _align(old, new, 0, len(old), 0, len(new), steps, sticky or _never)
    return steps


def _never(_: int) -> bool:
    return False


def _align(old: Sequence[str], new: Sequence[str], a0: int, a1: int, b0: int, b1: int,
           out: list[Step], sticky: Sticky) -> None:
    head = 0
    while a0 + head < a1 and b0 + head < b1 and old[a0 + head] == new[b0 + head]:
        head += 1
    out.extend(Step(EQUAL, a0 + k, b0 + k) for k in range(head))
    a0, b0 = a0 + head, b0 + head
    tail = 0
    while a1 - tail > a0 and b1 - tail > b0 and old[a1 - tail - 1] == new[b1 - tail - 1]:
        tail += 1
    a1, b1 = a1 - tail, b1 - tail
    anchors = _anchors(old, new, a0, a1, b0, b1) if max(a1 - a0, b1 - b0) > SMALL else []
    if anchors:
        for i, j in anchors:
            _align(old, new, a0, i, b0, j, out, sticky)
            out.append(Step(EQUAL, i, j))
            a0, b0 = i + 1, j + 1
        _align(old, new, a0, a1, b0, b1, out, sticky)
    else:
        _matched(old, new, a0, a1, b0, b1, out, sticky)
    out.extend(Step(EQUAL, a1 + k, b1 + k) for k in range(tail))


def _anchors(old: Sequence[str], new: Sequence[str], a0: int, a1: int, b0: int,
             b1: int) -> list[tuple[int, int]]:
    """Pairs of paragraphs unique on both sides, longest increasing run of them."""
    seen_a: dict[str, int] = {}
    for i in range(a0, a1):
        seen_a[old[i]] = -1 if old[i] in seen_a else i
    seen_b: dict[str, int] = {}
    for j in range(b0, b1):
        seen_b[new[j]] = -1 if new[j] in seen_b else j
    pairs = [(i, seen_b[t]) for t, i in seen_a.items() if i >= 0 and seen_b.get(t, -1) >= 0]
    pairs.sort()
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Patience sorting on the new indexes of pairs sorted by old index."""
    from bisect import bisect_left

    tops: list[int] = []  # new index at the top of each pile
    top_at: list[int] = []  # index into pairs of that top
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pile = bisect_left(tops, j)
        if pile:
            back[k] = top_at[pile - 1]
        if pile == len(tops):
            tops.append(j)
            top_at.append(k)
        else:
            tops[pile], top_at[pile] = j, k
    chain: list[tuple[int, int]] = []
    k = top_at[-1] if top_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _matched(old: Sequence[str], new: Sequence[str], a0: int, a1: int, b0: int, b1: int,
             out: list[Step], sticky: Sticky) -> None:
    if a0 == a1 or b0 == b1:
        out.extend(Step(DELETE, i, None) for i in range(a0, a1))
        out.extend(Step(INSERT, None, j) for j in range(b0, b1))
        return
    matcher = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + a0, i2 + a0, j1 + b0, j2 + b0
        if tag == "equal":
            out.extend(Step(EQUAL, i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "delete":
            out.extend(Step(DELETE, i, None) for i in range(i1, i2))
        elif tag == "insert":
            out.extend(Step(INSERT, None, j) for j in range(j1, j2))
        else:
            out.extend(_pair_block(old, new, i1, i2, j1, j2, sticky))


def _pair_block(old: Sequence[str], new: Sequence[str], i1: int, i2: int, j1: int,
                j2: int, sticky: Sticky = _never) -> list[Step]:
    """Old paragraphs i1..i2 were replaced by new j1..j2: pair as many as possible (each
    pair keeps an old paragraph's formatting), the most similar ones when sizes differ."""
    k, m = i2 - i1, j2 - j1
    if k == m or k * m > PAIR_CELLS:
        pairs = [(i1 + n, j1 + n) for n in range(min(k, m))]
    else:
        pairs = _best_pairs(old, new, i1, i2, j1, j2, sticky)
    steps: list[Step] = []
    i, j = i1, j1
    for pi, pj in [*pairs, (i2, j2)]:
        steps.extend(Step(DELETE, x, None) for x in range(i, pi))
        steps.extend(Step(INSERT, None, y) for y in range(j, pj))
        if pi < i2:
            steps.append(Step(EDIT, pi, pj))
        i, j = pi + 1, pj + 1
    return steps


def _grams(text: str) -> tuple[set[str], set[str]]:
    """(characters, bigrams) of a text."""
    return set(text), {text[n:n + 2] for n in range(len(text) - 1)}


def _dice(x: set[str], y: set[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


def similarity(a: str, b: str) -> float:
    """0..1: the mean of the Dice coefficients of characters and of bigrams — cheap,
    telling for Chinese, and not blind on two-character cells (项目 / 项1目)."""
    x, y = _grams(a), _grams(b)
    return (_dice(x[0], y[0]) + _dice(x[1], y[1])) / 2


def _best_pairs(old: Sequence[str], new: Sequence[str], i1: int, i2: int, j1: int,
                j2: int, sticky: Sticky = _never) -> list[tuple[int, int]]:
    """Monotone pairing with the most pairs, then the highest total similarity."""
    a = [_grams(t) for t in old[i1:i2]]
    b = [_grams(t) for t in new[j1:j2]]
    bonus = [0.25 if sticky(i) else 0.0 for i in range(i1, i2)]
    k, m = len(a), len(b)

    def score(p: int, q: int) -> float:
        # 1 per pair (pair as many as possible), then similarity, then sticky paragraphs
        x, y = a[p], b[q]
        return 1.0 + (_dice(x[0], y[0]) + _dice(x[1], y[1])) / 4 + bonus[p]

    best = [[0.0] * (m + 1) for _ in range(k + 1)]
    for p in range(k - 1, -1, -1):
        row, below = best[p], best[p + 1]
        for q in range(m - 1, -1, -1):
            row[q] = max(below[q], row[q + 1], below[q + 1] + score(p, q))
    pairs, p, q = [], 0, 0
    while p < k and q < m:
        if best[p][q] == best[p + 1][q + 1] + score(p, q):
            pairs.append((i1 + p, j1 + q))
            p, q = p + 1, q + 1
        elif best[p][q] == best[p + 1][q]:
            p += 1
        else:
            q += 1
    return pairs


def char_opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher.get_opcodes`` of two paragraph texts (common head and tail cut
    first; a changed middle longer than ``CHAR_LIMIT`` on both sides is one replacement)."""
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - tail - 1] == b[len(b) - tail - 1]:
        tail += 1
    a_mid, b_mid = a[head:len(a) - tail], b[head:len(b) - tail]
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    if not a_mid and not b_mid:
        pass
    elif not a_mid or not b_mid or min(len(a_mid), len(b_mid)) > CHAR_LIMIT:
        tag = "insert" if not a_mid else "delete" if not b_mid else "replace"
        ops.append((tag, head, head + len(a_mid), head, head + len(b_mid)))
    else:
        matcher = SequenceMatcher(None, a_mid, b_mid, autojunk=False)
        ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def follow_tables(tables: Sequence[TableInfo], old: Sequence[str], new: Sequence[str]
                  ) -> list[TableInfo]:
    """``tables`` (indexes into ``old``) renumbered for ``new``, the way 保存 places paragraphs:
    an edited paragraph stays in its cell, a deleted one leaves it, a new one joins the cell
    of the paragraph before it (a line typed after a cell's text stays in that cell). For
    the editor: export its current texts with the tables of the file it opened."""
    cell_of: dict[int, tuple[int, int, int]] = {}
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                for i in cell.paragraphs:
                    cell_of[i] = (t, r, c)  # nested tables overwrite: the innermost cell
    added: dict[tuple[int, int, int], list[int]] = {}
    mapping: dict[int, int] = {}
    where: tuple[int, int, int] | None = None
    for step in align_paragraphs(old, new):
        if step.old is not None:
            where = cell_of.get(step.old)
            if step.new is not None:
                mapping[step.old] = step.new
        elif where is not None:
            added.setdefault(where, []).append(step.new)
    moved = [table.remapped(mapping) for table in tables]
    for place, indexes in added.items():
        for t, r, c in _cell_and_holders(tables, place):
            cell = moved[t].rows[r][c]
            cell.paragraphs = sorted(cell.paragraphs + indexes)
    return moved


def _cell_and_holders(tables: Sequence[TableInfo], place: tuple[int, int, int]
                      ) -> list[tuple[int, int, int]]:
    """A cell, then the cell its table is nested in, and so on outwards."""
    chain = [place]
    parent = tables[place[0]].parent
    while parent is not None:
        chain.append(parent)
        parent = tables[parent[0]].parent
    return chain
