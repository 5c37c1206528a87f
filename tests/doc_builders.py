"""Hand-built Word binary files for the .doc reader tests.

``cfb`` writes a minimal OLE2 compound file (version 3, 512-byte sectors; every stream
padded to the 4096-byte mini-stream cutoff so that no mini stream is needed — trailing
zeros mean nothing to a Word reader, whose offsets all come from the FIB). ``WordFile``
lays out a WordDocument stream and a table stream from pieces of text the way Word does:
a FIB, the text of each piece wherever ``order`` puts it (a fast save appends edited
text out of order), character and paragraph property pages (FKPs) for runs given by
character position, a piece table (Clx), optional lists, headers and sections.
Olefile cannot write files; this writer is only as complete as these tests need.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
FIB_SIZE = 1024

# Word 97 sprms used by the tests.
DELETED = struct.pack("<HB", 0x0800, 1)
INSERTED = struct.pack("<HB", 0x0801, 1)
HIDDEN = struct.pack("<HB", 0x083C, 1)
SPECIAL = struct.pack("<HB", 0x0855, 1)
IN_TABLE = struct.pack("<HB", 0x2416, 1)
ROW_END = IN_TABLE + struct.pack("<HB", 0x2417, 1)


def list_sprms(ilfo: int, ilvl: int = 0) -> bytes:
    return struct.pack("<Hh", 0x460B, ilfo) + struct.pack("<HB", 0x260A, ilvl)


def cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 file holding ``streams`` (top level only)."""
    names = list(streams)
    datas = [_pad(streams[n], max(MINI_CUTOFF, len(streams[n]))) for n in names]
    data_sectors = [len(d) // SECTOR for d in datas]
    dir_sectors = -(-(len(names) + 1) * 128 // SECTOR)
    total = sum(data_sectors) + dir_sectors
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < total + fat_sectors:
        fat_sectors += 1
    fat: list[int] = [FAT_SECTOR] * fat_sectors
    dir_start = len(fat)
    fat += _chain(dir_start, dir_sectors)
    starts = []
    for count in data_sectors:
        starts.append(len(fat))
        fat += _chain(len(fat), count)
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))
    header = _header(fat_sectors, dir_start)
    directory = _entry("Root Entry", 5, END, 0, child=1 if names else NO_STREAM)
    for index, (name, start, data) in enumerate(zip(names, starts, streams.values(), strict=True)):
        right = index + 2 if index + 1 < len(names) else NO_STREAM
        directory += _entry(name, 2, start, max(MINI_CUTOFF, len(data)), right=right)
    directory = _pad(directory, dir_sectors * SECTOR)
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(datas)


def _pad(data: bytes, size: int) -> bytes:
    size = -(-size // SECTOR) * SECTOR
    return data + b"\0" * (size - len(data))


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 for i in range(count - 1)] + [END] if count else []


def _header(fat_sectors: int, dir_start: int) -> bytes:
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    head = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
            + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
            + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, MINI_CUTOFF, END, 0, END, 0))
    return head + struct.pack("<109I", *difat)


def _entry(name: str, kind: int, start: int, size: int, *, child: int = NO_STREAM,
           right: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NO_STREAM, right, child) + b"\0" * 16 + b"\0" * 4
            + b"\0" * 16 + struct.pack("<IQ", start, size))


@dataclass
class Piece:
    text: str
    compressed: bool = False  # 8-bit ([MS-DOC] compressed Latin, or ``raw`` bytes)
    prm: int = 0
    raw: bytes | None = None  # the piece's bytes as stored, when not the encoding of text


