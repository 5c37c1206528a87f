"""The formatting resolver (formats/docx_styles.py) on packages written part by part:
direct formatting only, styles only, both mixed, theme fonts, basedOn chains, Chinese
style ids, numbering levels, table styles, toggles, indents, sections and footers — and
on the real files in ../shared/docx-samples."""

from __future__ import annotations

import docx
import pytest
from layout_builders import (
    Package,
    fonts,
    footer_xml,
    number_footer,
    page_field,
    paragraph,
    run,
    sect_pr,
    settings_xml,
    style,
    styles_xml,
    theme_xml,
)

from gongwen.formats.docx_styles import StyleResolver, W, sections

from support import SHARED

DEFAULT_THEME = ('<w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
                 'w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi"/>'
                 '<w:sz w:val="21"/></w:rPr></w:rPrDefault>')
NORMAL = style("a", "Normal", default=True)
SAMPLES = SHARED / "docx-samples"


def load(tmp_path, body: str, styles: str = "", settings: str | None = None,
         theme: str | None = None, numbering: str | None = None,
         footers: dict[str, str] | None = None, sect: str | None = None):
    """(resolver, body paragraphs, python-docx document) of a package built from parts."""
    package = Package(body=body + (sect if sect is not None else sect_pr()),
                      styles=styles or styles_xml("", NORMAL),
                      settings=settings_xml() if settings is None else settings, theme=theme,
                      numbering=numbering, footers=footers or {})
    word = docx.Document(str(package.write(tmp_path / "t.docx")))
    return StyleResolver.from_word(word), list(word.element.body.iter(W + "p")), word


def first_run(p):
    return next(p.iter(W + "r"))


# ---------------------------------------------------------------- runs


def test_direct_formatting_only(tmp_path):
    rpr = fonts("黑体", "Arial") + '<w:b/><w:sz w:val="30"/>'
    ppr = ('<w:spacing w:line="579" w:lineRule="exact"/><w:ind w:firstLine="480"/>'
           '<w:jc w:val="center"/>')
    resolver, [p], _ = load(tmp_path, paragraph("标题", ppr=ppr, rpr=rpr), styles_xml("", ""))
    fmt = resolver.run(first_run(p), p)
    assert (fmt.east_asia, fmt.ascii, fmt.size_pt, fmt.bold, fmt.hint_east_asia) == (
        "黑体", "Arial", 15, True, True)
    para = resolver.paragraph(p)
    assert (para.align, para.first_line_pt, para.first_line_chars) == ("center", 24, None)
    assert (para.line_rule, para.line) == ("exact", 28.95)


def test_nothing_set_anywhere_gives_word_defaults(tmp_path):
    resolver, [p], _ = load(tmp_path, paragraph("正文"), styles_xml("", ""))
    fmt = resolver.run(first_run(p), p)
    assert (fmt.east_asia, fmt.size_pt, fmt.bold) == (None, 10, False)
    para = resolver.paragraph(p)
    assert (para.align, para.line_rule, para.line, para.snap_to_grid) == ("left", "auto", 1.0, True)


def test_styles_only_through_a_basedon_chain_three_deep(tmp_path):
    """d → c → b → a: each level sets one attribute, the paragraph gets all four."""
    styles = styles_xml('<w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault>', "".join([
        style("a", "Normal", rpr=fonts("仿宋") + '<w:sz w:val="32"/>', default=True),
        style("b", "加粗", rpr="<w:b/>", based="a"),
        style("c", "居中", ppr='<w:jc w:val="center"/>', based="b"),
        style("d", "四号", rpr='<w:sz w:val="28"/>', based="c")]))
    resolver, [p], _ = load(tmp_path, paragraph("文字", "d"), styles)
    fmt = resolver.run(first_run(p), p)
    assert (fmt.east_asia, fmt.bold, fmt.size_pt) == ("仿宋", True, 14)
    assert resolver.paragraph(p).align == "center"
    assert resolver.paragraph(p).style_name == "四号"


