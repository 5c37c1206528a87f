# Replaces PyInstaller's hook for PySide6.QtWidgets: only the Windows 11/10 styles
# (Linux has none in the wheel; Fusion is built in).
from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

KEEP_STYLES = ("qmodernwindowsstyle", "qwindowsvistastyle")

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries
            if "styles" not in PurePath(dest).parts or PurePath(src).stem in KEEP_STYLES]
