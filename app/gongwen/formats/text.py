"""Plain-text drafts: UTF-8 (with or without BOM), UTF-16 (BOM), GB18030/GBK — detected."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import FormatError, describe_os_error

MAX_TEXT_BYTES = 5 * 1024 * 1024


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises UnicodeDecodeError when nothing fits."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 4


def read_text_file(path: str | Path) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise FormatError(path, f"文件有 {size / 1024 / 1024:.1f} MB，超过了 "
                              f"{MAX_TEXT_BYTES // 1024 // 1024} MB 的上限",
                              "请拆分成较小的文件后再打开")
        data = path.read_bytes()
    except OSError as error:
        raise FormatError(path, describe_os_error(error)) from None
    if b"\x00" in data[:4096] and not _looks_utf16(data) and not data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormatError(path, "这不是文本文件", "请选择 .txt 或 .docx 文件")
    try:
        text, _ = decode_text(data)
    except UnicodeDecodeError:
        raise FormatError(path, "无法识别文件编码（不是 UTF-8、UTF-16 或 GBK）",
                          "请在记事本中“另存为”UTF-8 编码后再打开") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