def test_a_basedon_cycle_does_not_hang(tmp_path):
    styles = styles_xml("", style("x", "x", rpr='<w:sz w:val="24"/>', based="y", default=True)
                        + style("y", "y", rpr="<w:b/>", based="x"))
    resolver, [p], _ = load(tmp_path, paragraph("文字"), styles)
    assert resolver.run(first_run(p), p).size_pt == 12


def test_nearest_level_wins_per_attribute_when_mixed(tmp_path):
    """Style: 仿宋 16 pt; a character style: 楷体; the run: 12 pt. Each attribute from
    the nearest level that says it."""
    styles = styles_xml("", "".join([
        style("a", "Normal", rpr=fonts("仿宋") + '<w:sz w:val="32"/>', default=True),
        style("k", "楷体字", rpr=fonts("楷体"), kind="character")]))
    body = paragraph("", runs=run("甲", '<w:sz w:val="24"/>') + run("乙", '<w:rStyle w:val="k"/>')
                     + run("丙", '<w:rStyle w:val="k"/>' + fonts("黑体")))
    resolver, [p], _ = load(tmp_path, body, styles)
    first, second, third = (resolver.run(r, p) for r in p.iter(W + "r"))
    assert (first.east_asia, first.size_pt) == ("仿宋", 12)
    assert (second.east_asia, second.size_pt) == ("楷体", 16)
    assert third.east_asia == "黑体"


def test_chinese_style_ids_and_the_default_paragraph_style(tmp_path):
    """Chinese Word names Normal ``a``: found by w:default="1", not by its id; an unknown
    pStyle falls back to it, as Word does."""
    styles = styles_xml("", style("a", "Normal", rpr=fonts("仿宋_GB2312") + '<w:sz w:val="32"/>',
                                  default=True)
                        + style("Normal", "not the default", rpr=fonts("宋体")))
    body = paragraph("无样式") + paragraph("未知样式", "不存在")
    resolver, paragraphs, _ = load(tmp_path, body, styles)
    assert resolver.default_paragraph_style == "a"
    for p in paragraphs:
        assert resolver.run(first_run(p), p).east_asia == "仿宋_GB2312"
        assert resolver.paragraph(p).style_name == "Normal"
    assert resolver.normal_size_pt() == 16


# ---------------------------------------------------------------- theme fonts


def test_theme_fonts_resolve_through_the_hans_entry(tmp_path):
    resolver, [p], _ = load(tmp_path, paragraph("正文"), styles_xml(DEFAULT_THEME, NORMAL),
                            theme=theme_xml(latin="等线", hans="等线"))
    fmt = resolver.run(first_run(p), p)
    assert (fmt.east_asia, fmt.ascii, fmt.size_pt) == ("等线", "等线", 10.5)


def test_theme_font_language_chooses_the_script(tmp_path):
    """themeFontLang eastAsia="ja-JP" (python-docx's own template) → the Jpan entry."""
    resolver, [p], _ = load(tmp_path, paragraph("正文"), styles_xml(DEFAULT_THEME, NORMAL),
                            settings=settings_xml(lang="ja-JP"),
                            theme=theme_xml(latin="Cambria", hans="宋体", jpan="ＭＳ 明朝"))
    fmt = resolver.run(first_run(p), p)
    assert (fmt.east_asia, fmt.ascii) == ("ＭＳ 明朝", "Cambria")


def test_without_a_script_entry_the_ea_typeface_is_used(tmp_path):
    resolver, [p], _ = load(tmp_path, paragraph("正文"), styles_xml(DEFAULT_THEME, NORMAL),
                            settings=settings_xml(lang="en-US"),
                            theme=theme_xml(ea="微软雅黑", hans="宋体"))
    assert resolver.run(first_run(p), p).east_asia == "微软雅黑"


def test_without_theme_font_language_the_chinese_entry_is_used(tmp_path):
    resolver, [p], _ = load(tmp_path, paragraph("正文"), styles_xml(DEFAULT_THEME, NORMAL),
                            settings="", theme=theme_xml(hans="等线", jpan="游明朝"))
    assert resolver.run(first_run(p), p).east_asia == "等线"


