"""Render the editor's habits and dialogs to PNGs (for the README and issue 18):

    QT_QPA_PLATFORM=offscreen python packaging/screenshot_ux.py dialogs [docs/]
        export-dialog.png (导出定稿, a draft with its 落款 typed), export-refusal.png (the
        errors left, by group), help.png (使用说明), toolbar.png (the window's top)
    xvfb-run -s "-screen 0 1366x768x24" python packaging/screenshot_ux.py screen [docs/] [NAME]
        the whole screen as the user sees it with the window opened on it: NAME.png
        (default window-<W>x<H>.png; with QT_SCALE_FACTOR=1.25 say so in NAME)

Needs a CJK font (fonts-noto-cjk). Nothing in the user's folders is changed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from shots import save

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 2)  # a fixed date: the pictures do not change from day to day
UNIT = "中共卫辉市文化馆支部委员会"


def settle(app, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def sample_window(app, text: str):
    from gongwen.ui.app import create_window, wait_for_full_report

    window = create_window(persist=False)
    window.resize(1440, 900)
    window.show()
    window.load_text(text)
    window.start()
    if wait_for_full_report(app, window) is None:
        raise SystemExit("截图失败：样稿检查没有完成")
    return window


def dialogs(out: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from drafts import draft

    from gongwen.ui.app import make_application, sample_path
    from gongwen.ui.export_dialog import ExportDialog
    from gongwen.ui.help_window import show_help

    app = make_application()
    saved = []
    lines = sample_path().read_text(encoding="utf-8").split("\n")
    without_problems = [t for t in lines if not t.startswith(("三、存在问题", "一是理论学习"))]
    window = sample_window(app, "\n".join(without_problems))  # 存在问题 missing: 缺少章节 1 项
    result = window.current_result()
    refusal = ExportDialog(result.report, result.document, UNIT, window.settings, today=TODAY, parent=window)
    refusal.show()
    settle(app)
    saved.append(save(refusal, out / "export-refusal.png"))
    refusal.close()
    top = window.grab().copy(0, 0, window.width(), window.toolbar.geometry().bottom() + 60)
    saved.append(top.save(str(out / "toolbar.png")))
    print(f"已保存截图 {out / 'toolbar.png'}")
    manual = show_help(window)
    manual.resize(760, 700)
    settle(app)
    saved.append(save(manual, out / "help.png"))
    manual.close()
    window.editor.document().setModified(False)
    window.close()

    clean = draft(extra=("全年开展宣传活动5次,覆盖群众2000人次。",)).replace("某县文化馆", "卫辉市文化馆")
    window = sample_window(app, clean)
    result = window.current_result()
    export = ExportDialog(result.report, result.document, UNIT, window.settings, today=TODAY, parent=window)
    export.show()
    settle(app)
    saved.append(save(export, out / "export-dialog.png"))
    export.close()
    window.editor.document().setModified(False)
    window.close()
    return 0 if all(saved) else 1


def screen(out: Path, name: str = "") -> int:
    """The window as it opens on this (Xvfb) screen, the whole screen grabbed."""
    from gongwen.ui.app import make_application, sample_path
    from gongwen.ui.main_window import MainWindow
    from gongwen.ui.settings import Settings

    app = make_application()
    from gongwen.service import AuditService

    service, _ = AuditService.load()
    window = MainWindow(service, Settings(), persist=False)  # a first start: no saved geometry
    window.show()
    window.load_text(sample_path().read_text(encoding="utf-8"))
    window.start()
    from gongwen.ui.app import wait_for_full_report

    wait_for_full_report(app, window)
    finding = next(iter(window.panel.findings.get("placeholder", [])), None)
    if finding is not None:
        window.panel.tree.setCurrentItem(window.panel.item_of(finding))
    settle(app, 60)
    window.editor.verticalScrollBar().setValue(0)
    window.repaint()
    settle(app, 60)
    shot = app.primaryScreen()
    size = shot.geometry()
    path = out / (name or f"window-{size.width()}x{size.height()}.png")
    ok = shot.grabWindow(0).save(str(path))
    print(f"已保存截图 {path}（屏幕 {size.width()}×{size.height()}，窗口 {window.geometry().getRect()}）")
    window.editor.document().setModified(False)
    window.close()
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    sys.path[:0] = [str(REPO / "app"), str(REPO / "tests"), str(REPO / "tests" / "ui")]
    mode = argv[0] if argv else "dialogs"
    out = Path(argv[1] if len(argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    if mode == "screen":
        return screen(out, argv[2] if len(argv) > 2 else "")
    return dialogs(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
