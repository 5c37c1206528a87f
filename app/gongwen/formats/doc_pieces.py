"""The piece table ([MS-DOC] 2.9.38 Clx, 2.4.1 Retrieving Text) and text decoding.

A Word document's characters are addressed by character positions (CPs); the piece table
maps runs of CPs to byte offsets (FCs) in the WordDocument stream, each piece either
UTF-16 or "compressed" 8-bit text. Pieces need not be in file order (fast saves append
edited text at the end of the stream), so the piece table is the only truth about what
the text is. Word 6/95 has 8-bit text in the document's code page (16-bit in its CJK
editions) and, when not fast-saved, no piece table at all: one contiguous run at fcMin.

``decode_chunks`` turns a CP range of one piece into text chunks and single control
characters, each with its CP — the CP of a paragraph mark is needed to find its
properties, and UTF-16 surrogate pairs or double-byte code pages make string indexes and
CPs differ.
"""

from __future__ import annotations

import codecs
import re
import struct
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from .doc_errors import DAMAGED, DocError

COMPRESSED = 0x40000000
FC_MASK = 0x3FFFFFFF
# [MS-DOC] 2.4.1: compressed bytes are Latin-1 except these (cp1252's additions).
_CP1252_EXTRAS = {
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020",
    0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039",
    0x8C: "\u0152", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d",
    0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122",
    0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178",
}
DBCS_CODEPAGES = {"cp936", "gbk", "gb18030", "cp950", "big5", "cp932", "cp949"}
CONTROL = re.compile(r"[\x00-\x1f]")
CONTROL_BYTES = re.compile(rb"[\x00-\x1f]")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# A double-byte character from the main planes of GB2312/Big5/Shift-JIS/KS X 1001:
# both bytes 0xA1–0xFE. Text that is only ASCII and such pairs is read in the code page.
_DBCS_ONLY = re.compile(rb"(?:[\x00-\x7f]|[\xa1-\xfe][\xa1-\xfe])*")
_HIGH_PAIR = re.compile(rb"[\xa1-\xfe][\xa1-\xfe]")


@dataclass(frozen=True, slots=True)
class Piece:
    cp: int  # first character position
    end: int  # the CP after the last
    fc: int  # byte offset of the first character in the WordDocument stream
    width: int  # bytes per character: 1 (8-bit) or 2 (UTF-16)
    prm: int  # property modifier (a single sprm or an index into the Clx's grpprls)
    codec: str = ""  # 8-bit pieces: "" for [MS-DOC]'s compressed mapping, else a code page

    def fc_of(self, cp: int) -> int:
        return self.fc + (cp - self.cp) * self.width


