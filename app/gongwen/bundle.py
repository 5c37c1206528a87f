"""A pre-built jieba snapshot for the packaged app (PyInstaller bundle).

jieba builds its prefix dictionary from dict.txt (0.6 s) or from its marshal cache, which
on Python 3.11 loads just as slowly; then ``import jieba.posseg`` reads dict.txt once more
for the word tags (0.2 s). The bundle ships both tables pickled at build time as
``gongwen/_resources/jieba.pickle``: it loads in about 0.3 s, is read-only and writes
nothing, so jieba never needs a cache file of its own. The tables are stored in chunks of
50,000 entries so that a loader thread gives the GIL back to the UI every ~40 ms.

Call :func:`preload_jieba` after ``import jieba`` and before ``import jieba.posseg``
(``gongwen.core.segment.Segmenter``). Without a snapshot (a source checkout, a wheel) or
with one made for another jieba, it returns False and jieba loads the usual way.

Build a snapshot: ``python -m gongwen.bundle OUT.pickle``.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import sys
import threading
import time
from pathlib import Path

SNAPSHOT = "jieba.pickle"
_FORMAT = 3  # 3: the kept tags include verbs, adjectives and adverbs (segment.GRAMMAR_TAGS)
_CHUNK = 50_000
_lock = threading.Lock()


def _dictionary_key() -> tuple:
    """What the snapshot was made from: jieba's version and the size of its dict.txt."""
    import jieba

    dict_txt = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    size = dict_txt.stat().st_size if dict_txt.is_file() else -1
    return (_FORMAT, jieba.__version__, size)


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


def write_snapshot(out: str | os.PathLike) -> Path:
    """Load jieba the slow way and pickle its prefix dictionary and word tags."""
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
    return _dump(out, tokenizer.FREQ, tokenizer.total, tags)


def _dump(out: str | os.PathLike, freq_table: dict, total: int, tags: dict) -> Path:
    from .fileio.atomic import write_atomic

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    freq = _chunks(freq_table)
    tag_chunks = _chunks(tags)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            pickle.dump((_dictionary_key(), total, len(freq), len(tag_chunks)), f, protocol=5)
            for chunk in freq + tag_chunks:
                pickle.dump(chunk, f, protocol=5)

    write_atomic(out, write)
    return out


def save_loaded_snapshot() -> bool:
    """After jieba loaded the slow way from source, keep its tables in the user cache folder
    so the next start loads in a third of the time (what the bundle ships pre-built).
    Never fails the caller: a cache that cannot be written is simply not there."""
    import jieba

    if snapshot_path() is not None or not jieba.dt.initialized or "jieba.posseg" not in sys.modules:
        return False
    try:
        _dump(cache_snapshot_path(), jieba.dt.FREQ, jieba.dt.total,
              sys.modules["jieba.posseg"].dt.word_tag_tab)
    except Exception:  # a missing cache only costs time
        return False
    return True


def _chunks(table: dict) -> list[dict]:
    items = list(table.items())
    return [dict(items[i:i + _CHUNK]) for i in range(0, len(items), _CHUNK)]


def _read(path: Path) -> tuple[dict, int, dict] | None:
    """The prefix dictionary, its total and the tags; None if the file is not for this jieba."""
    with open(path, "rb") as f:  # our own file, inside the bundle
        key, total, n_freq, n_tags = pickle.load(f)
        if key != _dictionary_key():
            return None
        freq: dict[str, int] = {}
        tags: dict[str, str] = {}
        for i in range(n_freq + n_tags):
            (freq if i < n_freq else tags).update(pickle.load(f))
            time.sleep(0)  # let the UI thread run between chunks
    return freq, total, tags


def preload_jieba(path: Path | None = None) -> bool:
    """Fill jieba's default tokenizer and jieba.posseg from the snapshot; True if it did."""
    import jieba

    path = path or snapshot_path()
    if path is None:
        return False
    with _lock, jieba.dt.lock:
        if jieba.dt.initialized:
            return True
        try:
            tables = _read(path)
        except Exception:
            tables = None
        if tables is None:
            _forget_cache(path)
            return False
        freq, total, tags = tables
        jieba.dt.FREQ, jieba.dt.total = freq, total
        jieba.dt.initialized = True
        if "jieba.posseg" not in sys.modules:
            # posseg reads the tags from jieba.dt.get_dict_file() at import: hand it nothing
            jieba.dt.get_dict_file = io.BytesIO
            try:
                import jieba.posseg
            finally:
                del jieba.dt.get_dict_file
            jieba.posseg.dt.word_tag_tab = tags
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
    segmenter = load_segmenter(str(paths.cache_dir()), preload_jieba, noun_place_endings)
    save_loaded_snapshot()
    # jieba's tables are a million long-lived objects: left to the cyclic garbage collector,
    # every full collection walks them (30-50 ms, at random moments of a live audit).
    gc.freeze()
    return segmenter


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m gongwen.bundle OUT.pickle")
    print(write_snapshot(sys.argv[1]))
