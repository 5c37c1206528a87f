"""全部修正标点 and the exporter share one fix engine (core.fixes): touching fixes never
swallow each other's text (issue 14, item 1), and all the fixes are one undo step."""

from __future__ import annotations

import itertools
import os

import pytest
from drafts import draft
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uihelpers import wait_report

from gongwen.core.fixes import apply_fixes, select_fixes
from gongwen.core.model import Finding, Severity

TOUCHING = "组织学习(一)(二)两个专题,参与居民达5000多人(次);发放手册200份(册):宣传栏10块。"
FIXED = "组织学习（一）（二）两个专题，参与居民达5000多人（次）；发放手册200份（册）：宣传栏10块。"
EXPLORE = int(os.environ.get("GONGWEN_PROPERTY_EXAMPLES", "0"))
HYPOTHESIS = settings(deadline=None, max_examples=EXPLORE or 40, derandomize=not EXPLORE,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_touching_fixes_keep_every_character(qtbot, make_window):
    window = make_window(draft(extra=(TOUCHING,)))
    wait_report(qtbot, window)
    before = window.editor.toPlainText()
    window.fix_all_punctuation()
    assert window.editor.block_texts()[-1] == FIXED
    qtbot.waitUntil(lambda: window.current_result() is not None and not window.live.busy)
    assert not window.panel.findings.get("punctuation")
    window.editor.undo()  # one step back to the text as it was
    assert window.editor.toPlainText() == before


def test_the_editor_and_the_exporter_give_the_same_text(qtbot, make_window):
    window = make_window(draft(extra=(TOUCHING, "甲,乙;丙(丁)。。", "𠮷𠮷(一)(二),")))
    result = wait_report(qtbot, window)
    findings = [f for f in result.report.findings if f.category == "punctuation"]
    texts = window.editor.block_texts()
    expected = [apply_fixes(t, [f for f in findings if f.paragraph == i]) for i, t in enumerate(texts)]
    window.editor.apply_fixes(findings)
    assert window.editor.block_texts() == expected


# ------------------------------------------------------------------ property
def _findings(draw, texts: list[str]) -> list[Finding]:
    """Fixes on spans cut at random points, so that many touch and some overlap; a few are
    stale (their text no longer there)."""
    found = []
    for index, text in enumerate(texts):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
        for start, end in itertools.pairwise(cuts):
            fix = draw(st.sampled_from(["", "，", "（一）", "𠮷", "x" * 3]))
            stale = draw(st.integers(0, 9)) == 0
            flagged = "?" if stale else text[start:end]
            found.append(Finding("punctuation.x", "punctuation", Severity.WARNING, "m", index,
                                 start, end, flagged, fix))
        if text and draw(st.booleans()):  # overlapping one
            end = draw(st.integers(1, len(text)))
            found.append(Finding("punctuation.y", "punctuation", Severity.WARNING, "m", index, 0, end,
                                 text[:end], "甲"))
    return found


@st.composite
def paragraphs_and_findings(draw):
    texts = draw(st.lists(st.text(alphabet="甲乙,;:()（）𠮷 .。", max_size=30), min_size=1, max_size=5))
    return texts, _findings(draw, texts)


def _untargeted_kept(text: str, result: str, findings: list[Finding]) -> bool:
    """The characters no fix targets are all in the result, in order."""
    targeted = {i for f in findings for i in range(f.start, f.end)}
    rest = iter(result)
    return all(any(c == char for c in rest) for i, char in enumerate(text) if i not in targeted)


@pytest.fixture()
def editor(qtbot):
    from gongwen.ui.app import make_application
    from gongwen.ui.editor import DraftEditor

    make_application()
    widget = DraftEditor()
    qtbot.addWidget(widget)
    return widget


@HYPOTHESIS
@given(paragraphs_and_findings())
def test_applying_all_fixes_never_removes_an_untargeted_character(editor, case):
    texts, findings = case
    editor.setPlainText("\n".join(texts))
    editor.apply_fixes(findings)
    after = editor.block_texts()
    assert len(after) == len(texts)
    for index, text in enumerate(texts):
        mine = [f for f in findings if f.paragraph == index]
        assert after[index] == apply_fixes(text, mine)
        assert _untargeted_kept(text, after[index], select_fixes(text, mine))
    editor.undo()  # one step
    assert editor.block_texts() == texts


def test_a_junk_paragraph_fixed_with_others_goes_as_a_line(editor):
    texts = ["甲,乙", "仅供学习", "丙;丁"]
    editor.setPlainText("\n".join(texts))
    junk = Finding("junk.x", "junk", Severity.ERROR, "m", 1, 0, 4, "仅供学习", "")
    commas = [Finding("punctuation.x", "punctuation", Severity.WARNING, "m", p, 1, 2, t[1], "，")
              for p, t in ((0, texts[0]), (2, texts[2]))]
    assert editor.apply_fixes([*commas, junk]) == 3
    assert editor.block_texts() == ["甲，乙", "丙，丁"]
