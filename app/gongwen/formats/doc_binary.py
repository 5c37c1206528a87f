""".doc (Word 97-2003, Word 6/95) and .wps (WPS Office) → Document, offline, read-only.

The file's content decides what it is (``ole_sniff``): a ZIP is read as the .docx it
is; an OLE2 container with a WordDocument stream is parsed here (olefile opens the
container; everything inside is this package's own code: ``doc_fib``, ``doc_pieces``,
``doc_fkp``, ``doc_sprm``, ``doc_styles``, ``doc_lists``, ``doc_text``); Microsoft Works
files, encrypted documents and anything else are refused with a Chinese ``FormatError``.

``Document.sources[i]`` for body paragraph ``i`` is a ``DocSource`` (kind "body" or
"table", and its text); the header and footer paragraphs follow the body ones (kind
"header"/"footer"), as the .docx reader does. These files are never written back.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.model import Document
from ..core.parse import make_paragraph, parse_paragraphs
from ..fileio.errors import FormatError, describe_os_error, read_advice
from .doc_errors import (
    DAMAGED,
    DAMAGED_ADVICE,
    ENCRYPTED,
    ENCRYPTED_ADVICE,
    TOO_LARGE,
    TOO_LARGE_ADVICE,
    DocError,
)
from .doc_fib import Fib, parse_fib
from .doc_fkp import chpx_runs, page_numbers, papx_runs
from .doc_lists import read_lists
from .doc_pieces import DBCS_CODEPAGES, Piece, contiguous_piece, parse_clx
from .doc_sprm import prm_modifier
from .doc_styles import paragraph_styles
from .doc_text import Story, StoryParagraph, Trace
from .docx_numbering import Numberer
from .ole_sniff import HEAD_BYTES, Head, Ole, classify_ole, refusal, sniff_head

HEADER_KINDS = ("header", "footer")
MAX_STREAM_BYTES = 128 * 1024 * 1024
MAX_PROPERTY_BYTES = 1024 * 1024
HEADER_STORY_KINDS = ("header", "header", "footer", "footer", "header", "footer")  # even, odd, first
SEPARATOR_STORIES = 6  # footnote/endnote separators come first in the header document
# Windows code pages Python can decode, by the SummaryInformation PIDSI_CODEPAGE value.
CODEPAGES = {936: "gb18030", 950: "cp950", 932: "cp932", 949: "cp949", 874: "cp874",
             **{n: f"cp{n}" for n in range(1250, 1259)}}
# FIB lid (the language Word was set to) → its ANSI code page, when the properties say none.
LID_CODEPAGES = {0x0804: "gb18030", 0x1004: "gb18030", 0x0404: "cp950", 0x0C04: "cp950",
                 0x1404: "cp950", 0x0411: "cp932", 0x0412: "cp949", 0x0419: "cp1251",
                 0x0422: "cp1251", 0x0423: "cp1251", 0x0402: "cp1251", 0x0C1A: "cp1251",
                 0x0408: "cp1253", 0x041F: "cp1254", 0x040D: "cp1255", 0x0401: "cp1256",
                 0x041E: "cp874", 0x0405: "cp1250", 0x0415: "cp1250", 0x040E: "cp1250"}


@dataclass(slots=True)
class DocSource:
    kind: str  # "body" | "table" | "header" | "footer"
    text: str


@dataclass
class WordText:
    body: list[DocSource]
    headers: list[DocSource]  # headers and footers, in section order
    fib: Fib
    trace: Trace = field(default_factory=Trace)


def read_doc(path: str | Path) -> Document:
    """Read a .doc/.wps (whatever it really is); raise FormatError (Chinese) otherwise."""
    path = Path(path)
    kind = sniff_head(_read_head(path))
    if kind is Head.EMPTY:  # as an empty .docx: one blank paragraph
        return to_document([], [])
    if kind is Head.ZIP:  # WPS Office 12 and Mac Word save .docx under these names
        from .docx_reader import read_docx

        return read_docx(path)
    if kind is not Head.OLE:
        error = refusal(kind)
        raise FormatError(path, error.problem, error.advice)
    text = read_word_file(path)
    return to_document(text.body, text.headers)


def to_document(body: list[DocSource], headers: list[DocSource]) -> Document:
    """The model, as the .docx reader builds it: the body's paragraphs, then the headers'
    and footers' as sources and (those with text) as ``Document.furniture``."""
    body = body or [DocSource("body", "")]
    document = parse_paragraphs([s.text for s in body])
    furniture = [s for s in headers if s.kind in HEADER_KINDS and s.text.strip()]
    document.sources = [*body, *furniture]
    document.furniture = tuple((s.kind, make_paragraph(i, s.text)) for i, s in enumerate(furniture))
    return document


