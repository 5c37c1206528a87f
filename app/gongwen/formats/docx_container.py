"""Safety checks on a .docx package before python-docx parses it.

Refuses, with a Chinese ``FormatError`` and without touching the file: a missing or
unreadable file, an OLE2 container (an encrypted .docx, a legacy .doc/.wps under a .docx
name, or a damaged one — ``ole_sniff`` says which), a file that
is not a zip or is a corrupt one, a package whose entries would inflate beyond
``MAX_UNCOMPRESSED`` (zip bombs; sizes the zip directory understates are caught by
``zipfile`` itself, which stops at the declared size and fails the CRC), a package
without a main document part, and XML parts with a DTD or entity declaration anywhere in
their prolog (XXE and "billion laughs"; Word never writes one). An empty (0-byte) file
passes: it reads as a blank document.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ..fileio.errors import FormatError, describe_os_error, read_advice

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ENTRIES = 10_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
OFFICE_DOCUMENT = "/officeDocument"
SAVE_AS = "请在 Word/WPS 中打开后“另存为” .docx 文件再试"
PROLOG_CHUNK = 64 * 1024
MAX_PROLOG = 1024 * 1024  # comments and blanks before the root element, at most
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_RELS_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def check_package(path: Path) -> bool:
    """Raise FormatError unless ``path`` looks like a safe, complete .docx package.

    Returns False for an empty (0-byte) file: Windows Explorer's "New > Word document"
    makes one, and Word opens it as a blank document, so the reader does the same."""
    head = _read_head(path)
    if not head:
        return False
    if head.startswith(OLE2_MAGIC):  # an encrypted .docx, or a .doc/.wps renamed: say which
        from .ole_sniff import describe_ole_refusal

        raise FormatError(path, *describe_ole_refusal(path))
    if not head.startswith(ZIP_MAGIC):
        raise FormatError(path, "这不是 .docx 文件（不是 Word 2007 及以后的格式）", SAVE_AS)
    try:
        with zipfile.ZipFile(path) as package:
            _check_entries(path, package)
            _check_main_part(path, package)
            _check_no_dtd(path, package)
    except zipfile.BadZipFile:
        raise FormatError(path, "文件已损坏（压缩包不完整或数据有误）",
                          "请向发送方重新索取文件，或在 Word/WPS 中打开修复后另存") from None
    except OSError as error:
        raise FormatError(path, describe_os_error(error), read_advice(error)) from None
    return True


def _read_head(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise FormatError(path, "这是一个文件夹，不是文件")
        with open(path, "rb") as handle:
            return handle.read(8)
    except OSError as error:
        raise FormatError(path, describe_os_error(error), read_advice(error)) from None


def _check_entries(path: Path, package: zipfile.ZipFile) -> None:
    entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise FormatError(path, f"文件由 {len(entries)} 个部件组成（上限 {MAX_ENTRIES}），可能是异常文件",
                          "请不要打开来源不明的文件；如确是本单位文档，请在 Word/WPS 中另存后再试")
    total = sum(info.file_size for info in entries)
    if total > MAX_UNCOMPRESSED:
        raise FormatError(path, f"解压后内容过大（{total / 1024 / 1024:.0f} MB，上限 "
                          f"{MAX_UNCOMPRESSED // 1024 // 1024} MB），可能是异常文件",
                          "请删除文档中的大图片或拆分文档后再试")
    if any(info.flag_bits & 0x1 for info in entries):
        raise FormatError(path, "文件已加密", "请在 Word/WPS 中取消密码后另存为 .docx")


def _check_main_part(path: Path, package: zipfile.ZipFile) -> None:
    names = set(package.namelist())
    target = "word/document.xml"
    if "_rels/.rels" in names:
        rels = _parse(path, package.read("_rels/.rels"))
        for rel in rels:
            if str(rel.get("Type", "")).endswith(OFFICE_DOCUMENT):
                target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                break
    if target not in names:
        raise FormatError(path, "文件中没有 Word 正文（缺少 word/document.xml），不是有效的 .docx 文件",
                          SAVE_AS)


def _check_no_dtd(path: Path, package: zipfile.ZipFile) -> None:
    for info in package.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        with package.open(info) as handle:
            found = prolog_declares(handle)
        if found:
            raise FormatError(path, f"文件中的 {info.filename} 含有 DTD/实体声明（Word 不会写入这种内容，"
                              "可能是恶意构造的文件）", "请不要打开来源不明的文件")


def prolog_declares(handle: BinaryIO) -> bool:
    """True when the XML prolog (before the root element) holds a declaration (``<!…``
    other than a comment) or is suspiciously long (over ``MAX_PROLOG``), however many
    comments, processing instructions or blanks come first: a look at a fixed number of
    bytes would miss a DTD behind them."""
    data = handle.read(PROLOG_CHUNK)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = (data + handle.read(MAX_PROLOG)).decode("utf-16", errors="ignore").encode("utf-8")
        return bool(_scan_prolog(data))
    while True:
        verdict = _scan_prolog(data)
        if verdict is not None:
            return verdict
        if len(data) > MAX_PROLOG:
            return True
        more = handle.read(PROLOG_CHUNK)
        if not more:  # the part ends inside its prolog: malformed, the XML parser will say so
            return False
        data += more


def _scan_prolog(data: bytes) -> bool | None:
    """True: a declaration follows the prolog; False: the root element (or anything that
    is not a prolog) starts; None: still inside the prolog, more data needed."""
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while (skip := _PROLOG_ITEM.match(data, position)) and skip.end() > position:
        position = skip.end()
    rest = data[position:position + 4]
    if not rest or rest in (b"<", b"<!", b"<!-") or rest.startswith((b"<!--", b"<?")):
        return None
    return rest.startswith(b"<!")


def _parse(path: Path, data: bytes):
    try:
        return etree.fromstring(data, _RELS_PARSER)
    except etree.XMLSyntaxError:
        raise FormatError(path, "文件已损坏（内部结构无法解析）", SAVE_AS) from None
