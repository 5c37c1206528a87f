"""Text → paragraphs with roles, heading labels, the title and the block tree."""

import pytest

from gongwen.core.model import Role
from gongwen.core.parse import find_enumerations, make_paragraph, parse_label, parse_text

from support import parse_titled


@pytest.mark.parametrize(
    ("text", "level", "value", "halfwidth"),
    [
        ("一、工作开展情况", 1, 1, False),
        ("十二、其他", 1, 12, False),
        ("（三）维护网络意识形态安全", 2, 3, False),
        ("(三)维护网络意识形态安全", 2, 3, True),
        ("1.加强学习", 3, 1, True),
        ("2．强化考核", 3, 2, False),
        ("3、完善机制", 3, 3, False),
        ("（4）开展培训", 4, 4, False),
        ("(4)开展培训", 4, 4, True),
    ],
)
def test_heading_labels(text, level, value, halfwidth):
    label = parse_label(text)
    assert (label.level, label.value, label.halfwidth) == (level, value, halfwidth)


@pytest.mark.parametrize("text", ["2020年上半年", "1.5万元用于", "一是加强学习", "统一思想", "（注：略）"])
def test_not_headings(text):
    assert make_paragraph(0, text).role is Role.BODY


def test_heading_and_body_in_one_paragraph_ends_at_first_full_stop():
    paragraph = make_paragraph(0, "（一）完善领导责任制。按照属地管理的原则，明确了责任。")
    assert paragraph.role is Role.HEADING
    assert paragraph.text[: paragraph.heading_end] == "（一）完善领导责任制。"
    assert paragraph.heading_text == "完善领导责任制"


def test_inline_enumerations():
    found = find_enumerations("存在的问题一是学习不够，二是方法不新。第一，要加强；第二，要落实。")
    assert [(e.kind, e.value) for e in found] == [("shi", 1), ("shi", 2), ("di", 1), ("di", 2)]
    assert not find_enumerations("要统一是非标准")


def test_title_skips_adverts_and_compilation_headings():
    document = parse_titled("仅供学习 禁止外传\n意识形态工作总结十篇3\n市文旅局2025年上半年意识形态工作总结\n"
                          "2025年，我局……。\n一、工作开展情况\n正文。")
    assert document.title == "市文旅局2025年上半年意识形态工作总结"
    assert document.paragraphs[2].role is Role.TITLE


def test_block_tree_and_innermost_block():
    document = parse_text("标题总结\n一、甲\n（一）乙\n正文一。\n（二）丙\n二、丁\n正文二。")
    top = document.root.children
    assert [b.heading for b in top] == [1, 5]
    assert [c.heading for c in top[0].children] == [2, 4]
    assert document.block_of[3].heading == 2
    assert document.block_of[6].heading == 5
    assert top[0].end == 5


def test_blank_lines_are_paragraphs_so_indices_match_editor_blocks():
    document = parse_titled("标题总结\n\n一、甲\r\n正文。")
    assert [p.role for p in document.paragraphs] == [Role.TITLE, Role.BLANK, Role.HEADING, Role.BODY]


def test_no_paragraphs_gives_one_blank_paragraph(audit_text):
    from gongwen.core.parse import parse_paragraphs

    document = parse_paragraphs([])
    assert [p.role for p in document.paragraphs] == [Role.BLANK]
    assert audit_text("").findings  # missing sections, anchored on paragraph 0
