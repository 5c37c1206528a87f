"""Character and paragraph runs from the formatted disk pages ([MS-DOC] 2.9.9 ChpxFkp,
2.9.175 PapxFkp) that the bin tables (PlcBteChpx/PlcBtePapx) point to.

Each 512-byte page in the WordDocument stream lists runs of file offsets (FCs) with the
grpprl that applies to them; a paragraph's properties are those of the run holding its
paragraph mark. ``RunIndex`` answers "which run holds this FC" and "which runs overlap
this FC range" by bisection.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

PAGE = 512
MAX_CHP_RUNS = (PAGE - 4) // 5  # crun ≤ 0x65


@dataclass(frozen=True, slots=True)
class Run:
    start: int  # first FC
    end: int  # FC after the last
    grpprl: bytes  # the sprms (for paragraphs: after the 2-byte istd)
    istd: int = 0


class RunIndex:
    """Runs sorted by FC (overlaps, which only damaged files have, resolved by order)."""

    def __init__(self, runs: list[Run]):
        self.runs = sorted((r for r in runs if r.end > r.start), key=lambda r: r.start)
        self._starts = [r.start for r in self.runs]

    def __len__(self) -> int:
        return len(self.runs)

    def find(self, fc: int) -> Run | None:
        index = bisect_right(self._starts, fc) - 1
        if index >= 0 and self.runs[index].start <= fc < self.runs[index].end:
            return self.runs[index]
        return None

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, Run | None]]:
        """Cover [start, end) with (from, to, run) pieces; run is None where no run is."""
        position = start
        index = max(0, bisect_right(self._starts, start) - 1)
        while position < end and index < len(self.runs):
            run = self.runs[index]
            index += 1
            if run.end <= position:
                continue
            if run.start > position:
                stop = min(run.start, end)
                yield position, stop, None
                position = stop
                if position >= end:
                    return
            stop = min(run.end, end)
            yield position, stop, run
            position = stop
        if position < end:
            yield position, end, None


def page_numbers(table: bytes, fc: int, lcb: int, *, word6: bool,
                 extra: tuple[int, int] = (0, 0), word_size: int = 0) -> list[int]:
    """The FKP page numbers a bin table lists (Word 6: 2-byte entries, and a table that a
    non-fast-saved file may leave short, the rest of its pages following in order)."""
    entry = 2 if word6 else 4
    data = table[fc:fc + lcb]
    if lcb < 4 + entry or len(data) < lcb:
        return []
    count = (lcb - 4) // (4 + entry)
    offset = 4 * (count + 1)
    if word6:
        pages = list(struct.unpack_from(f"<{count}H", data, offset))
    else:
        pages = [pn & 0x3FFFFF for pn in struct.unpack_from(f"<{count}I", data, offset)]
    first, wanted = extra
    if word6 and wanted > len(pages):
        last = pages[-1] if pages else first - 1
        limit = word_size // PAGE
        while len(pages) < wanted and last + 1 < limit:
            last += 1
            pages.append(last)
    return pages


def _page(word: bytes, number: int) -> bytes | None:
    start = number * PAGE
    page = word[start:start + PAGE]
    return page if len(page) == PAGE else None


def chpx_runs(word: bytes, pages: list[int]) -> RunIndex:
    runs = []
    for number in dict.fromkeys(pages):
        page = _page(word, number)
        if page is None:
            continue
        count = page[PAGE - 1]
        if not 0 < count <= MAX_CHP_RUNS:
            continue
        fcs = struct.unpack_from(f"<{count + 1}I", page)
        for i in range(count):
            at = 2 * page[4 * (count + 1) + i]
            grpprl = page[at + 1:at + 1 + page[at]] if at else b""
            runs.append(Run(fcs[i], fcs[i + 1], grpprl))
    return RunIndex(runs)


def papx_runs(word: bytes, pages: list[int], *, word6: bool) -> RunIndex:
    bx_size = 7 if word6 else 13
    runs = []
    for number in dict.fromkeys(pages):
        page = _page(word, number)
        if page is None:
            continue
        count = page[PAGE - 1]
        if count == 0 or 4 * (count + 1) + bx_size * count > PAGE - 1:
            continue
        fcs = struct.unpack_from(f"<{count + 1}I", page)
        for i in range(count):
            at = 2 * page[4 * (count + 1) + bx_size * i]
            istd, grpprl = _papx(page, at, word6) if at else (0, b"")
            runs.append(Run(fcs[i], fcs[i + 1], grpprl, istd))
    return RunIndex(runs)


def _papx(page: bytes, at: int, word6: bool) -> tuple[int, bytes]:
    """PapxInFkp: a size byte (in words; Word 97: 0 means the next byte is), the istd, sprms."""
    size = page[at]
    if word6:
        data = page[at + 1:at + 1 + 2 * size]
    elif size:
        data = page[at + 1:at + 2 * size]
    else:
        data = page[at + 2:at + 2 + 2 * page[at + 1]] if at + 1 < PAGE else b""
    if len(data) < 2:
        return 0, b""
    return struct.unpack_from("<H", data)[0], data[2:]
