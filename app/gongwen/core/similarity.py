"""Recycled text across many reports: normalise, sample shingles, index, verify.

Pure: no files, no Qt. Reports are lists of paragraph texts; results point back at
paragraph numbers and code-point offsets inside them, as findings do.

How it works, and why it stays near-linear in the amount of text:

1. **Normalise** each paragraph so that a copy with the names, years and figures changed is
   the same string: years → ``Y``, figures with their measure words → ``N``, unit and place
   names (two characters before a suffix such as 镇/局/党委) → ``U``, punctuation and space
   dropped. A segment map leads every normalised character back to its original span.
2. **Shingles** of ``k`` normalised characters, starting only at *anchor* characters — a
   fixed, pseudo-random quarter of all characters (``sample``) — so two copies have the
   same anchors wherever they agree: content decides, not position. An index **key** is
   the text from one anchor to the end of the next one's shingle (~18 characters): a shared
   run of 30 characters holds a key with probability ~98 %, of 45 characters 99.9 %.
3. **Index** key → reports. Keys in the reports of many different units are boilerplate
   (official formulations, the usual opening sentence) and never count; nor do the set
   phrases of a lexicon. Candidate pairs come only from shared keys that are neither
   boilerplate nor in more than ``common_reports`` reports, and a pair is verified only
   when its shared keys suggest enough shared text — no pair of reports is compared that
   shares no rare stretch of text.
4. **Verify** a candidate pair: each shared key seeds an exact match that is extended
   character by character within its paragraph; matches of one paragraph pair separated
   by a few edited characters merge into a passage. ``share`` is the fraction of the
   smaller report's (normalised, non-boilerplate) text covered by passages.
"""

from __future__ import annotations

import bisect
import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations

