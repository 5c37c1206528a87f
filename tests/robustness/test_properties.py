"""Arbitrary Unicode through the reader, the core and the exporter.

Texts mix control characters, lone surrogates (turned into U+FFFD as every save does:
``write_text_atomic``; a strict decoder never yields one), very long lines, punctuation
only, BOM and line-separator characters, and characters outside the BMP (𠮷).

What the exporter may legitimately change, and the round trip allows for: blank paragraphs
are dropped, junk removed and punctuation fixed (``core.fixes.clean_texts``), characters XML
cannot hold dropped (``docx_export.xml_safe``), each paragraph stripped of surrounding
whitespace, the title's final punctuation dropped.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongwen.core.audit import Auditor
from gongwen.core.fixes import clean_document, clean_texts
from gongwen.core.model import Role
from gongwen.core.parse import parse_paragraphs, parse_text, with_title_at
from gongwen.fileio.atomic import write_text_atomic
from gongwen.formats import FormatError
from gongwen.formats.text import _common_hanzi, read_text_file

SURROGATE = re.compile("[\ud800-\udfff]")
PIECES = st.sampled_from([
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
    "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "𠮷", "𪚥", "\U0010fffd", "\t", "\r", "\r\n", "\n",
    "\u3000", " ", "。。", "，，", "……", "——", "！？", "“”", "（）", "、、、", "一、", "（一）", "1.",
    "某某局2024年上半年意识形态工作总结", "存在问题", "下一步", "XX次", "##paidbegin##", "仅供学习",
    "一" * 3000, "。" * 500,
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=10), st.characters(codec=None)), max_size=24).map("".join)
PUNCTUATION = st.text(alphabet="。，、；：？！“”‘’（）《》【】—…·.,;:?!()[]-_ \n", max_size=200)
ANY_TEXT = st.one_of(TEXT, PUNCTUATION)
# GONGWEN_PROPERTY_EXAMPLES=2000 explores with random seeds; CI runs a fixed, modest set.
EXPLORE = int(os.environ.get("GONGWEN_PROPERTY_EXAMPLES", "0"))
HYPOTHESIS = settings(deadline=None, max_examples=EXPLORE or 60, derandomize=not EXPLORE,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def saved(text: str) -> str:
    """The text as a save keeps it: lone surrogates become U+FFFD."""
    return SURROGATE.sub("\ufffd", text)


def lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(data: bytes, name: str = "稿.txt") -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_text_file(path)


# ------------------------------------------------------------------ the text reader
WITH_BOM = {
    "utf-8-sig": lambda t: t.encode("utf-8-sig"),
    "utf-16 LE BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16 BE BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32": lambda t: t.encode("utf-32"),
    "utf-8": lambda t: t.encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(WITH_BOM))
@HYPOTHESIS
@given(text=ANY_TEXT)
def test_reader_round_trip(encoding, text):
    text = saved(text)
    expected = lines(text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text)
    try:
        got = _read_bytes(WITH_BOM[encoding](text))
    except FormatError as error:
        assert "\x00" in text, error  # only a NUL (binary data) may be refused
        return
    if "\x00" not in text:
        assert got == expected


COMMON_SET = _common_hanzi()
COMMON = "".join(sorted(COMMON_SET))[:800]
CHINESE = st.text(alphabet=COMMON + "。，、；：？！“”（）《》0123456789\n𠮷", min_size=8, max_size=300)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16-le", "utf-16-be"])
@HYPOTHESIS
@given(text=CHINESE)
def test_reader_detects_encodings_without_bom(encoding, text):
    data = text.encode(encoding)
    try:
        data.decode("utf-8")
        assume(False)  # bytes that are also valid UTF-8 are read as UTF-8: nothing to detect
    except UnicodeDecodeError:
        pass
    # without a BOM only a draft that reads like one can be told apart: mostly common hanzi
    assume(sum(char in COMMON_SET for char in text) * 2 >= len(text))
    assert _read_bytes(data) == text


@HYPOTHESIS
@given(data=st.binary(max_size=400))
def test_reader_on_any_bytes(data):
    try:
        text = _read_bytes(data)
    except FormatError as error:
        assert str(error).startswith("无法打开“稿.txt”：") and "请" in str(error)
        return
    assert not SURROGATE.search(text) and "\r" not in text


@HYPOTHESIS
@given(text=ANY_TEXT)
def test_save_then_open(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "草稿 𠮷.txt"
        write_text_atomic(path, text)
        try:
            got = read_text_file(path)
        except FormatError:
            assert "\x00" in text
            return
    if "\x00" not in text:
        expected = saved(text)
        assert got == lines(expected[1:] if expected.startswith("\ufeff") else expected)


# ------------------------------------------------------------------ the core
@HYPOTHESIS
@given(text=ANY_TEXT)
def test_audit_offsets_are_valid(catalog, segmenter, text):
    document = parse_text(saved(text))
    report = Auditor(catalog.get("ideology-summary"), catalog.pack, None, segmenter).audit(document)
    for finding in report.findings:
        paragraph = document.paragraphs[finding.paragraph].text
        assert 0 <= finding.start <= finding.end <= len(paragraph)
        assert paragraph[finding.start:finding.end] == finding.text
    texts = clean_texts(document, report.findings)
    assert all(isinstance(t, str) for t in texts)


# ------------------------------------------------------------------ the exporter
def expected_paragraphs(document, report) -> list[str]:
    """What a reader of the clean copy must find (see the module doc)."""
    from gongwen.formats.docx_export import FINAL_PUNCTUATION, xml_safe

    clean = clean_document(report.document, report.findings)
    clean = with_title_at(parse_paragraphs([xml_safe(p.text) for p in clean.paragraphs]),
                          clean.title_index)
    found = []
    for paragraph in clean.paragraphs:
        text = paragraph.text.strip()
        if paragraph.role is Role.TITLE:
            text = text.rstrip(FINAL_PUNCTUATION).strip()
        if text:
            found.append(text)
    return found


@settings(HYPOTHESIS, max_examples=EXPLORE or 40)
@given(text=ANY_TEXT)
def test_export_then_read_gives_the_same_paragraphs(catalog, segmenter, text):
    from gongwen.formats.docx_export import ExportOptions, export_docx
    from gongwen.formats.docx_reader import read_docx

    document = parse_text(saved(text))
    report = Auditor(catalog.get("ideology-summary"), catalog.pack, None, segmenter).audit(document)
    with tempfile.TemporaryDirectory() as folder:
        out = export_docx(report.document, report, Path(folder) / "定稿.docx", ExportOptions(force=True))
        back = read_docx(out)
    assert [p.text for p in back.paragraphs if p.text.strip()] == expected_paragraphs(document, report)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_export_drops_characters_xml_cannot_hold(catalog, tmp_path, character):
    from gongwen.formats.docx_export import ExportOptions, export_docx
    from gongwen.formats.docx_reader import read_docx

    document = parse_text(f"某某局工作总结\n一、情况\n前{character}后。")
    report = Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)
    out = export_docx(report.document, report, tmp_path / "定稿.docx",
                      ExportOptions(force=True, unit=f"某{character}局"))
    texts = [p.text for p in read_docx(out).paragraphs if p.text.strip()]
    assert "前后。" in texts and "某局" in texts


# ------------------------------------------------------------------ the unit profile
@HYPOTHESIS
@given(unit=st.text(max_size=30), region=st.lists(st.text(max_size=8), max_size=3))
def test_profile_survives_a_save(unit, region):
    from gongwen.core.profile import Profile, dump_profile, parse_profile

    profile = Profile(saved(unit), tuple(saved(r) for r in region))
    assert parse_profile(dump_profile(profile), "profile.toml") == profile