@dataclass
class WordFile:
    """A Word 97 .doc built piece by piece. Runs and marks are given in CPs."""

    pieces: list[Piece]
    order: list[int] | None = None  # file order of the pieces' text (default: CP order)
    char_runs: list[tuple[int, int, bytes]] = field(default_factory=list)  # (cp, end, grpprl)
    para_sprms: dict[int, bytes] = field(default_factory=dict)  # cp of a mark → grpprl
    ccp_text: int | None = None  # default: all of the text
    ccp_hdd: int = 0
    plcfhdd: list[int] | None = None
    sections: list[int] | None = None  # CPs of the section boundaries (first 0)
    lists: bytes = b""  # a PlfLst followed by its LVLs
    lfos: bytes = b""
    prcs: list[bytes] = field(default_factory=list)
    complex: bool = True
    encrypted: bool = False
    nfib: int = 0xC1
    fib_patch: dict[int, bytes] = field(default_factory=dict)  # FIB offset → bytes

    def build(self) -> bytes:
        word, table = self.streams()
        return cfb({"WordDocument": word, "1Table": table})

    def streams(self) -> tuple[bytes, bytes]:
        text_area, fcs = self._lay_out_text()
        word = bytearray(FIB_SIZE) + text_area
        table = bytearray()
        pairs: dict[int, tuple[int, int]] = {}
        pairs[33] = _append(table, self._clx(fcs))
        word += b"\0" * (-len(word) % SECTOR)
        pairs[12] = _append(table, self._bin_table(word, self._char_cover(fcs), chpx_page))
        pairs[13] = _append(table, self._bin_table(word, self._para_cover(fcs), papx_page))
        if self.sections:
            pairs[6] = _append(table, _plc(self.sections, b"\0" * 12))
        if self.plcfhdd:
            pairs[11] = _append(table, struct.pack(f"<{len(self.plcfhdd)}i", *self.plcfhdd))
        if self.lists:
            pairs[73] = (len(table), 2 + 28 * struct.unpack_from("<h", self.lists)[0])
            table += self.lists
        if self.lfos:
            pairs[74] = _append(table, self.lfos)
        word[:FIB_SIZE] = self._fib(pairs)
        for offset, patch in self.fib_patch.items():
            word[offset:offset + len(patch)] = patch
        return bytes(word), bytes(table)

    def total(self) -> int:
        return sum(_length(p) for p in self.pieces)

    def _lay_out_text(self) -> tuple[bytes, list[int]]:
        area = bytearray()
        fcs = [0] * len(self.pieces)
        for index in self.order or range(len(self.pieces)):
            piece = self.pieces[index]
            fcs[index] = FIB_SIZE + len(area)
            area += piece.raw if piece.raw is not None else (
                piece.text.encode("latin-1") if piece.compressed else piece.text.encode("utf-16-le"))
        return bytes(area), fcs

    def _spans(self, fcs: list[int]) -> list[tuple[int, int, int, int]]:
        """(cp, end, fc, width) of each piece."""
        spans, cp = [], 0
        for piece, fc in zip(self.pieces, fcs, strict=True):
            spans.append((cp, cp + _length(piece), fc, 1 if piece.compressed else 2))
            cp += _length(piece)
        return spans

    def _fc_ranges(self, fcs: list[int], start: int, end: int) -> list[tuple[int, int]]:
        out = []
        for cp, stop, fc, width in self._spans(fcs):
            low, high = max(start, cp), min(end, stop)
            if low < high:
                out.append((fc + (low - cp) * width, fc + (high - cp) * width))
        return out

    def _char_cover(self, fcs: list[int]) -> list[tuple[int, int, bytes]]:
        runs = []
        for start, end, grpprl in self.char_runs:
            runs += [(a, b, grpprl) for a, b in self._fc_ranges(fcs, start, end)]
        return _cover(runs, self._text_fc_range(fcs))

    def _para_cover(self, fcs: list[int]) -> list[tuple[int, int, bytes]]:
        runs = []
        for cp, unit in enumerate(_units(self.pieces)):
            if unit in (13, 7) or cp in self.para_sprms:
                for a, b in self._fc_ranges(fcs, cp, cp + 1):
                    runs.append((a, b, self.para_sprms.get(cp, b"")))
        return _cover(runs, self._text_fc_range(fcs))

    def _text_fc_range(self, fcs: list[int]) -> tuple[int, int]:
        spans = self._spans(fcs)
        return min(s[2] for s in spans), max(s[2] + (s[1] - s[0]) * s[3] for s in spans)

    def _bin_table(self, word: bytearray, runs, make_page) -> bytes:
        pns, firsts = [], []
        for chunk in [runs[i:i + 20] for i in range(0, len(runs), 20)] or [[]]:
            if not chunk:
                break
            pns.append(len(word) // SECTOR)
            firsts.append(chunk[0][0])
            word += make_page(chunk)
        if not pns:
            return b""
        return struct.pack(f"<{len(pns) + 1}I", *firsts, runs[-1][1]) + struct.pack(f"<{len(pns)}I", *pns)

    def _clx(self, fcs: list[int]) -> bytes:
        prc = b"".join(b"\x01" + struct.pack("<H", len(g)) + g for g in self.prcs)
        cps, pcds = [0], b""
        for piece, (_, stop, fc, width) in zip(self.pieces, self._spans(fcs), strict=True):
            cps.append(stop)
            stored = (fc * 2) | 0x40000000 if width == 1 else fc
            pcds += struct.pack("<HIH", 0, stored, piece.prm)
        plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
        return prc + b"\x02" + struct.pack("<I", len(plc)) + plc

    def _fib(self, pairs: dict[int, tuple[int, int]]) -> bytes:
        flags = 0x0200 | (0x0004 if self.complex else 0) | (0x0100 if self.encrypted else 0)
        fib = bytearray(FIB_SIZE)
        struct.pack_into("<HHHHH", fib, 0, 0xA5EC, self.nfib, 0, 0x0804, 0)
        struct.pack_into("<H", fib, 10, flags)
        struct.pack_into("<H", fib, 32, 14)
        struct.pack_into("<H", fib, 62, 22)
        ccp_text = self.total() - self.ccp_hdd if self.ccp_text is None else self.ccp_text
        struct.pack_into("<iii", fib, 64 + 12, ccp_text, 0, self.ccp_hdd)
        struct.pack_into("<H", fib, 152, 93)
        for index, (fc, lcb) in pairs.items():
            struct.pack_into("<II", fib, 154 + 8 * index, fc, lcb)
        return bytes(fib)


def _length(piece: Piece) -> int:
    """Characters count in CPs: UTF-16 code units (an astral character is two)."""
    return len(piece.text) if piece.compressed else len(piece.text.encode("utf-16-le")) // 2


def _units(pieces: list[Piece]) -> list[int]:
    """Each CP's character code (an 8-bit piece's ``raw`` bytes count as stored)."""
    out: list[int] = []
    for piece in pieces:
        if piece.compressed:
            out += list(piece.raw if piece.raw is not None else piece.text.encode("latin-1"))
        else:
            data = piece.text.encode("utf-16-le")
            out += list(struct.unpack(f"<{len(data) // 2}H", data))
    return out


def _append(table: bytearray, data: bytes) -> tuple[int, int]:
    at = len(table)
    table += data
    return at, len(data)


def _plc(cps: list[int], item: bytes) -> bytes:
    return struct.pack(f"<{len(cps)}i", *cps) + item * (len(cps) - 1)


def _cover(runs: list[tuple[int, int, bytes]], bounds: tuple[int, int]) -> list[tuple[int, int, bytes]]:
    """Contiguous runs over ``bounds`` (FKP runs follow each other), given ones kept."""
    runs = sorted(runs)
    out, position = [], bounds[0]
    for start, end, grpprl in runs:
        if start > position:
            out.append((position, start, b""))
        out.append((start, end, grpprl))
        position = end
    if position < bounds[1]:
        out.append((position, bounds[1], b""))
    return out


def chpx_page(runs: list[tuple[int, int, bytes]]) -> bytes:
    page = bytearray(SECTOR)
    count = len(runs)
    struct.pack_into(f"<{count + 1}I", page, 0, *[r[0] for r in runs], runs[-1][1])
    top = SECTOR - 1
    for i, (_, _, grpprl) in enumerate(runs):
        if not grpprl:
            continue
        top = (top - 1 - len(grpprl)) & ~1
        page[top] = len(grpprl)
        page[top + 1:top + 1 + len(grpprl)] = grpprl
        page[4 * (count + 1) + i] = top // 2
    page[SECTOR - 1] = count
    return bytes(page)


def papx_page(runs: list[tuple[int, int, bytes]], istd: int = 0) -> bytes:
    page = bytearray(SECTOR)
    count = len(runs)
    struct.pack_into(f"<{count + 1}I", page, 0, *[r[0] for r in runs], runs[-1][1])
    top = SECTOR - 1
    for i, (_, _, grpprl) in enumerate(runs):
        data = struct.pack("<H", istd) + grpprl
        stored = bytes([(len(data) + 1) // 2]) + data if len(data) % 2 else bytes([0, len(data) // 2]) + data
        top = (top - len(stored)) & ~1
        page[top:top + len(stored)] = stored
        page[4 * (count + 1) + 13 * i] = top // 2
    page[SECTOR - 1] = count
    return bytes(page)


def lst(lsid: int, levels: list[tuple[int, str]], *, simple: bool = False) -> bytes:
    """A PlfLst with one list and its LVLs: each level (nfc, number text with \\x00–\\x08
    placeholders), starting at 1, followed by nothing."""
    head = struct.pack("<hii", 1, lsid, 0) + b"\xff\x0f" * 9 + bytes([1 if simple else 0, 0])
    body = b""
    for nfc, text in levels:
        places = [i + 1 for i, c in enumerate(text) if ord(c) < 9][:9]
        lvlf = (struct.pack("<iBB", 1, nfc, 0) + bytes(places).ljust(9, b"\0")
                + bytes([2]) + struct.pack("<ii", 0, 0) + bytes([0, 0, 0, 0]))
        body += lvlf + struct.pack("<H", len(text)) + text.encode("utf-16-le")
    return head + body


def lfo(lsid: int) -> bytes:
    """A PlfLfo with one LFO (ilfo 1) for list ``lsid``, without overrides."""
    return struct.pack("<iiiiBBBB", 1, lsid, 0, 0, 0, 0, 0, 0) + struct.pack("<I", 0xFFFFFFFF)


def word6_file(text: bytes, *, lid: int = 0x0804, table_marks: dict[int, bytes] | None = None) -> bytes:
    """A Word 6/95 .doc (not fast-saved): 8-bit ``text`` at fcMin, paragraph runs with
    Word 6 sprms at the given mark offsets (the table lives in the WordDocument stream)."""
    fc_min = 0x400
    word = bytearray(fc_min) + text
    word += b"\0" * (-len(word) % SECTOR)
    runs = []
    for offset, char in enumerate(text):
        if char in b"\r\x07":
            runs.append((fc_min + offset, fc_min + offset + 1, (table_marks or {}).get(offset, b"")))
    runs = _cover(runs, (fc_min, fc_min + len(text)))
    pn = len(word) // SECTOR
    word += _word6_papx_page(runs)
    plc_at = len(word)
    plc = struct.pack("<II", fc_min, fc_min + len(text)) + struct.pack("<H", pn)
    word += plc
    struct.pack_into("<HHHH", word, 0, 0xA5DC, 104, 0, lid)
    struct.pack_into("<I", word, 0x18, fc_min)
    struct.pack_into("<I", word, 0x1C, fc_min + len(text))
    struct.pack_into("<i", word, 0x34, len(text))
    struct.pack_into("<II", word, 0xC0, plc_at, len(plc))
    struct.pack_into("<H", word, 0x18C, pn)
    struct.pack_into("<H", word, 0x190, 1)
    return cfb({"WordDocument": bytes(word)})


def _word6_papx_page(runs: list[tuple[int, int, bytes]]) -> bytes:
    page = bytearray(SECTOR)
    count = len(runs)
    struct.pack_into(f"<{count + 1}I", page, 0, *[r[0] for r in runs], runs[-1][1])
    top = SECTOR - 1
    for i, (_, _, grpprl) in enumerate(runs):
        data = b"\0\0" + grpprl
        data += b"\0" * (len(data) % 2)
        stored = bytes([len(data) // 2]) + data
        top = (top - len(stored)) & ~1
        page[top:top + len(stored)] = stored
        page[4 * (count + 1) + 7 * i] = top // 2
    page[SECTOR - 1] = count
    return bytes(page)
