"""Chinese numerals ↔ integers (enough for headings, counts and anniversaries)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_SMALL = "一二三四五六七八九十"  # characters used in heading numbers


def cn_to_int(text: str) -> int | None:
    """Parse 一 / 十二 / 二十三 / 一百零五 / 七十 → int; None when not a numeral."""
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # digit-by-digit form such as 二〇二一
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, number = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        else:
            unit = UNITS[ch]
            if unit == 10000:
                section = (section + number) * unit
                total += section
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
    return total + section + number


def int_to_cn(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (values below 100)."""
    names = "零一二三四五六七八九"
    if value < 10:
        return names[value]
    tens, ones = divmod(value, 10)
    head = "" if tens == 1 else names[tens]
    return head + "十" + (names[ones] if ones else "")
