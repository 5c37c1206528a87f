"""The File Information Block at the start of a Word binary ``WordDocument`` stream.

Two layouts are read ([MS-DOC] 2.5.1 for Word 97 and later — what WPS writes too — and
the Word 6/95 one, whose offsets are fixed): what a reader of the text needs, i.e. the
version, the flags (complex/fast-saved, encrypted, which table stream), the lengths of
the text stories (``ccp*``) and where the structures live (``fc``/``lcb`` pairs).
Anything inconsistent raises ``DocError``; nothing here trusts a count it cannot bound.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from .doc_errors import DAMAGED, ENCRYPTED, ENCRYPTED_ADVICE, OLD_WORD, OLD_WORD_ADVICE, DocError

WORD97_IDENTS = {0xA5EC}
WORD6_IDENTS = {0xA5DC, 0xA5EC, 0x8098, 0x8099, 0xA697, 0xA699}
FAR_EAST_WORD6_IDENTS = {0x8098, 0x8099, 0xA697, 0xA699}  # Word 6/95 for CJK: 16-bit text
WORD97_MIN_NFIB = 0xC0  # 0xC1 is Word 97-2003 (later versions keep it and add nFibNew)
WORD6_NFIBS = range(101, 106)  # 101–103 Word 6, 104–105 Word 95
WORD2_MAX_NFIB = 100
STORIES = ("text", "ftn", "hdd", "mcr", "atn", "edn", "txbx", "hdrtxbx")

# Word 97 FibRgFcLcb97: index of each (fc, lcb) pair we use ([MS-DOC] 2.5.6).
WORD97_PAIRS = {"stshf": 1, "plcfhdd": 11, "plcfbtechpx": 12, "plcfbtepapx": 13, "plcfsed": 6,
                "clx": 33, "plflst": 73, "plflfo": 74}
# Word 6/95: byte offsets of the same pairs in the fixed FIB.
WORD6_PAIRS = {"stshf": 0x60, "plcfsed": 0x88, "plcfhdd": 0xB0, "plcfbtechpx": 0xB8,
               "plcfbtepapx": 0xC0, "clx": 0x160}
WORD6_MIN_SIZE = 0x194


@dataclass(frozen=True, slots=True)
class Fib:
    ident: int
    nfib: int
    lid: int
    word6: bool  # the Word 6/95 layout: 8-bit text, 1-byte sprms, no table stream
    complex: bool  # fast-saved: the piece table is the only truth
    encrypted: bool  # fEncrypted: a password protects the text (RC4, CryptoAPI or XOR)
    table_stream: str  # "1Table" / "0Table"; "" for Word 6/95 (the structures are in WordDocument)
    far_east: bool  # Word 6/95 for CJK (16-bit text)
    fc_min: int  # Word 6/95: where contiguous text starts
    ccp: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, tuple[int, int]] = field(default_factory=dict)
    bte_extra: dict[str, tuple[int, int]] = field(default_factory=dict)  # Word 6: (first pn, count)

    def pair(self, name: str) -> tuple[int, int]:
        return self.pairs.get(name, (0, 0))

    @property
    def total_ccp(self) -> int:
        return sum(self.ccp.values())


def _u16(data: bytes, offset: int) -> int:
    return struct.unpack_from("<H", data, offset)[0]


def _u32(data: bytes, offset: int) -> int:
    return struct.unpack_from("<I", data, offset)[0]


def _i32(data: bytes, offset: int) -> int:
    return struct.unpack_from("<i", data, offset)[0]


def parse_fib(data: bytes) -> Fib:
    """Read the FIB of ``data`` (the whole WordDocument stream)."""
    if len(data) < 32:
        raise DocError(DAMAGED)
    ident, nfib = _u16(data, 0), _u16(data, 2)
    flags = _u16(data, 10)
    encrypted = bool(flags & 0x0100)  # fObfuscated (bit 15) only says which cipher
    if encrypted:  # only the FibBase is in clear: the rest of the FIB is ciphertext too
        raise DocError(ENCRYPTED, ENCRYPTED_ADVICE)
    common = {"ident": ident, "lid": _u16(data, 6), "complex": bool(flags & 0x0004),
              "encrypted": encrypted}
    if nfib >= WORD97_MIN_NFIB and ident in WORD97_IDENTS:
        return _parse_word97(data, nfib, bool(flags & 0x0200), common)
    if nfib in WORD6_NFIBS and ident in WORD6_IDENTS:
        return _parse_word6(data, nfib, common)
    if 0 < nfib <= WORD2_MAX_NFIB or ident in (0xA59B, 0xA5DB):
        raise DocError(OLD_WORD, OLD_WORD_ADVICE)
    raise DocError("无法识别的 Word 文档版本（文件可能已损坏）")


def _parse_word97(data: bytes, nfib: int, table1: bool, common: dict) -> Fib:
    try:
        csw = _u16(data, 32)
        lw_at = 34 + 2 * csw
        cslw = _u16(data, lw_at)
        rglw = lw_at + 2
        if cslw < 11:
            raise DocError(DAMAGED)
        ccp = {name: _i32(data, rglw + 12 + 4 * i) for i, name in enumerate(STORIES)}
        fc_at = rglw + 4 * cslw
        count = _u16(data, fc_at)
        pairs = {}
        for name, index in WORD97_PAIRS.items():
            if index < count:
                pairs[name] = struct.unpack_from("<II", data, fc_at + 2 + 8 * index)
        new_at = fc_at + 2 + 8 * count
        if new_at + 4 <= len(data) and _u16(data, new_at) > 0:
            nfib = _u16(data, new_at + 2) or nfib
    except struct.error:
        raise DocError(DAMAGED) from None
    _check_ccp(ccp)
    return Fib(nfib=nfib, word6=False, table_stream="1Table" if table1 else "0Table",
               far_east=False, fc_min=0, ccp=ccp, pairs=pairs, **common)


def _parse_word6(data: bytes, nfib: int, common: dict) -> Fib:
    if len(data) < WORD6_MIN_SIZE:
        raise DocError(DAMAGED)
    ccp = {name: _i32(data, 0x34 + 4 * i) for i, name in enumerate(STORIES)}
    _check_ccp(ccp)
    pairs = {name: (_u32(data, at), _u32(data, at + 4)) for name, at in WORD6_PAIRS.items()}
    extra = {"plcfbtechpx": (_u16(data, 0x18A), _u16(data, 0x18E)),
             "plcfbtepapx": (_u16(data, 0x18C), _u16(data, 0x190))}
    return Fib(nfib=nfib, word6=True, table_stream="", far_east=common["ident"] in FAR_EAST_WORD6_IDENTS,
               fc_min=_u32(data, 0x18), ccp=ccp, pairs=pairs, bte_extra=extra, **common)


def _check_ccp(ccp: dict[str, int]) -> None:
    if any(value < 0 for value in ccp.values()):
        raise DocError(DAMAGED)
