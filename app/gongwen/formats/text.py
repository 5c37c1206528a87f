"""Plain-text drafts: the encoding is detected, never asked for.

Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides; then UTF-8 (unless a quarter
of the first bytes are NUL: UTF-16 of ASCII); then whichever of UTF-16 LE, UTF-16 BE
(without BOM) and GB18030 (a superset of GBK/GB2312) decodes strictly and reads most like a
Chinese draft (``plausible_share``). GBK hanzi read as UTF-16 give Hangul, surrogates or
private-use characters, and UTF-16 hanzi read as GB18030 give ASCII letters and rare
hanzi, so real files are not mistaken; a few bytes of ASCII-like text can be ambiguous.
A file that is really something else (a Word, PDF, image or zip file, or binary data) is
refused with a message saying what it looks like. Decoding is strict: the text never holds
a lone surrogate. Line ends become ``\\n``.
"""

from __future__ import annotations

import codecs
import functools
from pathlib import Path

from ..fileio.errors import FormatError, describe_os_error, read_advice

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
    if not _looks_utf16(data):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = _best_guess(data)
    return best if best else (data.decode("gb18030"), "gb18030")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 4


def _best_guess(data: bytes) -> tuple[str, str] | None:
    """Of UTF-16 LE/BE without BOM and GB18030, the strict decoding that reads most like
    a Chinese draft; a UTF-16 reading must also reach ``PLAUSIBLE_SHARE``. Pairs of ASCII
    bytes read as UTF-16 give random CJK code points, hence the weight on common hanzi."""
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(("utf-16-le", "utf-16-be", "gb18030")):
        if encoding != "gb18030" and (len(data) % 2 or not data):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = plausible_share(text)
        if encoding == "gb18030" or share >= PLAUSIBLE_SHARE:
            scored.append((share, rank, text, encoding))
    if not scored:
        return None
    _, _, text, encoding = max(scored)  # on a tie, GB18030 (the higher rank) wins
    return text, encoding


def plausible_share(text: str) -> float:
    """How much ``text`` reads like a Chinese draft, 0..1: printable ASCII, whitespace, CJK
    and full-width punctuation and the 3,755 common hanzi (GB2312 level 1) count 1, other
    CJK ideographs 0.5, anything else (Hangul, private use, control characters…) 0."""
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return 0.0
    common = _common_hanzi()
    total = 0.0
    for char in sample:
        code = ord(char)
        if char in common or 0x20 <= code < 0x7F or char in "\t\r\n" or 0x3000 <= code <= 0x303F \
                or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027 or 0xA0 <= code <= 0xFF:
            total += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3FFFF:
            total += 0.5
    return total / len(sample)


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1: rows 0xB0–0xD7."""
    pairs = bytes(b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
    return frozenset(pairs.decode("gb2312", errors="ignore")) - {"\ufffd"}


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

