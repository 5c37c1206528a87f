"""Readers and writers of documents. ``read_document`` picks the reader by file type."""

from __future__ import annotations

from pathlib import Path

from ..core.model import Document
from ..core.parse import parse_text
from .errors import FormatError, WriteError
from .text import read_text_file

READABLE_SUFFIXES = (".txt", ".docx", ".doc", ".wps")


def read_document(path: str | Path) -> Document:
    """Read a .txt, .docx, .doc or .wps into the document model; raise FormatError with a
    Chinese message. A .doc/.wps is judged by its content (it may be a .docx, or refused)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx_reader import read_docx  # python-docx is imported lazily

        return read_docx(path)
    if suffix in (".doc", ".wps"):
        from .doc_binary import read_doc  # olefile is imported lazily

        return read_doc(path)
    return parse_text(read_text_file(path))


__all__ = ["READABLE_SUFFIXES", "FormatError", "WriteError", "read_document"]
