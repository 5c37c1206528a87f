"""Readers and writers of documents. ``read_document`` picks the reader by file type;
``open_document`` also says what the reader had to change (``notices``) and, for a .txt,
how it was written (``text_format``, for a save that writes it back the same way)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Document
from ..core.parse import parse_text
from ..fileio.errors import FormatError, WriteError, describe_os_error, read_advice
from .text import TextFormat, read_text, read_text_file, refuse_irregular

READABLE_SUFFIXES = (".txt", ".docx", ".doc", ".wps")


@dataclass(frozen=True, slots=True)
class Opened:
    document: Document
    notices: tuple[str, ...] = ()  # in Chinese, without the file name
    text_format: TextFormat | None = None  # a .txt's encoding and line ends


def open_document(path: str | Path, layout: bool = False) -> Opened:
    """``read_document``, and for a .txt what the reader had to change and how the file
    was written."""
    path = Path(path)
    if path.suffix.lower() in (".docx", ".doc", ".wps"):
        return Opened(read_document(path, layout))
    check_regular(path)
    text = read_text(path)
    return Opened(parse_text(text.text), text.notices, text.format)


def read_document(path: str | Path, layout: bool = False) -> Document:
    """Read a .txt, .docx, .doc or .wps into the document model; raise FormatError with a
    Chinese message. A .doc/.wps is judged by its content (it may be a .docx, or refused).
    ``layout``: also resolve a .docx's formatting (``Document.layout``, for the 版式 check;
    it costs about half a read again). A FIFO, device or socket is refused before it is
    opened (reading one would block)."""
    path = Path(path)
    check_regular(path)
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


def check_regular(path: Path) -> None:
    """FormatError unless ``path`` is a regular file (followed through links)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise FormatError(path, describe_os_error(error), read_advice(error)) from None
    refuse_irregular(path, mode)


__all__ = ["READABLE_SUFFIXES", "FormatError", "Opened", "TextFormat", "WriteError", "open_document",
           "read_document", "read_text_file"]
