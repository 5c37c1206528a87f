"""Hostile and odd input files, each made here: read correctly, or refused with a Chinese
message that names the file and says what to do — never a traceback — and the file is
byte-for-byte unchanged. Through the library (``read_document``) and the CLI (exit 2, the
message on stderr, the other files of the same run still audited)."""

from __future__ import annotations

import codecs
import functools
import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from doc_builders import Piece, WordFile, cfb
from gongwen.formats import FormatError, read_document

from .hostile import (
    OLE2_MAGIC,
    REPORT_LINES,
    REPORT_TEXT,
    digest,
    document_xml,
    docx_bytes,
    lying_zip_bomb,
    rezip,
    zero_paragraph_docx,
    zip_bomb,
)

RARE = "生僻字𠮷与〇。"  # 𠮷: outside the BMP (GB18030 4-byte, a UTF-16 surrogate pair)
RARE_LINES = [*REPORT_LINES, RARE]
RARE_TEXT = REPORT_TEXT + RARE + "\n"
XXE = ('<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>')
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
SECRET = "机密内容"


@dataclass(frozen=True)
class Case:
    name: str  # file name (also the test id)
    data: Callable[[Path], bytes]  # the file's bytes; gets the test folder (for a secret file)
    refused: tuple[str, ...] = ()  # words of the message; empty: the file must be read
    lines: tuple[str, ...] | None = None  # the non-blank paragraphs when read


def _const(data: bytes) -> Callable[[Path], bytes]:
    return lambda folder: data


@functools.cache
def _report_docx() -> bytes:
    return docx_bytes(REPORT_LINES)


def _xxe(prolog_padding: str) -> Callable[[Path], bytes]:
    def make(folder: Path) -> bytes:
        secret = folder / "secret.txt"
        secret.write_text(SECRET, encoding="utf-8")
        body = "<w:p><w:r><w:t>前&xxe;后</w:t></w:r></w:p>"
        xml = document_xml(body, prolog_padding + XXE.format(secret=secret))
        return rezip(_report_docx(), {"word/document.xml": xml})
    return make


@functools.cache
def _bomb(lying: bool) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.docx"
        return (lying_zip_bomb(path) if lying else zip_bomb(path, 300)).read_bytes()


def _nested(depth: int) -> bytes:
    """Content controls inside content controls, ``depth`` levels (each two elements)."""
    body = ("<w:sdt><w:sdtContent>" * depth + "<w:p><w:r><w:t>深</w:t></w:r></w:p>"
            + "</w:sdtContent></w:sdt>" * depth)
    return rezip(_report_docx(), {"word/document.xml": document_xml(body)})


def _many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_report_docx())) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        for number in range(10_001):
            new.writestr(f"customXml/item{number}.bin", b"")
    return out.getvalue()


def _macro_docx() -> bytes:
    with zipfile.ZipFile(io.BytesIO(_report_docx())) as package:
        types = package.read("[Content_Types].xml")
    macro = types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    return rezip(_report_docx(), {"[Content_Types].xml": macro})


