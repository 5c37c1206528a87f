"""Code points (the core's offsets) ↔ UTF-16 units (Qt's positions) within one block of text.

Characters outside the BMP (𠮷, CJK Extension B) are one code point but two UTF-16 units.
"""

from __future__ import annotations

_BMP_LIMIT = 0xFFFF


def _is_bmp(text: str) -> bool:
    return not text or ord(max(text)) <= _BMP_LIMIT


def to_utf16(text: str, offset: int) -> int:
    """UTF-16 position of code point ``offset`` in ``text``."""
    head = text[:offset]
    if _is_bmp(head):
        return len(head)
    return len(head.encode("utf-16-le")) // 2


def from_utf16(text: str, position: int) -> int:
    """Code point offset of UTF-16 ``position`` in ``text`` (a position inside a surrogate
    pair rounds down to the character's start)."""
    if _is_bmp(text):
        return min(position, len(text))
    units = 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > _BMP_LIMIT else 1
        if units + width > position:
            return index
        units += width
    return len(text)


def span_to_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) in code points → (start, end) in UTF-16 units."""
    first = to_utf16(text, start)
    return first, first + to_utf16(text[start:], end - start)
