"""The window on real (virtual) laptop screens: Xvfb at 1366×768 and 1280×720, and with
Qt's scaling at 125 % and 150 % (QT_SCALE_FACTOR) — the window opens inside the screen and
its fix buttons and counters are on it. Skipped where xvfb-run is not installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from support import REPO

PROBE = r"""
import json, sys
from gongwen.ui.app import make_application, sample_path, wait_for_full_report
from gongwen.service import AuditService
from gongwen.ui.main_window import MainWindow
from gongwen.ui.settings import Settings

app = make_application()
service, _ = AuditService.load()
window = MainWindow(service, Settings(), persist=False)  # a first start on this screen
window.show()
window.load_text(sample_path().read_text(encoding="utf-8"))
window.start()
wait_for_full_report(app, window)
for _ in range(50):
    app.processEvents()
def corner(widget):
    point = widget.mapToGlobal(widget.rect().bottomRight())
    return [point.x(), point.y(), widget.isVisible()]
area = app.primaryScreen().availableGeometry()
frame = window.frameGeometry()
print(json.dumps({"screen": [area.x(), area.y(), area.width(), area.height()],
                  "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                  "widgets": [corner(w) for w in (window.panel.fix_button, window.panel.rule_button,
                                                  window.findings_label, window.zoom_label)]}))
window.editor.document().setModified(False)
window.close()
"""


@pytest.mark.skipif(not shutil.which("xvfb-run") or not sys.platform.startswith("linux"),
                    reason="xvfb-run is not installed")
@pytest.mark.parametrize(("screen", "scale"), [("1366x768", "1"), ("1280x720", "1"), ("1366x768", "1.25"),
                                               ("1920x1080", "1.5")])
def test_the_window_fits_a_laptop_screen(tmp_path, screen, scale):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(QT_SCALE_FACTOR=scale, GONGWEN_CONFIG_DIR=str(tmp_path / "config"),
               GONGWEN_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO / "app"))
    done = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, "-c", PROBE],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    x, y, w, h = facts["screen"]
    width, height = (int(n) for n in screen.split("x"))
    assert (w, h) == (round(width / float(scale)), round(height / float(scale)))  # logical pixels
    fx, fy, fw, fh = facts["frame"]
    assert x <= fx and y <= fy and fx + fw <= x + w and fy + fh <= y + h
    for cx, cy, visible in facts["widgets"]:
        assert visible and x <= cx < x + w and y <= cy < y + h
