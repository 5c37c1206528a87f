"""Builders of odd and hostile input files (each test makes its own) and small helpers."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REPORT_LINES = ["某某局2024年上半年意识形态工作总结", "一、工作开展情况",
                "（一）强化理论学习。局党组带头学习12次。", "二、存在问题", "学习方式还比较单一。",
                "三、下一步工作打算", "持续加强理论武装。"]
REPORT_TEXT = "\n".join(REPORT_LINES) + "\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write_docx(path: Path, paragraphs: list[str] = REPORT_LINES) -> Path:
    path.write_bytes(docx_bytes(paragraphs))
    return path


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The package ``data`` with some parts replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.pop(info.filename, old.read(info.filename)))
        for name, content in replace.items():
            new.writestr(name, content)
    return out.getvalue()


def document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def zero_paragraph_docx() -> bytes:
    return rezip(docx_bytes([]), {"word/document.xml": document_xml("<w:sectPr/>")})


def zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """One highly compressible entry of ``megabytes`` MB, written streaming (~1 KB per MB)."""
    base = docx_bytes(["炸弹"])
    with zipfile.ZipFile(io.BytesIO(base)) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "word/document.xml":
                new.writestr(info.filename, old.read(info.filename))
        entry = zipfile.ZipInfo("word/document.xml")
        entry.compress_type = zipfile.ZIP_DEFLATED
        chunk = b" " * (1 << 20)
        with new.open(entry, "w") as handle:
            handle.write(document_xml("<w:p><w:r><w:t>炸弹</w:t></w:r></w:p>")[:-len("</w:document>")])
            for _ in range(megabytes):
                handle.write(chunk)
            handle.write(b"</w:document>")
    return path


def lying_zip_bomb(path: Path, megabytes: int = 120) -> Path:
    """A bomb whose directory claims document.xml is tiny: the reader must not believe it."""
    zip_bomb(path, megabytes)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at:at + name_at + len(name)] == name:
                data[at + size_at:at + size_at + 4] = (1000).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path
