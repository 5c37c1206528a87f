"""Automatic list numbers ([MS-DOC] 2.9.147 PlfLst, 2.9.131 PlfLfo, 2.9.150 LVL).

A numbered paragraph names an LFO (sprmPIlfo, 1-based) and a level (sprmPIlvl); the LFO
names a list (LSTF, by lsid) and may restart or replace some of its levels; each level
(LVL) has a start value, a number format (MSONFC) and a number text such as ``（\\x01）``
whose placeholder characters name the levels whose counters go there. These become the
``ListDef``/``Level`` of the .docx numbering so that ``docx_numbering.Numberer`` counts and
draws them exactly as it does for a .docx (one list's counters are shared by all LFOs
that use it, as Word does).
"""

from __future__ import annotations

import struct

from .docx_numbering import LEVELS, Level, ListDef

LSTF_SIZE, LVLF_SIZE, LFO_SIZE, LFOLVL_SIZE = 28, 28, 16, 8
MAX_LISTS = 65_536
SUFFIXES = {0: "tab", 1: "space", 2: "nothing"}
# MSONFC → the OOXML ST_NumberFormat name (the same enumeration, in the same order).
NUMBER_FORMATS = (
    "decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "ordinal",
    "cardinalText", "ordinalText", "hex", "chicago", "ideographDigital", "japaneseCounting",
    "aiueo", "iroha", "decimalFullWidth", "decimalHalfWidth", "japaneseLegal",
    "japaneseDigitalTenThousand", "decimalEnclosedCircle", "decimalFullWidth2",
    "aiueoFullWidth", "irohaFullWidth", "decimalZero", "bullet", "ganada", "chosung",
    "decimalEnclosedFullstop", "decimalEnclosedParen", "decimalEnclosedCircleChinese",
    "ideographEnclosedCircle", "ideographTraditional", "ideographZodiac",
    "ideographZodiacTraditional", "taiwaneseCounting", "ideographLegalTraditional",
    "taiwaneseCountingThousand", "taiwaneseDigital", "chineseCounting",
    "chineseLegalSimplified", "chineseCountingThousand", "koreanDigital", "koreanCounting",
    "koreanLegal", "koreanDigital2",
)
NONE_FORMAT = 0xFF


def number_format(nfc: int) -> str:
    if nfc == NONE_FORMAT:
        return "none"
    return NUMBER_FORMATS[nfc] if nfc < len(NUMBER_FORMATS) else "decimal"


def read_lists(table: bytes, lst: tuple[int, int], lfo: tuple[int, int]) -> dict[str, ListDef]:
    """str(ilfo) → the list definition a paragraph with that sprmPIlfo uses."""
    lists = _read_lsts(table, *lst)
    if not lists:
        return {}
    return _read_lfos(table, *lfo, lists)


def _read_lsts(table: bytes, fc: int, lcb: int) -> dict[int, list[Level]]:
    if lcb < 2 or fc + lcb > len(table):
        return {}
    count = struct.unpack_from("<h", table, fc)[0]
    if count <= 0 or 2 + LSTF_SIZE * count > lcb:
        return {}
    lists: dict[int, list[Level]] = {}
    position = fc + lcb  # the LVLs follow the PlfLst
    for index in range(min(count, MAX_LISTS)):
        at = fc + 2 + LSTF_SIZE * index
        lsid = struct.unpack_from("<i", table, at)[0]
        simple = table[at + 26] & 1
        levels = []
        for _ in range(1 if simple else LEVELS):
            level, position = read_level(table, position)
            if level is None:
                return lists
            levels.append(level)
        lists[lsid] = levels + [Level() for _ in range(LEVELS - len(levels))]
    return lists


def read_level(data: bytes, at: int) -> tuple[Level | None, int]:
    """One LVL at ``at``: the level and the offset after it (None when it does not fit)."""
    if at + LVLF_SIZE > len(data):
        return None, at
    start, nfc, flags = struct.unpack_from("<iBB", data, at)
    placeholders = data[at + 6:at + 15]
    follow = data[at + 15]
    chpx_size, papx_size = data[at + 24], data[at + 25]
    text_at = at + LVLF_SIZE + papx_size + chpx_size
    if text_at + 2 > len(data):
        return None, at
    length = struct.unpack_from("<H", data, text_at)[0]
    end = text_at + 2 + 2 * length
    if end > len(data):
        return None, at
    xst = data[text_at + 2:end].decode("utf-16-le", "replace")
    level = Level(start=start, fmt=number_format(nfc), text=_level_text(xst, placeholders),
                  suffix=SUFFIXES.get(follow, "tab"), legal=bool(flags & 0x04))
    return level, end


def _level_text(xst: str, placeholders: bytes) -> str:
    """The number text with Word's placeholders (a character 0–8 at a position listed in
    rgbxchNums) written as the ``%1``…``%9`` of a .docx lvlText."""
    positions = set()
    for position in placeholders:
        if position == 0:
            break
        positions.add(position - 1)
    out = []
    for index, char in enumerate(xst):
        if index in positions and ord(char) < LEVELS:
            out.append(f"%{ord(char) + 1}")
        else:
            out.append(char)
    return "".join(out)


def _read_lfos(table: bytes, fc: int, lcb: int, lists: dict[int, list[Level]]) -> dict[str, ListDef]:
    if lcb < 4 or fc + lcb > len(table):
        return {}
    count = struct.unpack_from("<i", table, fc)[0]
    if count <= 0 or 4 + LFO_SIZE * count > lcb:
        return {}
    found: dict[str, ListDef] = {}
    data_at = fc + 4 + LFO_SIZE * count  # then one LFOData per LFO
    for index in range(min(count, MAX_LISTS)):
        at = fc + 4 + LFO_SIZE * index
        lsid = struct.unpack_from("<i", table, at)[0]
        overrides = table[at + 12]
        levels = list(lists.get(lsid, ()))
        definition = ListDef(str(lsid), levels or [Level() for _ in range(LEVELS)])
        data_at = _read_overrides(table, data_at, overrides, definition)
        if lsid in lists:
            found[str(index + 1)] = definition
        if data_at < 0:
            break
    return found


def _read_overrides(table: bytes, at: int, count: int, definition: ListDef) -> int:
    """Apply an LFOData's level overrides (restart values, replaced levels) to
    ``definition``; return the offset after it, or -1 when it runs past the table."""
    if not count:
        return at + 4 if at + 4 <= len(table) else at
    at += 4  # cp
    for _ in range(count):
        if at + LFOLVL_SIZE > len(table):
            return -1
        start, flags = struct.unpack_from("<iI", table, at)
        at += LFOLVL_SIZE
        level_index = flags & 0x0F
        if flags & 0x20:  # fFormatting: a whole LVL follows
            level, at_after = read_level(table, at)
            if level is None:
                return -1
            at = at_after
            if level_index < LEVELS:
                definition.levels[level_index] = level
        if flags & 0x10 and level_index < LEVELS:  # fStartAt
            definition.overrides[level_index] = start
    return at
