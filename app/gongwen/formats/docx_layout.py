"""Styles, page setup, page numbers and paragraph writers of the GB/T 9704 clean copy.

Imported by docx_export only, lazily (python-docx is imported here at module level, so import
this lazily). Each paragraph style carries its fonts (w:eastAsia, no theme fonts) and so
does every run, because Word and WPS let a theme or a run default win otherwise.
"""

from __future__ import annotations

import contextlib
from typing import Any

from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.exceptions import InvalidSpanError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..core.model import TableInfo
from .docx_ooxml import (
    add_field,
    mark_header_row,
    set_cell_width,
    set_character_spacing,
    set_east_asian_language,
    set_fonts,
    set_outline_level,
    set_table_grid,
    strip_theme_fonts,
)
from .gbt9704 import (
    BODY_PT,
    CONDENSE_PT,
    DASH,
    FOOTER_DISTANCE_MM,
    LINE_PITCH_PT,
    MARGINS_MM,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_PT,
    PAGE_WIDTH_MM,
    TABLE_BORDER_EIGHTHS,
    TABLE_PT,
    TITLE_PT,
    TYPE_WIDTH_TWIPS,
    FontScheme,
    heading_role,
    scaled_widths,
)

# style id → (Chinese name, role)
STYLES = {
    "GwBody": "公文正文",
    "GwTitle": "公文标题",
    "GwHeading1": "公文一级标题",
    "GwHeading2": "公文二级标题",
    "GwHeading3": "公文三级标题",
    "GwHeading4": "公文四级标题",
    "GwPlain": "公文顶格",
    "GwPageNumber": "公文页码",
    "GwTable": "公文表格",
}
INDENT = Pt(2 * BODY_PT)


def heading_font(level: int, fonts: FontScheme) -> tuple[str, bool]:
    """(font, bold) of a heading level's number and words."""
    role, bold = heading_role(level)
    return getattr(fonts, role), bold


def setup_styles(word: Any, fonts: FontScheme) -> None:
    styles = word.styles
    strip_theme_fonts(styles.element)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, fonts.body)
    set_east_asian_language(rpr)
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), fonts.body)
    normal.paragraph_format.space_after = Pt(0)
    body = _paragraph_style(styles, "GwBody", fonts.body, BODY_PT)
    body.paragraph_format.first_line_indent = INDENT
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    set_character_spacing(body.element.get_or_add_rPr(), CONDENSE_PT)
    title = _paragraph_style(styles, "GwTitle", fonts.title, TITLE_PT)
    title.font.bold = fonts.title_bold
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_outline_level(title.element.get_or_add_pPr(), 0)
    for level in range(1, 5):
        font, bold = heading_font(level, fonts)
        style = _paragraph_style(styles, f"GwHeading{level}", font, BODY_PT, base=body)
        style.font.bold = bold
        set_outline_level(style.element.get_or_add_pPr(), level)
    plain = _paragraph_style(styles, "GwPlain", fonts.body, BODY_PT, base=body)
    plain.paragraph_format.first_line_indent = Pt(0)
    number = _paragraph_style(styles, "GwPageNumber", fonts.song, PAGE_NUMBER_PT)
    number.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # the exact 28.95 pt body pitch would make every table row a body line tall
    table = _paragraph_style(styles, "GwTable", fonts.body, TABLE_PT)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _paragraph_style(styles: Any, style_id: str, font: str, size: float, base: Any = None) -> Any:
    style = styles.add_style(STYLES[style_id], WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = base or styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    set_fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.widow_control = False
    return style


def setup_page(word: Any) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.gutter = Mm(0)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)


def setup_page_numbers(word: Any, fonts: FontScheme) -> None:
    """``— n —``: odd pages right-aligned, even pages left-aligned, one character in."""
    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    section.different_first_page_header_footer = False
    _page_number(word, section.footer, WD_ALIGN_PARAGRAPH.RIGHT, fonts)
    _page_number(word, section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, fonts)


def _page_number(word: Any, footer: Any, alignment: Any, fonts: FontScheme) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    _styled(paragraph, "GwPageNumber")
    paragraph.alignment = alignment
    one_char = Pt(PAGE_NUMBER_PT)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = one_char
    else:
        paragraph.paragraph_format.left_indent = one_char
    runs = [paragraph.add_run(f"{DASH} ")]
    runs += add_field(paragraph, "PAGE", "1")
    runs.append(paragraph.add_run(f" {DASH}"))
    for run in runs:
        _format_run(run, fonts.song, PAGE_NUMBER_PT)


