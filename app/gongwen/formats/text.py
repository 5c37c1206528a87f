"""Plain-text drafts: the encoding is detected, never asked for.

Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides; text with many NUL bytes is tried
as UTF-16 first; then UTF-8; then UTF-16 without BOM (LE or BE, whichever reads as
Chinese/ASCII text — GBK bytes read as UTF-16 give Hangul, surrogates or private-use
characters, so the two cannot be mistaken); then GB18030 (a superset of GBK/GB2312).
A file that is really something else (a Word, PDF, image or zip file, or binary data) is
refused with a message saying what it looks like. Decoding is strict: the text never holds
a lone surrogate. Line ends become ``\\n``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import FormatError, describe_os_error, read_advice

MAX_TEXT_BYTES = 5 * 1024 * 1024
SAMPLE_CHARS = 20_000
PLAUSIBLE_SHARE = 0.9  # share of ordinary characters a UTF-16 guess must reach
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
SAVE_AS_UTF8 = "请在记事本或 WPS 中“另存为”UTF-8 编码的 .txt 后再打开"
# (magic bytes, what the file is, what to do)
MAGIC = (
    (b"PK\x03\x04", "这是一个压缩包或 Word 2007 以后的文档（.docx）改成了别的扩展名",
     "如是 Word 文档，请把扩展名改回 .docx 后再打开"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "这是旧版 Word/WPS 文档（.doc/.wps）或加密文档",
     "请在 Word/WPS 中“另存为” .docx 后再打开"),
    (b"%PDF", "这是 PDF 文件", "请在 WPS 或 Word 中把 PDF 转换为 .docx 后再打开"),
    (b"{\\rtf", "这是 RTF 文档", "请在 Word/WPS 中“另存为” .docx 后再打开"),
    (b"\x89PNG", "这是图片文件", "请选择 .txt 或 .docx 文件"),
    (b"\xff\xd8\xff", "这是图片文件", "请选择 .txt 或 .docx 文件"),
    (b"GIF8", "这是图片文件", "请选择 .txt 或 .docx 文件"),
    (b"Rar!", "这是压缩包", "请先解压，再打开其中的 .txt 或 .docx 文件"),
    (b"7z\xbc\xaf", "这是压缩包", "请先解压，再打开其中的 .txt 或 .docx 文件"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises UnicodeDecodeError when nothing fits."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    nul_heavy = _looks_utf16(data)
    if nul_heavy and (guess := _bomless_utf16(data)):
        return guess
    if not nul_heavy:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        if guess := _bomless_utf16(data):
            return guess
    return data.decode("gb18030"), "gb18030"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 4


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM when one byte order reads as ordinary text, else None."""
    if len(data) % 2 or not data:
        return None
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = plausible_share(text)
        if share >= PLAUSIBLE_SHARE and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def plausible_share(text: str) -> float:
    """Share of characters usual in a Chinese draft: CJK, CJK and general punctuation,
    full-width forms, printable ASCII and ordinary whitespace."""
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return 0.0
    return sum(1 for char in sample if _ordinary(char)) / len(sample)


def _ordinary(char: str) -> bool:
    code = ord(char)
    return (0x20 <= code < 0x7F or char in "\t\r\n\u3000" or 0x4E00 <= code <= 0x9FFF
            or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F
            or 0x3400 <= code <= 0x4DBF or 0xA0 <= code <= 0xFF)


def read_text_file(path: str | Path) -> str:
    """The text of a .txt draft; FormatError (Chinese, naming the file) when it cannot be."""
    path = Path(path)
    data = _read_bytes(path)
    for magic, problem, advice in MAGIC:
        if data.startswith(magic):
            raise FormatError(path, problem, advice)
    try:
        text, _ = decode_text(data)
    except UnicodeDecodeError:
        raise FormatError(path, "无法识别文件编码（不是 UTF-8、UTF-16 或 GBK/GB18030），"
                          "文件可能已损坏或不是文本文件", SAVE_AS_UTF8) from None
    if "\x00" in text[:4096]:
        raise FormatError(path, "这不是文本文件（含有二进制数据）", "请选择 .txt 或 .docx 文件")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise FormatError(path, f"文件有 {size / 1024 / 1024:.1f} MB，超过了 "
                              f"{MAX_TEXT_BYTES // 1024 // 1024} MB 的上限",
                              "请拆分成较小的文件后再打开")
        with open(path, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)  # the file may have grown since stat()
    except OSError as error:
        raise FormatError(path, describe_os_error(error), read_advice(error)) from None
    if len(data) > MAX_TEXT_BYTES:
        raise FormatError(path, f"文件超过了 {MAX_TEXT_BYTES // 1024 // 1024} MB 的上限",
                          "请拆分成较小的文件后再打开")
    return data

