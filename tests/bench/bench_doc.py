"""How fast .doc files are read, and how fast damaged ones are refused.

    python tests/bench/bench_doc.py [--repeat 5] [--size-mb 1] [--no-libreoffice]

- a ~1 MB .doc built byte by byte (tests/doc_builders.py): Chinese paragraphs in 600
  pieces stored out of order (a fast-saved layout), numbered headings, a table every 40
  paragraphs, tracked deletions;
- the same report written by python-docx and converted by LibreOffice (when soffice is
  installed), padded to the same size;
- the hostile files of tests/formats/test_doc_hostile.py and the damaged samples: the
  slowest refusal.

Prints the median and the slowest of ``--repeat`` reads; the target is well under a
second for 1 MB. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "app"))
sys.path.insert(0, str(REPO / "tests"))

from doc_builders import DELETED, IN_TABLE, ROW_END, Piece, WordFile, lfo, list_sprms, lst  # noqa: E402
from gongwen.formats import FormatError  # noqa: E402
from gongwen.formats.doc_binary import read_doc  # noqa: E402

SENTENCE = "全面落实意识形态工作责任制，坚持党管宣传、党管意识形态，牢牢掌握意识形态工作领导权和话语权。"


def report_lines(size: int) -> list[str]:
    lines, number = [], 0
    while sum(len(line) * 2 for line in lines) < size:
        number += 1
        lines.append(f"第{number}部分工作情况" if number % 20 == 1 else f"{number}. {SENTENCE * 3}")
    return lines


def synthetic(size: int) -> bytes:
    """Paragraphs, tables and deletions in shuffled pieces, built without LibreOffice."""
    text_parts, marks, runs = [], {}, []
    cp = 0
    for index, line in enumerate(report_lines(size)):
        if index % 40 == 39:
            cells = "甲\x07乙\x07\x07"
            marks.update({cp + 1: IN_TABLE, cp + 3: IN_TABLE, cp + 4: ROW_END})
            text_parts.append(cells)
            cp += len(cells)
        if index % 20 == 0:
            marks[cp + len(line)] = list_sprms(1)
        if index % 7 == 0:
            runs.append((cp, cp + 4, DELETED))
        text_parts.append(line + "\r")
        cp += len(line) + 1
    text = "".join(text_parts)
    step = max(1, len(text) // 600)
    pieces = [Piece(text[i:i + step]) for i in range(0, len(text), step)]
    order = list(range(len(pieces)))
    random.Random(1).shuffle(order)
    numbering = lst(7, [(37, "\x00、")] + [(0, "")] * 8)
    return WordFile(pieces, order=order, para_sprms=marks, char_runs=runs, lists=numbering,
                    lfos=lfo(7)).build()


def libreoffice_made(size: int, folder: Path) -> bytes | None:
    if shutil.which("soffice") is None:
        return None
    import docx

    document = docx.Document()
    for index, line in enumerate(report_lines(size)):
        document.add_paragraph(line)
        if index % 40 == 39:
            table = document.add_table(rows=1, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "甲", "乙"
    source = folder / "large.docx"
    document.save(str(source))
    subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=300)
    return (folder / "large.doc").read_bytes()


def time_reads(path: Path, repeat: int) -> tuple[list[float], int]:
    seconds, paragraphs = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        document = read_doc(path)
        seconds.append(time.perf_counter() - start)
        paragraphs = len(document.paragraphs)
    return seconds, paragraphs


def hostile_files() -> list[Path]:
    samples = REPO.parent / "shared" / "docx-samples" / "legacy"
    found = [p for p in samples.glob("*") if "password" in p.name or "WORKS" in p.name]
    return found + sorted((REPO / "tests" / "fixtures" / "legacy").glob("*.doc"))


def slowest_refusal(folder: Path) -> tuple[float, str]:
    """Damage each fixture many ways (truncation, random bytes); the slowest verdict."""
    rng = random.Random(3)
    worst, name = 0.0, ""
    for source in hostile_files():
        data = source.read_bytes()
        variants = [data] + [data[:cut] for cut in (600, len(data) // 2)]
        variants += [data[:512] + rng.randbytes(len(data) - 512) for _ in range(5)]
        for index, variant in enumerate(variants):
            path = folder / f"damaged-{index}.doc"
            path.write_bytes(variant)
            start = time.perf_counter()
            with contextlib.suppress(FormatError):
                read_doc(path)
            took = time.perf_counter() - start
            if took > worst:
                worst, name = took, f"{source.name} variant {index}"
    return worst, name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    size = int(args.size_mb * 1024 * 1024)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        files = {"built byte by byte, 600 shuffled pieces": synthetic(size)}
        made = None if args.no_libreoffice else libreoffice_made(size, folder)
        if made:
            files["written by LibreOffice 7"] = made
        for label, data in files.items():
            path = folder / "bench.doc"
            path.write_bytes(data)
            seconds, paragraphs = time_reads(path, args.repeat)
            print(f".doc read, {len(data) / 2**20:.2f} MB, {paragraphs} paragraphs ({label}): "
                  f"median {statistics.median(seconds) * 1000:.0f} ms, slowest {max(seconds) * 1000:.0f} ms")
        worst, name = slowest_refusal(folder)
        print(f"damaged .doc/.wps: slowest verdict {worst * 1000:.0f} ms ({name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
