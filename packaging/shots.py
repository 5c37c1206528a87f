"""What the screenshot scripts share: a widget's picture saved, and said so in Chinese."""

from __future__ import annotations

import sys
from pathlib import Path


def told(saved: bool, path: Path | str) -> bool:
    """Say whether the picture at ``path`` was written; ``saved`` back."""
    if saved:
        print(f"已保存截图 {path}")
    else:
        print(f"截图失败：无法写入 {path}", file=sys.stderr)
    return saved


def save(widget, path: Path | str) -> bool:
    """``widget``'s picture written to ``path``, and said so."""
    return told(widget.grab().save(str(path)), path)
