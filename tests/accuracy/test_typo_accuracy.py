"""The typo and formulation checks on reports written for the purpose: the clean ones get
no finding of these checks at all, and every error planted in their copies is found at its
place with its fix (tests/accuracy/typo/planted.toml)."""

import pytest

from .typo.evaluate import audit, match, proof_findings
from .typo.planted import clean_files, clean_text, outputs, planted

NAMES = [p.name for p in clean_files()]


def test_there_are_four_long_clean_reports():
    assert len(NAMES) >= 4
    assert all(len(clean_text(name)) >= 3000 for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_clean_report_has_no_typo_or_formulation_finding(name, catalog, segmenter):
    found = proof_findings(audit(clean_text(name), catalog, segmenter))
    assert [(f.rule, f.text, f.message) for f in found] == []


@pytest.mark.parametrize("name", NAMES)
def test_every_planted_error_is_found_with_its_fix(name, catalog, segmenter):
    text, expected = planted(name)
    found = proof_findings(audit(text, catalog, segmenter))
    missing = [(e.rule, e.text, e.fix) for e in expected
               if (hit := match(found, e)) is None or hit.fix != e.fix]
    assert missing == []
    assert len(expected) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_planted_copy_has_no_other_finding(name, catalog, segmenter):
    text, expected = planted(name)
    found = proof_findings(audit(text, catalog, segmenter))
    expected_spots = {(e.rule, e.paragraph, e.start, e.end) for e in expected}
    extra = [(f.rule, f.text) for f in found if (f.rule, f.paragraph, f.start, f.end) not in expected_spots]
    assert extra == []


def test_planted_files_are_up_to_date():
    stale = [path.name for path, content in outputs().items()
             if not path.is_file() or path.read_text(encoding="utf-8") != content]
    assert stale == [], "run python tests/accuracy/typo/planted.py"


def test_every_kind_of_error_is_planted():
    kinds = {e.kind for name in NAMES for e in planted(name)[1]}
    assert {"pair (sound)", "pair (shape)", "pair (context)", "recommended form", "usage note",
            "near-miss term (sound)", "near-miss idiom", "formulation word", "leader name stripped",
            "theory name", "book title stripped", "set number", "set member", "set name misspelt",
            "doubled word", "的/地/得", "dated term"} <= kinds
