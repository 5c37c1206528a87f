"""Hostile or unreadable files: a FormatError with a Chinese message, never a traceback,
and the file byte-for-byte unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx_builders import digest

from gongwen.formats import FormatError, docx_container, read_document


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
    return target


def _refused(path: Path, *words: str) -> str:
    before = digest(path)
    with pytest.raises(FormatError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"无法打开“{path.name}”")
    for word in words:
        assert word in message
    assert digest(path) == before
    return message


def test_not_a_zip(tmp_path):
    path = tmp_path / "假的.docx"
    path.write_text("这只是文本", encoding="utf-8")
    _refused(path, "不是 .docx", "另存为")


def test_truncated_zip(word_report):
    data = word_report.read_bytes()
    word_report.write_bytes(data[: len(data) // 2])
    _refused(word_report, "损坏")


def test_broken_ole2_container_named_docx_is_damaged(tmp_path):
    """(An encrypted .docx and a .doc renamed .docx: see test_doc_binary.py.)"""
    path = tmp_path / "来文.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    _refused(path, "损坏", "另存为")


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_legacy_suffix_with_only_an_ole2_signature(tmp_path, suffix):
    path = tmp_path / f"旧版{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    _refused(path, "损坏", "另存为", ".docx")


def test_zip_bomb_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_container, "MAX_UNCOMPRESSED", 1024 * 1024)
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<a/>" + b" " * (2 * 1024 * 1024))
    assert path.stat().st_size < 64 * 1024
    _refused(path, "过大")


def test_missing_document_part(tmp_path):
    path = tmp_path / "空壳.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    _refused(path, "document.xml")


def test_missing_file(tmp_path):
    with pytest.raises(FormatError, match="不存在"):
        read_document(tmp_path / "没有.docx")


XXE = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>前&xxe;后</w:t></w:r></w:p></w:body></w:document>')


def test_external_entities_are_refused_and_never_resolved(word_report, tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    hostile = _rezip(word_report, tmp_path / "实体.docx",
                     {"word/document.xml": XXE.format(secret=secret).encode()})
    _refused(hostile, "DTD")
    # even without our guard, python-docx's parser must not read the file
    monkeypatch.setattr(docx_container, "_check_no_dtd", lambda path, package: None)
    try:
        document = read_document(hostile)
    except FormatError:
        return
    assert "机密" not in document.text


def test_garbage_inside_a_valid_zip(tmp_path):
    path = tmp_path / "坏.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", b"<w:document><unclosed>")
    path.write_bytes(buffer.getvalue())
    _refused(path)
