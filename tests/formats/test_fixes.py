"""core.fixes: applying fixes right to left, the clean texts of the export, the gate."""

from __future__ import annotations

from gongwen.core.fixes import apply_fixes, blocking, clean_texts
from gongwen.core.model import Finding, Report, Severity, Stats
from gongwen.core.parse import parse_text


def fix(paragraph, start, end, text, replacement, category="punctuation", severity=Severity.WARNING):
    return Finding("r", category, severity, "m", paragraph, start, end, text, replacement)


def test_apply_fixes_right_to_left_and_skips_overlaps_and_stale():
    text = "甲,乙;丙(丁)"
    findings = [fix(0, 1, 2, ",", "，"), fix(0, 3, 4, ";", "；"), fix(0, 5, 8, "(丁)", "（丁）"),
                fix(0, 6, 7, "丁", "戊"), fix(0, 0, 1, "X", "Y")]
    assert apply_fixes(text, findings) == "甲，乙；丙（丁）"
    assert apply_fixes(text, [fix(0, 1, 2, ",", None)]) == text


def test_clean_texts_drop_junk_and_keep_the_rest(audit_text):
    text = "仅供学习 禁止外传\n某局2024年工作总结\n一、工作情况\n开展学习,效果好。"
    report = audit_text(text)
    document = parse_text(text)
    cleaned = clean_texts(document, report.findings)
    assert cleaned[0] == "某局2024年工作总结"
    assert "开展学习，效果好。" in cleaned
    assert "开展学习,效果好。" in clean_texts(document, report.findings, punctuation=False)


def test_blocking_ignores_what_the_export_fixes():
    junk = fix(0, 0, 3, "广告词", "", category="junk", severity=Severity.ERROR)
    placeholder = fix(1, 0, 2, "XX", None, category="placeholder", severity=Severity.ERROR)

    report = Report("c", "c", "", Stats(0, 0, 0), [], [junk, placeholder])
    assert blocking(report) == [placeholder]


def test_a_line_break_fix_splits_the_paragraph_in_the_clean_copy(audit_text):
    from gongwen.core.fixes import clean_document

    opening = "2024年，馆党支部认真落实责任制，现将有关情况报告如下。"
    text = f"县文化馆2024年意识形态工作总结\n{opening} 一、加强组织领导"
    report = audit_text(text)
    breaks = [f for f in report.findings if f.rule == "punctuation.line-break"]
    assert [(f.text, f.fix) for f in breaks] == [(" ", "\n")]
    clean = clean_document(report.document, report.findings)
    assert [p.text for p in clean.paragraphs][1:] == [opening, "一、加强组织领导"]
    assert clean.paragraphs[2].label is not None and clean.title_index == 0


def test_a_stray_dot_is_deleted_and_a_pdf_space_too(audit_text):
    report = audit_text("县文化馆2024年意识形态工作总结\n坚持党管.意识形态原则，牢 牢把握领导权。")
    document = report.document
    assert clean_texts(document, report.findings)[1] == "坚持党管意识形态原则，牢牢把握领导权。"
