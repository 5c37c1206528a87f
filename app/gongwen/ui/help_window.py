"""使用说明 (F1): the manual shipped in resources/help/help.html, in a window of its own
(non-modal: the user reads it beside the draft). Local HTML only: no link leaves the app,
nothing is fetched from the network."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import paths

HELP_FILE = "help/help.html"
MISSING = "<h2>使用说明</h2><p>找不到说明文件（{path}），安装可能不完整。</p>"


def help_path():
    return paths.builtin_resources() / HELP_FILE


class HelpWindow(QDialog):
    """The manual: a QTextBrowser on the local file; in-page links (目录) work, links out
    of the app are not followed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle("使用说明 — 公文审稿台")
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        path = help_path()
        if path.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setHtml(MISSING.format(path=path))
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 640)


def show_help(parent: QWidget) -> HelpWindow:
    """Open (or bring to the front) the manual of ``parent``'s window."""
    window = getattr(parent, "_help_window", None)
    if window is None:
        window = HelpWindow(parent)
        parent._help_window = window
    window.show()
    from .screen_fit import clamp_to_screen

    clamp_to_screen(window)  # a short screen (125 % on 1366×768): the whole window in view
    window.raise_()
    window.activateWindow()
    return window
