"""The clean copy, read back with python-docx: page, fonts, sizes, spacing, page numbers;
the export gate; never overwriting the source; the CLI."""

from __future__ import annotations

import docx
import pytest
from docx.shared import Pt
from docx_builders import digest

from gongwen.cli import main
from gongwen.fileio.errors import WriteError
from gongwen.formats.docx_export import (
    ExportOptions,
    ExportRefused,
    export_docx,
    normalize_date,
    signature_indents,
    title_lines,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DRAFT = """仅供学习 禁止外传
某某县文化和旅游局2024年上半年意识形态工作总结
2024年上半年,局党组认真落实意识形态工作责任制。
一、工作开展情况
（一）强化理论学习。局党组开展集中学习12次，覆盖干部86人次。
1.专题学习。组织专题学习4次。
（1）读书班。举办读书班2期。
二、存在问题
学习方式还比较单一。
三、下一步打算
持续深化理论武装。
"""


def east_asia(element) -> str:
    fonts = element.find(f"{W}rPr/{W}rFonts") if element.tag != f"{W}rPr" else element.find(f"{W}rFonts")
    assert fonts is not None
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
        assert fonts.get(W + attr) is None
    return fonts.get(W + "eastAsia")


@pytest.fixture()
def exported(tmp_path, audit_text):
    report = audit_text(DRAFT)
    out = tmp_path / "定稿.docx"
    options = ExportOptions(force=True, unit="中共某某县文化和旅游局党组", date="2026-11-05")
    export_docx(report.document, report, out, options)
    return docx.Document(str(out))


def paragraph(word, start: str):
    return next(p for p in word.paragraphs if p.text.startswith(start))


def test_page_and_margins(exported):
    section = exported.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]


def test_body_style(exported):
    body = paragraph(exported, "2024年上半年")
    style = body.style
    assert style.name == "公文正文"
    assert east_asia(style.element) == "仿宋_GB2312" == east_asia(body.runs[0]._r)
    assert style.font.size == Pt(16)
    fmt = style.paragraph_format
    assert fmt.first_line_indent == Pt(32)
    assert fmt.line_spacing == Pt(28.95) and fmt.line_spacing_rule == 4  # EXACTLY
    spacing = style.element.find(f"{W}rPr/{W}spacing")
    assert spacing.get(W + "val") == "-5"
    assert "2024年上半年，局党组" in body.text  # punctuation fixed


def test_doc_defaults_are_chinese(exported):
    defaults = exported.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(W + "eastAsia") == "zh-CN"
    assert east_asia(defaults) == "仿宋_GB2312"
    assert exported.styles.element.find(f".//{W}docGrid") is None


def test_title_and_headings(exported):
    title = paragraph(exported, "某某县")
    assert title.style.paragraph_format.alignment == 1 and title.style.font.size == Pt(22)
    assert east_asia(title.runs[0]._r) == "方正小标宋简体"
    assert not title.text.endswith("。")
    expected = {"一、": ("黑体", None), "（一）": ("楷体_GB2312", None), "1.": ("仿宋_GB2312", True),
                "（1）": ("仿宋_GB2312", None)}
    for label, (font, bold) in expected.items():
        heading = paragraph(exported, label)
        first, *rest = heading.runs
        assert east_asia(first._r) == font and bool(first.font.bold) == bool(bold)
        for run in rest:  # the body part of the paragraph
            assert east_asia(run._r) == "仿宋_GB2312" and not run.font.bold


def test_junk_removed_and_no_review_marks(exported):
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "仅供学习" not in text
    assert exported.element.find(f".//{W}highlight") is None
    assert exported.element.find(f".//{W}commentReference") is None


def test_page_numbers_on_alternating_sides(exported):
    assert exported.settings.odd_and_even_pages_header_footer
    section = exported.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        number = footer.paragraphs[0]
        assert number.alignment == alignment
        assert number.text == "— 1 —"
        instr = [t.text for t in number._p.iter(f"{W}instrText")]
        assert [i.strip() for i in instr] == ["PAGE"]
        assert {east_asia(r._r) for r in number.runs} == {"宋体"}
        assert {r.font.size for r in number.runs if r.text} == {Pt(14)}
    assert section.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)
    assert section.even_page_footer.paragraphs[0].paragraph_format.left_indent == Pt(14)


def test_signature_and_date(exported):
    texts = [p.text for p in exported.paragraphs]
    assert texts[-2:] == ["中共某某县文化和旅游局党组", "2026年11月5日"]
    assert all(p.alignment == 2 for p in exported.paragraphs[-2:])


def test_windows_fonts(tmp_path, audit_text):
    out = tmp_path / "win.docx"
    report = audit_text(DRAFT)
    export_docx(report.document, report, out, ExportOptions(fonts="windows", force=True))
    word = docx.Document(str(out))
    assert east_asia(paragraph(word, "2024年")._p.find(f"{W}r")) == "仿宋"
    assert east_asia(paragraph(word, "（一）").runs[0]._r) == "楷体"
    assert east_asia(paragraph(word, "某某县").runs[0]._r) == "宋体"


