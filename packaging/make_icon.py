"""Draw the app icon (a red seal with 公) and write resources/icons/gongwen.png and .ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

Needs a CJK serif font (Noto Serif CJK SC). The ICO is written by hand so that it holds
every size Windows asks for: 16–128 px as 32-bit BMP entries (what Inno Setup and old
shell code read best), 256 px as PNG.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#C0262D")
FONTS = ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Noto Sans CJK SC")


def _font_family() -> str:
    families = set(QFontDatabase.families())
    for family in FONTS:
        if family in families:
            return family
    sys.exit(f"no CJK font found (tried {', '.join(FONTS)})")


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(1.0, size / 32)
    outer = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.addRoundedRect(outer, size / 9, size / 9)
    p.fillPath(path, RED)
    if size >= 32:  # the seal's inner frame; too fine to read below 32 px
        inset = size / 11
        pen = QPen(QColor("white"), max(1.0, size / 40))
        p.setPen(pen)
        p.drawRoundedRect(outer.adjusted(inset, inset, -inset, -inset), size / 18, size / 18)
    font = QFont(family)
    font.setWeight(QFont.Weight.Black)
    font.setPixelSize(round(size * (0.62 if size >= 32 else 0.78)))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(outer, Qt.AlignmentFlag.AlignCenter, "公")
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def bmp_entry(image: QImage) -> bytes:
    """A 32-bit DIB as ICO stores it: header with doubled height, BGRA rows bottom-up,
    then a 1-bit AND mask (all zero: the alpha channel decides)."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        row = bytearray()
        for x in range(size):
            argb = image.pixel(x, y)
            row += struct.pack("<I", argb)  # little-endian 0xAARRGGBB is B, G, R, A
        rows.append(bytes(row))
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * size)


def write_ico(path: Path, images: list[QImage]) -> None:
    entries = [png_bytes(im) if im.width() >= 256 else bmp_entry(im) for im in images]
    offset = 6 + 16 * len(images)
    directory = struct.pack("<HHH", 0, 1, len(images))
    for image, data in zip(images, entries):
        side = image.width() % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    path.write_bytes(directory + b"".join(entries))


def main() -> None:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    family = _font_family()
    OUT.mkdir(parents=True, exist_ok=True)
    images = [draw(size, family) for size in SIZES]
    images[-1].save(str(OUT / "gongwen.png"))
    write_ico(OUT / "gongwen.ico", images)
    print(f"{OUT / 'gongwen.png'}, {OUT / 'gongwen.ico'} ({family})")


if __name__ == "__main__":
    main()
