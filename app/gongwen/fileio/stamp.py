"""What a file on disk was when the editor last read or wrote it: size, modification time
and a hash of its bytes. A save compares it with the file as it is now, so a file changed
meanwhile — by another window, another program or a colleague on a shared folder — is
never overwritten without asking."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileStamp:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStamp | None:
        """The stamp of the file now; None when it is not there (or cannot be read)."""
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                return None  # a FIFO or a device: never opened (it could block)
            return cls(info.st_size, info.st_mtime_ns, _hash(path))
        except OSError:
            return None

    @classmethod
    def of_bytes(cls, path: str | os.PathLike[str], data: bytes) -> FileStamp | None:
        """The stamp of ``data`` just read from ``path`` (no second read of the file)."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def changed(self, path: str | os.PathLike[str]) -> bool:
        """True when the file is no longer what this stamp says: gone, or other bytes. Size
        and time unchanged count as unchanged; otherwise the bytes decide (a copy that only
        touched the time is not a change)."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return True
        except OSError:
            return False  # cannot tell: the save will report its own error
        if not stat.S_ISREG(info.st_mode):
            return True
        if (info.st_size, info.st_mtime_ns) == (self.size, self.mtime_ns):
            return False
        if info.st_size != self.size:
            return True
        try:
            return _hash(path) != self.sha256
        except OSError:
            return False


def _hash(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
