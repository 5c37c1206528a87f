"""gongwen.bundle: the pre-built jieba snapshot gives the same words and tags as jieba's own
loading (each side in a fresh interpreter, since jieba's state is global)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("jieba")

TEXT = (Path(__file__).resolve().parents[2] / "packaging" / "fixtures" / "sample.txt").read_text(
    encoding="utf-8")
PROBE = """
import json, logging, sys
import jieba
jieba.setLogLevel(logging.WARNING)
from gongwen import bundle
from pathlib import Path
preloaded = bundle.preload_jieba(Path(sys.argv[1])) if sys.argv[1] != "-" else False
jieba.dt.tmp_dir = sys.argv[2]
jieba.dt.initialize()
import jieba.posseg
text = sys.stdin.read()
words = jieba.lcut(text, HMM=False)
tags = [jieba.posseg.dt.word_tag_tab.get(w, "") for w in words]
print(json.dumps([preloaded, words, tags, len(jieba.dt.FREQ), jieba.dt.total]))
"""


def _probe(snapshot: str, cache: Path) -> list:
    cache.mkdir()
    result = subprocess.run([sys.executable, "-c", PROBE, snapshot, str(cache)], input=TEXT,
                            capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(result.stdout)


def test_snapshot_matches_jieba(tmp_path):
    from gongwen import bundle

    snapshot = bundle.write_snapshot(tmp_path / "jieba.pickle")
    fast = _probe(str(snapshot), tmp_path / "cache-fast")
    slow = _probe("-", tmp_path / "cache-slow")
    assert fast[0] is True and slow[0] is False
    assert fast[1:] == slow[1:]
    assert not list((tmp_path / "cache-fast").glob("*")), "the snapshot path must not write a cache"


def test_stale_snapshot_is_ignored(tmp_path, monkeypatch):
    from gongwen import bundle

    snapshot = bundle.write_snapshot(tmp_path / "jieba.pickle")
    monkeypatch.setattr(bundle, "_dictionary_key", lambda: ("another", "jieba"))
    assert bundle._read(snapshot) is None


def test_buckets_come_commonest_first_and_warm_fills_them(tmp_path):
    from gongwen import bundle

    snapshot = bundle.write_snapshot(tmp_path / "jieba.pickle")
    freq, _total, _tags = bundle._read(snapshot)
    common = freq.common(50)
    assert len(common) == 50 and "的" in common and "一" in common  # the heaviest buckets
    assert "龘" not in freq.common(1000)
    assert not any(c in freq for c in common[:5])  # nothing filled yet
    freq.ensure(common)
    assert all(any(k.startswith(c) for k in freq) for c in common)
    assert len(freq) < 400_000  # the rest of the dictionary is still in the snapshot
