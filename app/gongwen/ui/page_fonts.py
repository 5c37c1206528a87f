"""The fonts the page preview and printing draw the 定稿 with: the official ones where this PC
has them, else a named stand-in of the same kind (仿宋 for 仿宋_GB2312, a bold 宋 for 方正小标宋…),
and the widths of their Latin letters and digits that the page layout breaks lines by
(``formats.pages.Metrics``). Measured once per font scheme, on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF

from ..formats.gbt9704 import FONT_SCHEMES, FontScheme
from ..formats.pages import Metrics

ROLES = ("body", "kai", "hei", "title", "song")
# stand-ins by kind, best first: the Windows fonts, the Mac ones, then free fonts
KINDS = {
    "仿宋": ("仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC", "Source Han Serif SC",
             "思源宋体", "SimSun", "宋体"),
    "楷体": ("楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL UKai CN", "AR PL KaitiM GB",
             "Noto Serif CJK SC"),
    "黑体": ("黑体", "SimHei", "Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei"),
    "小标宋": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "SimSun", "宋体",
               "Noto Serif CJK SC", "Source Han Serif SC"),
    "宋体": ("宋体", "SimSun", "NSimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC"),
}
MEASURE_PX = 1000  # Latin widths are measured at this pixel size, in em


def kind_of(name: str) -> str:
    for kind in ("仿宋", "楷体", "黑体", "小标宋"):
        if kind in name:
            return kind
    return "宋体"


@dataclass(frozen=True, slots=True)
class RoleFont:
    name: str  # as the 定稿 names it (仿宋_GB2312)
    family: str  # what is drawn
    bold: bool  # drawn bold (the run is bold, or a 小标宋 stand-in)

    @property
    def substituted(self) -> bool:
        return self.family != self.name


@dataclass(frozen=True, slots=True)
class PageFonts:
    scheme: str
    roles: dict[str, RoleFont]
    metrics: Metrics

    def font(self, role: str, bold: bool, pixel_size: int) -> QFont:
        role_font = self.roles.get(role, self.roles["body"])
        font = QFont(role_font.family)
        font.setPixelSize(max(1, pixel_size))
        font.setBold(bold or role_font.bold)
        font.setKerning(False)
        return font

    def note(self) -> str:
        """Which official fonts are missing and what stands in for them, in Chinese: one
        clause per stand-in ("Noto Serif CJK SC 代仿宋_GB2312、宋体")."""
        by_family: dict[str, list[str]] = {}
        for role in ROLES:
            role_font = self.roles[role]
            if role_font.substituted and role_font.name not in by_family.get(role_font.family, []):
                by_family.setdefault(role_font.family, []).append(role_font.name)
        if not by_family:
            return "使用公文字体"
        clauses = "；".join(f"{family} 代{'、'.join(names)}" for family, names in by_family.items())
        return f"本机未装的公文字体以近似字体显示：{clauses}"


def resolve(name: str, available: set[str]) -> str:
    if name in available:
        return name
    for candidate in KINDS[kind_of(name)]:
        if candidate in available:
            return candidate
    return QFont().defaultFamily()


def page_fonts(scheme: str = "gb2312") -> PageFonts:
    """The fonts of ``scheme`` (a key of FONT_SCHEMES) as this PC can draw them."""
    fonts: FontScheme = FONT_SCHEMES.get(scheme, FONT_SCHEMES["gb2312"])
    available = set(QFontDatabase.families())
    roles = {}
    for role in ROLES:
        name = getattr(fonts, role)
        family = resolve(name, available)
        # 方正小标宋 is a heavy face: a regular 宋 stand-in is drawn bold (as fonts-gongwen.conf does)
        bold = (role == "title" and fonts.title_bold) or (kind_of(name) == "小标宋" and family != name)
        roles[role] = RoleFont(name, family, bold)
    return PageFonts(scheme, roles, _metrics(roles))


def _metrics(roles: dict[str, RoleFont]) -> Metrics:
    latin: dict[tuple[str, bool], dict[str, float]] = {}
    for role, role_font in roles.items():
        for bold in (False, True):
            font = QFont(role_font.family)
            font.setPixelSize(MEASURE_PX)
            font.setBold(bold or role_font.bold)
            font.setKerning(False)
            measure = QFontMetricsF(font)
            latin[(role, bold)] = {chr(code): measure.horizontalAdvance(chr(code)) / MEASURE_PX
                                   for code in range(32, 127)}
    table = QFontMetricsF(PageFonts("", roles, Metrics()).font("body", False, MEASURE_PX))
    return Metrics(latin, table_line=table.lineSpacing() / MEASURE_PX)