def parse_clx(clx: bytes, word_size: int, *, word6: bool, wide: bool = False,
              codec: str = "") -> tuple[list[Piece], list[bytes]]:
    """The pieces and the property grpprls (Prc) of a Clx. ``word6``: Word 6/95 piece
    descriptors (byte offsets, no compressed flag; ``wide`` for CJK editions)."""
    prcs: list[bytes] = []
    pos = 0
    while pos < len(clx) and clx[pos] == 1:  # Prc: 0x01, cbGrpprl (2 bytes), grpprl
        if pos + 3 > len(clx):
            raise DocError(DAMAGED)
        size = struct.unpack_from("<H", clx, pos + 1)[0]
        prcs.append(clx[pos + 3:pos + 3 + size])
        pos += 3 + size
    if pos + 5 > len(clx) or clx[pos] != 2:  # Pcdt: 0x02, lcb (4 bytes), PlcPcd
        raise DocError(DAMAGED)
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    if len(plc) < lcb or lcb < 16 or (lcb - 4) % 12:
        raise DocError(DAMAGED)
    count = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", plc)
    pieces = []
    for index in range(count):
        start, end = cps[index], cps[index + 1]
        if start < 0 or end < start:
            raise DocError(DAMAGED)
        _, raw_fc, prm = struct.unpack_from("<HIH", plc, 4 * (count + 1) + 8 * index)
        if word6:
            piece = Piece(start, end, raw_fc, 2 if wide else 1, prm, codec)
        elif raw_fc & COMPRESSED:
            piece = Piece(start, end, (raw_fc & FC_MASK) // 2, 1, prm, codec)
        else:
            piece = Piece(start, end, raw_fc & FC_MASK, 2, prm)
        pieces.append(piece)
    check_pieces(pieces, word_size)
    return pieces, prcs


def contiguous_piece(fc_min: int, length: int, word_size: int, *, wide: bool, codec: str) -> list[Piece]:
    """A Word 6/95 file that was not fast-saved: its text is one run from fcMin."""
    pieces = [Piece(0, length, fc_min, 2 if wide else 1, 0, codec)] if length else []
    check_pieces(pieces, word_size)
    return pieces


def check_pieces(pieces: list[Piece], word_size: int) -> None:
    """Pieces must follow each other in CP order and lie inside the stream; the text they
    add up to cannot be larger than the stream (bounds memory on hostile input)."""
    total = 0
    previous_end = 0
    for piece in pieces:
        if piece.cp != previous_end:
            raise DocError(DAMAGED)
        previous_end = piece.end
        size = (piece.end - piece.cp) * piece.width
        total += size
        if piece.fc + size > word_size or total > word_size:
            raise DocError(DAMAGED)


def decode_compressed(raw: bytes) -> str:
    return raw.decode("latin-1").translate(_CP1252_EXTRAS)


def looks_double_byte(raw: bytes) -> bool:
    """An 8-bit piece that only makes sense in a CJK code page: every byte above 0x7F is
    one of a pair of 0xA1–0xFE bytes (cp1252 text — “quotes”, é, ·, — — almost never is)."""
    return bool(_HIGH_PAIR.search(raw)) and _DBCS_ONLY.fullmatch(raw) is not None


def decode_chunks(word: bytes, piece: Piece, start: int, end: int,
                  fallback_codec: str = "") -> Iterator[tuple[int, str]]:
    """Text of CPs [start, end) of ``piece`` as (cp, text) chunks: runs without control
    characters, and each control character (U+0000–U+001F) on its own."""
    raw = word[piece.fc_of(start):piece.fc_of(end)]
    if piece.width == 2:
        yield from _wide_chunks(raw.decode("utf-16-le", "replace"), start)
        return
    codec = piece.codec
    if not codec and fallback_codec and looks_double_byte(raw):
        codec = fallback_codec
    if codec:
        yield from _byte_chunks(raw, start, codec)
    else:
        yield from _wide_chunks(decode_compressed(raw), start)


def _wide_chunks(text: str, start: int) -> Iterator[tuple[int, str]]:
    """Chunks of text whose characters are one CP each, except astral characters (two)."""
    astral = [m.start() for m in ASTRAL.finditer(text)] if not text.isascii() else []

    def cp_of(index: int) -> int:
        return start + index + (bisect_left(astral, index) if astral else 0)

    position = 0
    for match in CONTROL.finditer(text):
        if match.start() > position:
            yield cp_of(position), text[position:match.start()]
        yield cp_of(match.start()), match.group()
        position = match.end()
    if position < len(text):
        yield cp_of(position), text[position:]


def _byte_chunks(raw: bytes, start: int, codec: str) -> Iterator[tuple[int, str]]:
    """8-bit text in a code page: control bytes are never part of a double-byte character,
    so the split is made on the bytes and each run decoded on its own."""
    decoder = codecs.getdecoder(codec)
    position = 0
    for match in CONTROL_BYTES.finditer(raw):
        if match.start() > position:
            yield start + position, decoder(raw[position:match.start()], "replace")[0]
        yield start + match.start(), chr(raw[match.start()])
        position = match.end()
    if position < len(raw):
        yield start + position, decoder(raw[position:], "replace")[0]
