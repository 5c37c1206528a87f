"""Real .docx files written by Word, pandoc and python-docx (../shared/docx-samples, skipped
when absent): open each as the editor does, edit three paragraphs — an insertion, a word
deleted, a word replaced — save through ``save_docx_edits`` and compare the packages:
exactly those three paragraphs differ, every other entry is byte-identical, the file reads
back as the editor's texts and LibreOffice opens whatever it opened before."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx_fidelity import W, changed_paragraphs, entries, paragraph_xml
from office import convert, needs_office

from gongwen.formats import FormatError, read_document
from gongwen.formats.docx_package import open_package
from gongwen.formats.docx_writeback import read_docx_for_edit, save_docx_edits

from support import SHARED

SAMPLES = SHARED / "docx-samples"
FILES = sorted([*SAMPLES.glob("*.docx"), *(SAMPLES / "python-docx").glob("*.docx")])
INSERTED = "（新增）"
pytestmark = pytest.mark.skipif(not FILES, reason="../shared/docx-samples is not here")


def plain(source) -> bool:
    """A paragraph to edit: some text of its own, no text box in or around it."""
    p = source.element
    if p is None or len(source.text) - len(source.label) < 3 or source.kind == "textbox":
        return False
    return next(p.iter(W + "txbxContent"), None) is None


def three_edits(document) -> tuple[list[str], list[int]]:
    texts = [p.text for p in document.paragraphs]
    chosen = [i for i, s in enumerate(document.sources[:len(texts)]) if plain(s)][:3]
    for n, index in enumerate(chosen):
        text, start = texts[index], len(document.sources[index].label)
        middle = start + (len(text) - start) // 2
        if n == 0:
            texts[index] = text[:middle] + INSERTED + text[middle:]
        elif n == 1:
            texts[index] = text[:middle] + text[middle + 2:]
        else:
            texts[index] = text[:middle] + "替换" + text[middle + 2:]
    return texts, chosen


def saved_copies(folder: Path) -> list[tuple[Path, Path, list[str], list[int]]]:
    done = []
    for source in FILES:
        try:
            document, fingerprint = read_docx_for_edit(source)
        except FormatError:
            continue  # refused with a message: the reader's tests cover that
        new, chosen = three_edits(document)
        if not chosen:
            continue
        out = folder / f"{source.parent.name}-{source.name}"
        old = [p.text for p in document.paragraphs]
        saved = save_docx_edits(source, out, old, new, fingerprint=fingerprint)
        assert saved.texts == new, source.name
        done.append((source, out, new, chosen))
    return done


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    return saved_copies(tmp_path_factory.mktemp("samples"))


def test_the_samples_with_text_were_edited(copies):
    """A floor, so that a reader refusing everything cannot pass the checks below empty."""
    assert len(copies) >= 25  # 27 of the 48 samples hold paragraphs of three characters or more


def test_only_the_three_paragraphs_differ(copies):
    for source, out, _, chosen in copies:
        assert changed_paragraphs(paragraph_xml(source), paragraph_xml(out)) == chosen, source.name


def test_every_other_part_is_byte_identical(copies):
    for source, out, _, _ in copies:
        before, after = entries(source), entries(out)
        main = open_package(source, source.read_bytes()).main_name
        assert list(before) == list(after), source.name  # same entries, same order
        assert [n for n in before if before[n] != after[n]] == [main], source.name


def test_the_copies_read_back_as_edited(copies):
    for source, out, new, _ in copies:
        assert [p.text for p in read_document(out).paragraphs] == new, source.name


@needs_office
def test_libreoffice_opens_every_copy_it_opened_before(copies, tmp_path):
    edited = convert([o for _, o, *_ in copies], "pdf", tmp_path / "after")
    failed = [source for (source, *_), after in zip(copies, edited) if not after.exists()]
    if failed:  # only a file LibreOffice could not open before either
        assert not any(p.exists() for p in convert(failed, "pdf", tmp_path / "before")), failed
    shown = 0
    for after in edited:
        if after.exists():
            text = subprocess.run(["pdftotext", str(after), "-"], capture_output=True,
                                  text=True).stdout
            shown += INSERTED in "".join(text.split())
    assert shown >= sum(a.exists() for a in edited) * 3 // 4


def test_a_label_numbered_by_the_style_is_switched_off_in_place(tmp_path):
    """pandoc's headings take their number from the style: removing the label needs
    w:numId 0 on the paragraph; the next headings renumber as in Word."""
    source = SAMPLES / "mr-out.docx"
    if not source.exists():
        pytest.skip("mr-out.docx is not here")
    document, fingerprint = read_docx_for_edit(source)
    old = [p.text for p in document.paragraphs]
    first = next(i for i, s in enumerate(document.sources[:len(old)]) if s.label == "一、")
    second = next(i for i, s in enumerate(document.sources[:len(old)]) if s.label == "二、")
    new = list(old)
    new[first] = old[first].removeprefix("一、")
    out = tmp_path / "out.docx"
    saved = save_docx_edits(source, out, old, new, fingerprint=fingerprint)
    assert saved.texts[first] == new[first]
    assert saved.texts[second] == "一、" + old[second].removeprefix("二、")
    from lxml import etree

    heading = etree.fromstring(paragraph_xml(out)[first])
    assert heading.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") == "0"
    assert changed_paragraphs(paragraph_xml(source), paragraph_xml(out)) == [first]
