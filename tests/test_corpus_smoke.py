"""The sample corpus in ../shared (present beside the repo on dev machines and in CI):
`gongwen audit --format json` must flag what a reviewer would circle."""

import json
import re

import pytest

from gongwen.cli import main

from support import SHARED

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")


@pytest.fixture(scope="module")
def reports():
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["audit", "--format", "json", "--fail-on", "never", str(CORPUS)])
    return {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(out.getvalue())}


def rules(report, prefix):
    return [f for f in report["findings"] if f["rule"].startswith(prefix)]


def test_advert_block_is_flagged(reports):
    report = reports["city-bureau-2020-h1.txt"]
    lines = (CORPUS / "city-bureau-2020-h1.txt").read_text(encoding="utf-8").split("\n")
    title = lines.index("市X局2020年上半年意识形态工作总结")
    advert_lines = {i for i, line in enumerate(lines[:title]) if line.strip()}
    flagged = {f["paragraph"] for f in rules(report, "junk.")}
    assert advert_lines <= flagged


@pytest.mark.parametrize("name", ["city-bureau-2020-h1.txt", "duty-report-2021.txt"])
def test_every_x_placeholder_is_flagged(reports, name):
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    expected = {(i, m.start()) for i, line in enumerate(lines)
                for m in re.finditer(r"(?<![A-Za-z])[Xx]+(?![A-Za-z])", line)}
    flagged = {(f["paragraph"], f["start"]) for f in rules(reports[name], "placeholder.")}
    removed = {f["paragraph"] for f in rules(reports[name], "junk.") if f["start"] == 0}
    assert {spot for spot in expected if spot[0] not in removed} <= flagged
    assert len(expected) > 10


def test_anniversary_claim_for_2024(reports):
    found = rules(reports["bureau-2024-h1-special.txt"], "date.anniversary")
    assert [f["text"] for f in found] == ["建国70周年"]


def test_halfwidth_punctuation_of_duty_report(reports):
    text = (CORPUS / "duty-report-2021.txt").read_text(encoding="utf-8")
    commas = text.count(",")
    found = rules(reports["duty-report-2021.txt"], "punctuation.halfwidth")
    assert len([f for f in found if f["text"] == ","]) >= commas * 0.95
    assert all(f["fix"] in "，；：？！。（）" or f["fix"].startswith("（") for f in found)


def test_mixed_numbering_series(reports):
    found = rules(reports["compilation-2021-part1.txt"], "numbering.mixed-style")
    assert [(f["text"], f["fix"]) for f in found] == [("(3)", "（三）"), ("(6)", "（六）")]


def test_compilation_headings(reports):
    for part in range(1, 6):
        found = rules(reports[f"compilation-2021-part{part}.txt"], "junk.compilation")
        assert [f["text"] for f in found] == [f"2021意识形态工作情况总结十篇{part}"]


def test_places_left_from_other_units(reports):
    names = {f["text"] for r in reports.values() for f in rules(r, "residue.")}
    assert {"卫辉市太公镇韩窑村", "敖泉镇", "含山县清溪镇"} <= names


def test_missing_required_sections(reports):
    status = {s["id"]: s["status"] for s in reports["duty-report-2021.txt"]["sections"]}
    assert status["problems"] == "ok"
    status = {s["id"]: s["status"] for s in reports["bureau-2024-h1-special.txt"]["sections"]}
    assert status["problems"] == "missing"
