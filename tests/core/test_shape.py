"""The document's shape (core/shape.py) and honest sections (core/sections.py): site
furniture is no structure, the opening and a contents list answer nothing, document-level
findings survive junk, the year comes from the opening when the title has none."""

from __future__ import annotations

from dataclasses import dataclass

from gongwen.core.audit import Auditor
from gongwen.core.model import Role, Severity
from gongwen.core.parse import parse_text


def audit(catalog, text, checklist="ideology-summary", document=None):
    auditor = Auditor(catalog.get(checklist), catalog.pack)
    return auditor.audit(document or parse_text(text))


def shape_of(catalog, text, document=None):
    return Auditor(catalog.get("ideology-summary"), catalog.pack).shaper.shape(
        document or parse_text(text))


BODY = "局党组召开专题会议4次研究意识形态工作，签订责任书12份，把意识形态工作纳入年度考核。"


def test_a_page_marker_is_no_heading_and_keeps_the_list_counting(catalog):
    text = ("县图书馆2024年意识形态工作总结\n一、落实责任\n"
            "　　一是召开专题会议4次，研究部署全年工作，明确了馆长为第一责任人，并建立了阵地管理台账\n"
            "5、二是签订责任书6份。\n3、\n　　三是开展督查2次。")
    shape = shape_of(catalog, text)
    assert shape.markers == {3: 2, 4: 2} and 4 in shape.junk
    assert shape.document.paragraphs[3].role is Role.BODY
    report = audit(catalog, text)
    assert not [f for f in report.findings if f.category == "numbering"]
    markers = [(f.paragraph, f.text, f.fix) for f in report.findings if f.rule == "junk.page-marker"]
    assert markers == [(3, "5、", ""), (4, "3、", "")]


def test_a_real_numbered_list_stays_headings(catalog):
    text = ("县图书馆2024年意识形态工作总结\n一、落实责任\n"
            "1、召开会议4次。\n2、签订责任书6份。\n3、开展督查2次。")
    shape = shape_of(catalog, text)
    assert shape.markers == {}
    assert [p.level for p in shape.document.paragraphs[2:]] == [3, 3, 3]


@dataclass
class CellSource:
    kind: str = "table"
    label: str = ""


def test_numbers_in_table_cells_or_from_word_are_never_page_markers(catalog):
    document = parse_text("县图书馆2024年意识形态工作总结\n一、落实责任\n序号\n1\n2、\n3.三级标题")
    document.sources = [None, None, CellSource(), CellSource(), CellSource(),
                        CellSource(kind="body", label="3.")]
    shape = shape_of(catalog, "", document)
    assert shape.markers == {} and not (shape.junk & {3, 4})


def test_a_one_before_the_title_hides_nothing(catalog):
    report = audit(catalog, "1、2024年度县图书馆意识形态工作总结\n一、落实责任\n" + BODY)
    assert report.title == "2024年度县图书馆意识形态工作总结"
    assert report.document.title_index == 0


def test_no_title_line_and_the_first_heading_is_no_title(catalog):
    report = audit(catalog, "加强组织领导，压实主体责任\n" + BODY)
    assert report.title == ""
    report = audit(catalog, "一、加强组织领导\n" + BODY)
    assert report.title == "" and report.document.title_index is None


def test_the_title_printed_twice_and_compilation_furniture(catalog):
    text = ("乡镇意识形态工作总结范文3篇。\n【篇一】东湖镇2024年意识形态工作总结\n"
            "东湖镇2024年意识形态工作总结\n一、落实责任\n" + BODY)
    report = audit(catalog, text)
    assert report.title == "东湖镇2024年意识形态工作总结"
    rules = {f.rule: (f.paragraph, f.text) for f in report.findings if f.category == "junk"}
    assert rules["junk.compilation"][0] == 0
    assert rules["junk.compilation-prefix"] == (1, "【篇一】")
    assert rules["junk.duplicate-title"][0] == 2
    missing = [f for f in report.findings if f.rule == "structure.missing"]
    assert missing and all(f.paragraph == 1 for f in missing)  # on the real title


def test_missing_sections_survive_a_junk_first_line(catalog):
    report = audit(catalog, "2023年社区意识形态工作总结（精选6篇）\n"
                            "2023年，社区党委召开会议研究意识形态工作3次。")
    missing = [f for f in report.findings if f.rule == "structure.missing"]
    assert len(missing) == 5 and {f.paragraph for f in missing} == {1}
    assert all(f.severity is Severity.ERROR for f in missing)


def test_a_table_of_contents_is_no_structure(catalog):
    text = ("县水务局2024年意识形态工作总结\n目  录\n一、组织领导\n二、存在问题\n三、下一步打算\n"
            "一、组织领导\n" + BODY)
    shape = shape_of(catalog, text)
    assert shape.contents == frozenset({1, 2, 3, 4})
    report = audit(catalog, text)
    status = {s.id: s.status for s in report.sections}
    assert status["problems"] == status["next_steps"] == "missing"
    assert not [f for f in report.findings if f.category == "numbering"]