def _format_run(run: Any, font: str, size: float | None = None, bold: bool | None = None) -> None:
    set_fonts(run._r.get_or_add_rPr(), font)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def add_title(word: Any, lines: list[str], fonts: FontScheme) -> None:
    paragraph = _styled(word.add_paragraph(), "GwTitle")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _format_run(run, fonts.title, bold=fonts.title_bold)
        if index < len(lines) - 1:
            run.add_break()


def add_blank(word: Any) -> None:
    _styled(word.add_paragraph(), "GwBody")


def add_body(word: Any, text: str, fonts: FontScheme) -> None:
    paragraph = _styled(word.add_paragraph(), "GwBody")
    _format_run(paragraph.add_run(text), fonts.body)


def add_plain(word: Any, text: str, fonts: FontScheme) -> None:
    paragraph = _styled(word.add_paragraph(), "GwPlain")
    _format_run(paragraph.add_run(text), fonts.body)


def add_heading(word: Any, heading: str, rest: str, level: int, fonts: FontScheme) -> None:
    """The heading words in the heading font, the body words after them in the body font."""
    paragraph = _styled(word.add_paragraph(), f"GwHeading{min(level, 4)}")
    font, bold = heading_font(level, fonts)
    _format_run(paragraph.add_run(heading), font, bold=bold)
    if rest:
        _format_run(paragraph.add_run(rest), fonts.body, bold=False)
    else:  # a heading line alone never ends a page (only then: a chain would move pages)
        paragraph.paragraph_format.keep_with_next = True


def add_right(word: Any, text: str, right_indent_chars: float, fonts: FontScheme) -> None:
    paragraph = _styled(word.add_paragraph(), "GwPlain")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.right_indent = Pt(right_indent_chars * (BODY_PT + CONDENSE_PT))
    _format_run(paragraph.add_run(text), fonts.body)


def _styled(paragraph: Any, style_id: str) -> Any:
    """Give ``paragraph`` one of our styles by its id (w:pStyle), as ``paragraph.style =``
    writes it — which looks the style up among all styles on every call (a 100k-character
    export spent 1.4 s there)."""
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def add_table(word: Any, table: TableInfo, texts: list[str], fonts: FontScheme) -> None:
    """``table`` as a Word table: its cells' paragraph texts (model indexes into ``texts``),
    merged cells, widths scaled to the type area, full borders, header row(s) repeated."""
    columns = max(table.columns, 1)
    made = word.add_table(rows=max(len(table.rows), 1), cols=columns)
    widths = scaled_widths(table.grid, columns, TYPE_WIDTH_TWIPS)
    set_table_grid(made._tbl, widths, TABLE_BORDER_EIGHTHS)
    for r, row in enumerate(table.rows):
        for cell in row:
            if cell.merge == "continue" or cell.column >= columns:
                continue
            last_row = min(r + max(cell.row_span, 1), len(table.rows)) - 1
            last_column = min(cell.column + cell.col_span, columns) - 1
            if (last_row, last_column) != (r, cell.column):
                # an overlapping span in a malformed source: those cells stay apart
                with contextlib.suppress(InvalidSpanError):
                    made.cell(r, cell.column).merge(made.cell(last_row, last_column))
    header = table.header_rows or (1 if len(table.rows) > 1 else 0)
    for r, row in enumerate(table.rows):
        if r < header:
            mark_header_row(made.rows[r]._tr)
        for cell in row:
            if cell.merge == "continue" or cell.column >= columns:
                continue
            target = made.cell(r, cell.column)
            # blank lines in a cell (left around a nested table, say) are noise in a 定稿
            lines = [texts[i].strip() for i in cell.paragraphs if 0 <= i < len(texts)]
            lines = [line for line in lines if line] or [""]
            _fill_cell(word, target, lines, fonts, heading=r < header)
    for tr in made._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            set_cell_width(tc, sum(widths[column:column + span]))
            column += span


def _fill_cell(word: Any, cell: Any, lines: list[str], fonts: FontScheme, heading: bool) -> None:
    font = fonts.hei if heading else fonts.body
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        _styled(paragraph, "GwTable")
        if heading:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            _format_run(paragraph.add_run(line), font)
