"""Errors a reader or writer raises for the user: a Chinese message naming the file and
what to do. Callers show ``str(error)``; nothing here is a traceback.

``WriteError`` is an ``OSError`` so that code written as ``except OSError`` around a save
still catches it (and shows the Chinese message rather than ``[Errno 28] …``)."""

from __future__ import annotations

import errno as _errno
from pathlib import Path


class FormatError(Exception):
    def __init__(self, path: str | Path, problem: str, advice: str = ""):
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        text = f"无法打开“{self.path.name}”：{problem}"
        super().__init__(f"{text}。{advice}" if advice else text)


class WriteError(OSError):
    def __init__(self, path: str | Path, problem: str, advice: str = ""):
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        text = f"无法保存“{self.path.name}”：{problem}"
        super().__init__(f"{text}。{advice}" if advice else text)

    def __str__(self) -> str:  # OSError would prefix "[Errno …]" once errno is set
        return str(self.args[0])

    @classmethod
    def from_os_error(cls, path: str | Path, error: OSError, kept: bool = False) -> WriteError:
        """A failed write: what went wrong and what to do; ``kept``: an old version of the
        file exists and was left untouched (said so in the message)."""
        problem = describe_os_error(error) + ("，原文件没有改动" if kept else "")
        made = cls(path, problem, write_advice(error))
        made.errno = error.errno
        return made


_PROBLEMS = {
    _errno.ENOENT: "文件或文件夹不存在（可能已被移动或删除）",
    _errno.EACCES: "没有权限（文件可能是只读的，或正被其他程序占用）",
    _errno.EPERM: "没有权限",
    _errno.ENOSPC: "磁盘空间不足",
    _errno.EDQUOT: "磁盘配额已用完",
    _errno.EROFS: "目标位置是只读的",
    _errno.EISDIR: "这是一个文件夹，不是文件",
    _errno.ENOTDIR: "路径中的某一级不是文件夹",
    _errno.EEXIST: "已有同名的文件",
    _errno.ENAMETOOLONG: "文件名或路径太长",
    _errno.EBUSY: "文件正被其他程序占用",
    _errno.EINVAL: "文件名不合法（可能含有 \\ / : * ? \" < > | 等字符）",
    _errno.EIO: "读写设备出错（U 盘或网络盘可能已断开）",
    _errno.ELOOP: "符号链接构成了循环（链接最终指向它自己）",
    _errno.ENXIO: "设备不存在或未就绪",
}

_WRITE_ADVICE = {
    _errno.ENOENT: "请用“另存为”选择一个存在的文件夹",
    _errno.EACCES: "请关闭占用该文件的程序，或用“另存为”保存到其他文件夹（如“文档”或桌面）",
    _errno.EPERM: "请用“另存为”保存到其他文件夹（如“文档”或桌面）",
    _errno.ENOSPC: "请清理磁盘空间，或用“另存为”保存到其他磁盘",
    _errno.EDQUOT: "请清理磁盘空间，或用“另存为”保存到其他磁盘",
    _errno.EROFS: "请用“另存为”保存到其他位置",
    _errno.EISDIR: "请另选一个文件名",
    _errno.ENOTDIR: "请用“另存为”重新选择保存位置",
    _errno.ENAMETOOLONG: "请用“另存为”换一个较短的文件名或较浅的文件夹",
    _errno.EBUSY: "请关闭占用该文件的程序后重试",
    _errno.EINVAL: "请换一个只含汉字、字母、数字的文件名",
    _errno.EIO: "请检查设备连接后重试，或保存到本机磁盘",
}

_READ_ADVICE = {
    _errno.ENOENT: "请确认文件还在原处后重新打开",
    _errno.EACCES: "请关闭占用该文件的程序，或把文件复制到“文档”文件夹后再打开",
    _errno.EPERM: "请把文件复制到“文档”文件夹后再打开",
    _errno.EISDIR: "请选择一个 .txt 或 .docx 文件",
    _errno.EIO: "请检查 U 盘或网络盘是否已断开，或把文件复制到本机后再打开",
}


def describe_os_error(error: OSError) -> str:
    return _PROBLEMS.get(error.errno or 0, f"系统错误：{error.strerror or error}")


def write_advice(error: OSError) -> str:
    return _WRITE_ADVICE.get(error.errno or 0, "请用“另存为”保存到其他位置后重试")


def read_advice(error: OSError) -> str:
    return _READ_ADVICE.get(error.errno or 0, "请把文件复制到本机磁盘后重试")
