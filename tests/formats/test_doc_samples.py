"""Smoke test over the real .doc/.wps files in ../shared/docx-samples/legacy (written by
Word, WPS Office, Works and Mac Word; see its README): each is read or refused with a
Chinese message, and the text read is the text LibreOffice extracts from the same file.

The comparison ignores whitespace (LibreOffice indents list items and writes a tab after
each number) and explains every remaining difference by something the reader records
while reading, never by a list of expected outputs:

- LibreOffice's text export keeps text deleted in tracked changes (the reader drops it);
- it recomputes FILENAME fields to the current file name (the reader shows the stored
  result, which is what the file says);
- it draws the bullets of bulleted lists and the numbers of footnote references (the
  readers, .docx and .doc alike, leave both out);
- it omits headers and footers (compared here as the body text only).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gongwen.formats import FormatError, read_document
from gongwen.formats.doc_binary import read_word_file
from gongwen.formats.doc_text import Trace
from gongwen.formats.ole_sniff import Head, sniff_head

from support import SHARED

SAMPLES = SHARED / "docx-samples" / "legacy"
FILES = sorted(p for p in SAMPLES.glob("*") if p.suffix.lower() in (".doc", ".wps")) if SAMPLES.is_dir() \
    else []
# Name fragments of the samples the README says cannot be read, and what the message must say.
REFUSED = {"password": "密码", "WORKS": "Microsoft Works"}
BULLETS = set("•·●○■□◆◇▪▫►▶➢✓✔-*\uf0b7\uf0a7\uf0d8")
WHITESPACE = re.compile(r"\s+")
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/docx-samples/legacy is absent")


def _refusal_word(path: Path) -> str | None:
    return next((word for fragment, word in REFUSED.items() if fragment in path.name), None)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_sample_is_read_or_refused_in_chinese(path):
    expected = _refusal_word(path)
    try:
        document = read_document(path)
    except FormatError as error:
        message = str(error)
        assert expected, f"{path.name} should be readable: {message}"
        assert message.startswith(f"无法打开“{path.name}”：") and CJK.search(message) and "请" in message
        assert expected in message, message
        return
    assert expected is None, f"{path.name} was read but must be refused"
    assert any(p.text.strip() for p in document.paragraphs)


@pytest.fixture(scope="module")
def libreoffice_text(tmp_path_factory) -> dict[str, str]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    readable = [str(p) for p in FILES if _refusal_word(p) is None]
    subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(folder), *readable],
                   check=True, capture_output=True, timeout=600)
    return {p.stem: p.read_text(encoding="utf-8-sig") for p in folder.glob("*.txt")}


def _normal(text: str) -> str:
    return WHITESPACE.sub("", text)


def our_text(path: Path) -> tuple[str, Trace]:
    """The body text as the reader gives it, and what it left out on purpose."""
    with open(path, "rb") as handle:
        head = handle.read(512)
    if sniff_head(head) is Head.OLE:
        text = read_word_file(path)
        return "\n".join(s.text for s in text.body), text.trace
    return read_document(path).text, Trace(bullets=-1)  # a .docx inside: bullets not counted


def unexplained(path: Path, ours: str, theirs: str, trace: Trace) -> list[tuple[str, str]]:
    """The differences between our text and LibreOffice's that ``trace`` does not explain."""
    mine, lo = _normal(ours), _normal(theirs)
    for code, result in trace.fields:
        if code.split()[:1] == ["FILENAME"]:
            lo = lo.replace(_normal(path.name), _normal(result)).replace(_normal(path.stem), _normal(result))
    deleted = _normal("".join(trace.deleted))
    bullets = notes = 0
    problems = []
    matcher = difflib.SequenceMatcher(None, mine, lo, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        extra = lo[b1:b2]
        if a1 == a2 and extra in deleted:
            continue
        if a1 == a2 and set(extra) <= BULLETS:
            bullets += len(extra)
            continue
        if a1 == a2 and extra.isdigit() and notes < trace.note_marks:
            notes += 1
            continue
        problems.append((mine[a1:a2], extra))
    if trace.bullets >= 0 and bullets > trace.bullets:
        problems.append(("", f"{bullets} bullets drawn by LibreOffice, {trace.bullets} bulleted paragraphs"))
    return problems


@pytest.mark.parametrize("path", [p for p in FILES if _refusal_word(p) is None],
                         ids=[p.name for p in FILES if _refusal_word(p) is None])
def test_sample_text_matches_libreoffice(path, libreoffice_text):
    ours, trace = our_text(path)
    assert _normal(ours), path.name
    assert unexplained(path, ours, libreoffice_text[path.stem], trace) == []
