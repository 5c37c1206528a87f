"""Paragraph styles ([MS-DOC] 2.9.271 STSH): the paragraph properties each style gives.

Only what the text needs: a heading style often carries the list (sprmPIlfo/sprmPIlvl)
that numbers it, so ``paragraph_styles`` returns each paragraph style's resolved
``ParaProps`` (its own sprms over those of the style it is based on). Word 6/95 styles
hold no lists (Word 6 numbering is not read), so they are not parsed.
"""

from __future__ import annotations

import struct

from .doc_sprm import ParaProps, para_props

NO_STYLE = 0x0FFF
PARAGRAPH_STYLE = 1
MAX_STYLES = 4096


def paragraph_styles(table: bytes, fc: int, lcb: int) -> dict[int, ParaProps]:
    """istd → the style's paragraph properties (inheritance applied)."""
    data = table[fc:fc + lcb]
    if len(data) < 6:
        return {}
    header = struct.unpack_from("<H", data)[0]
    count, base_size = struct.unpack_from("<HH", data, 2)
    if header < 4 or base_size < 10:
        return {}
    raw: dict[int, tuple[int, bytes]] = {}  # istd → (istdBase, paragraph grpprl)
    position = 2 + header
    for istd in range(min(count, MAX_STYLES)):
        if position + 2 > len(data):
            break
        size = struct.unpack_from("<H", data, position)[0]
        std = data[position + 2:position + 2 + size]
        position += 2 + size
        parsed = _paragraph_style(std, base_size) if size else None
        if parsed is not None:
            raw[istd] = parsed
    return {istd: _resolve(istd, raw) for istd in raw}


def _paragraph_style(std: bytes, base_size: int) -> tuple[int, bytes] | None:
    if len(std) < max(base_size, 10) + 2:
        return None
    kind_base, upx_count = struct.unpack_from("<HH", std, 2)
    if kind_base & 0x0F != PARAGRAPH_STYLE or upx_count & 0x0F < 1:
        return None
    name_length = struct.unpack_from("<H", std, base_size)[0]
    position = base_size + 2 + 2 * name_length + 2  # xstzName and its terminating zero
    position += position & 1
    if position + 2 > len(std):
        return None
    size = struct.unpack_from("<H", std, position)[0]
    papx = std[position + 2:position + 2 + size]
    return kind_base >> 4, papx[2:]  # the UPX starts with the istd again


def _resolve(istd: int, raw: dict[int, tuple[int, bytes]]) -> ParaProps:
    chain = []
    seen: set[int] = set()
    while istd in raw and istd not in seen:
        seen.add(istd)
        base, grpprl = raw[istd]
        chain.append(grpprl)
        istd = base
    props = ParaProps()
    for grpprl in reversed(chain):
        props = para_props(grpprl, False, props)
    return props
