"""Small WordprocessingML helpers for the exporter: fonts, character spacing, outline
levels, page-number fields. Element order inside w:rPr / w:pPr follows the schema."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..fileio.atomic import Backups, write_atomic

THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# CT_RPr children, in schema order
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
             "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
             "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
             "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
             "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
             "w:eastAsianLayout", "w:specVanish", "w:oMath")
PPR_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_rpr_child(rpr: Any, tag: str, **attrs: str) -> Any:
    """Replace (or add) the child ``tag`` of a w:rPr, keeping schema order."""
    for old in rpr.findall(qn(tag)):
        rpr.remove(old)
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    successors = RPR_ORDER[RPR_ORDER.index(tag) + 1 :]
    rpr.insert_element_before(element, *successors)
    return element


def set_fonts(rpr: Any, name: str) -> None:
    """One font for every script, the East Asian one included; theme fonts removed."""
    fonts = rpr.get_or_add_rFonts()
    for attr in THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def strip_theme_fonts(root: Any) -> None:
    for fonts in root.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            fonts.attrib.pop(qn(attr), None)


def set_character_spacing(rpr: Any, points: float) -> None:
    """w:spacing in twentieths of a point; negative condenses."""
    set_rpr_child(rpr, "w:spacing", val=str(round(points * 20)))


def set_east_asian_language(rpr: Any, lang: str = "zh-CN") -> None:
    old = rpr.find(qn("w:lang"))
    attrs = {"val": "en-US", "eastAsia": lang}
    if old is not None:
        attrs["val"] = old.get(qn("w:val"), "en-US")
    set_rpr_child(rpr, "w:lang", **attrs)


def set_outline_level(ppr: Any, level: int) -> None:
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.insert_element_before(element, *PPR_AFTER_OUTLINE)


def add_field(paragraph: Any, instruction: str, placeholder: str) -> list[Any]:
    """A complex field (begin, instrText, separate, result, end) as runs; returns them."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif kind == "result":
            run.text = placeholder
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        runs.append(run)
    return runs


# CT_TblPr children, in schema order
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
               "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _set_tblpr_child(tbl_pr: Any, tag: str, **attrs: str) -> Any:
    for old in tbl_pr.findall(qn(tag)):
        tbl_pr.remove(old)
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    successors = TBLPR_ORDER[TBLPR_ORDER.index(tag) + 1 :]
    tbl_pr.insert_element_before(element, *successors)
    return element


def set_table_grid(tbl: Any, widths: list[int], border_eighths: int) -> None:
    """Fixed column widths (twips) on w:tblGrid and w:tblW, centred, full single borders."""
    tbl_pr = tbl.tblPr
    for style in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(style)
    _set_tblpr_child(tbl_pr, "w:tblW", w=str(sum(widths)), type="dxa")
    _set_tblpr_child(tbl_pr, "w:jc", val="center")
    borders = _set_tblpr_child(tbl_pr, "w:tblBorders")
    for edge in BORDER_EDGES:
        line = OxmlElement(f"w:{edge}")
        for name, value in (("val", "single"), ("sz", str(border_eighths)), ("space", "0"),
                            ("color", "000000")):
            line.set(qn(f"w:{name}"), value)
        borders.append(line)
    _set_tblpr_child(tbl_pr, "w:tblLayout", type="fixed")
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))


def set_cell_width(tc: Any, width: int) -> None:
    tc_pr = tc.get_or_add_tcPr()
    tcw = tc_pr.get_or_add_tcW()
    tcw.set(qn("w:w"), str(width))
    tcw.set(qn("w:type"), "dxa")
    if tc_pr.find(qn("w:vAlign")) is None:
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), "center")
        tc_pr.append(align)  # CT_TcPr: vAlign comes after tcW, gridSpan, vMerge, borders…


def mark_header_row(tr: Any) -> None:
    """w:tblHeader: Word and WPS repeat this row at the top of every page the table spans;
    w:cantSplit keeps it in one piece."""
    tr_pr = tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        if tr_pr.find(qn(tag)) is None:
            tr_pr.append(OxmlElement(tag))


def save_word(word: Any, path: str | Path, backups: Backups | None = None) -> None:
    """Save a python-docx document atomically. The package is built in memory first: a disk
    that fills up mid-write then fails one plain write (a Chinese WriteError), and no
    half-written ZipFile is left to complain again (``ZipFile.__del__``) when collected."""
    buffer = io.BytesIO()
    word.save(buffer)
    data = buffer.getvalue()
    write_atomic(path, lambda tmp: tmp.write_bytes(data), backups)