TEXT_CASES = [
    Case("GBK 编码.txt", _const(REPORT_TEXT.encode("gbk")), lines=tuple(REPORT_LINES)),
    Case("GB18030 编码.txt", _const(RARE_TEXT.encode("gb18030")), lines=tuple(RARE_LINES)),
    Case("UTF-8 BOM.txt", _const(codecs.BOM_UTF8 + RARE_TEXT.encode()), lines=tuple(RARE_LINES)),
    Case("UTF-16 LE BOM.txt", _const(codecs.BOM_UTF16_LE + RARE_TEXT.encode("utf-16-le")),
         lines=tuple(RARE_LINES)),
    Case("UTF-16 BE BOM.txt", _const(codecs.BOM_UTF16_BE + RARE_TEXT.encode("utf-16-be")),
         lines=tuple(RARE_LINES)),
    Case("UTF-16 LE 无 BOM.txt", _const(RARE_TEXT.encode("utf-16-le")), lines=tuple(RARE_LINES)),
    Case("UTF-16 BE 无 BOM.txt", _const(RARE_TEXT.encode("utf-16-be")), lines=tuple(RARE_LINES)),
    Case("UTF-32 BOM.txt", _const(RARE_TEXT.encode("utf-32")), lines=tuple(RARE_LINES)),
    Case("Windows 换行.txt", _const(RARE_TEXT.replace("\n", "\r\n").encode("gbk", "ignore")),
         lines=(*REPORT_LINES, "生僻字与〇。")),
    Case("空文件.txt", _const(b""), lines=()),
    Case("无法识别的编码.txt", _const("总结".encode() + b"\xff\xfe\x80\xff" * 8 + b"\x81"),
         ("无法识别文件编码", "另存为")),
    Case("二进制数据.txt", _const(b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\x00" * 50), ("不是文本文件",)),
    Case("改了扩展名的 Word.txt", lambda folder: _report_docx(), ("改回 .docx",)),
    Case("其实是 PDF.txt", _const(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ("PDF", "转换")),
    Case("4MB 正文.txt", _const((REPORT_TEXT * 40_000)[: 4 * 1024 * 1024 // 3].encode()), lines=None),
    Case("20MB 正文.txt", _const(("一" * 1000 + "\n").encode() * 7000), ("20.0 MB", "16 MB", "拆分")),
]
DOCX_CASES = [
    Case("不是压缩包.docx", _const(b"\x13\x37 random bytes, not a zip" * 20), ("不是 .docx", "另存为")),
    Case("截断的文档.docx", lambda folder: _report_docx()[: len(_report_docx()) // 2], ("损坏", "重新索取")),
    Case("改名的文本.docx", _const(REPORT_TEXT.encode()), ("不是 .docx", "另存为")),
    Case("加密文档.docx", lambda folder: _encrypted_package(), ("打开密码", "取消密码")),
    Case("损坏的 OLE 文件.docx", _const(OLE2_MAGIC + b"\x00" * 4096), ("内部结构", "另存为")),
    Case("改名的旧版文档.docx", lambda folder: _legacy_doc(), ("其实是旧版", "扩展名改为 .doc")),
    Case("空文件.docx", _const(b""), lines=()),
    Case("零段落.docx", lambda folder: zero_paragraph_docx(), lines=()),
    Case("大写扩展名.DOCX", lambda folder: _report_docx(), lines=tuple(REPORT_LINES)),
    Case("我的 文件 2024年 上半年.docx", lambda folder: _report_docx(), lines=tuple(REPORT_LINES)),
    Case("压缩炸弹.docx", lambda folder: _bomb(False), ("过大", "上限 100 MB")),
    Case("谎报大小的压缩炸弹.docx", lambda folder: _bomb(True), ("损坏",)),
    Case("上万个条目.docx", lambda folder: _many_entries(), ("个部件组成", "上限 10000")),
    Case("外部实体.docx", _xxe(""), ("DTD", "来源不明")),
    Case("注释后的外部实体.docx", _xxe("<!--" + "填充" * 40_000 + "-->"), ("DTD",)),
    Case("实体炸弹.docx", lambda folder: rezip(_report_docx(), {
        "word/document.xml": document_xml("<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>", LAUGHS)}), ("DTD",)),
    Case("嵌套一百层.docx", lambda folder: _nested(100), lines=("深",)),
    Case("嵌套三千层.docx", lambda folder: _nested(3000), ("损坏",)),
    Case("正文不是 XML.docx", lambda folder: rezip(_report_docx(), {"word/document.xml": b"\x00\x01garbage"}),
         ("损坏",)),
    Case("缺少正文.docx", lambda folder: _zip({"[Content_Types].xml": b"<Types/>"}), ("document.xml",)),
    Case("启用宏的文档.docx", lambda folder: _macro_docx(), ("不是 Word 文档",)),
    Case("XML 非法字符.docx", lambda folder: rezip(_report_docx(), {"word/document.xml": document_xml(
        "<w:p><w:r><w:t>控制&#1;字符</w:t></w:r></w:p>")}), ("损坏",)),
]
LEGACY_CASES = [
    Case("旧版.doc", lambda folder: _legacy_doc(), lines=tuple(REPORT_LINES)),
    Case("旧版.wps", lambda folder: _legacy_doc(), lines=tuple(REPORT_LINES)),
    Case("其实是 docx.doc", lambda folder: _report_docx(), lines=tuple(REPORT_LINES)),
    Case("其实是 docx.wps", lambda folder: _report_docx(), lines=tuple(REPORT_LINES)),
    Case("空文件.doc", _const(b""), lines=()),
    Case("加密的旧版.doc", lambda folder: _legacy_doc(encrypted=True), ("打开密码", "取消密码")),
    Case("加密文档改名.wps", lambda folder: _encrypted_package(), ("打开密码",)),
    Case("Works 文档.wps", _const(cfb({"CONTENTS": b"\x00" * 64, "SPELLING": b""})),
         ("Microsoft Works", "另存为")),
    Case("损坏的旧版.doc", _const(OLE2_MAGIC + b"\x00" * 4096), ("内部结构", "另存为")),
    Case("截断的旧版.doc", lambda folder: _legacy_doc()[: len(_legacy_doc()) // 2], ("损坏",)),
    Case("乱码的旧版.wps", lambda folder: OLE2_MAGIC + bytes(range(256)) * 40, ("损坏",)),
    Case("片段越界的旧版.doc", lambda folder: _legacy_doc(broken_pieces=True), ("损坏",)),
    Case("网页另存的.doc", _const(b"<html><body>" + SECRET.encode() + b"</body></html>"),
         ("HTML/MHT", "另存为")),
    Case("RTF 文档.doc", _const(b"{\\rtf1\\ansi " + SECRET.encode("gbk") + b"}"), ("RTF 格式", "另存为")),
    Case("Excel 表格.doc", _const(cfb({"Workbook": b"\x00" * 64})), ("不是文字文档", "请选择")),
]
CASES = TEXT_CASES + DOCX_CASES + LEGACY_CASES


@functools.cache
def _legacy_doc(encrypted: bool = False, broken_pieces: bool = False) -> bytes:
    """The report as a Word 97 .doc (built byte by byte, one paragraph per piece)."""
    word_file = WordFile([Piece(line + "\r") for line in REPORT_LINES], encrypted=encrypted)
    if broken_pieces:  # the second piece descriptor points far past the stream
        word, table = word_file.streams()
        clx_at = struct.unpack_from("<I", word, 154 + 8 * 33)[0]
        count = len(REPORT_LINES)
        table = bytearray(table)
        struct.pack_into("<I", table, clx_at + 5 + 4 * (count + 1) + 8 + 2, 0x3FFF0000)
        return cfb({"WordDocument": word, "1Table": bytes(table)})
    return word_file.build()


@functools.cache
def _encrypted_package() -> bytes:
    """What Office writes for a .docx with an open password: an OLE2 file."""
    return cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 60, "EncryptedPackage": b"\x00" * 256})


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _make(case: Case, folder: Path) -> Path:
    path = folder / "来件 文件夹" / case.name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(case.data(folder))
    return path


def _lines(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_library(case: Case, tmp_path):
    path = _make(case, tmp_path)
    before = digest(path)
    if case.refused:
        with pytest.raises(FormatError) as caught:
            read_document(path)
        message = str(caught.value)
        assert message.startswith(f"无法打开“{case.name}”："), message
        assert "请" in message, message  # says what to do
        for word in case.refused:
            assert word in message, message
        assert SECRET not in message
    else:
        document = read_document(path)
        assert document.paragraphs
        if case.lines is not None:
            assert _lines(document) == list(case.lines)
        assert SECRET not in document.text
    assert digest(path) == before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_reports_and_goes_on(case: Case, tmp_path, user_dirs, capsys):
    from gongwen.cli import main

    path = _make(case, tmp_path)
    good = tmp_path / "正常的总结.txt"
    good.write_text(REPORT_TEXT, encoding="utf-8")
    before = digest(path)
    status = main(["audit", "--fail-on", "never", str(path), str(good)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert good.name in out  # the other file was still audited
    if case.refused:
        assert status == 2
        assert f"错误：无法打开“{case.name}”：" in err
    else:
        assert status == 0, err
        assert case.name in out
    assert digest(path) == before


def test_the_4mb_text_is_read_whole(tmp_path):
    case = next(c for c in TEXT_CASES if c.name.startswith("4MB"))
    path = _make(case, tmp_path)
    document = read_document(path)
    assert sum(len(p.text) + 1 for p in document.paragraphs) - 1 == len(path.read_text(encoding="utf-8"))


def test_external_entity_is_never_resolved_even_without_the_guard(tmp_path, monkeypatch):
    """Belt and braces: python-docx's own parser must not read the secret either."""
    from gongwen.formats import docx_container

    path = _make(next(c for c in DOCX_CASES if c.name == "外部实体.docx"), tmp_path)
    monkeypatch.setattr(docx_container, "_check_no_dtd", lambda path, package: None)
    try:
        document = read_document(path)
    except FormatError as error:
        assert SECRET not in str(error)
        return
    assert SECRET not in document.text


# ------------------------------------------------------------------ files that go away
def test_file_deleted_between_listing_and_reading(tmp_path, user_dirs, capsys, monkeypatch):
    """The CLI lists a folder, then a file vanishes before it is read."""
    from gongwen import cli
    from gongwen.cli import audit as cli_audit

    folder = tmp_path / "来件"
    folder.mkdir()
    for name in ("甲.txt", "乙.docx"):
        (folder / name).write_bytes(REPORT_TEXT.encode() if name.endswith(".txt") else _report_docx())
    listed = list(cli_audit.iter_inputs([str(folder)]))
    (folder / "乙.docx").unlink()

    def stale(paths, *_args):
        yield from listed

    monkeypatch.setattr(cli_audit, "iter_inputs", stale)
    status = cli.main(["audit", "--fail-on", "never", str(folder)])
    out, err = capsys.readouterr()
    assert status == 2 and "错误：无法打开“乙.docx”：文件或文件夹不存在" in err and "甲.txt" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", ["被删除.txt", "被删除.docx"])
def test_file_deleted_while_being_read(tmp_path, monkeypatch, name):
    """stat() saw it, open() does not: the reader must not assume the file stays."""
    import builtins

    path = tmp_path / name
    path.write_bytes(REPORT_TEXT.encode() if name.endswith(".txt") else _report_docx())
    real_open = builtins.open

    def vanishing(file, *args, **kwargs):
        if str(file) == str(path):
            path.unlink(missing_ok=True)
            raise FileNotFoundError(2, "No such file or directory", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", vanishing)
    with pytest.raises(FormatError, match=f"无法打开“{name}”：文件或文件夹不存在"):
        read_document(path)


def _unreadable(path: Path, monkeypatch) -> None:
    """chmod 000, or (as root, where chmod does not stop reads) an open() that is refused."""
    import builtins
    import os

    os.chmod(path, 0)
    if os.geteuid() != 0:
        return
    real_open = builtins.open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)


@pytest.mark.parametrize("name", ["不可读.txt", "不可读.docx"])
def test_unreadable_file(tmp_path, monkeypatch, name):
    import os

    path = tmp_path / name
    path.write_bytes(REPORT_TEXT.encode() if name.endswith(".txt") else _report_docx())
    _unreadable(path, monkeypatch)
    try:
        with pytest.raises(FormatError) as caught:
            read_document(path)
    finally:
        os.chmod(path, 0o644)
    message = str(caught.value)
    assert message.startswith(f"无法打开“{name}”：没有权限") and "请" in message


@pytest.mark.parametrize("name", ["文件夹.txt", "文件夹.docx"])
def test_a_folder_with_a_file_name(tmp_path, name):
    (tmp_path / name).mkdir()
    with pytest.raises(FormatError, match=f"无法打开“{name}”：这是一个文件夹"):
        read_document(tmp_path / name)


def test_file_replaced_between_audit_and_annotate(tmp_path, user_dirs, catalog):
    """The review copy is refused when the .docx changed after it was checked."""
    from gongwen.core.audit import Auditor
    from gongwen.formats.docx_annotate import annotate_docx

    path = tmp_path / "原稿.docx"
    path.write_bytes(_report_docx())
    document = read_document(path)
    report = Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)
    path.write_bytes(docx_bytes(["别人改过的标题", "一、新内容"]))
    with pytest.raises(FormatError, match="检查之后被修改过"):
        annotate_docx(path, tmp_path / "审阅稿.docx", report, document)
    assert not (tmp_path / "审阅稿.docx").exists()

