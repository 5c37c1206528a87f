"""Plain-text drafts: the encoding is detected, never asked for.

Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides; then UTF-8 (unless a quarter
of the first bytes are NUL: UTF-16 of ASCII); then whichever of UTF-16 LE, UTF-16 BE
(without BOM) and GB18030 (a superset of GBK/GB2312) decodes strictly and reads most like a
Chinese draft (``plausible_share``). GBK hanzi read as UTF-16 give Hangul, surrogates or
private-use characters, and UTF-16 hanzi read as GB18030 give ASCII letters and rare
hanzi, so real files are not mistaken; a few bytes of ASCII-like text can be ambiguous.
A file that is really something else (a Word, PDF, image or zip file, or binary data) is
refused with a message saying what it looks like. The text never holds a lone surrogate:
a damaged file — a UTF-8 file with a few bad bytes among many good ones, UTF-16 with a lone
surrogate — is read with U+FFFD there and a notice saying where (``TextFile.notices``). A
few NULs are dropped (said so); many mean binary data. Line ends become ``\\n``; the
encoding and line end found (``TextFormat``) are kept for the save, which writes them back
(``write_text_file``). ``MAX_TEXT_BYTES`` bounds both the read and the write.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from ..fileio.atomic import Backups, write_bytes_atomic
from ..fileio.errors import FormatError, WriteError, describe_os_error, read_advice

# The one size limit of a .txt, for reading and for writing (a save never writes a file the
# app would then refuse to open). Where the editor becomes the limit: QPlainTextEdit takes
# 3.3M characters (a 10 MB merged compilation) in 0.44 s and 117 MB, 10M in 2 s and 175 MB;
# the audit of unseen text runs ~200k characters/s. 16 MB (≈5.6M characters) keeps opening
# near a second and the full checklist within half a minute.
MAX_TEXT_BYTES = 16 * 1024 * 1024
SAMPLE_CHARS = 20_000
PLAUSIBLE_SHARE = 0.9  # share of ordinary characters a UTF-16 guess must reach
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


@dataclass(frozen=True, slots=True)
class TextFormat:
    """How a .txt file was written, so that a save writes it back the same way: the codec
    (without BOM handling), whether it starts with a BOM, and its line ends."""

    encoding: str = "utf-8"  # utf-8, utf-16-le/-be, utf-32-le/-be, gbk, gb18030
    bom: bool = False
    newline: str = "\n"

    @property
    def unicode(self) -> bool:
        return self.encoding.startswith("utf")

    @property
    def label(self) -> str:
        """For messages: UTF-8、GBK、UTF-16 LE…"""
        name = self.encoding.upper().replace("-LE", " LE").replace("-BE", " BE")
        return f"{name}（带 BOM）" if self.bom and name != "UTF-8" else name

    def as_utf8(self) -> TextFormat:
        return TextFormat("utf-8", False, self.newline)


UTF8 = TextFormat()


@dataclass(frozen=True, slots=True)
class TextFile:
    """A .txt as read: its text (line ends ``\n``), how it was written, and what the
    reader had to do to it (characters replaced or dropped — said where), in Chinese."""

    text: str
    format: TextFormat = UTF8
    notices: tuple[str, ...] = ()


BOM_FORMATS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
               (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
               (codecs.BOM_UTF16_BE, "utf-16-be"))
# a UTF-8 file with a few bad bytes (a damaged copy) is still UTF-8 when its other
# non-ASCII bytes are many: GBK text read as UTF-8 fails on every second byte
UTF8_MAX_BAD = 16  # bad bytes (one damaged character can make four)
UTF8_GOOD_PER_BAD = 50


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises UnicodeDecodeError when nothing fits."""
    text, form, _ = _decode(data)
    return text, ("utf-8-sig" if form.bom and form.encoding == "utf-8" else form.encoding)


def _decode(data: bytes) -> tuple[str, TextFormat, list[str]]:
    """(text, format, notices); line ends as in the file. Raises UnicodeDecodeError."""
    for bom, encoding in BOM_FORMATS:
        if data.startswith(bom):
            text, notices = _decode_marking(data[len(bom):], encoding)
            return text, TextFormat(encoding, True), notices
    if not _looks_utf16(data):
        try:
            return data.decode("utf-8"), TextFormat("utf-8"), []
        except UnicodeDecodeError:
            damaged = _damaged_utf8(data)
            if damaged is not None:
                return damaged[0], TextFormat("utf-8"), damaged[1]
    best = _best_guess(data)
    if best is None:
        best = data.decode("gb18030"), "gb18030", []
    text, encoding, notices = best
    if encoding == "gb18030" and _same_in_gbk(data, text):
        encoding = "gbk"  # what Notepad calls ANSI on a Chinese PC: save it back so
    return text, TextFormat(encoding), notices


