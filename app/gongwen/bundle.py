"""A pre-built jieba snapshot for the packaged app (PyInstaller bundle).

jieba builds its prefix dictionary from dict.txt (0.6 s) or from its marshal cache, which
on Python 3.11 loads just as slowly; then ``import jieba.posseg`` reads dict.txt once more
for the word tags (0.2 s). The bundle ships both tables at build time as
``gongwen/_resources/jieba.pickle`` (a source checkout makes the same file in the user
cache folder on its first load): read-only, so jieba never needs a cache file of its own.
The tables are stored in buckets by first character and filled when a text is about to
be segmented (``LazyTable.ensure``): the rules segment only the few clauses where a name
can stand, so a small report needs a twentieth of the dictionary, and loading takes
milliseconds instead of 0.3 s. ``LazyTable.fill_all`` loads everything (a parent process
before it forks its workers).

Call :func:`preload_jieba` after ``import jieba`` and before ``import jieba.posseg``
(``gongwen.core.segment.Segmenter``). Without a snapshot (a source checkout, a wheel) or
with one made for another jieba, it returns False and jieba loads the usual way.

Build a snapshot: ``python -m gongwen.bundle OUT.pickle``.
"""

from __future__ import annotations

import gc
import io
import marshal
import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

SNAPSHOT = "jieba.pickle"
# 3: the kept tags include verbs, adjectives and adverbs (segment.GRAMMAR_TAGS);
# 4: buckets by first character, filled on demand; 5: the name-like words one string a tag;
# 6: buckets in order of their words' total frequency (the common characters first);
# 7: the name-like words' edges (word_edges), made here rather than on every start
_FORMAT = 7
_lock = threading.Lock()


def _dictionary_key() -> tuple:
    """What the snapshot was made from: jieba's version and the size of its dict.txt."""
    import jieba

    dict_txt = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    size = dict_txt.stat().st_size if dict_txt.is_file() else -1
    return (_FORMAT, jieba.__version__, size, marshal.version)


def snapshot_path() -> Path | None:
    """The bundled snapshot, else the one the app made in the user cache folder, else None."""
    from .paths import builtin_resources

    try:
        bundled = builtin_resources() / SNAPSHOT
    except FileNotFoundError:
        bundled = None
    for path in (bundled, cache_snapshot_path()):
        if path is not None and path.is_file():
            return path
    return None


def cache_snapshot_path() -> Path:
    from .paths import cache_dir

    return cache_dir() / SNAPSHOT