def test_gate_lists_errors_and_force_overrides(tmp_path, audit_text):
    text = DRAFT.replace("12次", "X次")
    out = tmp_path / "out.docx"
    report = audit_text(text)
    with pytest.raises(ExportRefused) as refused:
        export_docx(report.document, report, out)
    assert "X" in str(refused.value) and "错误" in str(refused.value)
    assert not out.exists()
    export_docx(report.document, report, out, ExportOptions(force=True))
    assert out.exists()


def test_never_overwrites_the_source(tmp_path, audit_text):
    source = tmp_path / "原稿.docx"
    source.write_bytes(b"original")
    report = audit_text(DRAFT)
    with pytest.raises(WriteError, match="不能覆盖原文件"):
        export_docx(report.document, report, source, ExportOptions(force=True),
                    source_path=source)
    assert source.read_bytes() == b"original"


def test_title_lines_break_between_words():
    title = "中共某某县文化和旅游局党组关于2024年上半年意识形态工作责任制落实情况的报告。"
    words = ["中共", "某某县", "文化", "和", "旅游局", "党组", "关于", "2024", "年", "上半年",
             "意识形态", "工作", "责任制", "落实", "情况", "的", "报告", "。"]
    lines = title_lines(title, lambda text: words)
    assert "".join(lines) == title[:-1] and len(lines) == 2
    boundaries = {len("".join(words[:i])) for i in range(len(words))}
    assert len(lines[0]) in boundaries
    assert title_lines("短标题。") == ["短标题"]


def test_dates_and_signature_indents():
    assert normalize_date("2026年01月05日") == "2026年1月5日" == normalize_date("2026-1-5")
    with pytest.raises(ValueError):
        normalize_date("明天")
    assert signature_indents("中共某某县文化和旅游局党组", "2026年11月5日") == (2.0, 13 - 6.5)
    assert signature_indents("某局", "2026年11月25日") == (4.0 + 7 - 2, 2.0)


def test_cli_export(tmp_path, capsys):
    source = tmp_path / "稿.txt"
    source.write_text(DRAFT.replace("12次", "X次"), encoding="utf-8")
    before = digest(source)
    out = tmp_path / "定稿.docx"
    assert main(["export", str(source), str(out)]) == 1
    assert "X" in capsys.readouterr().err and not out.exists()
    assert main(["export", str(source), str(out), "--force", "--fonts", "windows",
                 "--date", "2026年11月25日"]) == 0
    assert out.exists() and digest(source) == before
    assert docx.Document(str(out)).paragraphs[-1].text == "2026年11月25日"
    assert main(["export", str(source), str(out), "--date", "昨天"]) == 2
    assert main(["export", str(source), str(source.with_suffix(".txt"))]) == 2


def _export(tmp_path, audit_text, text: str, **options):
    report = audit_text(text)
    out = export_docx(report.document, report, tmp_path / "定稿.docx",
                      ExportOptions(force=True, **options))
    return docx.Document(str(out)), out


def test_a_typed_signature_and_date_come_out_once_in_place(tmp_path, audit_text):
    text = DRAFT + "\n\n中共某某县文化馆支部委员会\n二〇二五年七月五日"
    word, _ = _export(tmp_path, audit_text, text, unit="别的单位", date="2026年1月1日")
    texts = [p.text for p in word.paragraphs]
    assert texts[-2:] == ["中共某某县文化馆支部委员会", "2025年7月5日"]  # Arabic, as 7.3.5 asks
    assert "别的单位" not in texts and "2026年1月1日" not in texts
    assert texts.count("中共某某县文化馆支部委员会") == 1
    assert all(p.alignment == 2 for p in word.paragraphs[-2:])


def test_without_a_typed_signature_the_profile_and_chosen_date_are_added(tmp_path, audit_text):
    word, _ = _export(tmp_path, audit_text, DRAFT, unit="中共某某县文化馆支部", date="2026-01-05")
    assert [p.text for p in word.paragraphs][-2:] == ["中共某某县文化馆支部", "2026年1月5日"]


def test_with_a_seal_the_date_is_four_characters_in_and_the_unit_centred_over_it():
    assert signature_indents("某局", "2026年11月25日", seal=True) == (4.0 + (7 - 2) / 2, 4.0)
    assert signature_indents("中共某某县文化和旅游局党组", "2026年11月5日", seal=True) == (
        max(4.0 + (6.5 - 13) / 2, 0.0), 4.0)


def test_the_package_says_this_app_made_it_now(tmp_path, audit_text):
    import zipfile
    from datetime import UTC, datetime, timedelta

    word, out = _export(tmp_path, audit_text, DRAFT)
    props = word.core_properties
    assert props.author == "公文审稿台" and props.title == "某某县文化和旅游局2024年上半年意识形态工作总结"
    assert props.comments == "" and "python-docx" not in (props.author + props.comments)
    assert abs(props.created.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
    names = zipfile.ZipFile(out).namelist()
    assert not any("thumbnail" in n for n in names)
    assert "<Application>公文审稿台</Application>" in zipfile.ZipFile(out).read("docProps/app.xml").decode()
