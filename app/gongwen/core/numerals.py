"""Chinese numerals ↔ integers (enough for headings, counts and anniversaries)."""

from __future__ import annotations

import re

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


def arabic_date(text: str) -> str:
    """二〇二五年七月十日 → 2025年7月10日 (GB/T 9704 7.3.5: 成文日期 in Arabic numerals);
    anything else is returned as it is."""
    squeezed = re.sub(r"[\s\u3000]+", "", text).replace("○", "〇")
    match = re.match(r"^(.{4})年(.{1,2})月(.{1,3})日$", squeezed)
    if not match:
        return text
    year = "".join(str(DIGITS.get(c, "")) for c in match.group(1))
    month, day = cn_to_int(match.group(2)), cn_to_int(match.group(3))
    return f"{year}年{month}月{day}日" if len(year) == 4 and month and day else text


def chinese_date(text: str) -> str:
    """2025年7月10日 → 二〇二五年七月十日 (the older habit some units still ask for; GB/T 9704
    7.3.5 itself wants Arabic numerals); anything else is returned as it is."""
    match = re.match(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$", text)
    if not match:
        return text
    year = "".join("〇一二三四五六七八九"[int(d)] for d in match.group(1))
    month, day = int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return text
    return f"{year}年{int_to_cn(month)}月{int_to_cn(day)}日"
