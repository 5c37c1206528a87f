"""Accuracy of the typo and formulation checks on the annotated fixtures.

    python tests/bench/accuracy_typo.py [--corpus]

Prints, per kind of planted error (tests/accuracy/typo/planted.toml): how many were
planted, recall (found at the right place by the right rule), fix accuracy (of those
found, the fix is the expected one), then every false alarm in the planted copies and in
the clean reports. --corpus also lists every typo/formulation finding on ../shared/corpus,
for a reader to judge (the corpus is not a fixture: nothing is tuned to it). --stress N
runs the checks on N sentences of six random frequent jieba words each: text with real
word boundaries and no typos, where every near miss is a false alarm and every pair hit
should be a wrong form jieba itself lists (好象, 其它) — a measure of coincidences across
word boundaries (这是在人为 ≠ 事在人为) that no hand-written fixture covers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "app"))
sys.path.insert(0, str(REPO))

from tests.accuracy.typo.evaluate import audit, evaluate, proof_findings  # noqa: E402

from gongwen.bundle import app_segmenter  # noqa: E402
from gongwen.catalog import load_catalog  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", action="store_true", help="also list the findings on ../shared/corpus")
    parser.add_argument("--stress", type=int, default=0, metavar="N", help="N random-word sentences")
    args = parser.parse_args()
    catalog, segmenter = load_catalog(), app_segmenter()
    result = evaluate(catalog, segmenter)
    print(f"{'kind':<32} {'planted':>7} {'recall':>7} {'fix ok':>7}")
    total = found = fixed = 0
    for kind, score in sorted(result.kinds.items()):
        total, found, fixed = total + score.planted, found + score.found, fixed + score.fixed
        fix_rate = score.fixed / score.found if score.found else 0
        print(f"{kind:<32} {score.planted:>7} {score.found / score.planted:>7.0%} {fix_rate:>7.0%}")
        for missed in score.missed:
            print(f"    missed: {missed}")
    print(f"{'all':<32} {total:>7} {found / total:>7.0%} {fixed / max(found, 1):>7.0%}")
    print(f"false alarms in planted copies: {len(result.false_alarms)}; "
          f"in clean reports: {len(result.clean_alarms)}")
    for name, f in result.false_alarms + result.clean_alarms:
        print(f"    {name} ¶{f.paragraph} {f.rule} “{f.text}” → {f.fix}")
    if args.corpus and CORPUS.is_dir():
        print(f"\nfindings on {CORPUS}:")
        for path in sorted(CORPUS.glob("*.txt")):
            for f in proof_findings(audit(path.read_text(encoding="utf-8"), catalog, segmenter)):
                print(f"  {path.name} ¶{f.paragraph} {f.rule} {f.severity.label} “{f.text}” → {f.fix}  "
                      f"{f.message}")
    if args.stress:
        stress(args.stress, catalog, segmenter)
    return 0


def stress(sentences: int, catalog, segmenter) -> None:
    import random
    from collections import Counter

    import jieba

    from gongwen.core.proof.engine import proofread

    index = catalog.pack.proof
    words = [w for w, f in jieba.dt.FREQ.items()
             if f >= 800 and len(w) == 2 and all("\u4e00" <= c <= "\u9fff" for c in w)]
    rng = random.Random(7)
    found: Counter[str] = Counter()
    shown: list[str] = []
    for _ in range(sentences):
        text = "".join(rng.choice(words) for _ in range(6)) + "。"
        for hit in proofread(index, text, segmenter):
            found[hit.check] += 1
            span = text[hit.start:hit.end]
            if not (hit.check.startswith("typo.pair") or hit.check == "typo.usage") or len(shown) < 40:
                shown.append(f"    {hit.check} “{span}” in {text}")
    print(f"\nstress: {sentences * 13:,} characters of random frequent words: {dict(found)}")
    print("\n".join(shown[:60]))


if __name__ == "__main__":
    sys.exit(main())