def test_the_opening_answers_nothing_but_the_overview(catalog):
    text = ("县文化馆2024年意识形态工作总结\n"
            "2024年，馆党支部在理论学习、网络意识形态、阵地管理等方面开展工作，"
            "查找了存在问题，明确了下一步打算，现将有关情况总结如下。\n一、加强组织领导\n" + BODY)
    status = {s.id: s.status for s in audit(catalog, text).sections}
    assert status["leadership"] != "missing"
    assert [s for s, v in status.items() if v == "missing"] == \
        ["overview", "study", "positions", "network", "guidance", "judgement", "problems",
         "next_steps"]


def test_a_duty_report_opening_may_answer_the_performance_part(catalog):
    text = ("2024年度述职报告\n2024年，本人认真履行意识形态工作第一责任人职责，主持研究意识形态工作4次，"
            "现将履职情况报告如下。\n一、存在的问题\n对网络舆情的研判还不够深入，对基层的督导还不够经常。")
    sections = {s.id: s for s in audit(catalog, text, "duty-report").sections}
    assert sections["performance"].status == "thin" and sections["performance"].paragraph == 1


def test_the_year_comes_from_the_opening_when_the_title_has_none(catalog):
    for opening, year in (("2024年，", 2024), ("2022年以来，", 2022), ("今年以来，", None)):
        shape = shape_of(catalog, f"县文化馆意识形态工作总结\n{opening}馆党支部认真落实责任制。")
        assert shape.year == year
    report = audit(catalog, "县文化馆意识形态工作总结\n2023年，馆党支部开展庆祝建国75周年活动。")
    assert [f.text for f in report.findings if f.rule == "date.anniversary"] == ["建国75周年"]


def test_a_lead_sentence_is_a_strong_answer_with_a_figure_gap(catalog):
    text = ("县文化馆2024年意识形态工作总结\n现将有关情况总结如下。\n"
            "一是强化理论学习。馆党支部坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，"
            "认真落实“第一议题”制度，持续推动学习往深里走、往实里走。")
    report = audit(catalog, text)
    study = next(s for s in report.sections if s.id == "study")
    assert study.status == "thin" and study.paragraph == 2
    gap = [f for f in report.findings if f.rule == "quantity.gap"]
    assert [(f.paragraph, f.text) for f in gap] == [(2, "一是强化理论学习。")]


def test_what_a_closing_section_says_names_no_other_section(catalog):
    text = ("县文化馆2024年意识形态工作总结\n一、加强组织领导\n" + BODY + "\n二、存在问题\n"
            "一是理论学习不够深入；二是网络舆情应对能力不足。\n三、下一步打算\n下一步，我们将加强学习。")
    status = {s.id: s.status for s in audit(catalog, text).sections}
    assert status["study"] == status["network"] == "missing"


def test_a_topic_inside_a_paragraph_opens_a_closing_section(catalog):
    text = ("县文化馆2024年意识形态工作总结\n一、加强组织领导\n" + BODY +
            "虽然取得了一定成效，但还存在宣传方式单一、网络阵地管理力量不足等问题。今后，我们将持续用力。")
    status = {s.id: s.status for s in audit(catalog, text).sections}
    assert status["problems"] != "missing" and status["next_steps"] != "missing"


def test_weights_and_counter_examples_are_checked_when_the_checklist_loads():
    import pytest

    from gongwen.core.checklist import ChecklistError, parse_checklist

    base = ('id = "x"\nname = "x"\n[[section]]\nid = "problems"\ntitle = "存在问题"\n'
            'keywords = ["不足", "存在问题"]\nweights = { "不足" = 0.5 }\n')
    checklist = parse_checklist(base + 'examples = ["二、存在问题"]\ncounter_examples = ["（二）经费不足"]\n',
                                "x.toml")
    assert checklist.sections_named_by("二、工作中的不足") == set()
    with pytest.raises(ChecklistError, match="反例标题"):
        parse_checklist(base + 'counter_examples = ["二、存在问题"]\n', "x.toml")
    with pytest.raises(ChecklistError, match="权重应为数字"):
        parse_checklist(base.replace("0.5", '"half"'), "x.toml")
    with pytest.raises(ChecklistError, match="引导语"):
        parse_checklist(base + "openers = ['还存在']\nopener_examples = ['没有问题']\n", "x.toml")


def test_a_longer_keyword_of_another_section_wins(catalog):
    checklist = catalog.get("ideology-summary")
    assert checklist.sections_named_by("三、守好网络阵地") == {"network"}
    assert "positions" in checklist.sections_named_by("三、加强阵地管理")


def test_a_plan_at_the_end_of_a_block_leaves_the_block_its_own(catalog):
    network = ("二是完善舆情机制。建立网络舆情监测台账，健全网络舆情研判处置机制，组建网评员队伍，"
               "规范管理政务新媒体和网络工作群，网络舆情应对能力明显提升。")
    text = ("县文化馆2024年意识形态工作总结\n一、加强组织领导\n" + BODY + "\n二、做好宣传工作\n"
            "一是加强正面宣传，在县级以上媒体刊发稿件12篇。\n" + network + "\n"
            "下一步，我们将继续加强网络阵地管理。")
    sections = {s.id: s for s in audit(catalog, text).sections}
    assert sections["network"].status != "missing" and sections["next_steps"].status != "missing"
    assert sections["next_steps"].paragraph == 6 and sections["network"].paragraph == 5
