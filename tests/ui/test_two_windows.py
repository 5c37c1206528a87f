"""Two windows on one file (issue 14, item 2): the second is warned at open, and a save onto
a file changed on disk since it was opened or saved asks 重新载入 / 另存为 / 仍然覆盖."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QFileDialog
from uihelpers import type_text

from gongwen.ui import dialogs

HOLD_OPEN = """
import sys, time
from gongwen.ui.autosave import claim_file
claim = claim_file(sys.argv[1])
assert claim.lock is not None
print("held", flush=True)
sys.stdin.readline()
"""


def _txt(tmp_path, text="原文"):
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_second_window_is_warned_and_may_decline(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    first, second = make_window(), make_window()
    assert first.files.open_file(str(path))
    assert not asked
    asked.answers["ask_open_elsewhere"] = False
    assert not second.files.open_file(str(path))
    name, (file_name, holder) = asked[-1]
    assert name == "ask_open_elsewhere" and file_name == "报告.txt" and "另一个窗口" in holder
    assert second.files.path is None
    first.files.new_draft()  # the first window leaves the file: no warning any more
    assert second.files.open_file(str(path)) and len(asked) == 1


def test_another_instance_holding_the_file_is_named(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(path.resolve())], env=os.environ.copy(),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        window = make_window()
        assert window.files.open_file(str(path))  # 仍然打开
        name, (_file, holder) = asked[-1]
        assert name == "ask_open_elsewhere" and f"进程 {other.pid}" in holder
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    window.files.new_draft()
    assert window.files.open_file(str(path)) and len(asked) == 1  # its owner is gone


def _both_edit(make_window, path):
    first, second = make_window(), make_window()
    assert first.files.open_file(str(path)) and second.files.open_file(str(path))
    type_text(first.editor, "甲改")
    type_text(second.editor, "乙改")
    assert first.files.save()
    return first, second


def test_the_last_save_no_longer_wins_silently(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    _first, second = _both_edit(make_window, path)
    assert not second.files.save()  # 取消
    assert asked[-1] == ("ask_changed_on_disk", ("报告.txt",))
    assert path.read_text(encoding="utf-8") == "甲改原文"
    assert second.editor.document().isModified()


def test_overwrite_then_saves_quietly_again(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    _first, second = _both_edit(make_window, path)
    asked.answers["ask_changed_on_disk"] = dialogs.OVERWRITE
    assert second.files.save()
    assert path.read_text(encoding="utf-8") == "乙改原文"
    questions = len(asked)
    type_text(second.editor, "再")
    assert second.files.save() and len(asked) == questions  # its own save: no question


def test_reload_takes_the_version_on_disk(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    _first, second = _both_edit(make_window, path)
    asked.answers["ask_changed_on_disk"] = dialogs.RELOAD
    assert not second.files.save()
    assert second.editor.toPlainText() == "甲改原文" and not second.editor.document().isModified()
    assert path.read_text(encoding="utf-8") == "甲改原文"


def test_save_as_keeps_both(qtbot, make_window, tmp_path, asked, monkeypatch):
    path = _txt(tmp_path)
    _first, second = _both_edit(make_window, path)
    asked.answers["ask_changed_on_disk"] = dialogs.SAVE_AS
    copy = tmp_path / "报告（乙）.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(copy), "纯文本 UTF-8 (*.txt)"))
    assert second.files.save()
    assert path.read_text(encoding="utf-8") == "甲改原文"
    assert copy.read_text(encoding="utf-8") == "乙改原文"


def test_another_program_changing_the_file_is_caught(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    window = make_window()
    window.files.open_file(str(path))
    type_text(window.editor, "改")
    path.write_text("别的程序写的", encoding="utf-8")
    assert not window.files.save()
    assert asked[-1][0] == "ask_changed_on_disk"
    assert path.read_text(encoding="utf-8") == "别的程序写的"


def test_a_touch_without_new_bytes_is_not_a_change(qtbot, make_window, tmp_path, asked):
    path = _txt(tmp_path)
    window = make_window()
    window.files.open_file(str(path))
    type_text(window.editor, "改")
    os.utime(path, ns=(1, 1))  # a backup program reset the time, the bytes are the same
    assert window.files.save() and not asked


def test_closing_the_windows_leaves_no_open_file_locks(qtbot, make_window, tmp_path):
    from gongwen.ui.autosave import OPEN_FOLDER, autosave_folder

    path = _txt(tmp_path)
    window = make_window()
    window.files.open_file(str(path))
    assert list((autosave_folder() / OPEN_FOLDER).iterdir())
    assert window.close()
    assert not list((autosave_folder() / OPEN_FOLDER).iterdir())


def test_a_recovered_draft_whose_file_changed_since_asks_before_saving(qtbot, make_window, tmp_path,
                                                                      asked, monkeypatch):
    import time

    from test_autosave import answer_dialog, crashed_draft

    from gongwen.ui import recovery

    path = _txt(tmp_path)
    crashed_draft("崩溃前的稿", str(path.resolve()))
    path.write_text("之后别人改过", encoding="utf-8")
    later = time.time() + 60
    os.utime(path, (later, later))
    window = make_window()
    answer_dialog(monkeypatch, lambda d: d.button("恢复").click())
    assert recovery.offer_recovery(window)
    assert not window.files.save()
    assert asked[-1][0] == "ask_changed_on_disk"
    assert path.read_text(encoding="utf-8") == "之后别人改过"
