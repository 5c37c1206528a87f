"""Render the page preview, the folded checklist and the paragraph-number gutter to PNGs (for
the README and issue 18), one of them at 1366×768.

    xvfb-run -a -s "-screen 0 1600x1000x24" python packaging/screenshot_pages.py [docs/]
    QT_QPA_PLATFORM=offscreen python packaging/screenshot_pages.py [docs/]

Saves docs/preview.png (版面预览 beside the draft, 公文 view, gutter), docs/preview-1366x768.png,
docs/checklist-folded.png (identical findings folded, one opened, rows with context) and
docs/gutter.png (the editor: 第N段 numbers beside the paragraphs, blank lines not counted),
docs/print-preview.png (Qt's print preview of the same pages). Needs a CJK font
(fonts-noto-cjk). Nothing in the user's folders is changed: settings are not saved.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from shots import save, told

REPO = Path(__file__).resolve().parents[1]
# the sample with a few more placeholders of one kind, so the checklist folds them
EXTRA = ("（六）抓好专项整治。制定实施方案X个，开展专项检查X次，排查问题X个，整改到位X个，"
         "约谈提醒X人次。")


def main(out: str = "docs") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO / "app"))
    from gongwen.ui.app import create_window, make_application, sample_path

    app = make_application()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    text = sample_path().read_text(encoding="utf-8")
    text = text.replace("\n三、存在问题", f"\n{EXTRA}\n\n三、存在问题")
    shots = [("preview.png", (1440, 900), show_preview),
             ("preview-1366x768.png", (1366, 768), show_preview),
             ("checklist-folded.png", (1440, 900), show_folded),
             ("gutter.png", (1440, 900), show_gutter)]
    for name, size, stage in shots:
        window = create_window(persist=False)
        window.resize(*size)
        window.show()
        window.load_text(text)
        window.start()
        if not settle(app, window):
            print(f"截图失败：{name} 的检查或排版没有完成", file=sys.stderr)
            return 1
        widget = stage(app, window)
        pump(app)
        if not save(widget, folder / name):
            return 1
        if name == "preview.png" and not print_preview(app, window, folder / "print-preview.png"):
            return 1
        window.editor.document().setModified(False)
        window.close()
    return 0


def pump(app, seconds: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def settle(app, window, timeout: float = 90) -> bool:
    """The full report (jieba loaded) and, when the preview shows, its pages."""
    from gongwen.ui.app import wait_for_full_report

    if wait_for_full_report(app, window, timeout) is None:
        return False
    pane = window.page_tools.pane
    deadline = time.monotonic() + timeout
    while pane.isVisible() and (pane.busy or pane.result is None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    return not pane.isVisible() or not pane.busy


def show_preview(app, window):
    width = window.width()
    outline = 0 if width < 1400 else 170
    window.set_outline_visible(bool(outline))
    tools = window.page_tools
    tools.set_official_view(True)
    tools.set_numbers_visible(True)
    tools.set_preview_visible(True)
    panel = 380 if width >= 1400 else 340
    window.splitter.setSizes([outline, width - outline - panel, panel])
    middle = width - outline - panel
    tools.split.setSizes([middle - middle * 9 // 20, middle * 9 // 20])
    settle(app, window)
    editor = window.editor
    block = editor.document().findBlockByNumber(1)  # the title: the preview shows page 1 from its top
    from PySide6.QtGui import QTextCursor

    editor.setTextCursor(QTextCursor(block))
    editor.verticalScrollBar().setValue(0)
    pump(app)
    return window


def show_folded(app, window):
    window.set_outline_visible(False)
    window.splitter.setSizes([0, 900, 540])
    panel = window.panel
    rows = panel.rows.get("placeholder", [])
    folded = next((r for r in rows if r.folded), None)
    if folded is not None:
        item = panel.item_of(folded.finding).parent()  # the folded row (its first place's parent)
        item.setExpanded(True)
        panel.tree.setCurrentItem(item.child(1))
        window.goto_finding(folded.findings[1])
    pump(app)
    return window


def show_gutter(app, window):
    window.set_outline_visible(True)
    window.page_tools.set_official_view(True)
    window.page_tools.set_numbers_visible(True)
    window.splitter.setSizes([200, 820, 420])
    block = window.editor.document().findBlockByNumber(11)
    from PySide6.QtGui import QTextCursor

    window.editor.setTextCursor(QTextCursor(block))
    window.editor.verticalScrollBar().setValue(window.editor.verticalScrollBar().maximum())
    pump(app)
    return window.page_tools.split


def print_preview(app, window, path: Path) -> bool:
    """Qt's print preview of the preview's pages, grabbed while it shows."""
    from PySide6.QtCore import QTimer

    from gongwen.ui.printing import preview_dialog

    found = window.page_tools.current_pages()
    if found is None:
        print("截图失败：没有版面", file=sys.stderr)
        return False
    dialog = preview_dialog(window, *found, "样稿")
    dialog.resize(1100, 860)
    saved = []

    def grab() -> None:
        saved.append(dialog.grab().save(str(path)))
        dialog.accept()

    QTimer.singleShot(1500, grab)
    dialog.exec()
    return told(bool(saved and saved[0]), path)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
