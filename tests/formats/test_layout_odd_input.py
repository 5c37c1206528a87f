"""Odd formatting XML that Word or other tools may write (or a damaged file may carry):
the layout facts are still read — no traceback — and the content audit is never blocked."""

from __future__ import annotations

import zipfile

import pytest
from layout_builders import (
    Package,
    compliant_styles,
    footer_xml,
    gongwen_body,
    number_footer,
    paragraph,
    run,
    sect_pr,
    settings_xml,
    style,
    styles_xml,
    theme_xml,
)

from gongwen.catalog import load_layout_standard
from gongwen.core.rules.layout import deviations
from gongwen.formats.docx_layout_facts import read_docx_with_layout

ODD = {
    "garbage numbers": dict(sect=sect_pr(size='<w:pgSz w:w="abc" w:h=""/>',
                                         margins='<w:pgMar w:top="-2098" w:left="1e3"/>',
                                         grid='<w:docGrid w:type="linesAndChars" w:linePitch="x" '
                                              'w:charSpace="-849.5"/>')),
    "no section at all": dict(sect=""),
    "style cycles and dangling references": dict(
        styles=styles_xml("", style("a", "Normal", based="b", default=True) + style("b", "B", based="a")),
        body=paragraph("", "不存在", runs=run("一、总体情况", '<w:rStyle w:val="也不存在"/>'))),
    "numbering without its abstract": dict(
        numbering=('<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>'),
        body=paragraph("总体情况", ppr='<w:numPr><w:ilvl w:val="99"/><w:numId w:val="1"/></w:numPr>')),
    "a footer reference to nothing": dict(sect=sect_pr(footers={"default": "rIdNowhere"})),
    "unbalanced fields": dict(footers={"rIdF": footer_xml(paragraph("", runs=(
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + run("— ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>')))},
        sect=sect_pr(footers={"default": "rIdF"})),
    "a theme that is not XML": dict(theme="这不是 XML"),
    "no settings part": dict(settings=""),
}


def build(path, case: dict):
    sect = case.get("sect", sect_pr(footers={"default": "rIdOdd"}))
    footers = case.get("footers", {"rIdOdd": number_footer("right")})
    package = Package(body=case.get("body", gongwen_body()) + sect,
                      styles=case.get("styles", compliant_styles()),
                      settings=case.get("settings", settings_xml()),
                      theme=case.get("theme", theme_xml()), numbering=case.get("numbering"),
                      footers=footers)
    return package.write(path)


@pytest.mark.parametrize("name", ODD)
def test_odd_layout_xml_is_read_without_a_traceback(tmp_path, name):
    path = build(tmp_path / "odd.docx", ODD[name])
    with zipfile.ZipFile(path) as package:
        assert "word/document.xml" in package.namelist()
    document = read_docx_with_layout(path)
    assert document.layout is not None
    standard = load_layout_standard()
    for item in deviations(document, document.layout, standard):
        assert item.kind in standard.rule(item.rule).messages
