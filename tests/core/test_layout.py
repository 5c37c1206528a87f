"""The layout standard as data (checklists/layout/*.toml), the pure facts model and the
layout rule family, without any file: sample documents built from the standard itself."""

from __future__ import annotations

import dataclasses

import pytest

from gongwen.core.checklist import ChecklistError
from gongwen.core.layout import (
    ADDRESSEE,
    BODY,
    SIGNATURE,
    TITLE,
    PageSetup,
    ParagraphLayout,
    TextSpan,
    find_signature,
    layout_roles,
    size_label,
)
from gongwen.core.layout_standard import sample_document
from gongwen.core.model import Severity
from gongwen.core.numerals import arabic_date, chinese_date
from gongwen.core.parse import parse_text
from gongwen.core.rules.base import Context, Env
from gongwen.core.rules.layout import LayoutFamily, deviations, line_pitch, parse_layout_standard

from support import REPO, parse_titled

LAYOUT = REPO / "checklists" / "layout"
GBT = (LAYOUT / "gbt9704.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def standard():
    return parse_layout_standard(GBT, "gbt9704.toml")


def problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as error:
        parse_layout_standard(text, "unit.toml")
    return error.value.problems


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ---------------------------------------------------------------- the data files


@pytest.mark.parametrize("name", ["gbt9704.toml", "gbt9704-unit-example.toml"])
def test_builtin_standards_load_and_their_sample_is_silent(name):
    standard = parse_layout_standard((LAYOUT / name).read_text(encoding="utf-8"), name)
    assert set(standard.rules) == {
        "layout.page-size", "layout.margins", "layout.grid", "layout.body-font",
        "layout.body-size", "layout.title-font", "layout.heading-font", "layout.indent",
        "layout.page-number", "layout.signature"}
    assert all(rule.severity is Severity.WARNING and rule.why for rule in standard.rules.values())
    document = sample_document(standard)
    assert deviations(document, document.layout, standard) == []


def test_the_standard_says_what_gbt9704_says(standard):
    assert standard.page == (210, 297, 1)
    assert {side: mm for side, (mm, _) in standard.margins.items()} == {
        "top": 37, "bottom": 35, "left": 28, "right": 26}
    assert (standard.lines, standard.chars, standard.line_pitch_pt) == (22, 28, 28.95)
    assert standard.body.fonts[0] == "仿宋_GB2312" and standard.body.accepts_font("仿宋")
    assert standard.body.accepts_font("fangsong") and not standard.body.accepts_font("宋体")
    assert (standard.title.size_pt, standard.title_align) == (22, "center")
    assert standard.headings[1].fonts[0] == "黑体" and standard.headings[2].accepts_font("楷体")
    assert (standard.page_number_form, standard.odd_align, standard.even_align) == ("— N —", "right", "left")


def test_a_toml_error_names_its_line():
    broken = GBT.replace('width_mm = 210', 'width_mm = ')
    [problem] = problems(broken)
    assert problem.startswith(f"unit.toml:{line_of(broken, 'width_mm = ')}: TOML 语法错误")


def test_unknown_and_missing_keys_are_reported_with_lines():
    text = GBT.replace("tolerance_mm = 1\n", "tolerence_mm = 1\n", 1)
    found = problems(text)
    assert f"unit.toml:{line_of(text, 'tolerence_mm')}: [page] 有未知字段 tolerence_mm" in found
    assert any("[page] 缺少 tolerance_mm" in p for p in found)


def test_a_font_group_that_does_not_exist_is_reported():
    wrong = 'fonts = "fangsung"'
    text = GBT.replace('fonts = "fangsong"', wrong)
    [problem] = problems(text)
    assert problem == (f"unit.toml:{line_of(text, wrong)}: "
                       "[body] fonts = “fangsung” 不是 [fonts] 中的非空字体列表")


def test_a_message_with_an_unknown_placeholder_is_reported():
    text = GBT.replace("应为 A4（{expected_width}", "应为 A4（{expected_wide}")
    [problem] = problems(text)
    assert "messages.size 用了未知占位符 {expected_wide}" in problem
    assert problem.startswith(f"unit.toml:{line_of(text, 'expected_wide')}:")


def test_a_missing_rule_and_a_missing_message_kind_are_reported():
    start = GBT.index('[[rule]]\nid = "layout.margins"')
    end = GBT.index("[[rule]]", start + 1)
    found = problems(GBT[:start] + GBT[end:])
    assert any("缺少版式规则“layout.margins”" in p for p in found)
    found = problems(GBT.replace('messages.align = "标题{actual}，应{expected}"\n', ""))
    assert any("缺少 messages.align" in p for p in found)


def test_a_bad_example_that_is_not_caught_is_reported():
    text = GBT.replace('bad = [{ "body.size_pt" = 12 }]', 'bad = [{ "body.size_pt" = 16 }]')
    rule = '"layout.body-size"'
    where = f"unit.toml:{line_of(text, rule)}: "
    assert problems(text) == [where + "规则“layout.body-size”的反例 {body.size_pt = 16} 没有被识别",
                              where + "规则“layout.body-size”没有触发 messages.size 的反例"]


def test_a_good_example_that_is_flagged_is_reported():
    text = GBT.replace('good = [{}, { "body.size_pt" = 16.1 }]', 'good = [{}, { "body.size_pt" = 17 }]')
    [problem] = problems(text)
    assert "正例 {body.size_pt = 17} 被误报" in problem


def test_a_tolerance_too_tight_for_its_own_examples_is_caught():
    """The data checks itself: a typo in a tolerance breaks a good example at load."""
    [problem] = problems(GBT.replace("top_tolerance_mm = 1", "top_tolerance_mm = 0.1"))
    assert "layout.margins" in problem and "被误报" in problem


def test_every_message_kind_needs_a_bad_example():
    text = GBT.replace('    { "footer.size_pt" = 9 },\n', "")
    [problem] = problems(text)
    assert "没有触发 messages.size 的反例" in problem


def test_an_unknown_fact_in_an_example_is_reported():
    text = GBT.replace('bad = [{ "body.size_pt" = 12 }]', 'bad = [{ "body.size" = 12 }]')
    found = problems(text)
    assert any("未知的事实名“body.size”" in p for p in found)


# ---------------------------------------------------------------- the family


def review(document, standard):
    env = Env(checklist=None, pack=None, profile=None)  # the layout family reads neither
    ctx = Context(env, document, {}, [None] * len(document.paragraphs))
    return LayoutFamily(standard).review(ctx)


def test_messages_and_severities_come_from_the_standard():
    text = GBT.replace('messages.size = "{role} {count} 段为{actual}，应为{expected}"',
                       'messages.size = "字号不对：{actual}"')
    start = text.index('id = "layout.body-size"')
    text = text[:start] + text[start:].replace('severity = "warning"', 'severity = "error"', 1)
    standard = parse_layout_standard(text, "unit.toml")
    document = sample_document(standard, {"body.size_pt": 12})
    [size] = [f for f in review(document, standard) if f.rule == "layout.body-size"]
    assert (size.message, size.severity, size.category) == (
        "字号不对：小四（12 磅）", Severity.ERROR, "layout")
    body = next(p for p in document.paragraphs if p.text.startswith("全年"))
    assert (size.paragraph, size.start, size.end, size.text) == (body.index, 0, len(body.text), body.text)


def test_a_document_without_layout_facts_gets_nothing(standard):
    assert review(parse_text("某某局2025年工作总结\n全年开展学习12次。"), standard) == []


def test_page_level_findings_point_at_the_first_paragraph(standard):
    document = sample_document(standard, {"page.width_mm": 215.9, "page.height_mm": 279.4})
    [finding] = review(document, standard)
    assert (finding.rule, finding.paragraph, finding.start, finding.end) == ("layout.page-size", 0, 0, 0)
    assert finding.message == "纸张为 215.9×279.4 毫米，应为 A4（210×297 毫米）"


def test_equivalent_fonts_pass(standard):
    for facts in ({"body.font": "仿宋"}, {"heading1.font": "SimHei"}, {"heading2.font": "KaiTi"},
                  {"title.font": "宋体", "title.bold": True}, {"footer.font": "SimSun"}):
        document = sample_document(standard, facts)
        assert deviations(document, document.layout, standard) == [], facts


# ---------------------------------------------------------------- the facts model


def layout(**changes) -> ParagraphLayout:
    base = ParagraphLayout(index=0, kind="body", section=0, style="", align="both",
                           first_line_chars=None, first_line_pt=0.0, line_rule="auto", line=1.0,
                           spans=(TextSpan(0, 4, "仿宋", "Times New Roman", 16.0),))
    return dataclasses.replace(base, **changes)


def page(**changes) -> PageSetup:
    return dataclasses.replace(PageSetup(210, 297, 37, 35, 28, 26), **changes)


def test_line_pitch_follows_exact_spacing_or_the_grid():
    grid = page(grid_type="lines", line_pitch_pt=28.95)
    assert line_pitch(layout(line_rule="exact", line=28.95), page()) == 28.95
    assert line_pitch(layout(), grid) == 28.95  # 三号 fits one 28.95 pt grid line
    word_grid = page(grid_type="lines", line_pitch_pt=15.6)
    assert line_pitch(layout(), word_grid) == pytest.approx(31.2)  # 三号 needs two 15.6 pt lines
    small = layout(spans=(TextSpan(0, 4, "等线", "等线", 10.5),), line=1.5)
    assert line_pitch(small, word_grid) == pytest.approx(23.4)
    assert line_pitch(layout(snap_to_grid=False), grid) == pytest.approx(20.8)  # off the grid


def test_indent_adds_left_and_first_line_in_their_own_units():
    assert layout(first_line_chars=2.0).indent_chars() == 2
    assert layout(first_line_pt=32.0).indent_chars() == 2
    assert layout(left_pt=31.45, first_line_chars=0.0).indent_chars() == pytest.approx(1.97, abs=0.01)
    assert layout(left_chars=2.0, first_line_chars=-2.0).indent_chars() == 0


def test_the_east_asian_font_is_the_one_most_chinese_characters_use():
    text = "“一是”坚持学习，abc"
    spans = (TextSpan(0, 4, "黑体", "Arial", 16, hint_east_asia=True),
             TextSpan(4, 12, "仿宋", "Arial", 16))
    paragraph = layout(spans=spans)
    assert paragraph.east_asia_font(text) == "仿宋"
    assert paragraph.east_asia_font(text, 0, 4) == "黑体"  # the quotes count with hint="eastAsia"
    assert paragraph.east_asia_font("abc") is None


def test_size_labels():
    assert [size_label(s) for s in (16, 22, 14, 10.5, 13)] == [
        "三号（16 磅）", "二号（22 磅）", "四号（14 磅）", "五号（10.5 磅）", "13 磅"]


def test_chinese_dates_become_arabic():
    assert arabic_date("二〇二五年七月十日") == "2025年7月10日"
    assert arabic_date("二○二四年十二月三十一日") == "2024年12月31日"


def test_arabic_dates_become_chinese_and_back():
    for text in ("2025年7月10日", "2024年12月31日", "2030年1月1日", "2026年11月20日"):
        assert arabic_date(chinese_date(text)) == text
    assert chinese_date("2026年11月25日") == "二〇二六年十一月二十五日"
    assert chinese_date("2026年13月1日") == "2026年13月1日" and chinese_date("明天") == "明天"


def test_the_signature_is_found_at_the_end():
    text = "某局2025年工作总结\n全年开展学习12次。\n\n中共某某局党组\n2025年7月10日\n\n抄送：县委办公室"
    facts = find_signature(parse_text(text))
    assert (facts.unit, facts.date, facts.chinese_date, facts.last) == (3, 4, None, 6)
    facts = find_signature(parse_text("某局2025年工作总结\n全年开展学习12次。\n二〇二五年七月十日"))
    assert (facts.unit, facts.date, facts.chinese_date) == (None, None, 2)
    far = "某局2025年工作总结\n某局\n2025年7月10日\n" + "正文。\n" * 6
    assert find_signature(parse_text(far)).date is None


def test_roles_skip_subtitles_captions_and_what_follows_the_date(standard):
    text = ("某某局2025年意识形态工作总结\n（2025年7月1日）\n各科室：\n一、总体情况\n"
            "全年开展集中学习12次。\n表1 学习情况统计\n中共某某局党组\n2025年7月10日\n抄送：县委")
    document = parse_titled(text)
    facts = sample_document(standard).layout
    centred = {1, 5}
    facts.paragraphs = {p.index: layout(index=p.index, align="center" if p.index in centred else "both")
                        for p in document.paragraphs}
    facts.signature = find_signature(document)
    roles = layout_roles(document, facts)
    assert roles == {0: TITLE, 2: ADDRESSEE, 3: "heading", 4: BODY, 6: SIGNATURE, 7: SIGNATURE}
