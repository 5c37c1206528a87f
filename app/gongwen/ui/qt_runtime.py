"""Before Qt starts on Linux: are the system libraries it needs there? A fresh Debian 12 or
Ubuntu 24.04 desktop lacks some (libxcb-cursor0 above all), and Qt then only says "could
not load the Qt platform plugin". This names the missing Debian/Ubuntu packages and the
apt-get command instead. No Qt here (it runs before Qt is imported).

The libraries are those the PySide6-Essentials wheel's QtCore/QtGui/QtWidgets/QtDBus and
its xcb and wayland platform plugins link (``readelf -d``); the package names are Debian
12's — on Ubuntu 24.04 apt picks the renamed ``…t64`` package for them by itself.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

Library = tuple[str, str]  # (soname, Debian package)

CORE: tuple[Library, ...] = (
    ("libGL.so.1", "libgl1"), ("libEGL.so.1", "libegl1"), ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"), ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libxkbcommon.so.0", "libxkbcommon0"), ("libX11.so.6", "libx11-6"),
    ("libdbus-1.so.3", "libdbus-1-3"), ("libz.so.1", "zlib1g"),
)
XCB: tuple[Library, ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libxcb.so.1", "libxcb1"), ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"), ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"), ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"), ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)
WAYLAND: tuple[Library, ...] = (
    ("libwayland-client.so.0", "libwayland-client0"), ("libwayland-cursor.so.0", "libwayland-cursor0"),
)
HEADLESS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs")  # need no X11 or Wayland libraries


def loadable(soname: str) -> bool:
    """True when the dynamic loader finds ``soname`` (as Qt's own loading would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(lookup: Callable[[str], bool] = loadable,
                      environ: Mapping[str, str] | None = None) -> list[Library]:
    """The libraries the platform Qt will use needs and ``lookup`` does not find."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip().lower()
    wanted = list(CORE)
    if platform == "xcb":
        wanted += XCB
    elif platform == "wayland":
        wanted += WAYLAND
    elif not platform:
        wayland = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
        if wayland and all(lookup(name) for name, _ in WAYLAND):
            pass  # Qt uses its wayland plugin: the X11 libraries are not needed
        else:
            wanted += XCB
    elif platform not in HEADLESS:
        wanted += XCB
    return [(name, package) for name, package in wanted if not lookup(name)]


def no_display(environ: Mapping[str, str] | None = None) -> bool:
    """No graphical desktop to show the window on (an ssh session, a server)."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    return not platform and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")


def advice(missing: list[Library]) -> str:
    """The Chinese message naming the packages and the command that installs them."""
    packages = " ".join(dict.fromkeys(package for _name, package in missing))
    names = "、".join(name for name, _package in missing)
    return (f"无法启动编辑器：缺少图形界面所需的系统库（{names}）。\n"
            f"请用管理员权限安装后再启动：\n\n    sudo apt-get install -y {packages}\n\n"
            "（命令行检查不需要这些库：gongwen audit 文件.docx）")


NO_DISPLAY = ("无法启动编辑器：没有可用的图形桌面（未设置 DISPLAY 或 WAYLAND_DISPLAY，"
              "例如通过 ssh 登录时）。\n请在桌面上启动；命令行检查可用：gongwen audit 文件.docx")


def check(lookup: Callable[[str], bool] = loadable, environ: Mapping[str, str] | None = None,
          platform: str | None = None) -> str | None:
    """A Chinese message when the editor cannot start on this Linux machine, else None.
    Other systems, and a PyInstaller bundle (it carries these libraries), pass."""
    if (platform or sys.platform) != "linux" or getattr(sys, "frozen", False):
        return None
    if no_display(environ):
        return NO_DISPLAY
    missing = missing_libraries(lookup, environ)
    return advice(missing) if missing else None


CJK_FONT_PACKAGE = "fonts-noto-cjk"


def cjk_font_advice(chinese_families: list[str], platform: str | None = None) -> str | None:
    """Qt runs, but with no font that has Chinese characters every menu is empty boxes:
    the package to install (Linux), else None. ``chinese_families``: the fonts Qt lists for
    Simplified Chinese."""
    if (platform or sys.platform) != "linux" or chinese_families:
        return None
    return (f"未找到中文字体，界面文字会显示为方框。请安装：sudo apt-get install -y {CJK_FONT_PACKAGE}")
