"""Kill -9: a real editor process gets text typed, autosaves it, dies hard (SIGKILL); the
next start offers the text, complete, and 恢复 puts it in the editor.

How the text gets in without a test hook in the app: the child runs the very entry point of
``python -m gongwen FILE`` (``gongwen.cli.main([FILE])``) from a small driver that, before
handing over, queues one timer on the event loop; when it fires, the driver types into the
window the way an input method does (commit strings and Enter, as the other UI tests do).
Everything after that — the 5-second autosave timer, the atomic writes, the lock — is the
app's own code running in its own process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from drafts import draft
from PySide6.QtWidgets import QApplication

from gongwen.ui import recovery
from gongwen.ui.app import create_window, make_application, open_initial
from gongwen.ui.autosave import autosave_folder

TYPED = "\n特此报告。\n𠮷祥村驻村工作队\n二〇二四年七月一日"
AUTOSAVE_WAIT_S = 15

DRIVER = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from gongwen import cli
from gongwen.ui.app import make_application

sys.path.insert(0, sys.argv[3])  # tests/ui, for the typing helper the other UI tests use
from uihelpers import type_text

typed = open(sys.argv[2], encoding="utf-8").read()

def type_like_an_input_method():
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, typed)
    print("TYPED", flush=True)

make_application()
QTimer.singleShot(0, type_like_an_input_method)  # runs once the editor's event loop runs
sys.exit(cli.main([sys.argv[1]]))
"""


def start_editor(path: Path, typed_file: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}  # GONGWEN_*_DIR: the test's folders
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-c", DRIVER, str(path), str(typed_file),
                                 str(Path(__file__).parent)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for_autosave(process: subprocess.Popen, log: Path) -> Path:
    """The JSON is written after the text: once it is there, the text is complete."""
    deadline = time.monotonic() + AUTOSAVE_WAIT_S
    while time.monotonic() < deadline:
        found = list(autosave_folder().glob("*.json")) if autosave_folder().is_dir() else []
        if found:
            return found[0].with_suffix(".txt")
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail(f"no autosave within {AUTOSAVE_WAIT_S} s; editor output:\n"
                f"{log.read_text(encoding='utf-8', errors='replace')}")


@pytest.mark.skipif(not hasattr(subprocess.Popen, "kill"), reason="needs Popen.kill")
def test_text_typed_before_a_kill_9_is_offered_complete_and_recovered(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "总结.txt"
    path.write_text(draft(), encoding="utf-8")
    typed_file = tmp_path / "typed.txt"
    typed_file.write_text(TYPED, encoding="utf-8")
    log = tmp_path / "editor.log"
    process = start_editor(path, typed_file, log)
    try:
        autosaved = wait_for_autosave(process, log)
    finally:
        process.kill()  # SIGKILL on POSIX (TerminateProcess on Windows): no clean-up runs
        process.wait(timeout=30)
    assert "TYPED" in log.read_text(encoding="utf-8", errors="replace")
    assert autosaved.with_suffix(".lock").exists()  # the dead owner's lock is left behind
    expected = draft() + TYPED

    make_application()
    window = create_window()  # a new start with the same folders, as app.run() does it
    qtbot.addWidget(window)
    window.show()
    open_initial(window, None)
    offered = []

    def click_recover(dialog):
        offered.extend((o.time_text, o.first_line, o.text, o.source) for o in dialog.orphans)
        rows = dialog.table.topLevelItemCount()
        assert rows == 1 and dialog.table.topLevelItem(0).text(1) == draft().split("\n")[0]
        dialog.button("恢复").click()
        return dialog.result()

    monkeypatch.setattr(recovery.RecoveryDialog, "exec", click_recover)
    assert recovery.offer_recovery(window)
    assert len(offered) == 1
    _, first_line, text, source = offered[0]
    assert text == expected  # complete: every line typed before the kill
    assert first_line == draft().split("\n")[0] and source == str(path.resolve())
    assert window.editor.toPlainText() == expected
    assert window.editor.document().isModified() and window.files.path == str(path.resolve())
    assert window.windowTitle().startswith("总结.txt")
    assert path.read_text(encoding="utf-8") == draft()  # nothing written until the user saves
    assert not autosaved.exists()  # the crashed copy went once the window had its own
    assert window.autosave.slot.text_path.read_text(encoding="utf-8") == expected
    assert QApplication.activeModalWidget() is None