# Placeholders (private-use characters: they cannot occur in kept text) and the separator
# between paragraphs of the normalised text (punctuation is dropped, so "\n" never is kept).
YEAR, FIGURE, NAME = "\ue000", "\ue001", "\ue002"
SEPARATOR = "\n"
# the token pattern's groups, in order: year, figure, name, drop
_PLACEHOLDER_OF = {1: YEAR, 2: FIGURE, 3: NAME}
_DROP = 4
# Full-width digits and letters (１Ａａ), ％ and ． → half-width, A–Z → a–z: one character
# for one, so offsets do not move. (Full-width punctuation such as ，is dropped anyway;
# folding it would make every paragraph pay for str.translate.)
_FULL_WIDTH = [0xFF05, 0xFF0E, *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
_FOLD = {code: code - 0xFEE0 for code in _FULL_WIDTH} | {c: c + 32 for c in range(0x41, 0x5B)}
_FOLD |= {code: _FOLD.get(target, target) for code, target in _FOLD.items()}
_NEEDS_FOLD = re.compile("[" + "".join(map(chr, _FOLD)) + "]")
_CN_NUMERALS = "〇零○一二两三四五六七八九十百千万亿"


@dataclass(frozen=True, slots=True)
class SimilaritySettings:
    """Thresholds and word lists (checklists/review.toml ``[similarity]`` and
    ``[normalise]``; see gongwen.core.review_settings)."""

    shingle: int = 10  # k: normalised characters per shingle
    sample: int = 4  # one character in ``sample`` is an anchor
    min_passage: int = 30  # normalised, non-boilerplate characters for a passage to count
    max_gap: int = 6  # edited characters bridged inside one passage
    min_share: float = 0.05  # pairs sharing less are not reported
    min_anchors: int = 3  # shared keys before a pair is verified at all
    boilerplate_share: float = 0.3  # a shingle in this fraction of the units' reports…
    boilerplate_min_reports: int = 4  # …and in at least this many is boilerplate
    common_reports: int = 20  # text in more reports pairs each with one hub, not all with all
    phrases: tuple[str, ...] = ()  # set phrases that never count (the lexicon)
    measure_words: tuple[str, ...] = ("人次", "场次", "余人", "万元", "亿元", "万人", "个",
                                      "次", "场", "篇", "期", "人", "名", "项", "条", "份",
                                      "月", "日", "天", "年")
    name_suffixes: tuple[str, ...] = ("省", "市", "县", "区", "镇", "乡", "街道", "社区",
                                      "村", "局", "委", "办", "党委", "党组", "政府")
    name_chars: int = 2  # characters of a name before its suffix


# ---------------------------------------------------------------- normalisation


@dataclass(slots=True)
class Normalised:
    """A report's comparable text: included paragraphs joined by SEPARATOR, and the map
    back. ``segments`` run in order; segment s starts at normalised ``seg_norm[s]`` and at
    original offset ``seg_orig[s]`` of paragraph ``paragraphs[seg_par[s]]``; ``seg_len[s]``
    is 0 for kept text (one character for one) or the original length a placeholder
    stands for."""

    text: str = ""
    paragraphs: array = field(default_factory=lambda: array("i"))  # paragraph numbers
    starts: array = field(default_factory=lambda: array("i"))  # normalised start of each
    seg_norm: array = field(default_factory=lambda: array("i"))
    seg_orig: array = field(default_factory=lambda: array("i"))
    seg_len: array = field(default_factory=lambda: array("i"))
    seg_par: array = field(default_factory=lambda: array("i"))

    def original(self, start: int, end: int) -> tuple[int, int, int]:
        """Normalised [start, end) inside one paragraph → (paragraph, start, end) in the
        original text."""
        first = bisect.bisect_right(self.seg_norm, start) - 1
        last = bisect.bisect_right(self.seg_norm, end - 1) - 1
        return (self.paragraphs[self.seg_par[first]], self._orig(first, start)[0],
                self._orig(last, end - 1)[1])

    def _orig(self, segment: int, position: int) -> tuple[int, int]:
        begin = self.seg_orig[segment]
        length = self.seg_len[segment]
        if length:
            return begin, begin + length
        offset = begin + position - self.seg_norm[segment]
        return offset, offset + 1


class Normaliser:
    """Normalises paragraphs with one regex pass each (no segmentation: it must be fast)."""

    def __init__(self, settings: SimilaritySettings):
        self.settings = settings
        self.pattern = _token_pattern(settings.measure_words, settings.name_suffixes,
                                      settings.name_chars)

    def paragraph(self, text: str) -> tuple[str, list[tuple[int, int, int]]]:
        """(normalised text, [(normalised start, original start, placeholder length)])."""
        norm = Normalised()
        return self._into(text, norm, 0, 0), list(zip(norm.seg_norm, norm.seg_orig, norm.seg_len))

    def _into(self, text: str, norm: Normalised, size: int, number: int) -> str:
        """Normalise one paragraph, appending its segments (from normalised offset ``size``,
        as included paragraph ``number``) to ``norm``; return its normalised text. One regex
        pass; the loop touches each token once (most are punctuation to drop)."""
        if _NEEDS_FOLD.search(text):
            text = text.translate(_FOLD)
        pieces: list[str] = []
        seg_norm, seg_orig, seg_len = norm.seg_norm, norm.seg_orig, norm.seg_len
        first = len(seg_norm)
        position = 0
        for start, end, kind in [(*m.span(), m.lastindex) for m in self.pattern.finditer(text)]:
            if start > position:
                pieces.append(text[position:start])
                seg_norm.append(size)
                seg_orig.append(position)
                seg_len.append(0)
                size += start - position
            if kind != _DROP:
                pieces.append(_PLACEHOLDER_OF[kind])
                seg_norm.append(size)
                seg_orig.append(start)
                seg_len.append(end - start)
                size += 1
            position = end
        if position < len(text):
            pieces.append(text[position:])
            seg_norm.append(size)
            seg_orig.append(position)
            seg_len.append(0)
        norm.seg_par.extend([number] * (len(seg_norm) - first))
        return "".join(pieces)

    def normalise(self, paragraphs: Sequence[str], body: Iterable[int] | None = None) -> Normalised:
        """The comparable text of ``paragraphs`` (only those numbered in ``body``, if given)."""
        result = Normalised()
        pieces: list[str] = []
        size = 0
        for index in range(len(paragraphs)) if body is None else body:
            mark = len(result.seg_norm)
            separator = 1 if pieces else 0
            text = self._into(paragraphs[index], result, size + separator, len(result.paragraphs))
            if not text:  # nothing comparable: take its segments back
                for column in (result.seg_norm, result.seg_orig, result.seg_len, result.seg_par):
                    del column[mark:]
                continue
            if separator:
                pieces.append(SEPARATOR)
            result.paragraphs.append(index)
            result.starts.append(size + separator)
            pieces.append(text)
            size += separator + len(text)
        result.text = "".join(pieces)
        return result


@lru_cache(maxsize=8)
def _token_pattern(measure_words: tuple[str, ...], suffixes: tuple[str, ...],
                   name_chars: int) -> re.Pattern[str]:
    measure = _alternation(measure_words)
    suffix = _alternation(suffixes)
    year = r"(?:1[89]|20)\d\d\s*年度?|[〇零○一二三四五六七八九]{4}\s*年度?"
    figure = (rf"\d+(?:[.,]\d+)*\s*[%‰]?(?:\s*[余多])?(?:\s*(?:{measure}))?"
              rf"|(?:百分之)?[{_CN_NUMERALS}]+[余多]?(?:{measure})")
    name = rf"[\u4e00-\u9fff]{{{name_chars}}}(?:{suffix})+"
    return re.compile(rf"(?P<year>{year})|(?P<figure>{figure})|(?P<name>{name})|(?P<drop>[\W_]+)")


def _alternation(words: Iterable[str]) -> str:
    """One regex for the words, as a trie (the regex engine then tests one branch per
    character instead of every word in turn); the longest word wins."""
    words = sorted(set(filter(None, words)))
    return _trie_regex(words) if words else "(?!)"


# ---------------------------------------------------------------- anchors


@lru_cache(maxsize=8)
def _anchor_pattern(sample: int, shingle: int) -> re.Pattern[str]:
    """Positions where an anchor shingle starts: a character of the pseudo-random class
    (every ``sample``-th by a fixed checksum) with a full shingle of kept text after it."""
    chosen = [chr(c) for c in range(0x21, 0x9FFF + 1)
              if chr(c).isalnum() and zlib.crc32(chr(c).encode()) % sample == 0]
    klass = "".join(re.escape(c) for c in chosen)
    return re.compile(rf"(?=[{klass}][^{SEPARATOR}]{{{shingle - 1}}})")


def anchor_keys(text: str, settings: SimilaritySettings) -> tuple[array, array, array]:
    """The index keys of a normalised text: the text from one anchor to the end of the
    next one's shingle (about 18 characters), hashed. One shingle of 10 is too short as a
    key: officialese recombines the same phrases, so every report would share a few with
    hundreds of others; two anchors in a row are shared by chance far more rarely, and any
    copied run of 30 characters still holds several. ``hash`` of a str differs between
    processes, so keys are made where they are compared. Returns (keys, starts, ends)
    sorted by key, for lookups by bisect."""
    k = settings.shingle
    positions = [m.start() for m in _anchor_pattern(settings.sample, k).finditer(text)]
    ends = [p + k for p in positions[1:]]
    keys = [hash(text[p:e]) for p, e in zip(positions, ends)]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return (array("q", [keys[i] for i in order]), array("i", [positions[i] for i in order]),
            array("i", [ends[i] for i in order]))


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Span:
    """One stretch of shared text: original code-point offsets in the a and b paragraphs."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True, slots=True)
class Passage:
    """Shared text of one paragraph of a and one of b, possibly in several spans (the few
    characters between them were edited: another word, a name the normaliser missed)."""

    a_paragraph: int
    b_paragraph: int
    spans: tuple[Span, ...]
    chars: int  # normalised, non-boilerplate characters of a it covers

    def to_json(self) -> dict:
        return {"a_paragraph": self.a_paragraph, "b_paragraph": self.b_paragraph,
                "chars": self.chars,
                "a_spans": [[s.a_start, s.a_end] for s in self.spans],
                "b_spans": [[s.b_start, s.b_end] for s in self.spans]}


@dataclass(frozen=True, slots=True)
class Pair:
    """Two reports that share text. ``a`` and ``b`` are the keys they were added with;
    with earlier reports, ``b`` is the earlier one."""

    a: Hashable
    b: Hashable
    share: float  # of the smaller report's text, found in the other
    passages: tuple[Passage, ...]
    earlier: bool = False
    a_share: float = 0.0  # of a's text found in b
    b_share: float = 0.0  # of b's text found in a
    chars: int = 0  # normalised shared characters (of a)

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "share": round(self.share, 4),
                "earlier": self.earlier, "a_share": round(self.a_share, 4),
                "b_share": round(self.b_share, 4), "chars": self.chars,
                "passages": [p.to_json() for p in self.passages]}


# ---------------------------------------------------------------- the index


@dataclass(slots=True)
class _Entry:
    key: Hashable
    norm: Normalised
    owner: Hashable
    earlier: bool
    keys: array  # anchor_keys(): sorted keys, and where each one's text starts and ends
    starts: array
    ends: array
    phrase_mask: int
    boiler: int = 0  # bit i set: normalised character i is boilerplate
    length: int = 0  # normalised, non-boilerplate characters
    useful: int = 0  # distinct keys that are not boilerplate
    distinct: int = 0  # distinct keys

    def where(self, key: int) -> range:
        """Indexes into keys/starts/ends of ``key``."""
        first = bisect.bisect_left(self.keys, key)
        return range(first, bisect.bisect_right(self.keys, key, first))


class SimilarityIndex:
    """Add reports one by one (``add``), then ask for the pairs (``pairs``)."""

    def __init__(self, settings: SimilaritySettings | None = None, phrases: Iterable[str] = ()):
        self.settings = settings or SimilaritySettings()
        self.normaliser = Normaliser(self.settings)
        self.phrases = _phrase_pattern(self.normaliser, (*self.settings.phrases, *phrases))
        self.entries: list[_Entry] = []
        self._postings: dict[int, int | list[int]] = {}  # key → report, or reports
        self._shared: dict[int, list[int]] = {}  # the keys in more than one report

    def normalise(self, paragraphs: Sequence[str], body: Iterable[int] | None = None) -> Normalised:
        return self.normaliser.normalise(paragraphs, body)

    def add(self, key: Hashable, text: Normalised | Sequence[str], *, owner: Hashable = None,
            earlier: bool = False, keys: tuple[array, array, array] | None = None) -> None:
        """Add one report: its paragraphs or its already normalised text (the pipeline
        normalises in its worker processes). ``owner`` is its unit: boilerplate is text
        found in the reports of many *units* (a unit's own two reports count once).
        ``keys``: ``anchor_keys(text)`` made elsewhere — only by a process with this one's
        str hash seed, i.e. forked from it."""
        norm = text if isinstance(text, Normalised) else self.normalise(text)
        keys, starts, ends = keys or anchor_keys(norm.text, self.settings)
        number = len(self.entries)
        owner = ("report", number) if owner in (None, "") else owner
        self.entries.append(_Entry(key, norm, owner, earlier, keys, starts, ends,
                                   _phrase_mask(self.phrases, norm.text)))
        postings, shared = self._postings, self._shared
        distinct = set(keys)
        self.entries[-1].distinct = len(distinct)
        for value in distinct:
            found = postings.get(value)
            if found is None:
                postings[value] = number
            elif type(found) is int:
                postings[value] = shared[value] = [found, number]
            else:
                found.append(number)

    # ------------------------------------------------------------ pairs
    def boilerplate_threshold(self) -> int:
        units = len({e.owner for e in self.entries})
        share = math.ceil(self.settings.boilerplate_share * units)
        return max(self.settings.boilerplate_min_reports, share)

    def boilerplate(self) -> set[int]:
        """Keys found in the reports of at least the threshold's number of units."""
        threshold = self.boilerplate_threshold()
        owners = [e.owner for e in self.entries]
        return {value for value, found in self._shared.items()
                if len(found) >= threshold and len({owners[n] for n in found}) >= threshold}

    def pairs(self) -> list[Pair]:
        """Every pair of reports (current × current, current × earlier) sharing at least
        ``min_share`` of the smaller one's text, most shared first."""
        boiler = self.boilerplate()
        self._mark_boilerplate(boiler)
        found = []
        for a, b in self._candidates(boiler):
            pair = self._verify(self.entries[a], self.entries[b], boiler)
            if pair is not None and pair.share >= self.settings.min_share:
                found.append(pair)
        return sorted(found, key=lambda p: (-p.share, str(p.a), str(p.b)))

    def _mark_boilerplate(self, boiler: set[int]) -> None:
        """Each report's boilerplate characters, its text length without them and its keys
        that are not boilerplate. Only the boilerplate keys' reports are visited (by their
        posting lists), not every key of every report."""
        entries = self.entries
        for entry in entries:
            entry.boiler, entry.useful = entry.phrase_mask, entry.distinct
        for key in boiler:
            for number in self._shared[key]:
                entry = entries[number]
                entry.useful -= 1
                for i in entry.where(key):
                    entry.boiler |= _bits(entry.starts[i], entry.ends[i])
        for entry in entries:
            entry.length = (_text_mask(entry.norm.text) & ~entry.boiler).bit_count()

    def _candidates(self, boiler: set[int]) -> list[tuple[int, int]]:
        """Pairs sharing enough keys that are not boilerplate; each listed (current,
        earlier) or in the order of the keys. A key in more than ``common_reports`` reports
        (a template many units used) pairs each of them with one hub — the first of them
        by key — rather than all with all: the work stays linear in the reports."""
        settings = self.settings
        earlier = [e.earlier for e in self.entries]
        count = len(self.entries)
        # the hub of a common key: its first current report by key (earlier ones after)
        by_key = sorted(range(count), key=lambda n: (earlier[n], str(self.entries[n].key)))
        order = [0] * count
        for place, number in enumerate(by_key):
            order[number] = place
        counts: Counter[int] = Counter()  # pair code a·count + b (a < b) → shared keys
        twos = array("q")  # most shared keys are in two reports: counted in one go at the end
        for value, found in self._shared.items():  # each list in add order, ascending
            if value in boiler:
                continue
            if len(found) == 2:
                twos.append(found[0] * count + found[1])
            elif len(found) <= settings.common_reports:
                counts.update([a * count + b for a, b in combinations(found, 2)])
            else:
                hub = min(found, key=order.__getitem__)
                at = found.index(hub)
                counts.update([n * count + hub for n in found[:at]])
                counts.update([hub * count + n for n in found[at + 1:]])
        counts.update(twos)
        least = settings.min_anchors
        enough = [(code, number) for code, number in counts.items() if number >= least]
        del counts, twos
        useful = [e.useful for e in self.entries]
        result = []
        for code, number in enough:
            a, b = divmod(code, count)
            if earlier[a] and earlier[b]:
                continue
            smaller = max(1, useful[a] if useful[a] < useful[b] else useful[b])
            # the keys sample the text: their share estimates the text's (halved for slack)
            if number / smaller >= settings.min_share / 2:
                result.append(self._oriented(a, b))
        return sorted(result)

    def _oriented(self, a: int, b: int) -> tuple[int, int]:
        """(current, earlier), else in the order of the keys: the result must not depend on
        the order the reports were added in (the pipeline adds them as they come)."""
        first, second = self.entries[a], self.entries[b]
        if first.earlier or (not second.earlier and str(second.key) < str(first.key)):
            return b, a
        return a, b

    def _verify(self, a: _Entry, b: _Entry, boiler: set[int]) -> Pair | None:
        matches = _matches(a, b, boiler, self.settings.shingle)
        passages = []
        a_mask = b_mask = 0
        for group in _merged(matches, self.settings.max_gap, a.norm.text, b.norm.text):
            spans_mask = 0
            for a_start, a_end, _, _ in group:
                spans_mask |= _bits(a_start, a_end)
            chars = (spans_mask & ~a.boiler).bit_count()
            if chars < self.settings.min_passage:
                continue
            passages.append(self._passage(a, b, group, chars))
            a_mask |= spans_mask
            for _, _, b_start, b_end in group:
                b_mask |= _bits(b_start, b_end)
        if not passages:
            return None
        shared_a = (a_mask & ~a.boiler).bit_count()
        a_share = min(1.0, shared_a / max(1, a.length))
        b_share = min(1.0, (b_mask & ~b.boiler).bit_count() / max(1, b.length))
        share = a_share if a.length <= b.length else b_share
        passages.sort(key=lambda p: (p.a_paragraph, p.spans[0].a_start))
        return Pair(a.key, b.key, share, tuple(passages), b.earlier, a_share, b_share, shared_a)

    @staticmethod
    def _passage(a: _Entry, b: _Entry, group: list[tuple[int, int, int, int]],
                 chars: int) -> Passage:
        spans = []
        a_paragraph = b_paragraph = 0
        for a_start, a_end, b_start, b_end in group:
            a_paragraph, a0, a1 = a.norm.original(a_start, a_end)
            b_paragraph, b0, b1 = b.norm.original(b_start, b_end)
            spans.append(Span(a0, a1, b0, b1))
        return Passage(a_paragraph, b_paragraph, tuple(spans), chars)


def _bits(start: int, end: int) -> int:
    return ((1 << (end - start)) - 1) << start


def _text_mask(text: str) -> int:
    """Bits of the normalised characters that are text (not paragraph separators)."""
    mask = (1 << len(text)) - 1
    for match in re.finditer(SEPARATOR, text):
        mask &= ~(1 << match.start())
    return mask


def _seeds(a: _Entry, b: _Entry, boiler: set[int]) -> list[tuple[int, int]]:
    """(a position, b position) of every key the two share that is not boilerplate. The
    maps are built at C speed; a key a report repeats is looked up in full."""
    a_at, b_at = dict(zip(a.keys, a.starts)), dict(zip(b.keys, b.starts))
    shared = (a_at.keys() & b_at.keys()) - boiler
    repeated = _repeated(a, a_at) | _repeated(b, b_at)
    seeds = [(a_at[key], b_at[key]) for key in shared - repeated]
    for key in shared & repeated:
        seeds += [(a.starts[i], b.starts[j]) for i in a.where(key) for j in b.where(key)]
    return sorted(seeds)


def _repeated(entry: _Entry, first: dict[int, int]) -> set[int]:
    """Keys found more than once in the report (rare: a sentence written twice)."""
    if len(first) == len(entry.keys):
        return set()
    keys = entry.keys
    return {keys[i] for i in range(1, len(keys)) if keys[i] == keys[i - 1]}


def _matches(a: _Entry, b: _Entry, boiler: set[int], k: int) -> list[tuple[int, int, int, int]]:
    """Maximal exact matches (a_start, a_end, b_start, b_end) grown from the shared keys;
    each stays inside one paragraph of a and one of b."""
    at, bt = a.norm.text, b.norm.text
    last_on: dict[int, int] = {}  # diagonal → end of the last match found on it
    found = []
    for i, j in _seeds(a, b, boiler):
        if last_on.get(i - j, -1) > i or at[i:i + k] != bt[j:j + k]:
            continue  # inside a match already found, or a hash collision
        start_a, start_b = i, j
        while start_a and start_b and at[start_a - 1] == bt[start_b - 1] != SEPARATOR:
            start_a -= 1
            start_b -= 1
        end_a, end_b = i + k, j + k
        if end_a < len(at) and end_b < len(bt) and at[end_a] == bt[end_b] != SEPARATOR:
            end_a, end_b = _extend(at, bt, end_a, end_b)  # (most chance matches end here)
        last_on[i - j] = end_a
        found.append((start_a, end_a, start_b, end_b))
    return found


def _extend(at: str, bt: str, i: int, j: int) -> tuple[int, int]:
    """How far at[i:] and bt[j:] stay equal (not across a paragraph end); slices are
    compared in growing steps, so a whole copied paragraph costs a few comparisons."""
    step = 16
    while step:
        chunk = at[i:i + step]
        if chunk and chunk == bt[j:j + step] and SEPARATOR not in chunk:
            i, j = i + len(chunk), j + len(chunk)
            step *= 2
        else:
            step //= 2
    return i, j


def _merged(matches: list[tuple[int, int, int, int]], max_gap: int, at: str, bt: str
            ) -> list[list[tuple[int, int, int, int]]]:
    """Matches grouped into passages: in order on both sides, at most ``max_gap`` characters
    apart and no paragraph end between them. A match inside the previous one is dropped."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for match in sorted(set(matches)):
        if groups:
            a0, a1, b0, b1 = groups[-1][-1]
            if match[0] >= a0 and match[1] <= a1 and match[2] >= b0 and match[3] <= b1:
                continue
            if (0 <= match[0] - a1 <= max_gap and 0 <= match[2] - b1 <= max_gap
                    and SEPARATOR not in at[a1:match[0]] and SEPARATOR not in bt[b1:match[2]]):
                groups[-1].append(match)
                continue
        groups.append([match])
    return groups


# ---------------------------------------------------------------- phrases (the lexicon)


def _phrase_pattern(normaliser: Normaliser, phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for every set phrase, in normalised form, built as a trie so that it stays
    fast with thousands of phrases. Phrases shorter than 4 normalised characters are too
    common to mean anything and are left out."""
    words = {normaliser.paragraph(p)[0] for p in phrases}
    words = {w for w in words if len(w) >= 4}
    if not words:
        return None
    return re.compile(_trie_regex(sorted(words)))


def _trie_regex(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(c) + _node_regex(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _phrase_mask(pattern: re.Pattern[str] | None, text: str) -> int:
    mask = 0
    if pattern is None:
        return mask
    for match in pattern.finditer(text):
        if match.end() > match.start():
            mask |= _bits(match.start(), match.end())
    return mask


# ---------------------------------------------------------------- one against one


class Comparison:
    """One report against an earlier one, again and again (the editor's 检查 ▸ 与往年报告
    比对… while the clerk rewrites the recycled passages): the earlier report is normalised
    and indexed once; a current paragraph is normalised again only when its text changed.
    Only the lexicon's set phrases are boilerplate here: two texts teach nothing else."""

    CACHE_LIMIT = 20_000  # normalised paragraph texts kept

    def __init__(self, earlier_paragraphs: Sequence[str],
                 settings: SimilaritySettings | None = None, phrases: Iterable[str] = ()):
        self.settings = replace(settings or SimilaritySettings(), min_anchors=1, min_share=0.0)
        self.index = SimilarityIndex(self.settings, phrases)
        self.index.add("earlier", earlier_paragraphs, earlier=True)
        self.earlier = self.index.entries[0]
        self.index._mark_boilerplate(set())
        self._paragraphs: dict[str, tuple[str, array, array, array]] = {}

    def compare(self, current_paragraphs: Sequence[str]) -> tuple[float, list[Passage]]:
        """The fraction of the current report's text found in the earlier one, and the
        shared passages (``a`` is the current report, ``b`` the earlier one)."""
        norm = self._normalise(current_paragraphs)
        keys, starts, ends = anchor_keys(norm.text, self.settings)
        current = _Entry("current", norm, "current", False, keys, starts, ends,
                         _phrase_mask(self.index.phrases, norm.text))
        current.boiler = current.phrase_mask
        current.length = (_text_mask(norm.text) & ~current.boiler).bit_count()
        pair = self.index._verify(current, self.earlier, set())
        if pair is None:
            return 0.0, []
        return pair.a_share, list(pair.passages)

    def _normalise(self, paragraphs: Sequence[str]) -> Normalised:
        """``Normaliser.normalise(paragraphs)`` from the per-paragraph cache."""
        cache = self._paragraphs
        if len(cache) > self.CACHE_LIMIT:
            cache.clear()
        result = Normalised()
        pieces: list[str] = []
        size = 0
        for index, paragraph in enumerate(paragraphs):
            known = cache.get(paragraph)
            if known is None:
                scratch = Normalised()
                text = self.index.normaliser._into(paragraph, scratch, 0, 0)
                known = cache[paragraph] = (text, scratch.seg_norm, scratch.seg_orig, scratch.seg_len)
            text, norms, origs, lengths = known
            if not text:
                continue
            if pieces:
                pieces.append(SEPARATOR)
                size += 1
            result.seg_norm.extend(array("i", [n + size for n in norms]))
            result.seg_orig.extend(origs)
            result.seg_len.extend(lengths)
            result.seg_par.extend(array("i", [len(result.paragraphs)]) * len(norms))
            result.paragraphs.append(index)
            result.starts.append(size)
            pieces.append(text)
            size += len(text)
        result.text = "".join(pieces)
        return result


def compare(current_paragraphs: Sequence[str], earlier_paragraphs: Sequence[str],
            settings: SimilaritySettings | None = None, phrases: Iterable[str] = ()
            ) -> tuple[float, list[Passage]]:
    """For the editor (检查 ▸ 与往年报告比对…): the fraction of the *current* report's text
    found in the earlier one, and the shared passages (``a`` is current, ``b`` earlier).
    To compare again after edits, keep a :class:`Comparison` instead."""
    return Comparison(earlier_paragraphs, settings, phrases).compare(current_paragraphs)


def find_similar(reports: Iterable[tuple[Hashable, Sequence[str]]],
                 earlier: Iterable[tuple[Hashable, Sequence[str]]] = (),
                 settings: SimilaritySettings | None = None, phrases: Iterable[str] = (),
                 owners: dict[Hashable, Hashable] | None = None) -> list[Pair]:
    """All pairs among ``reports`` (key, paragraphs) and between them and ``earlier``."""
    index = SimilarityIndex(settings, phrases)
    owners = owners or {}
    for key, paragraphs in reports:
        index.add(key, paragraphs, owner=owners.get(key))
    for key, paragraphs in earlier:
        index.add(key, paragraphs, owner=owners.get(key), earlier=True)
    return index.pairs()
