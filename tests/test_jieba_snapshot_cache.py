"""From a source checkout, the first `gongwen audit` keeps jieba's tables in the user cache
folder; later runs load them from there, and a damaged file is replaced, never fatal."""

import os
import subprocess
import sys

from support import FIXTURES


def audit(cache):
    env = {**os.environ, "GONGWEN_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "gongwen", "audit", "--format", "json",
                             str(FIXTURES / "defects-special-report.txt")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_snapshot_is_made_reused_and_replaced_when_damaged(tmp_path):
    first = audit(tmp_path)
    snapshot = tmp_path / "jieba.pickle"
    assert snapshot.is_file() and "卫辉市太公镇韩窑村" in first
    made = snapshot.stat().st_mtime_ns
    assert audit(tmp_path) == first
    assert snapshot.stat().st_mtime_ns == made
    snapshot.write_bytes(b"not a pickle")
    assert audit(tmp_path) == first
    assert snapshot.stat().st_size > 1_000_000


def test_packed_edges_give_the_lengths_of_the_words_at_their_edges():
    from gongwen.core.segment import packed_edges, unpacked_edges

    words = ["北京市", "北京", "南京路", "长沙", "长沙市岳麓区", "京", "某" * 70]
    heads, tails = unpacked_edges(packed_edges(words))
    assert heads == {"北京": (2, 3), "南京": (3,), "长沙": (2, 6), "某某": (70,)}
    assert tails == {"京市": (3,), "北京": (2,), "京路": (3,), "长沙": (2,), "麓区": (6,),
                     "某某": (70,)}


def test_the_edges_of_the_dictionarys_places_give_every_place_words_length(segmenter):
    """The segmenter's edges (packed and unpacked, as the snapshot keeps them) are the
    lengths of the place words by their first and last two characters, worked out here
    the plain way."""
    words = segmenter.words_of_tag("ns")[0]
    assert len(words) > 1000
    heads: dict[str, set[int]] = {}
    tails: dict[str, set[int]] = {}
    for word in words:
        heads.setdefault(word[:2], set()).add(len(word))
        tails.setdefault(word[-2:], set()).add(len(word))
    expected = ({k: tuple(sorted(v)) for k, v in heads.items()},
                {k: tuple(sorted(v)) for k, v in tails.items()})
    assert segmenter.word_edges("ns") == expected
