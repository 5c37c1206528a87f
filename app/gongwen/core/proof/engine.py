"""The matching engine: text + ProofIndex → hits. Pure functions, no file access, no jieba
of its own: where a check needs real words or tags it is handed a ``Words`` object (the
app's Segmenter) and asks it only about the few candidate spans.

Every check is one pass of an Aho-Corasick automaton (or a regex) over the paragraph;
Python code runs only per match, so a paragraph costs time in proportion to its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from .index import ENTRY, PAIR, ProofIndex

TITLE = re.compile(r"《[^《》\n]{0,80}》")


if TYPE_CHECKING:  # a Protocol class costs milliseconds to create at start-up
    class Words(Protocol):
        """What the engine asks jieba (gongwen.core.segment.Segmenter)."""

        def cut(self, text: str) -> list[str]: ...

        def tag(self, word: str) -> str: ...

        def freq(self, word: str) -> int: ...


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    check: str  # the id of the Check that reports it
    fix: str | None  # the replacement for text[start:end]
    values: tuple[tuple[str, str], ...] = ()  # message placeholders besides text and fix

    def value(self, name: str) -> str:
        return dict(self.values).get(name, "")


def protected_spans(text: str, names: tuple[str, ...] = (), titles: bool = True) -> list[tuple[int, int]]:
    """Spans never flagged: 《》 titles the user quotes, and the unit profile's names."""
    spans = [(m.start(), m.end()) for m in TITLE.finditer(text)] if titles and "《" in text else []
    for name in names:
        if name and name in text:
            start = text.find(name)
            while start >= 0:
                spans.append((start, start + len(name)))
                start = text.find(name, start + 1)
    return spans


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# ---------------------------------------------------------------- the one scan



@dataclass(frozen=True, slots=True)
class NearMiss:
    start: int
    end: int
    entry: int  # number of the lexicon entry
    diffs: tuple[int, ...]  # offsets inside the span where the text differs
    how: str  # "sound" or "shape"


@dataclass(slots=True)
class Scan:
    """What one pass of the automaton over a paragraph found."""

    pairs: list[Hit]
    misses: list[NearMiss]
    dated: list[tuple[int, int, int]]  # (start, end, entry number) of dated entries


def scan_text(index: ProofIndex, text: str) -> Scan:
    """Pairs whose context fits, near-miss candidates (by sound and by shape) and the
    dated entries, from one pass over the paragraph written in sound codes."""
    if not len(index.automaton):
        return Scan([], [], [])
    pairs: list[Hit] = []
    misses: dict[tuple[int, int], NearMiss] = {}
    dated: list[Hit] = []
    coded = text if text.isascii() or not _astral().search(text) else _bmp_only(text)
    since, entry_set, min_length = index.entry_since, index.entry_set, index.min_length
    for last, values in index.automaton.iter(coded.translate(index.sound_codes)):
        if not last & 1:
            continue  # a match must end on a character's second symbol
        end = (last >> 1) + 1
        for kind, number, form, length in values:
            start = end - length
            span = text[start:end]
            if kind == ENTRY:
                if span == form:
                    if number in since:
                        dated.append(Hit(start, end, "", None, (("n", str(number)),)))
                elif start >= 0 and length >= min_length and span not in entry_set:
                    miss = _compare(index, span, start, number, "sound")
                    if miss:
                        misses.setdefault((start, number), miss)
            elif span != form or start < 0:
                continue
            elif kind == PAIR:
                _pair_hit(index, text, start, end, number, pairs)
            elif form not in entry_set:
                miss = _compare(index, form, start, number, "shape")
                if miss:
                    misses.setdefault((start, number), miss)
    return Scan(_longest_first(pairs), sorted(misses.values(), key=lambda m: (m.start, -m.end)),
                [(h.start, h.end, int(h.values[0][1])) for h in _longest_first(dated)])


@cache
def _astral() -> re.Pattern[str]:
    return re.compile("[\U00010000-\U0010ffff]")