def test_theme_attribute_beats_the_name_on_one_element_but_a_nearer_name_wins(tmp_path):
    both = '<w:rFonts w:eastAsia="仿宋" w:eastAsiaTheme="majorEastAsia"/>'
    styles = styles_xml(DEFAULT_THEME, style("a", "Normal", rpr=both, default=True))
    body = paragraph("甲") + paragraph("乙", rpr='<w:rFonts w:eastAsia="楷体"/>')
    resolver, (first, second), _ = load(tmp_path, body, styles,
                                        theme=theme_xml(hans="等线", major_hans="等线 Light"))
    assert resolver.run(first_run(first), first).east_asia == "等线 Light"
    assert resolver.run(first_run(second), second).east_asia == "楷体"


def test_without_a_theme_part_a_theme_reference_names_no_font(tmp_path):
    resolver, [p], _ = load(tmp_path, paragraph("正文"), styles_xml(DEFAULT_THEME, NORMAL))
    assert resolver.run(first_run(p), p).east_asia is None


def test_complex_script_size_is_not_the_size_of_chinese_text(tmp_path):
    resolver, [p], _ = load(tmp_path, paragraph("正文", rpr='<w:szCs w:val="44"/>'),
                            styles_xml(DEFAULT_THEME, NORMAL))
    assert resolver.run(first_run(p), p).size_pt == 10.5


# ---------------------------------------------------------------- toggles


def test_bold_toggles_across_style_types_and_direct_formatting_is_absolute(tmp_path):
    styles = styles_xml("", "".join([
        style("a", "Normal", default=True), style("h", "加粗段", rpr="<w:b/>", based="a"),
        style("s", "Strong", rpr="<w:b/>", kind="character")]))
    body = paragraph("", "h", runs=run("甲") + run("乙", '<w:rStyle w:val="s"/>')
                     + run("丙", '<w:rStyle w:val="s"/><w:b/>') + run("丁", '<w:b w:val="0"/>'))
    resolver, [p], _ = load(tmp_path, body, styles)
    assert [resolver.run(r, p).bold for r in p.iter(W + "r")] == [True, False, True, False]


# ---------------------------------------------------------------- numbering and tables


NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             f'<w:numbering xmlns:w="{W[1:-1]}">'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/>'
             '<w:pPr><w:ind w:left="0" w:firstLine="960"/></w:pPr>'
             '<w:rPr><w:rFonts w:eastAsia="黑体" w:hint="eastAsia"/><w:b/></w:rPr></w:lvl>'
             '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
NUM_PR = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'


def test_numbering_level_formats_the_label_only(tmp_path):
    styles = styles_xml("", style("a", "Normal", rpr=fonts("仿宋") + '<w:sz w:val="32"/>', default=True))
    resolver, [p], _ = load(tmp_path, paragraph("总体情况", ppr=NUM_PR), styles, numbering=NUMBERING)
    label = resolver.label(p)
    assert (label.east_asia, label.bold, label.size_pt) == ("黑体", True, 16)
    text = resolver.run(first_run(p), p)
    assert (text.east_asia, text.bold) == ("仿宋", False)
    assert resolver.label(p) is not None and resolver.paragraph(p).num_id == "1"


def test_a_direct_list_indent_beats_the_style_a_style_list_loses_to_it(tmp_path):
    indent = '<w:ind w:firstLine="320"/>'
    styles = styles_xml("", style("a", "Normal", default=True)
                        + style("h", "标题", ppr=NUM_PR + indent, based="a")
                        + style("p", "段落", ppr=indent, based="a"))
    body = paragraph("直接编号", "p", ppr=NUM_PR) + paragraph("样式编号", "h")
    resolver, (direct, styled), _ = load(tmp_path, body, styles, numbering=NUMBERING)
    assert resolver.paragraph(direct).first_line_pt == 48  # the level's 960 twips
    assert resolver.paragraph(styled).first_line_pt == 16  # the style's 320 twips
    assert resolver.label(styled).east_asia == "黑体"