def _same_in_gbk(data: bytes, text: str) -> bool:
    try:
        return data.decode("gbk") == text
    except UnicodeDecodeError:
        return False


def _damaged_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 with a few bad bytes: read with U+FFFD there (and said where); None when the
    bytes are not mostly UTF-8."""
    escaped = data.decode("utf-8", "surrogateescape")
    bad = len(_LONE.findall(escaped))
    good = sum(1 for c in escaped if ord(c) > 0x7F) - bad
    if bad > UTF8_MAX_BAD or good < UTF8_GOOD_PER_BAD * bad:
        return None
    return _mark_lone(escaped)


def decode_utf8_marking(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 however damaged: each run of bad bytes becomes U+FFFD, and a notice says
    where the first is (for the app's own files: an autosave with a bad byte)."""
    return _mark_lone(data.decode("utf-8", "surrogateescape"))


def _decode_marking(data: bytes, encoding: str) -> tuple[str, list[str]]:
    """Decode a file whose encoding its BOM names; a lone surrogate (UTF-16/32) or a bad
    byte (UTF-8) becomes U+FFFD with a notice saying where, a truncated last character
    too. Raises UnicodeDecodeError when the data is not that encoding at all."""
    handler = "surrogateescape" if encoding == "utf-8" else "surrogatepass"
    width = {"utf-16-le": 2, "utf-16-be": 2, "utf-32-le": 4, "utf-32-be": 4}.get(encoding, 1)
    extra = len(data) % width
    text = data[: len(data) - extra].decode(encoding, handler)
    if extra:
        text += "\udcff"  # marked as bad like the others
    if encoding == "utf-8" and len(_LONE.findall(text)) > UTF8_MAX_BAD:
        raise UnicodeDecodeError(encoding, data, 0, 1, "too many bad bytes")
    return _mark_lone(text)


_LONE = re.compile("[\ud800-\udfff]")
_LONE_RUN = re.compile("[\ud800-\udfff]+")


def _mark_lone(text: str) -> tuple[str, list[str]]:
    """Each run of lone surrogates (what could not be decoded) → one U+FFFD, and one
    notice saying where (line and column, as an editor counts them)."""
    spots = [m.start() for m in _LONE_RUN.finditer(text)]
    if not spots:
        return text, []
    clean = _LONE_RUN.sub("\ufffd", text)
    lines = split_lines(clean[: spots[0]])
    where = f"第 {len(lines)} 行第 {len(lines[-1]) + 1} 列"
    count = f"共 {len(spots)} 处，第一处在" if len(spots) > 1 else "在"
    return clean, [f"有无法识别的字符（文件可能已损坏），已用“\ufffd”代替：{count}{where}"]


def split_lines(text: str) -> list[str]:
    return unix_newlines(text).split("\n")


