"""Bench inputs made from the sample corpus (../shared/corpus, else the test fixtures).

Copies of the corpus are told apart by a tag at the end of every non-blank line, so that
the auditor's per-paragraph cache cannot recognise a copy it has already scanned.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def corpus_files() -> list[Path]:
    files = sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else []
    return files or sorted((REPO / "tests" / "fixtures").glob("*.txt"))


def corpus_base() -> str:
    """The whole corpus, one report after the other."""
    return "\n".join(f.read_text(encoding="utf-8") for f in corpus_files())


def tagged(text: str, tag: str) -> str:
    """``text`` with ``tag`` appended to each non-blank line (an empty tag changes nothing)."""
    if not tag:
        return text
    return "\n".join(f"{line}{tag}" if line.strip() else line for line in text.split("\n"))


def draft_of(chars: int, variant: int = 0) -> str:
    """About ``chars`` characters: copies of the corpus (cut at a line end), each copy's
    lines tagged with its own number; ``variant`` gives a different text of the same size."""
    base = corpus_base()
    pieces: list[str] = []
    size, copy = 0, 0
    while size < chars:
        piece = tagged(base, f"（{variant}-{copy}）" if copy or variant else "")
        pieces.append(piece)
        size += len(piece) + 1
        copy += 1
    text = "\n".join(pieces)
    cut = text.rfind("\n", 0, chars)
    return text[:cut] if cut > chars // 2 else text[:chars]


def middle_paragraph(text: str) -> int:
    """The number of the longest non-blank line near the middle of ``text``."""
    lines = text.split("\n")
    centre = len(lines) // 2
    window = range(max(0, centre - 10), min(len(lines), centre + 10))
    return max(window, key=lambda i: len(lines[i]))


def report_texts(total_chars: int, count: int) -> list[str]:
    """``count`` reports of about ``total_chars / count`` characters each, all different:
    each takes a slice of paragraphs from a long tagged draft, titled like a report."""
    each = max(200, total_chars // count)
    long = draft_of(total_chars + each * 2, variant=7).split("\n")
    reports, line = [], 0
    for number in range(count):
        body, size = [], 0
        while size < each and line < len(long):
            body.append(long[line])
            size += len(long[line]) + 1
            line += 1
        title = f"某县第{number + 1}单位2024年上半年意识形态工作总结"
        reports.append("\n".join([title, *body]))
    return reports
