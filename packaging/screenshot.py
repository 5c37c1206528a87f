"""Render the main window with the built-in sample report to a PNG (for the README).

    QT_QPA_PLATFORM=offscreen python packaging/screenshot.py [docs/screenshot.png]

Needs a CJK font (fonts-noto-cjk on Debian/Ubuntu). Nothing in the user's folders is
changed: settings are not saved.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from shots import save

WIDTH, HEIGHT = 1440, 900
SELECTED = ("placeholder", "XX")  # the finding shown selected in the panel and the draft


def main(out: str = "docs/screenshot.png") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
    from gongwen.ui.app import create_window, make_application, sample_path, wait_for_full_report

    app = make_application()
    window = create_window(persist=False)
    window.resize(WIDTH, HEIGHT)
    window.splitter.setSizes([230, 760, 450])
    window.show()
    window.load_text(sample_path().read_text(encoding="utf-8"))
    window.start()
    if wait_for_full_report(app, window) is None:
        print("截图失败：样稿检查没有完成", file=sys.stderr)
        return 1
    select(window, *SELECTED)
    for _ in range(20):
        app.processEvents()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    saved = save(window, out)
    window.editor.document().setModified(False)
    window.close()
    return 0 if saved else 1


def select(window, category: str, text: str) -> None:
    panel = window.panel
    finding = next((f for f in panel.findings.get(category, []) if f.text == text), None)
    if finding is None:
        return
    panel.tree.setCurrentItem(panel.item_of(finding))
    window.editor.select_finding(finding)
    cursor = window.editor.textCursor()
    cursor.setPosition(cursor.selectionEnd())  # a caret beside the underline, not a selection
    window.editor.setTextCursor(cursor)
    window.editor.verticalScrollBar().setValue(0)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