def unix_newlines(text: str) -> str:
    """``text`` with \r\n and \r as \n; the same string when it has no \r (a pass over
    a 10 MB file less, holding the GIL while the window waits)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def newline_of(text: str) -> str:
    """The line end the file mostly uses (\n when it has none)."""
    crlf = text.count("\r\n")
    cr, lf = text.count("\r") - crlf, text.count("\n") - crlf
    best = max((crlf, "\r\n"), (cr, "\r"), (lf, "\n"))
    return best[1] if best[0] else "\n"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 4


def _best_guess(data: bytes) -> tuple[str, str, list[str]] | None:
    """Of UTF-16 LE/BE without BOM and GB18030, the decoding that reads most like a
    Chinese draft; a UTF-16 reading must also reach ``PLAUSIBLE_SHARE``. Pairs of ASCII
    bytes read as UTF-16 give random CJK code points, hence the weight on common hanzi.
    GB18030 must decode strictly; a UTF-16 reading may hold a few lone surrogates (a
    damaged file), which become U+FFFD with a notice."""
    scored: list[tuple[float, int, str, str, list[str]]] = []
    for rank, encoding in enumerate(("utf-16-le", "utf-16-be", "gb18030")):
        if encoding != "gb18030" and (len(data) % 2 or not data):
            continue
        try:
            text = data.decode(encoding, "strict" if encoding == "gb18030" else "surrogatepass")
        except UnicodeDecodeError:
            continue
        notices: list[str] = []
        if encoding != "gb18030":
            if len(_LONE.findall(text)) > UTF8_MAX_BAD:
                continue
            text, notices = _mark_lone(text)
        share = plausible_share(text)
        if encoding == "gb18030" or share >= PLAUSIBLE_SHARE:
            scored.append((share, rank, text, encoding, notices))
    if not scored:
        return None
    _, _, text, encoding, notices = max(scored)  # on a tie, GB18030 (the higher rank) wins
    return text, encoding, notices


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
    return read_text(path).text


def read_text(path: str | Path) -> TextFile:
    """The text of a .txt draft, how it was written and what had to be replaced; raises
    FormatError (Chinese, naming the file) when it cannot be read."""
    path = Path(path)
    data = _read_bytes(path)
    for magic, problem, advice in MAGIC:
        if data.startswith(magic):
            raise FormatError(path, problem, advice)
    try:
        text, form, notices = _decode(data)
    except UnicodeDecodeError:
        raise FormatError(path, "无法识别文件编码（不是 UTF-8、UTF-16 或 GBK/GB18030），"
                          "文件可能已损坏或不是文本文件", SAVE_AS_UTF8) from None
    text, dropped = _without_stray_nuls(path, text)
    notices += dropped
    form = replace(form, newline=newline_of(text))
    return TextFile(unix_newlines(text), form, tuple(notices))


def _without_stray_nuls(path: Path, text: str) -> tuple[str, list[str]]:
    """A few NULs (pasted from a PDF, saved by an older version) are dropped and said so;
    many near the start mean binary data: refused."""
    count = text.count("\x00")
    if not count:
        return text, []
    rare = count <= max(1, len(text) // 1000) and plausible_share(text.replace("\x00", "")) >= 0.9
    if not rare and "\x00" in text[:4096]:
        raise FormatError(path, "这不是文本文件（含有二进制数据）", "请选择 .txt 或 .docx 文件")
    return text.replace("\x00", ""), [f"删除了 {count} 个空字符（NUL，多由 PDF 复制而来）"]


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
        refuse_irregular(path, info.st_mode)
        size = info.st_size
        if size > MAX_TEXT_BYTES:
            raise FormatError(path, f"文件有 {size / 1024 / 1024:.1f} MB，超过了 "
                              f"{_limit_mb()} MB 的上限", "请拆分成较小的文件后再打开")
        with open(path, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)  # the file may have grown since stat()
    except OSError as error:
        raise FormatError(path, describe_os_error(error), read_advice(error)) from None
    if len(data) > MAX_TEXT_BYTES:
        raise FormatError(path, f"文件超过了 {_limit_mb()} MB 的上限", "请拆分成较小的文件后再打开")
    return data


def _limit_mb() -> str:
    return f"{MAX_TEXT_BYTES / 1024 / 1024:g}"


def refuse_irregular(path: Path, mode: int) -> None:
    """A FIFO, a socket or a device would block the read (or never end): refused before
    it is opened. A folder gets its own message."""
    if stat.S_ISDIR(mode):
        raise FormatError(path, "这是一个文件夹，不是文件", "请选择一个 .txt 或 .docx 文件")
    if not stat.S_ISREG(mode):
        raise FormatError(path, "这不是普通文件（可能是管道、设备或特殊文件）",
                          "请选择一个 .txt 或 .docx 文件")


# ---------------------------------------------------------------- writing
class EncodingRefused(WriteError):
    """The text holds a character the file's encoding cannot; ``char``, ``line`` and
    ``column`` say which and where (the caller may offer UTF-8)."""

    def __init__(self, path: str | Path, form: TextFormat, char: str, line: int, column: int):
        self.char, self.line, self.column, self.format = char, line, column, form
        super().__init__(path, f"第 {line} 行第 {column} 列的“{char}”无法用 {form.label} 编码保存",
                         "请改用 UTF-8 编码保存")


def encode_text(path: str | Path, text: str, form: TextFormat = UTF8) -> tuple[bytes, list[str]]:
    """The bytes of ``text`` (lines joined by ``\n``) in ``form`` and what had to be
    dropped (a NUL cannot be in a text file the app reads back; a lone surrogate becomes
    U+FFFD). Raises EncodingRefused, or WriteError past ``MAX_TEXT_BYTES``."""
    notices = []
    count = text.count("\x00")
    if count:
        text = text.replace("\x00", "")
        notices.append(f"删除了 {count} 个纯文本无法保存的空字符（NUL，多由 PDF 复制而来）")
    text = _LONE.sub("\ufffd", text)
    if form.newline != "\n":
        text = text.replace("\n", form.newline)
    try:
        data = text.encode(form.encoding)
    except UnicodeEncodeError as error:
        lines = split_lines(text[: error.start])
        raise EncodingRefused(path, form, text[error.start:error.end], len(lines),
                              len(lines[-1]) + 1) from None
    if form.bom:
        data = codecs.encode("\ufeff", form.encoding) + data
    if len(data) > MAX_TEXT_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}"
        raise WriteError(path, f"纯文本将有 {size} MB，超过了 {_limit_mb()} MB 的上限，存成后无法再打开",
                         "请另存为 .docx")
    return data, notices


def write_text_file(path: str | os.PathLike[str], text: str, form: TextFormat = UTF8,
                    backups: Backups | None = None) -> list[str]:
    """Save a .txt atomically in ``form``; return the notices of ``encode_text``."""
    data, notices = encode_text(path, text, form)
    write_bytes_atomic(path, data, backups)
    return notices