def header_footer_sources(document: Document) -> list[DocSource]:
    """The header and footer paragraphs ``read_doc`` appended after the body sources."""
    return [s for s in document.sources[len(document.paragraphs):]
            if isinstance(s, DocSource) and s.kind in HEADER_KINDS]


def read_word_file(path: str | Path) -> WordText:
    """The text of an OLE2 Word/WPS file; FormatError for anything else or anything broken."""
    path = Path(path)
    try:
        return _read_ole(path)
    except FormatError:
        raise
    except DocError as error:
        raise FormatError(path, error.problem, error.advice) from None
    except OSError as error:
        if error.errno:  # the file system, not the content
            raise FormatError(path, describe_os_error(error), read_advice(error)) from None
        raise FormatError(path, DAMAGED, DAMAGED_ADVICE) from None
    except MemoryError:
        raise FormatError(path, TOO_LARGE.format(limit=MAX_STREAM_BYTES // 2**20), TOO_LARGE_ADVICE) from None
    except Exception as error:  # a structure this reader did not foresee: refuse, never a traceback
        raise FormatError(path, f"{DAMAGED}（{type(error).__name__}）", DAMAGED_ADVICE) from None


def _read_head(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise FormatError(path, "这是一个文件夹，不是文件", "请选择一个 .doc、.wps、.docx 或 .txt 文件")
        with open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError as error:
        raise FormatError(path, describe_os_error(error), read_advice(error)) from None


def _read_ole(path: Path) -> WordText:
    import olefile  # lazily, like python-docx

    file_size = path.stat().st_size
    try:
        ole = olefile.OleFileIO(str(path))
    except OSError as error:
        if error.errno:
            raise
        raise DocError(DAMAGED) from None
    except Exception:  # olefile's own checks of sectors, FAT and directory: a broken container
        raise DocError(DAMAGED) from None
    with ole:
        kind = classify_ole(ole)
        if kind is not Ole.WORD:
            raise refusal(kind)
        return read_word_streams(_stream(ole, "WordDocument", file_size),
                                 lambda name: _stream(ole, name, file_size) if ole.exists(name) else None,
                                 _data_reader(ole, file_size), _summary_codepage(ole))


def _stream(ole: Any, name: str, file_size: int) -> bytes:
    size = ole.get_size(name)
    if size > MAX_STREAM_BYTES:
        raise DocError(TOO_LARGE.format(limit=MAX_STREAM_BYTES // 2**20), TOO_LARGE_ADVICE)
    if size > file_size:  # a stream cannot be larger than the file holding it
        raise DocError(DAMAGED)
    return ole.openstream(name).read()


def _data_reader(ole: Any, file_size: int) -> Callable[[int], bytes]:
    """Reads a grpprl (2-byte size, sprms) stored in the Data stream (sprmPHugePapx);
    the stream (pictures live there too) is only read when a paragraph needs it."""
    loaded: list[bytes] = []

    def read(offset: int) -> bytes:
        if not loaded:
            loaded.append(_stream(ole, "Data", file_size) if ole.exists("Data") else b"")
        data = loaded[0]
        if offset + 2 > len(data):
            return b""
        size = struct.unpack_from("<H", data, offset)[0]
        return data[offset + 2:offset + 2 + size]
    return read


def _summary_codepage(ole: Any) -> int:
    """PIDSI_CODEPAGE of the SummaryInformation property set ([MS-OLEPS] 2.21), read
    here rather than by olefile.getproperties, which can spin on a damaged vector."""
    name = "\x05SummaryInformation"
    if not ole.exists(name) or ole.get_size(name) > MAX_PROPERTY_BYTES:
        return 0
    return property_codepage(ole.openstream(name).read())


def property_codepage(data: bytes) -> int:
    """The code page (property 1, a VT_I2) of the first property set in ``data``, or 0."""
    try:
        set_at = struct.unpack_from("<I", data, 28 + 16)[0]
        count = struct.unpack_from("<I", data, set_at + 4)[0]
        for index in range(min(count, (len(data) - set_at) // 8)):
            prop_id, offset = struct.unpack_from("<II", data, set_at + 8 + 8 * index)
            if prop_id == 1:
                kind, value = struct.unpack_from("<HxxH", data, set_at + offset)
                return value if kind == 2 else 0
    except struct.error:
        pass
    return 0


def eight_bit_codec(fib: Fib, codepage: int) -> str:
    """The code page of 8-bit text that is not [MS-DOC]'s compressed Latin: the document
    properties' code page, else the one of Word's language setting, else cp1252."""
    return CODEPAGES.get(codepage) or LID_CODEPAGES.get(fib.lid) or "cp1252"


def read_word_streams(word: bytes, open_stream: Callable[[str], bytes | None],
                      huge_papx: Callable[[int], bytes] = lambda offset: b"",
                      codepage: int = 0) -> WordText:
    """Parse the WordDocument stream (and its table stream, from ``open_stream``)."""
    fib = parse_fib(word)
    if fib.encrypted:
        raise DocError(ENCRYPTED, ENCRYPTED_ADVICE)
    table = word if fib.word6 else open_stream(fib.table_stream)
    if table is None:
        raise DocError(DAMAGED)
    codec = eight_bit_codec(fib, codepage)
    pieces, prcs = _pieces(fib, word, table, codec if fib.word6 else "")
    story = Story(
        word=word, pieces=pieces,
        modifiers=[prm_modifier(p.prm, prcs, fib.word6) for p in pieces],
        chars=chpx_runs(word, _pages(fib, table, "plcfbtechpx", len(word))),
        paragraphs=papx_runs(word, _pages(fib, table, "plcfbtepapx", len(word)), word6=fib.word6),
        styles={} if fib.word6 else paragraph_styles(table, *fib.pair("stshf")),
        numberer=Numberer.from_lists({} if fib.word6 else read_lists(table, fib.pair("plflst"),
                                                                        fib.pair("plflfo"))),
        word6=fib.word6,
        fallback_codec="" if fib.word6 or codec not in DBCS_CODEPAGES else codec,
        huge_papx=huge_papx,
        section_marks=_section_marks(table, fib),
    )
    total = pieces[-1].end if pieces else 0
    body = story.read(0, min(fib.ccp["text"], total))
    headers = [] if fib.word6 else _headers(story, table, fib, total)
    return WordText(_sources(body), headers, fib, story.trace)


def _pieces(fib: Fib, word: bytes, table: bytes, codec: str) -> tuple[list[Piece], list[bytes]]:
    fc, lcb = fib.pair("clx")
    if fib.word6 and (not fib.complex or not lcb):
        return contiguous_piece(fib.fc_min, fib.total_ccp, len(word), wide=fib.far_east,
                                codec=codec), []
    clx = table[fc:fc + lcb]
    if not lcb or len(clx) < lcb:
        raise DocError(DAMAGED)
    return parse_clx(clx, len(word), word6=fib.word6, wide=fib.far_east, codec=codec)


def _pages(fib: Fib, table: bytes, name: str, word_size: int) -> list[int]:
    fc, lcb = fib.pair(name)
    return page_numbers(table, fc, lcb, word6=fib.word6, extra=fib.bte_extra.get(name, (0, 0)),
                        word_size=word_size)


def _plc_cps(table: bytes, fc: int, lcb: int, item_size: int) -> list[int]:
    """The CPs of a PLC whose data items are ``item_size`` bytes."""
    if lcb < 4 or fc + lcb > len(table):
        return []
    count = (lcb - 4) // (4 + item_size) if item_size else lcb // 4 - 1
    return list(struct.unpack_from(f"<{count + 1}i", table, fc))


def _section_marks(table: bytes, fib: Fib) -> frozenset[int]:
    """Where sections end: a 0x0C there is a section mark (it ends a paragraph), any
    other 0x0C is a page break inside one."""
    cps = _plc_cps(table, *fib.pair("plcfsed"), 12)
    return frozenset(cp - 1 for cp in cps[1:] if cp > 0)


def _headers(story: Story, table: bytes, fib: Fib, total: int) -> list[DocSource]:
    """Headers and footers: the header document follows the body and the footnotes; its
    first stories are footnote separators, then six per section (even/odd/first header
    and footer), then a final guard."""
    cps = _plc_cps(table, *fib.pair("plcfhdd"), 0)
    base = fib.ccp["text"] + fib.ccp["ftn"]
    limit = min(base + fib.ccp["hdd"], total)
    found: list[DocSource] = []
    previous = base  # stories follow each other: a damaged PLC cannot make us read twice
    for index in range(SEPARATOR_STORIES, len(cps) - 2):
        start, end = max(base + cps[index], previous), min(base + cps[index + 1], limit)
        if start >= end:
            continue
        previous = end
        kind = HEADER_STORY_KINDS[(index - SEPARATOR_STORIES) % 6]
        found += [DocSource(p.kind, p.text) for p in story.read(start, end, kind) if p.text.strip()]
    unique = {(s.kind, s.text): s for s in reversed(found)}  # each section may repeat them
    return [s for s in found if unique.get((s.kind, s.text)) is s]


def _sources(paragraphs: list[StoryParagraph]) -> list[DocSource]:
    return [DocSource(p.kind, p.text) for p in paragraphs]
