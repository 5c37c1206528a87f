"""What a .doc/.wps (or a .docx that is not one) really is, decided by its content.

Clerks receive files whose name says nothing reliable: WPS Office 12 and Mac Word save
.docx packages under .doc/.wps names, websites serve HTML or RTF as .doc, Microsoft Works
used the .wps extension for a different format, and an encrypted .docx is an OLE2 file.
``sniff_head`` classifies the first bytes; ``classify_ole`` looks at the streams of an
OLE2 container (opened with olefile). ``describe_ole_refusal`` is the Chinese message for
an OLE2 file that is not a readable Word/WPS document (also used by the .docx checks).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from .doc_errors import (
    DAMAGED,
    DAMAGED_ADVICE,
    ENCRYPTED,
    ENCRYPTED_ADVICE,
    OLD_WORD,
    OLD_WORD_ADVICE,
    SAVE_AS_DOCX,
    WORKS,
    WORKS_ADVICE,
    DocError,
)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 512
CHOOSE_TEXT_DOCUMENT = "请选择 Word/WPS 文字文档（.doc、.docx、.wps）"


class Head(Enum):
    EMPTY = "empty"
    OLE = "ole"
    ZIP = "zip"
    RTF = "rtf"
    HTML = "html"
    WORD_XML = "word-xml"
    PDF = "pdf"
    OLD_WORD = "old-word"  # Word for Windows 1.x/2.0: no OLE container yet
    UNKNOWN = "unknown"


class Ole(Enum):
    WORD = "word"  # a WordDocument stream: Word 97-2003 / WPS Office / Word 6-95
    WORKS = "works"  # Microsoft Works word processor (CONTENTS, or MN0/MM for Works 3/4)
    ENCRYPTED_PACKAGE = "encrypted-package"  # a password-protected .docx/.xlsx/.pptx
    SPREADSHEET = "spreadsheet"
    PRESENTATION = "presentation"
    DAMAGED = "damaged"  # no streams, or a Word CompObj without the WordDocument stream
    OTHER = "other"


_HTML_MARKS = (b"<html", b"<!doctype html", b"<head", b"<meta", b"<body", b"mime-version:",
               b"<?mso-application")


def sniff_head(head: bytes) -> Head:
    """Classify a file by its first bytes (give at least ``HEAD_BYTES`` when there are)."""
    if not head:
        return Head.EMPTY
    if head.startswith(OLE2_MAGIC):
        return Head.OLE
    if head.startswith(b"PK\x03\x04"):
        return Head.ZIP
    if head.startswith(b"%PDF"):
        return Head.PDF
    if head[:2] in (b"\x9b\xa5", b"\xdb\xa5"):
        return Head.OLD_WORD
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"{\\rtf"):
        return Head.RTF
    if b"<w:worddocument" in text or (b"word.document" in text and text.startswith(b"<?xml")):
        return Head.WORD_XML
    if any(mark in text for mark in _HTML_MARKS):
        return Head.HTML
    return Head.UNKNOWN


def classify_ole(ole: Any) -> Ole:
    """What an opened ``olefile.OleFileIO`` holds, from its top-level stream names."""
    names = {entry[0] for entry in ole.listdir(streams=True, storages=True) if entry}
    if "WordDocument" in names:
        return Ole.WORD
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return Ole.ENCRYPTED_PACKAGE
    if "CONTENTS" in names or "MN0" in names or "MM" in names:
        return Ole.WORKS
    if names & {"Workbook", "Book"}:
        return Ole.SPREADSHEET
    if "PowerPoint Document" in names:
        return Ole.PRESENTATION
    if not names or _says_word(ole):
        return Ole.DAMAGED
    return Ole.OTHER


def _says_word(ole: Any) -> bool:
    """The CompObj stream names Word's document class (the text stream has been lost)."""
    name = "\x01CompObj"
    if not ole.exists(name) or ole.get_size(name) > 65_536:
        return False
    data = ole.openstream(name).read()
    return b"Word.Document" in data or b"MSWordDoc" in data


def refusal(kind: Ole | Head) -> DocError:
    """The error for a file that is not a readable Word/WPS document."""
    problem, advice = _REFUSALS.get(kind, (DAMAGED, DAMAGED_ADVICE))
    return DocError(problem, advice)


_REFUSALS: dict[Ole | Head, tuple[str, str]] = {
    Ole.WORKS: (WORKS, WORKS_ADVICE),
    Ole.ENCRYPTED_PACKAGE: (ENCRYPTED, ENCRYPTED_ADVICE),
    Ole.SPREADSHEET: ("这是 Excel/WPS 表格文件，不是文字文档", CHOOSE_TEXT_DOCUMENT),
    Ole.PRESENTATION: ("这是 PowerPoint/WPS 演示文件，不是文字文档", CHOOSE_TEXT_DOCUMENT),
    Ole.OTHER: ("这不是 Word/WPS 文字文档（是其他程序的 OLE 复合文件）", SAVE_AS_DOCX),
    Head.RTF: ("这是 RTF 格式的文档，只是扩展名为 .doc/.wps", "请在 Word/WPS 中打开后“另存为” .docx 再打开"),
    Head.HTML: ("这是网页格式（HTML/MHT）的文档，只是扩展名为 .doc/.wps（常见于从网站下载的范文）",
                "请在 Word/WPS 中打开后“另存为” .docx 再打开"),
    Head.WORD_XML: ("这是 Word 2003 XML 格式的文档", "请在 Word/WPS 中打开后“另存为” .docx 再打开"),
    Head.PDF: ("这是 PDF 文件", "请在 WPS 或 Word 中把 PDF 转换为 .docx 后再打开"),
    Head.OLD_WORD: (OLD_WORD, OLD_WORD_ADVICE),
    Head.UNKNOWN: ("无法识别的文件格式（不是 Word/WPS 文档，或文件已损坏）", DAMAGED_ADVICE),
}


def describe_ole_refusal(path: Path) -> tuple[str, str]:
    """(problem, advice) for an OLE2 file opened as a .docx: encrypted, a legacy
    .doc/.wps under a .docx name, Works, or damaged."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            kind = classify_ole(ole)
    except Exception:  # any defect of the container: it is damaged
        return DAMAGED, DAMAGED_ADVICE
    if kind is Ole.WORD:
        return ("这其实是旧版 Word/WPS 格式（.doc/.wps）的文件，扩展名却是 .docx",
                "请把扩展名改为 .doc 后再打开，或在 Word/WPS 中“另存为” .docx")
    error = refusal(kind)
    return error.problem, error.advice
