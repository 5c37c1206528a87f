"""``import_jieba`` leaves jieba's HMM tables unloaded until a cut needs them (a fresh
interpreter: jieba's state is global)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
PROBE = """
import json, logging, sys
sys.path.insert(0, sys.argv[1])
from gongwen.core.segment import import_jieba
jieba = import_jieba()
jieba.setLogLevel(logging.WARNING)
before = "jieba.finalseg.prob_emit" in sys.modules
plain = jieba.lcut("他来到了网易杭研大厦", HMM=False)
still = "jieba.finalseg.prob_emit" in sys.modules
hmm = jieba.lcut("他来到了网易杭研大厦", HMM=True)
print(json.dumps([before, still, plain, hmm, "jieba.finalseg.prob_emit" in sys.modules]))
"""


def test_hmm_tables_load_only_for_a_cut_that_uses_them(tmp_path):
    done = subprocess.run([sys.executable, "-c", PROBE, str(APP)], capture_output=True, text=True,
                          encoding="utf-8", check=True, cwd=tmp_path)
    before, still, plain, hmm, after = json.loads(done.stdout)
    assert not before and not still  # HMM=False never loads them
    assert "杭研" not in plain and "杭研" in hmm  # the HMM cut still finds the unknown word
    assert after