def test_a_table_style_formats_the_paragraphs_of_its_table(tmp_path):
    styles = styles_xml("", style("a", "Normal", rpr=fonts("仿宋"), default=True)
                        + style("t", "表格", rpr='<w:sz w:val="24"/>', kind="table"))
    table = ('<w:tbl><w:tblPr><w:tblStyle w:val="t"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>'
             f'</w:tblGrid><w:tr><w:tc>{paragraph("单元格")}</w:tc></w:tr></w:tbl>')
    resolver, (cell, outside), _ = load(tmp_path, table + paragraph("正文"), styles)
    assert (resolver.run(first_run(cell), cell).size_pt,
            resolver.run(first_run(cell), cell).east_asia) == (12, "仿宋")
    assert resolver.run(first_run(outside), outside).size_pt == 10


# ---------------------------------------------------------------- indents and spacing


def test_first_line_chars_beat_first_line_and_zero_chars_cancel(tmp_path):
    styles = styles_xml("", style("a", "Normal", ppr='<w:ind w:firstLineChars="200" w:firstLine="640"/>',
                                  rpr='<w:sz w:val="32"/>', default=True))
    body = (paragraph("继承") + paragraph("只改磅值", ppr='<w:ind w:firstLine="0"/>')
            + paragraph("字符为零", ppr='<w:ind w:firstLineChars="0"/>')
            + paragraph("悬挂", ppr='<w:ind w:leftChars="200" w:hangingChars="200" w:hanging="640"/>'))
    resolver, paragraphs, _ = load(tmp_path, body, styles)
    chars = [resolver.paragraph(p).first_line_chars for p in paragraphs]
    assert chars == [2, 2, 0, -2]  # setting firstLine alone keeps the inherited two characters
    assert resolver.paragraph(paragraphs[3]).left_chars == 2


def test_line_spacing_rules(tmp_path):
    body = (paragraph("单倍", ppr='<w:spacing w:line="240" w:lineRule="auto"/>')
            + paragraph("1.08", ppr='<w:spacing w:after="160" w:line="259"/>')
            + paragraph("固定", ppr='<w:spacing w:line="579" w:lineRule="exact"/>')
            + paragraph("最小", ppr='<w:spacing w:line="600" w:lineRule="atLeast"/>'))
    resolver, paragraphs, _ = load(tmp_path, body, styles_xml("", NORMAL))
    got = [(resolver.paragraph(p).line_rule, round(resolver.paragraph(p).line, 2)) for p in paragraphs]
    assert got == [("auto", 1.0), ("auto", 1.08), ("exact", 28.95), ("atLeast", 30)]


# ---------------------------------------------------------------- sections and footers


def footer_root(word):
    return lambda rid: getattr(word.part.related_parts.get(rid), "element", None)


def test_sections_pages_grids_and_inherited_footers(tmp_path):
    margins = '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1304" w:gutter="284"/>'
    first = sect_pr(size='<w:pgSz w:w="11906" w:h="16838"/>', margins=margins,
                    footers={"default": "rIdA", "even": "rIdB"}, extra="<w:titlePg/>")
    body = (paragraph("第一节") + f'<w:p><w:pPr>{first}</w:pPr></w:p>' + paragraph("第二节"))
    last = sect_pr(size='<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>',
                   grid='<w:pgNumType w:fmt="numberInDash"/><w:docGrid w:type="lines" w:linePitch="312"/>',
                   footers={"default": "rIdC"})
    _, _, word = load(tmp_path, body, sect=last,
                      footers={"rIdA": number_footer("right"), "rIdB": number_footer("left"),
                               "rIdC": number_footer("center")})
    (_, one), (_, two) = sections(word.element.body, footer_root(word))
    assert (one.width_pt, one.height_pt, one.top_pt, one.left_pt, one.gutter_pt) == (
        595.3, 841.9, 104.9, 65.2, 14.2)
    assert (one.grid_type, one.line_pitch_pt, one.char_space, one.title_page) == (
        "linesAndChars", 28.95, -849, True)
    assert set(one.footers) == {"default", "even"}
    assert (two.width_pt, two.grid_type, two.page_number_format) == (841.9, "lines", "numberInDash")
    assert two.footers["even"] is one.footers["even"]  # not referenced again: inherited
    assert two.footers["default"] is not one.footers["default"]


