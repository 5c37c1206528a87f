"""The numbers of the official layout (GB/T 9704-2012 《党政机关公文格式》) that the final
copy is written with: page, margins, line grid, font sizes, page numbers, font schemes.
One place to look for them (the exporter and its paragraph writers both read them here).
Clause numbers of the standard are given beside each value."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # 5.1: A4
# 5.2.1: 天头 37 ± 1 mm, 订口 28 ± 1 mm, 版心 156 × 225 mm → bottom 35 mm, right 26 mm
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_DISTANCE_MM = 25  # 7.5: the page number about 7 mm under the type area
BODY_PT = 16  # 5.2.2: 三号
TITLE_PT = 22  # 7.3.1: 二号
PAGE_NUMBER_PT = 14  # 7.5: 四号
LINE_PITCH_PT = 28.95  # 5.2.3: 22 lines in 225 mm
CONDENSE_PT = -0.25  # 5.2.3: 28 characters per 156 mm line instead of 27 (measured in LibreOffice)
TITLE_CHARS_PER_LINE = 20  # 156 mm at 22 pt
DASH = "\u2014"  # 7.5: 一字线 on each side of the page number: — 1 —
TABLE_PT = 14  # tables: 四号 (a local practice; 小四 would be 12)
TABLE_BORDER_EIGHTHS = 4  # w:sz of the single table borders: ½ pt
TYPE_WIDTH_TWIPS = round((PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 1440)


@dataclass(frozen=True, slots=True)
class FontScheme:
    body: str
    kai: str
    hei: str
    title: str
    title_bold: bool
    song: str


# 7.3.3 and local practice: the font (a FontScheme field) and boldness of each heading level:
# 一、黑体 （一）楷体 1.仿宋加粗 （1）仿宋
HEADING_FONTS = {1: ("hei", False), 2: ("kai", False), 3: ("body", True)}


def heading_role(level: int) -> tuple[str, bool]:
    """(FontScheme field, bold) of a heading level's number and words."""
    return HEADING_FONTS.get(level, ("body", False))


# 7.3: 标题 小标宋, 正文 仿宋, 一级标题 黑体, 二级标题 楷体, 页码 宋体. The "_GB2312" names are
# the usual fonts of government PCs; "windows" uses the fonts every Windows PC has.
FONT_SCHEMES = {
    "gb2312": FontScheme("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", False, "宋体"),
    "windows": FontScheme("仿宋", "楷体", "黑体", "宋体", True, "宋体"),
}


def scaled_widths(grid: list[int], columns: int, total: int) -> list[int]:
    """Table column widths in twips, proportional to the source grid, summing to ``total``
    (the export writes them; the page preview draws them)."""
    source = list(grid[:columns]) + [0] * (columns - len(grid))
    known = [w for w in source if w > 0]
    fill = sum(known) / len(known) if known else 1
    source = [w if w > 0 else fill for w in source]
    widths = [int(total * w / sum(source)) for w in source]
    widths[-1] += total - sum(widths)
    return widths