def _bmp_only(text: str) -> str:
    """Characters beyond the BMP (rare: emoji, CJK extension B) as 〇, so that every
    character stays one code point and two code symbols."""
    return "".join(c if c <= "\uffff" else "\u3007" for c in text)


def _pair_hit(index: ProofIndex, text: str, start: int, end: int, number: int, pairs: list[Hit]) -> None:
    _wrong, right, check, source, note, *context = index.pairs[number]
    if _context_fits(context, text, start, end):
        pairs.append(Hit(start, end, check, right, (("source", source), ("note", note))))


def _context_fits(context: list, text: str, start: int, end: int) -> bool:
    after, not_after, before, not_before = context
    if after and not re.compile(after).match(text, end):  # re caches compiled patterns
        return False
    if not_after and re.compile(not_after).match(text, end):
        return False
    head = text[max(0, start - 8):start]
    if before and not head.endswith(before):
        return False
    return not (not_before and head.endswith(not_before))


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, a longer one beating the shorter ones it overlaps."""
    if len(hits) < 2:
        return hits
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if not any(k.start < hit.end and hit.start < k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _compare(index: ProofIndex, span: str, start: int, number: int, how: str) -> NearMiss | None:
    entry = index.entry_texts[number]
    allowed = index.diffs_allowed.get(len(entry), 0) if how == "sound" else 1
    diffs = []
    for offset, (have, want) in enumerate(zip(span, entry)):
        if have != want:
            if len(diffs) == allowed or have in index.quiet_chars or not "\u3400" <= have <= "\u9fff":
                return None
            diffs.append(offset)
    if not diffs:
        return None
    return NearMiss(start, start + len(entry), number, tuple(diffs), how)


def find_pairs(index: ProofIndex, text: str) -> list[Hit]:
    """Exact wrong forms whose context (after / before) says they are wrong here."""
    return scan_text(index, text).pairs


def near_miss_candidates(index: ProofIndex, text: str) -> list[NearMiss]:
    """Spans that sound or look like a lexicon entry and differ from it in one or two
    characters (as many as ``diffs_allowed`` lets for the entry's length)."""
    return scan_text(index, text).misses


def real_word(index: ProofIndex, words: Words | None, text: str) -> bool:
    """A frequent jieba word that is not one of our known wrong forms (jieba's dictionary
    keeps some misspellings, e.g. 按步就班 with frequency 3)."""
    return (words is not None and text not in index.wrong_forms
            and words.freq(text) >= index.real_word_freq)


def crosses_a_word(index: ProofIndex, words: Words, text: str, start: int, end: int) -> bool:
    """True when jieba, cutting the span with a few characters around it, puts a real
    word across one of its ends: the span is then a coincidence of neighbouring words
    (这是在人为… is not 事在人为)."""
    left = max(0, start - 6)
    position = left
    for word in words.cut(text[left:end + 6]):
        word_end = position + len(word)
        if len(word) >= 2 and (position < start < word_end or position < end < word_end) \
                and real_word(index, words, word):
            return True
        position = word_end
        if position >= end:
            break
    return False


KIND_CHECKS = {"term": "typo.term", "fixed": "typo.phrase", "idiom": "typo.idiom",
               "set": "wording.set-misspelt"}
QUOTES = ("“", "”", "\"", "‘", "’")


def find_near_misses(index: ProofIndex, text: str, words: Words | None = None,
                     misses: list[NearMiss] | None = None) -> list[Hit]:
    """Near misses of lexicon entries, judged: never a span that is itself an entry or a
    real word, never one that straddles real words of its context, and — for short
    entries — never one whose wrong character makes a common word with its neighbour
    (这句话有四个意思 is not 四个意识), unless the span is quoted as a name."""
    hits = []
    for miss in near_miss_candidates(index, text) if misses is None else misses:
        span = text[miss.start:miss.end]
        if real_word(index, words, span):
            continue
        if words is not None:
            if crosses_a_word(index, words, text, miss.start, miss.end):
                continue
            if len(span) <= 5 and not _quoted(text, miss.start, miss.end) \
                    and _makes_inner_word(index, words, span, miss):
                continue
        entry = index.entry_texts[miss.entry]
        wrong = "".join(span[i] for i in miss.diffs)
        right = "".join(entry[i] for i in miss.diffs)
        hits.append(Hit(miss.start, miss.end, KIND_CHECKS[index.entry_kind(miss.entry)], entry,
                        (("entry", entry), ("wrong", wrong), ("right", right),
                         ("how", "音近" if miss.how == "sound" else "形近"),
                         ("at", ",".join(str(miss.start + i) for i in miss.diffs)))))
    return _narrowest(hits)


KIND_RANK = {"wording.set-misspelt": 0, "typo.term": 1, "typo.phrase": 2, "typo.idiom": 3}


def _narrowest(hits: list[Hit]) -> list[Hit]:
    """One hit per wrong character: the most certain kind of entry, then the shortest span
    (乡村振新 rather than 全面推进乡村振新: both entries, one typo, the tighter fix)."""
    best: dict[str, Hit] = {}
    for hit in hits:
        key = hit.value("at")
        old = best.get(key)
        if old is None or (KIND_RANK[hit.check], hit.end - hit.start) < \
                (KIND_RANK[old.check], old.end - old.start):
            best[key] = hit
    kept: list[Hit] = []
    for hit in sorted(best.values(), key=lambda h: (KIND_RANK[h.check], h.end - h.start)):
        if not any(k.start < hit.end and hit.start < k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _quoted(text: str, start: int, end: int) -> bool:
    return text[start - 1:start] in QUOTES and text[end:end + 1] in QUOTES


def _makes_inner_word(index: ProofIndex, words: Words, span: str, miss: NearMiss) -> bool:
    entry = index.entry_texts[miss.entry]
    for offset in miss.diffs:
        for left in (offset - 1, offset):
            piece = span[left:left + 2] if left >= 0 else ""
            if len(piece) == 2 and piece not in entry and piece not in index.wrong_forms \
                    and words.freq(piece) >= index.inner_word_freq:
                return True
    return False


# ---------------------------------------------------------------- dated terms


def find_dated(index: ProofIndex, text: str) -> list[tuple[int, int, int]]:
    """(start, end, entry number) of each dated lexicon entry, longest first."""
    return scan_text(index, text).dated


# ---------------------------------------------------------------- 的 / 地 / 得

DEGREE = "很|非常|十分|特别|比较|相当|更加|格外|极其|不够|不太|太"
# \w, not a CJK range: a range class costs milliseconds to compile at start-up; the tag
# look-up of the adjective keeps only real words
COMPLEMENT = re.compile(rf"的(?:{DEGREE})(\w{{1,2}}?)(?=[，。；！？、：”）\s]|$)")
NOT_ADJECTIVE_AFTER_DEGREE = {"多", "少", "大", "小"}  # 做的很多: 的 of a noun phrase
ASPECT = ("了", "着", "过")
VERB_TAGS = {"v"}
ADVERB_TAGS = {"ad", "d"}
ADJECTIVE_TAGS = {"a", "ad", "an"}


def _tokens(words: Words, text: str) -> list[tuple[int, str]]:
    position, tokens = 0, []
    for word in words.cut(text):
        tokens.append((position, word))
        position += len(word)
    return tokens


def find_de(text: str, words: Words) -> list[Hit]:
    """的 where the dictionary's parts of speech make 得 or 地 certain (warning, with a fix),
    and where they only suggest 地 (info, no fix). jieba cuts only the clause around a 的
    that a dictionary look-up already marks as a candidate (a verb before 的 很好, an adverb
    before 的): 的 is one character in twenty of a report."""
    hits = []
    position = text.find("的")
    while position >= 0:
        if _candidate(text, position, words):
            hit = _judge(text, position, words)
            if hit:
                hits.append(hit)
        position = text.find("的", position + 1)
    return hits


DEGREE_STARTS = frozenset(word[0] for word in DEGREE.split("|"))


def _candidate(text: str, position: int, words: Words) -> bool:
    """A verb before 的 很好, or an adverb before 的 and a verb after it (dictionary tags of
    the neighbouring characters; jieba confirms the cut). Cheapest test first: most 的 are
    followed by a noun."""
    following = text[position + 1:position + 2]
    if following in DEGREE_STARTS and COMPLEMENT.match(text, position):
        return words.tag(text[position - 2:position]) in VERB_TAGS \
            or words.tag(text[position - 1:position]) in VERB_TAGS
    if words.tag(text[position + 1:position + 3]) not in VERB_TAGS \
            and words.tag(following) not in VERB_TAGS:
        return False
    return any(words.tag(text[position - k:position]) in ADVERB_TAGS for k in (2, 3, 4)
               if position >= k)


CLAUSE_END = "，。；！？：、\n"


def _judge(text: str, position: int, words: Words) -> Hit | None:
    start = position
    while start > 0 and position - start < 12 and text[start - 1] not in CLAUSE_END:
        start -= 1
    end = position + 1
    while end < len(text) and end - position < 12 and text[end - 1] not in CLAUSE_END:
        end += 1
    clause = text[start:end]
    tokens = _tokens(words, clause)
    for i, (offset, word) in enumerate(tokens):
        if offset + start == position and word == "的" and i > 0:
            before = tokens[i - 1][1]
            found = _complement(clause, offset, before, words) or _adverbial(tokens, i, before, words)
            return Hit(position, position + 1, *found) if found else None
    return None


def _complement(clause: str, position: int, before: str, words: Words):
    match = COMPLEMENT.match(clause, position)
    if not match or words.tag(before) not in VERB_TAGS:
        return None
    adjective = match.group(1)
    if adjective in NOT_ADJECTIVE_AFTER_DEGREE or words.tag(adjective) not in ADJECTIVE_TAGS:
        return None
    return "typo.de-complement", "得", (("word", before), ("after", clause[position + 1:match.end()]))


LIGHT_VERBS = ("进行", "开展", "加以", "予以", "给予", "经过", "通过", "得到", "受到", "作出", "做出",
               "有", "是", "的")


def _adverbial(tokens: list[tuple[int, str]], i: int, before: str, words: Words):
    if len(before) < 2 or words.tag(before) not in ADVERB_TAGS or i + 1 >= len(tokens):
        return None
    verb = tokens[i + 1][1]
    if words.tag(verb) not in VERB_TAGS:
        return None
    after = tokens[i + 2][1] if i + 2 < len(tokens) else ""
    values = (("word", before), ("verb", verb))
    if after in ASPECT:
        return "typo.de-adverbial", "地", values
    if any(word in LIGHT_VERBS for _, word in tokens[max(0, i - 3):i - 1]):
        return None  # 进行认真的学习: 的 of a noun phrase
    if not after or not after[0].isalnum() or after == "的":
        return None  # 表示坚决的反对。: a verb with no object may be a noun
    return "typo.de-adverbial-guess", None, values


# ---------------------------------------------------------------- all typo checks


def proofread(index: ProofIndex, text: str, words: Words | None = None,
              protected: list[tuple[int, int]] | None = None, scan: Scan | None = None) -> list[Hit]:
    """Pairs first; near misses where no pair was found; 的/地/得 when jieba is given.
    Nothing inside a protected span (titles, the profile's names)."""
    protected = protected if protected is not None else protected_spans(text)
    scan = scan or scan_text(index, text)
    hits = list(scan.pairs)
    taken = [(h.start, h.end) for h in hits]
    for hit in find_near_misses(index, text, words, scan.misses):
        if not _overlaps(taken, hit.start, hit.end):
            hits.append(hit)
    if words is not None:
        hits += find_de(text, words)
    if protected:
        hits = [h for h in hits if not _overlaps(protected, h.start, h.end)]
    return sorted(hits, key=lambda h: (h.start, h.end))