def page_number(tmp_path, footer: str, parity: str = "odd", page_format: str = "", styles: str = ""):
    resolver, _, word = load(tmp_path, paragraph("正文"), styles, footers={"rIdF": footer},
                             sect=sect_pr(footers={"default": "rIdF"}))
    root = word.part.related_parts["rIdF"].element
    return resolver.page_number(root, page_format, parity)


PAGE_STYLES = styles_xml("", NORMAL + style("f", "footer", rpr='<w:sz w:val="18"/>', based="a")
                         + style("n", "page number", rpr=fonts("宋体", "宋体") + '<w:sz w:val="28"/>',
                                 kind="character"))


def test_a_page_field_with_its_text_side_and_number_size(tmp_path):
    number = page_number(tmp_path, number_footer("right", style="f", number_style="n"),
                         styles=PAGE_STYLES)
    assert (number.found, number.text, number.align, number.size_pt, number.font) == (
        True, "— N —", "right", 14, "宋体")


def test_the_number_size_comes_from_the_field_result_run(tmp_path):
    runs = (run("- ", '<w:sz w:val="18"/>') + page_field("1", '<w:sz w:val="24"/>')
            + run(" -", '<w:sz w:val="18"/>'))
    number = page_number(tmp_path, footer_xml(paragraph("", "f", '<w:jc w:val="center"/>', runs=runs)),
                         styles=PAGE_STYLES)
    assert (number.text, number.align, number.size_pt) == ("- N -", "center", 12)


