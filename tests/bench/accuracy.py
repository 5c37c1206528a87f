"""Accuracy on the annotated fixtures: recall and precision per category, section-status
accuracy and checklist choice, with every miss and false alarm listed.

    python tests/bench/accuracy.py                 # every fixture under tests/accuracy/
    python tests/bench/accuracy.py --dir tests/accuracy/reports --verbose
    python tests/bench/accuracy.py --json out.json

Fixtures are the TOML files of tests/accuracy/ (any subfolder: one set per engineer or
category) in the format of tests/accuracy/README.md; a file of another format (no `text`)
is skipped and named. Recall: expected findings found. Precision: of the errors and warnings
in exhaustive fixtures (and the info findings an expectation or an `absent` names), those an
expectation covers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ACCURACY = REPO / "tests" / "accuracy"
sys.path.insert(0, str(REPO / "app"))
sys.path.insert(0, str(ACCURACY))

import report_annotations as A  # noqa: E402


def collect(folders: list[Path]) -> tuple[list[A.Fixture], list[Path]]:
    """The fixtures in this format, and the files skipped (another format)."""
    found, skipped = [], []
    for folder in folders:
        for path in sorted(folder.rglob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                skipped.append(path)
                continue
            if "text" in data:
                found.append(A.load(path))
            else:
                skipped.append(path)
    return found, skipped


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:6.1%}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", action="append", type=Path,
                        help="fixture folder (repeatable; default: all of tests/accuracy)")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    fixtures, skipped = collect(args.dir or [ACCURACY])
    from gongwen.service import AuditService

    service, _ = AuditService.load(user_folder=Path("/nonexistent"))
    service.load_segmenter()
    started = time.perf_counter()
    judgements = [A.judge(f, A.audit(f, service)) for f in fixtures]
    seconds = time.perf_counter() - started
    per, sections, choices = A.tally(judgements)
    print(f"{len(fixtures)} fixtures ({sum(f.clean for f in fixtures)} clean) in {seconds:.2f} s"
          + (f"; skipped (other format): {', '.join(p.name for p in skipped)}" if skipped else ""))
    print(f"{'category':<14}{'expected':>9}{'found':>7}{'recall':>9}{'flagged':>9}{'right':>7}"
          f"{'precision':>11}")
    total = A.Tally()
    for category in sorted(per):
        item = per[category]
        for name in ("expected", "found", "flagged", "right"):
            setattr(total, name, getattr(total, name) + getattr(item, name))
        print(f"{category:<14}{item.expected:>9}{item.found:>7}{percent(item.recall):>9}"
              f"{item.flagged:>9}{item.right:>7}{percent(item.precision):>11}")
    print(f"{'all':<14}{total.expected:>9}{total.found:>7}{percent(total.recall):>9}"
          f"{total.flagged:>9}{total.right:>7}{percent(total.precision):>11}")
    section_rate = sections[0] / sections[1] if sections[1] else None
    choice_rate = choices[0] / choices[1] if choices[1] else None
    print(f"section statuses right: {sections[0]}/{sections[1]} ({percent(section_rate).strip()}); "
          f"checklist chosen right: {choices[0]}/{choices[1]} ({percent(choice_rate).strip()})")
    clean_alarms = sum(len(j.false) for j in judgements if j.fixture.clean)
    print(f"errors/warnings on clean fixtures: {clean_alarms}")
    failing = [j for j in judgements if not j.ok]
    for judgement in failing if args.verbose else ():
        fixture = judgement.fixture
        print(f"\n{fixture.name}")
        for spec in judgement.missed:
            print(f"  missed   {spec.describe()}")
        for finding in judgement.false:
            print(f"  false    {A.describe(finding, fixture.paragraphs)}")
        for spec, finding in judgement.forbidden:
            print(f"  forbidden {spec.describe()}: {A.describe(finding, fixture.paragraphs)}")
        for section, wanted, got in judgement.sections_wrong:
            print(f"  section  {section}: wanted {wanted}, got {got}")
        if fixture.checklist and judgement.checklist != fixture.checklist:
            print(f"  checklist wanted {fixture.checklist}, got {judgement.checklist}")
    if not args.verbose and failing:
        print(f"fixtures with a difference: {', '.join(j.fixture.name for j in failing)} "
              "(--verbose lists them)")
    if args.json:
        args.json.write_text(json.dumps({
            "categories": {c: {"expected": t.expected, "found": t.found, "recall": t.recall,
                               "flagged": t.flagged, "right": t.right, "precision": t.precision}
                           for c, t in per.items()},
            "sections": {"right": sections[0], "total": sections[1]},
            "checklists": {"right": choices[0], "total": choices[1]},
            "clean_alarms": clean_alarms}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
