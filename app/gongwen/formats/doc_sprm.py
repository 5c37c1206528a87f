"""Property modifiers (sprms, [MS-DOC] 2.2.5 / 2.6) — only the few a text reader needs.

A grpprl is a run of (sprm, operand) pairs; Word 97 sprms are 2 bytes whose top three
bits give the operand size, Word 6/95 sprms are 1 byte with sizes from a fixed table.
From characters we need: deleted in a tracked change (sprmCFRMarkDel), hidden
(sprmCFVanish), special (sprmCFSpec: field marks, pictures, footnote marks); from
paragraphs: the style, table membership (cell, row end, nesting depth) and the list
(sprmPIlfo/sprmPIlvl). A piece's Prm adds one sprm (Prm0, by its index in a fixed table)
or a grpprl of the Clx (Prm1).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, replace

DELETED, HIDDEN, SPECIAL = 1, 2, 4

# Word 97 sprm codes.
CF_RMARK_DEL, CF_VANISH, CF_SPEC = 0x0800, 0x083C, 0x0855
P_ISTD, P_ILVL, P_ILFO = 0x4600, 0x260A, 0x460B
P_IN_TABLE, P_TTP, P_ITAP, P_DTAP = 0x2416, 0x2417, 0x6649, 0x664A
P_INNER_TTP, P_HUGE_PAPX = 0x244C, 0x6646  # a nested cell's mark is a \r in a table (itap > 1)
T_DEF_TABLE = (0xD606, 0xD608)  # operand size in 2 bytes
P_CHG_TABS = 0xC615  # operand size 255 means: computed from its content
_SPRA_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}

# Word 6/95 sprm numbers (also the isprm of a Prm0 for these properties).
W6_ISTD, W6_IN_TABLE, W6_TTP = 2, 24, 25
W6_RMARK_DEL, W6_VANISH, W6_SPEC = 65, 92, 117
PRM0_ILVL = 0x0C
_CHAR_TOGGLES = {CF_RMARK_DEL: DELETED, CF_VANISH: HIDDEN, CF_SPEC: SPECIAL}
_W6_CHAR_TOGGLES = {W6_RMARK_DEL: DELETED, W6_VANISH: HIDDEN, W6_SPEC: SPECIAL}
# Word 6/95 operand sizes (1 byte unless listed; "var": a size byte first).
_W6_TWO = {2, 16, 17, 18, 19, 21, 22, 26, 27, 28, 30, 31, 32, 33, 34, 35, 36, 38, 39, 40, 41, 42,
           43, 45, 46, 47, 48, 49, 69, 72, 80, 93, 96, 97, 99, 101, 105, 106, 107, 109, 110, 121,
           122, 123, 124, 140, 141, 144, 145, 148, 149, 154, 155, 156, 157, 160, 161, 164, 165,
           166, 167, 168, 169, 170, 171, 182, 183, 184, 189, 195, 197, 198}
_W6_VAR = {3, 12, 15, 81, 103, 108, 188, 190, 191}
_W6_FIXED = {**dict.fromkeys((20, 70, 74, 192, 194, 196, 200), 4), **dict.fromkeys((68, 193, 199), 5),
             **dict.fromkeys((73, 95, 136, 137), 3), **dict.fromkeys((120, 187), 12)}
W6_CHG_TABS = 23


def iter_sprms(grpprl: bytes, word6: bool = False) -> Iterator[tuple[int, bytes]]:
    """(sprm, operand) pairs of a grpprl; stops at the first one that does not fit."""
    position, size = 0, len(grpprl)
    header = 1 if word6 else 2
    while position + header <= size:
        sprm = grpprl[position] if word6 else grpprl[position] | grpprl[position + 1] << 8
        start = position + header
        length = _operand_size(sprm, grpprl, start, word6)
        if length is None or start + length > size:
            return
        yield sprm, grpprl[start:start + length]
        position = start + length


def _operand_size(sprm: int, data: bytes, at: int, word6: bool) -> int | None:
    if word6:
        if sprm in _W6_TWO:
            return 2
        if sprm in _W6_VAR:
            return 1 + data[at] if at < len(data) else None
        if sprm == W6_CHG_TABS:
            return _chg_tabs_size(data, at)
        return _W6_FIXED.get(sprm, 1)
    spra = sprm >> 13
    if spra != 6:
        return _SPRA_SIZE[spra]
    if sprm in T_DEF_TABLE:
        if at + 2 > len(data):
            return None
        return 2 + struct.unpack_from("<H", data, at)[0] - 1
    if sprm == P_CHG_TABS:
        return _chg_tabs_size(data, at)
    return 1 + data[at] if at < len(data) else None


def _chg_tabs_size(data: bytes, at: int) -> int | None:
    """sprmPChgTabs: a size byte, or 255 and then deleted tabs (4 bytes) and added tabs (3)."""
    if at >= len(data):
        return None
    if data[at] != 255:
        return 1 + data[at]
    if at + 1 >= len(data):
        return None
    deleted = data[at + 1]
    added_at = at + 2 + 4 * deleted
    if added_at >= len(data):
        return None
    return 2 + 4 * deleted + 1 + 3 * data[added_at]


def _toggle(flags: int, bit: int, operand: bytes) -> int:
    """0: off, 1: on, 0x80: as the style (styles are not read: off), 0x81: the opposite."""
    value = operand[0] if operand else 0
    return flags | bit if value in (1, 0x81) else flags & ~bit


def char_flags(grpprl: bytes, word6: bool = False, flags: int = 0) -> int:
    """DELETED/HIDDEN/SPECIAL after applying a character grpprl to ``flags``."""
    toggles = _W6_CHAR_TOGGLES if word6 else _CHAR_TOGGLES
    for sprm, operand in iter_sprms(grpprl, word6):
        bit = toggles.get(sprm)
        if bit:
            flags = _toggle(flags, bit, operand)
    return flags


@dataclass(frozen=True, slots=True)
class ParaProps:
    istd: int = 0
    in_table: bool = False
    ttp: bool = False  # the mark ending a table row (not a cell)
    itap: int = 0  # table nesting depth
    inner_ttp: bool = False  # the mark ending a row of a nested table
    ilfo: int | None = None  # list (1-based LFO index); None: not set here
    ilvl: int | None = None
    huge_papx: int | None = None  # offset in the Data stream of more paragraph sprms

    @property
    def row_end(self) -> bool:
        return self.ttp or self.inner_ttp

    @property
    def in_any_table(self) -> bool:
        return self.in_table or self.itap > 0


def _flag(operand: bytes) -> bool:
    return bool(operand and operand[0])


def _int(operand: bytes, fmt: str) -> int:
    return struct.unpack_from(fmt, operand)[0] if len(operand) >= struct.calcsize(fmt) else 0


def para_props(grpprl: bytes, word6: bool = False, props: ParaProps = ParaProps()) -> ParaProps:
    """``props`` with a paragraph grpprl applied."""
    changes: dict = {}
    for sprm, operand in iter_sprms(grpprl, word6):
        if word6:
            _apply_word6(sprm, operand, changes)
        else:
            _apply_word97(sprm, operand, changes, props)
    return replace(props, **changes) if changes else props


def _apply_word97(sprm: int, operand: bytes, changes: dict, props: ParaProps) -> None:
    if sprm == P_ISTD:
        changes["istd"] = _int(operand, "<H")
    elif sprm == P_IN_TABLE:
        changes["in_table"] = _flag(operand)
    elif sprm == P_TTP:
        changes["ttp"] = _flag(operand)
    elif sprm == P_ITAP:
        changes["itap"] = max(0, _int(operand, "<i"))
    elif sprm == P_DTAP:
        changes["itap"] = max(0, changes.get("itap", props.itap) + _int(operand, "<i"))
    elif sprm == P_INNER_TTP:
        changes["inner_ttp"] = _flag(operand)
    elif sprm == P_ILFO:
        changes["ilfo"] = _int(operand, "<h")
    elif sprm == P_ILVL:
        changes["ilvl"] = operand[0] if operand else 0
    elif sprm == P_HUGE_PAPX:
        changes["huge_papx"] = _int(operand, "<I")


def _apply_word6(sprm: int, operand: bytes, changes: dict) -> None:
    if sprm == W6_ISTD:
        changes["istd"] = _int(operand, "<H")
    elif sprm == W6_IN_TABLE:
        changes["in_table"] = _flag(operand)
    elif sprm == W6_TTP:
        changes["ttp"] = _flag(operand)


@dataclass(frozen=True, slots=True)
class Modifier:
    """What a piece's Prm adds to the characters and paragraph marks in it."""

    char_grpprl: bytes = b""
    para_grpprl: bytes = b""
    word6: bool = False


NO_MODIFIER = Modifier()
# Prm0 ([MS-DOC] 2.9.215): isprm → the Word 97 sprm, for the properties read here.
_PRM0 = {W6_IN_TABLE: P_IN_TABLE, W6_TTP: P_TTP, PRM0_ILVL: P_ILVL, W6_RMARK_DEL: CF_RMARK_DEL,
         W6_VANISH: CF_VANISH, W6_SPEC: CF_SPEC}


def prm_modifier(prm: int, prcs: list[bytes], word6: bool) -> Modifier:
    """The sprms a piece's Prm applies (empty for none or one this reader ignores)."""
    if prm & 1:  # Prm1: index of a grpprl in the Clx
        index = prm >> 1
        if index >= len(prcs):
            return NO_MODIFIER
        grpprl = prcs[index]
        return Modifier(grpprl, grpprl, word6)
    isprm, value = (prm >> 1) & 0x7F, prm >> 8
    sprm = _PRM0.get(isprm)
    if sprm is None or prm == 0:
        return NO_MODIFIER
    grpprl = struct.pack("<HB", sprm, value)
    return Modifier(grpprl, grpprl, False)
