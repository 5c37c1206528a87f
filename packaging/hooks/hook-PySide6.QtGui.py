# Replaces PyInstaller's hook for PySide6.QtGui: the same collection, but only the Qt
# plugins gongwen needs, dropped here so that their libraries are never collected
# (wayland, eglfs, gtk3 → cairo/pango, tuiotouch → QtNetwork, svg → QtSvg …).
from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

KEEP = {
    "platforms": {"offscreen", "minimal", "xcb", "windows"},
    "platforminputcontexts": {"ibus", "compose"},  # Chinese input methods on Linux
    "platformthemes": {"xdgdesktopportal"},  # file dialogs through the desktop portal
    "imageformats": {"ico"},  # the window icon; PNG is built into QtGui
}


def plugin_name(filename: str) -> str:
    """libqxcb.so → xcb, qwindows.dll → windows, libibusplatforminputcontextplugin.so → ibus."""
    stem = filename.split(".")[0]
    for prefix in ("libq", "lib", "q"):
        if stem.startswith(prefix):
            stem = stem[len(prefix):]
            break
    return stem.removesuffix("plugin").removesuffix("platforminputcontext")


def keep(dest: str, filename: str) -> bool:
    parts = PurePath(dest).parts
    if "plugins" not in parts:
        return True
    folder = parts[parts.index("plugins") + 1]
    return plugin_name(filename) in KEEP.get(folder, ())


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if keep(dest, PurePath(src).name)]
