"""Errors a reader or writer raises for the user: a Chinese message naming the file and
what to do. Callers show ``str(error)``; nothing here is a traceback."""

from __future__ import annotations

from pathlib import Path


class FormatError(Exception):
    def __init__(self, path: str | Path, problem: str, advice: str = ""):
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        text = f"无法打开“{self.path.name}”：{problem}"
        super().__init__(f"{text}。{advice}" if advice else text)


class WriteError(Exception):
    def __init__(self, path: str | Path, problem: str):
        self.path = Path(path)
        super().__init__(f"无法保存“{self.path.name}”：{problem}")


def describe_os_error(error: OSError) -> str:
    import errno

    return {
        errno.ENOENT: "文件或文件夹不存在（可能已被移动或删除）",
        errno.EACCES: "没有权限（文件可能是只读的，或正被其他程序占用）",
        errno.EPERM: "没有权限",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "目标位置是只读的",
        errno.EISDIR: "这是一个文件夹，不是文件",
    }.get(error.errno or 0, f"系统错误：{error.strerror or error}")