def test_simple_fields_dash_switches_and_dash_number_formats(tmp_path):
    simple = footer_xml('<w:p><w:r><w:t xml:space="preserve">第</w:t></w:r>'
                        '<w:fldSimple w:instr=" PAGE \\* ArabicDash "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                        '<w:r><w:t>页</w:t></w:r></w:p>')
    assert page_number(tmp_path, simple).text == "第- N -页"
    plain = number_footer("right", before="", after="")
    assert page_number(tmp_path, plain, page_format="numberInDash").text == "- N -"
    assert page_number(tmp_path, plain, page_format="chineseCounting").number_format == "chineseCounting"


def test_other_fields_are_not_page_numbers(tmp_path):
    footer = footer_xml(paragraph("", runs=run("共") + page_field("3", instruction=" NUMPAGES ") + run("页")))
    assert not page_number(tmp_path, footer).found
    assert not page_number(tmp_path, footer_xml(paragraph("— 1 —"))).found


def test_a_framed_number_outside_sits_right_on_odd_pages_and_left_on_even(tmp_path):
    footer = number_footer("left", ppr='<w:framePr w:wrap="none" w:vAnchor="text" w:hAnchor="margin" '
                                       'w:xAlign="outside" w:y="1"/>')
    assert page_number(tmp_path, footer, "odd").align == "right"
    assert page_number(tmp_path, footer, "even").align == "left"


def test_tabs_typed_before_the_number_reach_the_footer_styles_stops(tmp_path):
    """Word's footer style has a centre stop and a right stop: "\t\t— 1 —" sits right."""
    tabs = ('<w:tabs><w:tab w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs>')
    styles = styles_xml("", NORMAL + style("f", "footer", ppr=tabs, based="a"))
    two = footer_xml(paragraph("", "f", runs=run("\t\t— ") + page_field() + run(" —")))
    one = footer_xml(paragraph("", "f", runs=run("\t") + page_field()))
    cleared = footer_xml(paragraph("", "f", '<w:tabs><w:tab w:val="clear" w:pos="4153"/></w:tabs>',
                                   runs=run("\t") + page_field()))
    assert page_number(tmp_path, two, styles=styles).align == "right"
    assert page_number(tmp_path, two, styles=styles).text == "\t\t— N —"
    assert page_number(tmp_path, one, styles=styles).align == "center"
    assert page_number(tmp_path, cleared, styles=styles).align == "right"


def test_a_number_in_a_text_box_takes_the_box_position(tmp_path):
    """WPS puts page numbers in a text box anchored in the footer; its mc:Fallback copy is
    not read twice."""
    inner = paragraph("", ppr='<w:jc w:val="left"/>', runs=run("— ") + page_field("1") + run(" —"))
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
           '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
           f'<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent>'
           '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraph("", runs=page_field("9"))}'
           '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    number = page_number(tmp_path, footer_xml(box))
    assert (number.found, number.text, number.align) == (True, "— N —", "center")


def test_even_and_odd_headers_come_from_settings(tmp_path):
    on, _, _ = load(tmp_path, paragraph("甲"), settings=settings_xml(even_and_odd=True))
    off, _, _ = load(tmp_path, paragraph("甲"), settings=settings_xml(even_and_odd=False))
    none, _, _ = load(tmp_path, paragraph("甲"), settings="")
    assert (on.even_and_odd, off.even_and_odd, none.even_and_odd) == (True, False, False)


# ---------------------------------------------------------------- real files


needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/docx-samples is absent")


def sample(name: str):
    word = docx.Document(str(SAMPLES / name))
    return StyleResolver.from_word(word), word


def paragraph_with(word, start: str):
    return next(p for p in word.element.body.iter(W + "p")
                if "".join(t.text or "" for t in p.iter(W + "t")).startswith(start))


@needs_samples
def test_pandoc_template_headings_grid_and_framed_page_numbers():
    """mr-out.docx: Chinese style ids (Normal ``a``, heading 2 ``2``), a 28.95 pt ×
    −849 grid relative to a 三号 Normal, page numbers framed "outside" in a 宋体 四号
    character style, odd/even footers."""
    resolver, word = sample("mr-out.docx")
    heading = paragraph_with(word, "一级标题a")
    assert resolver.paragraph(heading).style_id == "2"
    assert resolver.run(first_run(heading), heading).east_asia == "黑体"
    assert resolver.label(heading).east_asia == "黑体"
    body = paragraph_with(word, "以下是全文")
    text = resolver.run(first_run(body), body)
    assert (text.east_asia, text.size_pt) == ("仿宋", 16)
    assert resolver.paragraph(body).first_line_chars == 2
    assert resolver.normal_size_pt() == 16 and resolver.even_and_odd
    [(_, section)] = sections(word.element.body, footer_root(word))
    assert (section.grid_type, section.line_pitch_pt, section.char_space) == ("linesAndChars", 28.95, -849)
    odd = resolver.page_number(section.footers["default"], section.page_number_format, "odd")
    even = resolver.page_number(section.footers["even"], section.page_number_format, "even")
    assert (odd.text, odd.align, odd.size_pt, odd.font) == ("- N -", "right", 14, "宋体")
    assert (even.text, even.align) == ("- N -", "left")


@needs_samples
def test_wps_text_box_page_number_and_theme_normal():
    """lh-requirements.docx (WPS): the number sits in a text box centred on the margin;
    Normal's fonts are theme references (宋体 through themeFontLang zh-CN), which the
    paragraph marks' own 仿宋_GB2312 overrides."""
    resolver, word = sample("lh-requirements.docx")
    [(_, section)] = sections(word.element.body, footer_root(word))
    number = resolver.page_number(section.footers["default"], "", "odd")
    assert (number.text, number.align, number.size_pt, number.font) == ("— N —", "center", 14, "宋体")
    assert resolver.font(("theme", "minorEastAsia")) == "宋体"
    blank = next(p for p in word.element.body.iter(W + "p") if p.find(W + "r") is None)
    assert resolver.mark(blank).east_asia == "仿宋_GB2312"


@needs_samples
def test_named_fonts_in_normal_with_a_japanese_theme_language():
    resolver, word = sample("lh-demo_gongwen.docx")
    body = paragraph_with(word, "这是正文内容示例")
    fmt = resolver.run(first_run(body), body)
    assert (fmt.east_asia, fmt.size_pt) == ("FangSong", 16)
    assert resolver.normal_size_pt() == 11
