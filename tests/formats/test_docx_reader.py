"""Reading .docx as Word shows it: numbering labels, tables, text boxes, tracked changes,
fields, comments, footnote marks; headers kept aside; the run map; real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_builders import EXPECTED_TEXTS, TITLE

from gongwen.core.model import Role
from gongwen.formats import FormatError, read_document
from gongwen.formats.docx_numbering import format_number
from gongwen.formats.docx_reader import SourceParagraph

from support import titled

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "docx-samples"


def test_reads_what_word_shows(word_report):
    document = read_document(word_report)
    assert [p.text for p in document.paragraphs] == EXPECTED_TEXTS
    assert titled(document).title == TITLE


def test_automatic_numbers_become_heading_labels(word_report):
    document = read_document(word_report)
    headings = [(p.level, p.label.text) for p in document.headings()]
    assert headings == [(1, "一、"), (2, "（一）"), (1, "二、")]
    assert document.paragraphs[2].role is Role.HEADING
    assert document.sources[1].label == "一、"


def test_source_kinds_and_headers_kept_aside(word_report):
    document = read_document(word_report)
    kinds = [s.kind for s in document.sources[: len(document.paragraphs)]]
    assert kinds.count("table") == 4 and kinds.count("textbox") == 1
    assert [(kind, p.text) for kind, p in document.furniture] == [("header", "仅供学习 禁止外传")]
    assert "仅供学习" not in document.text


def test_source_map_points_at_the_runs(word_report):
    document = read_document(word_report)
    source: SourceParagraph = document.sources[2]
    text = document.paragraphs[2].text
    start = text.index("XX")
    piece = next(p for p in source.pieces if p.start <= start < p.end)
    assert piece.node.text[start - piece.start :].startswith("XX名干部")
    for piece in source.pieces:
        assert text[piece.start : piece.end] == (piece.node.text or "\t")


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (3, "chineseCounting", "三"), (12, "chineseCountingThousand", "十二"), (2, "decimal", "2"),
    (4, "decimalEnclosedCircle", "④"), (1, "ideographTraditional", "甲"), (3, "upperRoman", "III"),
    (28, "lowerLetter", "bb"), (5, "decimalFullWidth", "５"), (2, "bullet", ""),
])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/docx-samples is not beside the repository")
def test_every_sample_is_read_or_refused_cleanly():
    files = sorted(SAMPLES.rglob("*.docx"))
    assert files
    for path in files:
        try:
            document = read_document(path)
        except FormatError as error:
            assert "无法打开" in str(error)
            continue
        assert len(document.sources) >= len(document.paragraphs)


@pytest.mark.skipif(not (SAMPLES / "mr-out.docx").is_file(), reason="mr-out.docx sample is absent")
def test_pandoc_heading_styles_get_word_numbers():
    document = read_document(SAMPLES / "mr-out.docx")
    labels = [p.label.text for p in document.headings()]
    assert labels[:3] == ["一、", "二、", "三、"]
    assert "（一）" in labels and "1." in labels and "（1）" in labels


def test_an_empty_file_reads_as_one_blank_paragraph(tmp_path):
    import docx

    path = tmp_path / "空白.docx"
    docx.Document().save(str(path))
    document = read_document(path)
    assert [p.text for p in document.paragraphs] == [""]
    assert len(document.sources) == 1
