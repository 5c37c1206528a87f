"""jieba, loaded lazily and once. Rules that need it declare ``needs_segmenter``.

Only word boundaries and dictionary tags are used: posseg's guesses about names are
unreliable (it tags 吴忠市 as a person, 文明 as a name), so tags come from jieba's
dictionary table.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

_lock = threading.Lock()
_instance: Segmenter | None = None
# jieba cuts a text into blocks of these characters (each segmented on its own, so a
# block's words do not depend on the text around it) and the characters between them
# (whitespace runs and single characters): jieba's re_han_default and re_skip_default.
HAN_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
SKIP = re.compile(r"(\r\n|\s)")
BLOCK_CACHE_LIMIT = 200_000  # segmented blocks kept (a clause recurs across reports)
# buckets warm_step() fills: the 1,000 commonest first characters hold 69% of the dictionary
# and 75% of the characters of report text (the rest are mostly marks and digits)
WARM_BUCKETS = 1000
WARM_STEP = 50  # buckets a step: about 15 ms


class Segmenter:
    def __init__(self, cache_dir: str | None = None, preload: Callable[[], object] | None = None,
                 noun_place_endings: tuple[str, ...] = ()):
        """``preload`` runs after ``import jieba`` and before its tables load: the app hands
        in its pre-built tables there and returns the word tags (gongwen.bundle.preload_tables;
        then jieba.posseg, which would read dict.txt again, is never imported).
        ``noun_place_endings``: plain nouns ending so keep their tag (jieba tags some real
        places, 卫辉市, as plain nouns; the residue rules read them)."""
        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)
        tags = preload() if preload else None
        if getattr(tags, "kept_for", None) == tuple(noun_place_endings):
            self._tags = tags  # filled on demand, kept for these endings already
        elif hasattr(tags, "filtered"):  # the tags, filled on demand (gongwen.bundle.LazyTable)
            self._tags = tags.filtered(lambda word, tag: needed_tag(word, tag, noun_place_endings))
        else:  # jieba.posseg reads them from dict.txt
            import jieba.posseg

            self._tags = keep_needed_tags(jieba.posseg.dt.word_tag_tab, noun_place_endings)
            jieba.posseg.dt.word_tag_tab = self._tags  # let the full table (~30 MB) go
        if cache_dir:
            os.makedirs(cache_dir, exist_ok=True)
            jieba.dt.tmp_dir = cache_dir
        jieba.dt.initialize()
        self._jieba: Any = jieba
        # tables filled on demand are filled for a text before jieba or a lookup reads it
        self._ensure = tuple(t.ensure for t in (jieba.dt.FREQ, self._tags)
                             if hasattr(t, "ensure"))
        # characters whose buckets every such table holds: a lookup (thousands per
        # report) then costs one set probe, not a pass over the tables' pending buckets
        self._filled: set[str] = set()
        self._warmed = 0  # the common buckets warm_step filled so far
        self._tagged: OrderedDict[str, tuple[tuple[str, str], ...]] = OrderedDict()
        self._by_tag: dict[tuple, tuple[frozenset[str], int]] = {}
        self._edges: dict[tuple, tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]] = {}

    def _ready(self, text: str) -> None:
        if self._ensure and not self._filled.issuperset(text):
            for ensure in self._ensure:
                ensure(text)
            self._filled.update(text)  # only once filled: another thread may be reading

    def warm_step(self, step: int = WARM_STEP, count: int = WARM_BUCKETS) -> bool:
        """Fill the tables for the next ``step`` of the ``count`` commonest first characters
        (an idle editor does it a step at a time, so that the first long text pasted or
        opened does not); whether some are left."""
        common = getattr(self._jieba.dt.FREQ, "common", None)
        if common is None or self._warmed >= count:
            return False
        chars = common(count)[self._warmed:self._warmed + step]
        self._ready(chars)
        self._warmed += step
        return self._warmed < count

    def fill_all(self) -> None:
        """Load every table whole (before forking workers that share it)."""
        for table in (self._jieba.dt.FREQ, self._tags):
            if hasattr(table, "fill_all"):
                table.fill_all()
        self._ensure = ()

    def cut(self, text: str) -> list[str]:
        self._ready(text)
        return self._jieba.lcut(text, HMM=False)

    def tagged_block(self, block: str) -> tuple[tuple[str, str], ...]:
        """(word, ``tag(word)``) of jieba's words of one block (``HAN_BLOCK``), kept: a
        clause that recurs is segmented and tagged once."""
        found = self._tagged.get(block)
        if found is None:
            self._ready(block)
            tag = self.tag
            found = self._tagged[block] = tuple((w, tag(w)) for w in
                                                self._jieba.lcut(block, HMM=False))
            if len(self._tagged) > BLOCK_CACHE_LIMIT:
                self._tagged.popitem(last=False)
        return found

    def words_of_tag(self, tag: str, skip: tuple[str, ...] = ()) -> tuple[frozenset[str], int]:
        """The dictionary words of ``tag`` of two characters or more, none of ``skip``, and
        the length of the longest (kept: asked for on every paragraph)."""
        key = (tag, skip)
        found = self._by_tag.get(key)
        if found is None:
            skipped = set(skip)
            listed = getattr(self._tags, "words_tagged", None)
            tagged = listed(tag) if listed else None
            if tagged is None:
                tagged = (w for w, t in self._tags.items() if t == tag)
            words = frozenset(w for w in tagged if len(w) >= 2 and w not in skipped)
            found = self._by_tag[key] = (words, max(map(len, words), default=0))
        return found

    def word_edges(self, tag: str, skip: tuple[str, ...] = ()
                   ) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
        """The words of ``words_of_tag`` by their first two characters and by their last
        two, each giving the lengths of such words: a word starting (or ending) at a place
        is then looked for at those lengths only, after one dictionary probe. From the
        snapshot where it has them, made for all the tag's words: lengths of skipped words
        too, which only cost a probe."""
        key = (tag, skip)
        found = self._edges.get(key)
        if found is None and hasattr(self._tags, "edges_tagged"):
            found = self._tags.edges_tagged(tag)
            if found is not None:
                self._edges[key] = found
        if found is None:
            found = self._edges[key] = unpacked_edges(packed_edges(self.words_of_tag(tag, skip)[0]))
        return found

    def tag(self, word: str) -> str:
        """The dictionary tag; OTHER_TAG for a dictionary word of no interest; "" if unknown."""
        if word[:1] not in self._filled:
            self._ready(word[:1])
        tag = self._tags.get(word)
        if tag is not None:
            return tag
        return OTHER_TAG if self._jieba.dt.FREQ.get(word) else ""

    def freq(self, word: str) -> int:
        """jieba's dictionary frequency of ``word`` (0 when it is not a dictionary word)."""
        if word[:1] not in self._filled:
            self._ready(word[:1])
        return self._jieba.dt.FREQ.get(word) or 0


