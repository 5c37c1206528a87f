"""Accuracy on annotated reports (tests/accuracy/reports, format: tests/accuracy/README.md):
what a reviewer expects is found, nothing a reviewer would reject is flagged, sections are
judged honestly, a clean report exports, and the editor and `gongwen audit` agree.

The figures (recall and precision per category) are printed by tests/bench/accuracy.py.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from accuracy import report_annotations as A

REPORTS = A.HERE / "reports"
FIXTURES = A.fixtures([REPORTS])
CLEAN = [f for f in FIXTURES if f.clean]
IDS = [f.path.stem for f in FIXTURES]


@pytest.fixture(scope="module")
def service(segmenter, tmp_path_factory):
    from gongwen.service import AuditService

    service, _ = AuditService.load(user_folder=tmp_path_factory.mktemp("no-user-files"))
    service.set_segmenter(segmenter)
    return service


@pytest.fixture(scope="module")
def judged(service):
    return {f.path.stem: A.judge(f, A.audit(f, service)) for f in FIXTURES}


def test_there_are_fixtures_of_every_kind():
    assert len(FIXTURES) >= 12 and len(CLEAN) >= 5
    assert {"duty-report", "responsibility-report", "special-report", "ideology-summary"} <= \
        {f.checklist for f in FIXTURES}


@pytest.mark.parametrize("fixture", CLEAN, ids=[f.path.stem for f in CLEAN])
def test_clean_reports_have_no_error_and_no_warning(fixture, judged):
    findings = judged[fixture.path.stem].report["findings"]
    serious = [A.describe(f, fixture.paragraphs) for f in findings if f["severity"] in A.SEVERE]
    assert serious == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_every_expected_finding_is_there(fixture, judged):
    assert [s.describe() for s in judged[fixture.path.stem].missed] == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_nothing_a_reviewer_would_reject(fixture, judged):
    judgement = judged[fixture.path.stem]
    assert [A.describe(f, fixture.paragraphs) for f in judgement.false] == []
    assert [(s.describe(), A.describe(f, fixture.paragraphs)) for s, f in judgement.forbidden] == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_sections_and_checklist_as_annotated(fixture, judged):
    judgement = judged[fixture.path.stem]
    assert judgement.sections_wrong == []
    if fixture.checklist:
        assert judgement.checklist == fixture.checklist


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_no_present_section_is_reported_missing(fixture, judged):
    report = judged[fixture.path.stem].report
    status = {s["id"]: s["status"] for s in report["sections"]}
    present = [s for s, wanted in fixture.sections.items() if wanted in ("ok", "thin", "present")]
    assert [s for s in present if status[s] == "missing"] == []
    missing = {f["message"] for f in report["findings"] if f["rule"] == "structure.missing"}
    titles = {s["id"]: s["title"] for s in report["sections"]}
    assert not [s for s in present if any(f"“{titles[s]}”" in m for m in missing)]


@pytest.mark.parametrize("stem", ["opening-lists-every-topic", "table-of-contents"])
def test_an_opening_or_a_contents_list_answers_no_section(stem, judged):
    """Their fixtures name every part in the 导语 / the 目录 but write only some: the others
    stay missing, each its own error."""
    judgement = judged[stem]
    wanted_missing = [s for s, v in judgement.fixture.sections.items() if v == "missing"]
    status = {s["id"]: s["status"] for s in judgement.report["sections"]}
    assert wanted_missing and all(status[s] == "missing" for s in wanted_missing)
    errors = [f for f in judgement.report["findings"] if f["rule"] == "structure.missing"]
    assert len(errors) == sum(1 for s in judgement.report["sections"]
                              if s["status"] == "missing" and s["required"])


def write_inputs(fixture, folder: Path) -> tuple[Path, list[str]]:
    """The fixture as a .txt file, and the --profile arguments for it."""
    from gongwen.core.profile import dump_profile

    text_path = folder / f"{fixture.path.stem}.txt"
    text_path.write_text(fixture.text, encoding="utf-8")
    if fixture.profile is None:
        return text_path, []
    profile_path = folder / f"{fixture.path.stem}-profile.toml"
    profile_path.write_text(dump_profile(A.profile_of(fixture)), encoding="utf-8")
    return text_path, ["--profile", str(profile_path)]


@pytest.mark.parametrize("fixture", CLEAN, ids=[f.path.stem for f in CLEAN])
def test_a_clean_report_exports_without_force(fixture, tmp_path, segmenter, capsys):
    from gongwen.cli import main

    source, profile = write_inputs(fixture, tmp_path)
    out = tmp_path / "定稿.docx"
    code = main(["export", *profile, str(source), str(out)])
    assert (code, capsys.readouterr().err) == (0, "") and out.stat().st_size > 0


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_the_live_editor_and_gongwen_audit_agree(fixture, service, tmp_path):
    from gongwen.cli import main
    from gongwen.core.ignores import Ignores
    from gongwen.ui.view_model import LiveModel, Request

    source, profile = write_inputs(fixture, tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["audit", "--format", "json", "--fail-on", "never", *profile,
              *(["--checklist", fixture.wanted] if fixture.wanted else []), str(source)])
    [cli] = json.loads(out.getvalue())
    live_service = service.with_profile(A.profile_of(fixture)) if fixture.profile else service
    request = Request(1, fixture.text.split("\n"), fixture.wanted, Ignores(), None, live_service,
                      service.segmenter)
    live = LiveModel().compute(request)

    def key(f: dict) -> tuple:
        return f["rule"], f["severity"], f["paragraph"], f["start"], f["end"], f["fix"], f["message"]

    assert [key(f.to_json()) for f in live.report.findings] == [key(f) for f in cli["findings"]]
    assert [s.to_json() for s in live.report.sections] == cli["sections"]
    assert live.choice.checklist.id == cli["checklist"]
