"""Readers and writers of documents. ``read_document`` picks the reader by file type."""

from __future__ import annotations

from pathlib import Path

from ..core.model import Document
from ..core.parse import parse_text
from ..fileio.errors import FormatError, WriteError
from .text import read_text_file

READABLE_SUFFIXES = (".txt", ".docx", ".doc", ".wps")


def read_document(path: str | Path, layout: bool = False) -> Document:
    """Read a .txt, .docx, .doc or .wps into the document model; raise FormatError with a
    Chinese message. A .doc/.wps is judged by its content (it may be a .docx, or refused).
    ``layout``: also resolve a .docx's formatting (``Document.layout``, for the 版式 check;
    it costs about half a read again)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        if layout:
            from .docx_layout_facts import read_docx_with_layout

            return read_docx_with_layout(path)
        from .docx_reader import read_docx  # python-docx is imported lazily

        return read_docx(path)
    if suffix in (".doc", ".wps"):
        from .doc_binary import read_doc  # olefile is imported lazily

        return read_doc(path)
    return parse_text(read_text_file(path))


__all__ = ["READABLE_SUFFIXES", "FormatError", "WriteError", "read_document"]