def write_snapshot(out: str | os.PathLike, endings: tuple[str, ...] | None = None) -> Path:
    """Load jieba the slow way and write its prefix dictionary and word tags; with
    ``endings`` (the built-in noun place endings) only the tags the rules read are kept."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tags: dict[str, str] = {}
    with tokenizer.get_dict_file() as f:
        for line in f:
            if line.strip():
                word, _, tag = line.decode("utf-8").strip().split(" ")
                tags[word] = tag
    if endings is not None:
        from .core.segment import keep_needed_tags

        tags = keep_needed_tags(tags, endings)
    return _dump(out, tokenizer.FREQ, tokenizer.total, tags, kept_for=endings)


def _dump(out: str | os.PathLike, freq_table: dict, total: int, tags: dict,
          kept_for: tuple[str, ...] | None = None) -> Path:
    """``kept_for``: the tags were already filtered (``core.segment.needed_tag``) with these
    noun place endings: the snapshot serves only the same endings."""
    from .core.segment import NAME_LIKE_TAGS, packed_edges
    from .fileio.atomic import write_atomic

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    mass: dict[str, int] = {}
    for word, count in freq_table.items():
        mass[word[:1]] = mass.get(word[:1], 0) + count
    rank = {first: n for n, first in enumerate(sorted(mass, key=mass.__getitem__, reverse=True))}
    freq_index, freq_blob = _buckets(freq_table, 0, rank)
    tag_index, tag_blob = _buckets(tags, len(freq_blob), rank)
    by_tag: dict[str, list[str]] = {}
    for word, tag in tags.items():
        if tag in NAME_LIKE_TAGS:
            by_tag.setdefault(tag, []).append(word)
    header = (_dictionary_key(), total, freq_index, tag_index,  # words one string: quick to read
              {tag: "\n".join(words) for tag, words in by_tag.items()}, kept_for,
              {tag: packed_edges(words) for tag, words in by_tag.items()})

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            pickle.dump(header, f, protocol=5)
            f.write(freq_blob)
            f.write(tag_blob)

    write_atomic(out, write)
    return out


def _buckets(table: dict, base: int, rank: dict[str, int]
             ) -> tuple[dict[str, tuple[int, int]], bytes]:
    """The table as marshalled dicts, one per first character, and where each lies; in the
    order of ``rank`` (``LazyTable.common`` reads the first ones as the common characters)."""
    groups: dict[str, dict] = {}
    for key, value in table.items():
        groups.setdefault(key[:1], {})[key] = value
    index, parts, offset = {}, [], base
    last = len(rank)
    for first in sorted(groups, key=lambda c: rank.get(c, last)):
        group = groups[first]
        data = marshal.dumps(group)
        index[first] = (offset, len(data))
        parts.append(data)
        offset += len(data)
    return index, b"".join(parts)


class LazyTable(dict):
    """A dict filled bucket by bucket (one per first character) from the snapshot's bytes.

    It is a plain dict to jieba, at dict speed: whoever reads it calls ``ensure(text)``
    first, which fills the buckets of the characters ``text`` holds (``core.segment``
    does before every cut and lookup). A bucket leaves ``_pending`` only once filled, under
    a lock, so a reader on another thread never sees half of one. ``keep`` drops entries
    as they are filled (the word tags the rules do not read)."""

    def __init__(self, blob: bytes, index: dict[str, tuple[int, int]],
                 keep: Any = None, by_tag: dict[str, str] | None = None,
                 edges: dict[str, tuple] | None = None):
        super().__init__()
        self._blob, self._pending, self._keep = blob, dict(index), keep
        self._order = tuple(index)  # the snapshot's order: the common characters first
        self._by_tag = by_tag or {}
        self._edges = edges or {}
        self._lock = threading.Lock()
        self.kept_for: tuple[str, ...] | None = None  # already filtered for these endings

    def ensure(self, text: str) -> None:
        pending = self._pending
        if not pending:
            return
        missing = [c for c in set(text) if c in pending]
        if missing:
            with self._lock:
                for first in missing:
                    self._fill(first)

    def fill_all(self) -> None:
        with self._lock:
            for first in list(self._pending):
                self._fill(first)

    def common(self, count: int) -> str:
        """The first characters of the table's ``count`` first buckets: of the snapshot's
        heaviest words, the characters most text is made of (filled or not)."""
        return "".join(self._order[:count])

    def _fill(self, first: str) -> None:
        where = self._pending.get(first)
        if where is None:
            return
        start, length = where
        group = marshal.loads(self._blob[start:start + length])
        if self._keep is not None:
            group = {k: v for k, v in group.items() if self._keep(k, v)}
        self.update(group)
        del self._pending[first]  # only now: the bucket is complete
        if not self._pending:
            self._blob = b""

    def filtered(self, keep: Any) -> LazyTable:
        """The same table, less what ``keep(key, value)`` refuses (applied as buckets fill)."""
        table = LazyTable(self._blob, self._pending, keep, self._by_tag, self._edges)
        for key, value in self.items():  # what was filled already
            if keep(key, value):
                dict.__setitem__(table, key, value)
        return table

    def edges_tagged(self, tag: str) -> tuple[dict, dict] | None:
        """``word_edges`` of all the words of a name-like tag (those ``keep`` refuses too:
        a length no word has only costs a probe), or None."""
        packed = self._edges.get(tag)
        from .core.segment import unpacked_edges

        return unpacked_edges(packed) if packed is not None else None

    def words_tagged(self, tag: str) -> tuple[str, ...] | None:
        """The words of a name-like tag (kept whole in the snapshot's header), or None."""
        words = self._by_tag.get(tag)
        if words is None:
            return None
        return tuple(w for w in words.split("\n") if w and (self._keep is None or self._keep(w, tag)))


def save_loaded_snapshot(endings: tuple[str, ...] = ()) -> bool:
    """After jieba loaded the slow way from source, keep its tables in the user cache folder
    so the next start loads in a third of the time (what the bundle ships pre-built).
    Never fails the caller: a cache that cannot be written is simply not there."""
    import jieba

    if snapshot_path() is not None or not jieba.dt.initialized or "jieba.posseg" not in sys.modules:
        return False
    try:
        # the segmenter kept only the tags it reads, for these noun place endings
        _dump(cache_snapshot_path(), jieba.dt.FREQ, jieba.dt.total,
              sys.modules["jieba.posseg"].dt.word_tag_tab, kept_for=tuple(endings))
    except Exception:  # a missing cache only costs time
        return False
    return True


def _read(path: Path, endings: tuple[str, ...] | None = None
          ) -> tuple[LazyTable, int, LazyTable] | None:
    """The prefix dictionary, its total and the tags (filled on demand); None if the file
    is not for this jieba (or its tags were filtered for other ``endings``)."""
    data = path.read_bytes()  # our own file: inside the bundle or the user cache
    stream = io.BytesIO(data)
    key, total, freq_index, tag_index, by_tag, kept_for, edges = pickle.load(stream)
    if key != _dictionary_key() or (kept_for is not None and kept_for != endings):
        return None
    blob = data[stream.tell():]
    tags = LazyTable(blob, tag_index, by_tag=by_tag, edges=edges)
    tags.kept_for = kept_for
    return LazyTable(blob, freq_index), total, tags


def preload_tables(path: Path | None = None, endings: tuple[str, ...] | None = None
                   ) -> LazyTable | None:
    """Fill jieba's default tokenizer from the snapshot (on demand) and return the word
    tags (``core.segment.Segmenter`` takes them instead of importing jieba.posseg); None
    when there is no snapshot for this jieba."""
    import jieba

    path = path or snapshot_path()
    if path is None:
        return None
    with _lock, jieba.dt.lock:
        try:
            tables = _read(path, endings)
        except Exception:
            tables = None
        if tables is None:
            _forget_cache(path)
            return None
        freq, total, tags = tables
        if not jieba.dt.initialized:
            jieba.dt.FREQ, jieba.dt.total = freq, total
            jieba.dt.initialized = True
        elif not hasattr(jieba.dt.FREQ, "ensure"):  # loaded the slow way already: its own
            return None
    return tags


def preload_jieba(path: Path | None = None) -> bool:
    """``preload_tables``, and jieba.posseg given the tags (for code that uses jieba
    directly: every table filled whole); True if it did."""
    import jieba

    tags = preload_tables(path)
    if tags is None:
        return False
    jieba.dt.FREQ.fill_all()
    tags.fill_all()
    if "jieba.posseg" not in sys.modules:
        # posseg reads the tags from jieba.dt.get_dict_file() at import: hand it nothing
        jieba.dt.get_dict_file = io.BytesIO
        try:
            import jieba.posseg
        finally:
            del jieba.dt.get_dict_file
    sys.modules["jieba.posseg"].dt.word_tag_tab = tags
    return True


def _forget_cache(path: Path) -> None:
    """A damaged or outdated snapshot in the user cache is removed so the next one can be made."""
    if path == cache_snapshot_path():
        path.unlink(missing_ok=True)


def app_segmenter(noun_place_endings: tuple[str, ...] = ()):
    """jieba for the app and the CLI: the user cache folder, and the bundled tables if any
    (``noun_place_endings``: see ``gongwen.core.segment.Segmenter``)."""
    from . import paths
    from .core.segment import load_segmenter, loaded_segmenter

    if loaded_segmenter() is not None:
        return loaded_segmenter()
    endings = tuple(noun_place_endings)
    segmenter = load_segmenter(str(paths.cache_dir()), lambda: preload_tables(endings=endings),
                               endings)
    save_loaded_snapshot(endings)
    # jieba's tables are a million long-lived objects: left to the cyclic garbage collector,
    # every full collection walks them (30-50 ms, at random moments of a live audit).
    gc.freeze()
    return segmenter


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m gongwen.bundle OUT.pickle")
    from .catalog import load_catalog

    pack = load_catalog(user_folder=Path(os.devnull) / "none").pack  # the built-in lists only
    print(write_snapshot(sys.argv[1], tuple(pack.words("plain_noun_place_suffixes"))))
