"""What the Word binary reader tells the user, in one place.

The parsing modules raise ``DocError`` (a problem and what to do, in Chinese, without the
file name); ``doc_binary.read_doc`` turns it into a ``FormatError`` that names the file."""

from __future__ import annotations

SAVE_AS_DOCX = "请在 Word/WPS 中打开后“另存为” .docx 文件再试"
DAMAGED = "文件已损坏（Word 文档的内部结构不完整或有误）"
DAMAGED_ADVICE = "请向发送方重新索取文件，或在 Word/WPS 中打开（可尝试“打开并修复”）后“另存为” .docx"
ENCRYPTED = "文档设置了打开密码（已加密），无法读取其中的文字"
ENCRYPTED_ADVICE = "请在 Word/WPS 中输入密码打开，取消密码后“另存为” .docx 再打开"
WORKS = "这是 Microsoft Works 文字处理文档（.wps），不是金山 WPS 文字的文档"
WORKS_ADVICE = "请用 Microsoft Works、Word 或 LibreOffice 打开，“另存为” .docx 后再打开"
OLD_WORD = "这是 Word 2.0 或更早版本（1990 年代初）的文档，无法读取"
OLD_WORD_ADVICE = "请在新版 Word 中打开，“另存为” .docx 后再打开"
TOO_LARGE = "文档过大（超过 {limit} MB），可能是异常文件"
TOO_LARGE_ADVICE = "请在 Word/WPS 中删除大图片或拆分文档后“另存为” .docx 再试"


class DocError(Exception):
    """A .doc/.wps the reader cannot or must not read; ``problem``/``advice`` are Chinese."""

    def __init__(self, problem: str, advice: str = DAMAGED_ADVICE):
        super().__init__(problem)
        self.problem = problem
        self.advice = advice