def plain_tokens(piece: str) -> list[str]:
    """jieba's tokens of the text between blocks: whitespace runs whole, other characters
    one by one."""
    tokens: list[str] = []
    for part in SKIP.split(piece):
        if not part:
            continue
        if SKIP.fullmatch(part):
            tokens.append(part)
        else:
            tokens.extend(part)
    return tokens


# Tags the rules consult (names, places, organisations; verbs, adjectives and adverbs for
# the 的/地/得 check); other multi-character words keep no tag, which saves 185,000 of
# jieba's 349,000 entries. Single characters keep theirs.
NAME_LIKE_TAGS = frozenset({"nr", "ns", "nrt", "nz", "j", "ng", "nrfg", "zg", "nt"})
GRAMMAR_TAGS = frozenset({"v", "a", "ad", "an", "d"})  # core.proof.engine.find_de
OTHER_TAG = "other"


def import_jieba() -> Any:
    """``import jieba`` without pkg_resources: jieba's _compat imports it (0.15 s and a
    deprecation warning) only to open jieba's own files, which it otherwise opens by path."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    if "jieba.finalseg" not in sys.modules:
        sys.modules["jieba.finalseg"] = _LaterFinalseg("jieba.finalseg")
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


class _LaterFinalseg(types.ModuleType):
    """jieba.finalseg, imported when first used: its HMM tables take 20 ms to load and only
    a cut with HMM=True reads them (the app's cuts are HMM=False)."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get("jieba.finalseg") is self:
            del sys.modules["jieba.finalseg"]
        real = importlib.import_module("jieba.finalseg")
        jieba = sys.modules.get("jieba")
        if jieba is not None and getattr(jieba, "finalseg", None) is self:
            jieba.finalseg = real
        return getattr(real, name)


def needed_tag(word: str, tag: str, noun_place_endings: tuple[str, ...] = ()) -> bool:
    return (len(word) == 1 or tag in NAME_LIKE_TAGS or (tag in GRAMMAR_TAGS and len(word) <= 4)
            or (tag == "n" and word.endswith(noun_place_endings)))


def keep_needed_tags(tags: dict[str, str], noun_place_endings: tuple[str, ...] = ()) -> dict[str, str]:
    return {word: tag for word, tag in tags.items() if needed_tag(word, tag, noun_place_endings)}


def load_segmenter(cache_dir: str | None = None, preload: Callable[[], object] | None = None,
                   noun_place_endings: tuple[str, ...] = ()) -> Segmenter:
    """Load jieba (about a second) or return the instance already loaded."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = Segmenter(cache_dir, preload, noun_place_endings)
        return _instance


def loaded_segmenter() -> Segmenter | None:
    """The segmenter if it is ready, without waiting for it."""
    return _instance


def packed_edges(words: Iterable[str]) -> tuple[str, list[int], str, list[int]]:
    """``Segmenter.word_edges`` of ``words`` (those of two characters or more) packed
    small: the first two characters of all of them one string, and beside each, the mask
    of the lengths of the words they open (bit n: a word of n characters); the same for
    the last two. The jieba snapshot keeps them so (gongwen.bundle): unpacking makes only
    the dictionaries' keys (17,000 place words: building the dictionaries from the words
    took 50 ms of each start)."""
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    for word in words:
        if len(word) >= 2:
            bit = 1 << len(word)
            heads[word[:2]] = heads.get(word[:2], 0) | bit
            tails[word[-2:]] = tails.get(word[-2:], 0) | bit
    return "".join(heads), list(heads.values()), "".join(tails), list(tails.values())


def unpacked_edges(packed: tuple[str, list[int], str, list[int]]
                   ) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    head_keys, head_masks, tail_keys, tail_masks = packed
    return _edge_table(head_keys, head_masks), _edge_table(tail_keys, tail_masks)


def _edge_table(keys: str, masks: list[int]) -> dict[str, tuple[int, ...]]:
    lengths: dict[int, tuple[int, ...]] = {}  # a few dozen masks between 17,000 keys
    table = {}
    for at, mask in enumerate(masks):
        found = lengths.get(mask)
        if found is None:
            found = lengths[mask] = tuple(n for n in range(mask.bit_length()) if mask >> n & 1)
        table[keys[2 * at:2 * at + 2]] = found
    return table
