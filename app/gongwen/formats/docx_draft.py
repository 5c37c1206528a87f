"""A working draft saved as .docx: one Word paragraph per editor line, nothing removed or
re-laid out, so it reads back exactly (the official layout is `docx_export`'s job)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..fileio.atomic import Backups
from .docx_export import xml_safe  # characters a .docx cannot hold are dropped

DRAFT_FONT = "仿宋"
DRAFT_SIZE_PT = 16


def build_draft(texts: Sequence[str]):
    import docx
    from docx.shared import Pt

    from .docx_ooxml import set_east_asian_language, set_fonts

    word = docx.Document()
    normal = word.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr, DRAFT_FONT)
    set_east_asian_language(rpr)
    normal.font.size = Pt(DRAFT_SIZE_PT)
    body = word.element.body
    for paragraph in list(body.iterchildren()):
        if paragraph.tag.endswith("}p"):
            body.remove(paragraph)
    for text in texts:
        paragraph = word.add_paragraph()
        if text:
            paragraph.add_run(xml_safe(text))
    return word


def save_draft_docx(texts: Sequence[str], path: str | Path, backups: Backups | None = None) -> None:
    """Write the editor's lines as a plain .docx, atomically (the old file to ``backups``)."""
    word = build_draft(texts)
    from .docx_ooxml import save_word

    save_word(word, path, backups)  # raises WriteError with advice
