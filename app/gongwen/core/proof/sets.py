"""Numbered formulations (四个意识, 四个自信, 两个确立…): the number before the tail, and the
members listed right after the name. Pure functions over a ProofIndex."""

from __future__ import annotations

import re

from ..numerals import cn_to_int
from .engine import Hit
from .index import ProofIndex
from .model import NumberedSet

OPENERS = re.compile(r"[”’」』\"]?\s*(?:[（(：:]|，?即)")
ITEM_END = "）)。；;！？!?，,\n"
LAST_JOINERS = ("和", "及", "以及", "与")


def _enumeration(text: str, position: int) -> list[tuple[int, int]]:
    """The items of a list right after a name: “四个意识”（政治意识、大局意识…）."""
    opener = OPENERS.match(text, position)
    if not opener:
        return []
    start = opener.end()
    end = start
    while end < len(text) and text[end] not in ITEM_END and end - start < 200:
        end += 1
    items, cursor = [], start
    for piece in re.split(r"(、)", text[start:end]):
        if piece != "、" and piece.strip():
            items.append((cursor, cursor + len(piece)))
        cursor += len(piece)
    if items:  # 享乐主义和奢靡之风: the last two items joined by 和
        last_start, last_end = items[-1]
        last = text[last_start:last_end]
        for joiner in LAST_JOINERS:
            cut = last.find(joiner, 1)
            if cut > 0:
                items[-1:] = [(last_start, last_start + cut),
                              (last_start + cut + len(joiner), last_end)]
                break
    return [_trim(text, s, e) for s, e in items]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " “‘\"'":
        start += 1
    while end > start and text[end - 1] in " ”’\"'":
        end -= 1
    return start, end


def _similar(index: ProofIndex, have: str, want: str) -> str | None:
    """"音近"/"形近" when the two strings differ in exactly one similar character."""
    if len(have) != len(want):
        return None
    diffs = [(a, b) for a, b in zip(have, want) if a != b]
    if len(diffs) != 1:
        return None
    a, b = diffs[0]
    if index.same_sound(a, b):
        return "音近"
    if index.same_shape(a, b):
        return "形近"
    return None


def _members_text(numbered: NumberedSet) -> str:
    return "、".join(numbered.members)


def check_members(index: ProofIndex, text: str, numbered: NumberedSet, name_end: int) -> list[Hit]:
    """Compare the list after a set's name with its members."""
    items = _enumeration(text, name_end)
    if len(items) < 2 or len(items) > len(numbered.members) + 1:
        return []
    known = set(numbered.members) | set(numbered.accepted)
    texts = [text[s:e] for s, e in items]
    matched = {t for t in texts if t in known}
    if len(matched) < max(2, len(numbered.members) // 2):
        return []  # not this set's list
    missing = [m for m in numbered.members if m not in matched]
    hits, unknown = [], []
    values = (("name", numbered.name), ("members", _members_text(numbered)))
    for (start, end), item in zip(items, texts):
        if item in known:
            continue
        target = next((m for m in missing if _similar(index, item, m)), None)
        if target:
            missing.remove(target)
            diff = next(i for i, (a, b) in enumerate(zip(item, target)) if a != b)
            hits.append(Hit(start, end, "wording.set-misspelt", target,
                            (("entry", target), ("wrong", item[diff]), ("right", target[diff]),
                             ("how", _similar(index, item, target) or ""))))
        else:
            unknown.append((start, end))
    for start, end in unknown:
        fix = missing[0] if len(unknown) == 1 and len(missing) == 1 else None
        hits.append(Hit(start, end, "wording.set-member", fix, values))
    return hits


def find_set_errors(index: ProofIndex, text: str) -> list[Hit]:
    hits: list[Hit] = []
    if index.set_number is not None:
        for match in index.set_number.finditer(text):
            hits += _number(index, text, match)
    for numbered in index.sets:
        start = text.find(numbered.name)
        while start >= 0:
            hits += check_members(index, text, numbered, start + len(numbered.name))
            start = text.find(numbered.name, start + 1)
    return sorted(hits, key=lambda h: h.start)


def _number(index: ProofIndex, text: str, match: re.Match[str]) -> list[Hit]:
    number = cn_to_int(match.group(1).replace("两", "二"))
    tail = match.group(2)
    candidates = [s for s in index.sets if s.number_tail and s.number_tail[1] == tail]
    if not candidates or any(s.number_tail[0] == number for s in candidates):
        return []
    numbered = candidates[0]
    if numbered.name in text:
        return []  # 由“三个自信”到“四个自信”: the right one is named too
    items = [text[s:e] for s, e in _enumeration(text, match.end())]
    listed = sum(1 for item in items if item in numbered.members or item in numbered.accepted)
    if not numbered.strict_number and listed < 2:
        return []
    hits = [Hit(match.start(), match.end(), "wording.set-number", numbered.name,
                (("name", numbered.name), ("members", _members_text(numbered))))]
    if listed >= 2:
        hits += check_members(index, text, numbered, match.end())
    return hits
