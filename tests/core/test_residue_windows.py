"""Residue names from the windows jieba segments are the names of segmenting everything.

The residue family segments only the blocks where a name can stand (core/rules/residue.py);
here every block of every paragraph is segmented and read by the same name rules, and the
two must agree — on report text and on sentences built to put names at block edges, in
lists across 、, and beside opaque neighbours.
"""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from gongwen.core.rules import residue
from gongwen.core.rules.base import Env
from gongwen.core.segment import HAN_BLOCK, plain_tokens

TESTS = Path(__file__).resolve().parents[1]
PLACES = ["卫辉市", "太公镇", "韩窑村", "永清街道", "新光社区", "朝阳区", "长春", "桂阳", "东平县",
          "红旗村", "海淀区", "吴忠市", "开发区"]
CONTEXT = ["赴", "到", "走进", "考察", "、", "和", "与", "，", "。", "“", "”", "（", "）", "的做法",
           "手机报", "居委会", "党委", "深入社区", "城乡社区", "和谐社区", "同志", "张建国", "李明",
           "学习", "开展", "调研", "全市", "中央", "省", "市", " ", "2024年", "X"]


def blocks(text: str) -> list[tuple[int, str, bool]]:
    """(start, text, a block jieba segments?) of the pieces jieba cuts ``text`` into."""
    found, position = [], 0
    for piece in HAN_BLOCK.split(text):
        if piece:
            found.append((position, piece, bool(HAN_BLOCK.fullmatch(piece))))
            position += len(piece)
    return found


def full_names(text: str, env: Env) -> list[residue.Name]:
    """Every block segmented, every token live: what the windows must reproduce."""
    tokens, live = [], []
    for start, piece, han in blocks(text):
        position = start
        words = env.segmenter.tagged_block(piece) if han else \
            [(word, env.segmenter.tag(word)) for word in plain_tokens(piece)]
        for word, tag in words:
            live.append(len(tokens))
            tokens.append((position, word, tag))
            position += len(word)
    return residue._places(tokens, live, env) + residue._people(text, tokens, live, env)


def windowed_names(text: str, env: Env) -> list[residue.Name]:
    tokens, live = residue._tokens(text, env)
    if not tokens:
        return []
    return residue._places(tokens, live, env) + residue._people(text, tokens, live, env)


def texts() -> list[str]:
    found = [line for f in sorted((TESTS / "fixtures").glob("*.txt"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    for report in sorted((TESTS / "accuracy" / "reports").glob("*.toml")):
        data = tomllib.loads(report.read_text(encoding="utf-8"))
        found += [line for line in data.get("text", "").splitlines() if line.strip()]
    rng = random.Random(3)
    for _ in range(1500):
        found.append("".join(rng.choice(PLACES if rng.random() < 0.3 else CONTEXT)
                             for _ in range(rng.randint(2, 14))))
    return found


@pytest.fixture(scope="module")
def env(catalog, segmenter) -> Env:
    return Env(catalog.get("ideology-summary"), catalog.pack, None, segmenter)


def test_windows_find_the_names_of_full_segmentation(env):
    differing, named = [], 0
    for text in texts():
        full = [(n.start, n.end, n.kind) for n in full_names(text, env)]
        named += bool(full)
        if [(n.start, n.end, n.kind) for n in windowed_names(text, env)] != full:
            differing.append(text)
    assert not differing, differing[:5]
    assert named > 300  # the texts do hold names
