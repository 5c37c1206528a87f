"""The examples carried in the data, checked against the built index (the data's own
tests, run whenever the index is built): each pair's bad example is flagged with its fix
and its good example stays silent; each check's bad examples produce it and its good ones
do not; each lexicon entry, written in a sentence, stays silent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .engine import find_pairs, proofread
from .index import ProofIndex, index_entries
from .model import ProofData
from .sets import find_set_errors

if TYPE_CHECKING:
    from .engine import Words

ENTRY_FRAME = "我们要坚持{}，"
NEEDS_WORDS = "typo.de-"  # the 的/地/得 checks need jieba's parts of speech
# near misses of idioms and fixed terms are judged against the words around them (jieba):
# without jieba only the checks that need no words can be held to their good examples
JUDGED_BY_WORDS = ("typo.idiom", "typo.phrase", "wording.set-misspelt")


def _hits(index: ProofIndex, text: str, words: Words | None):
    hits = proofread(index, text, words) + find_set_errors(index, text)
    return hits if words is not None else [h for h in hits if h.check not in JUDGED_BY_WORDS]


def check_examples(index: ProofIndex, data: ProofData, words: Words | None = None) -> list[str]:
    """Problems as ``file:line: what`` (empty when every example behaves)."""
    problems = []
    for pair in data.pairs:
        for bad in pair.bad:
            if not any(bad[h.start:h.end] == pair.wrong and h.fix == pair.right
                       for h in find_pairs(index, bad)):
                problems.append(f"{pair.where}: 词对“{pair.wrong}”的反例“{bad}”没有被识别")
        for good in pair.good:
            for hit in _hits(index, good, words):
                problems.append(f"{pair.where}: 词对“{pair.wrong}”的正例“{good}”被误报为"
                                f"“{good[hit.start:hit.end]}”（{hit.check}）")
    for check in index.checks.values():
        if words is None and check.id.startswith(NEEDS_WORDS):
            continue
        for bad in check.bad:
            if not any(h.check == check.id for h in proofread(index, bad, words)
                       + find_set_errors(index, bad)):
                problems.append(f"{check.source}: 规则“{check.id}”的反例“{bad}”没有被识别")
        for good in check.good:
            if any(h.check == check.id for h in _hits(index, good, words)):
                problems.append(f"{check.source}: 规则“{check.id}”的正例“{good}”被误报")
    for entry in index_entries(data):
        for hit in _hits(index, ENTRY_FRAME.format(entry.text), words):
            sentence = ENTRY_FRAME.format(entry.text)
            problems.append(f"{entry.where}: 词语“{entry.text}”在例句中被误报为"
                            f"“{sentence[hit.start:hit.end]}”（{hit.check}）")
    return problems
