"""Render the reviewer's desk and its comparison view to PNGs (for the README).

    QT_QPA_PLATFORM=offscreen python packaging/screenshot_review.py [docs/]

Reviews a synthetic folder (tests/review_corpus.py: 24 units' reports with planted copies
and last year's reports recycled) in a temporary folder, then saves docs/review-desk.png
and docs/review-compare.png. Needs a CJK font (fonts-noto-cjk). Nothing in the user's
folders is changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from shots import save

REPO = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1440, 860


def main(out: str = "docs") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path[:0] = [str(REPO / "app"), str(REPO / "tests")]
    from gongwen.ui.app import make_application
    from gongwen.ui.review_desk import ReviewDesk, default_runner
    from review_corpus import build_folder

    app = make_application()
    root = Path(tempfile.mkdtemp(prefix="gongwen-desk-"))
    build_folder(root / "意识形态工作总结", count=24, chars=3200, seed=5, copies=2, recycles=3,
                 earlier_extra=3)
    os.chdir(root)  # the fields show short relative paths, not a temporary folder's name
    desk = ReviewDesk(default_runner(), "意识形态工作总结/本期", "意识形态工作总结/往年")
    desk.resize(WIDTH, HEIGHT)
    desk.show()
    desk.start()
    deadline = time.monotonic() + 120
    while desk.running and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if desk.result is None:
        print("截图失败：审阅没有完成", file=sys.stderr)
        return 1
    desk.status.setText(desk.summary())  # no timing in the picture: it varies from run to run
    select_most_recycled(desk)
    settle(app)
    Path(out).mkdir(parents=True, exist_ok=True)
    saved = [save(desk, Path(out) / "review-desk.png")]
    view = desk.comparison_view(0)
    view.resize(WIDTH, HEIGHT)
    view.show()
    settle(app)
    view.show_passage(1 if len(view.passages) > 1 else 0)
    settle(app)
    saved.append(save(view, Path(out) / "review-compare.png"))
    view.close()
    desk.close()
    return 0 if all(saved) else 1


def select_most_recycled(desk) -> None:
    """Sort by 重复 (most first) and select the first row, so the detail pane shows a pair."""
    from PySide6.QtCore import Qt

    desk.view.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    desk.view.selectRow(0)


def settle(app) -> None:
    for _ in range(30):
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
