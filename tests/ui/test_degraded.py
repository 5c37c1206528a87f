"""The degraded cases of issue 14: temporary files a crash during a save left behind are
cleaned at the next start (only gongwen's own), and an autosave folder that cannot be
written is said in a dialog in Chinese, not as "(UnknownError)"."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

from uihelpers import type_text

from gongwen.fileio.atomic import remove_stale_temps, write_text_atomic

OLD = time.time() - 3600


def _old(path: Path, text: str = "崩溃时写了一半的全文") -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (OLD, OLD))
    return path


def test_only_gongwen_temporaries_of_recent_files_go(tmp_path):
    folder = tmp_path / "文档"
    folder.mkdir()
    recent = folder / "总结.txt"
    recent.write_text("正文", encoding="utf-8")
    left = _old(folder / ".总结.txt.a1b2c3d4.tmp")  # what write_atomic names its temporary
    fresh = folder / ".总结.txt.zzzzzzzz.tmp"
    fresh.write_text("另一个窗口正在保存", encoding="utf-8")
    others = [_old(folder / ".别的文件.txt.a1b2c3d4.tmp"), _old(folder / "用户的.tmp"),
              _old(folder / ".总结.txt.tmp"), _old(folder / ".总结.txt.a1b2c3d4.tmp.bak")]
    app = tmp_path / "data" / "autosave"
    app.mkdir(parents=True)
    ours = [_old(app / ".123-abcdef01.txt.q9w8e7r6.tmp"), _old(app / ".备份.docx.tmp")]
    removed = remove_stale_temps([recent], [app])
    assert sorted(removed) == sorted([left, *ours])
    assert fresh.exists() and all(p.exists() for p in others) and recent.exists()


def test_a_crashed_save_leaves_a_temporary_the_next_start_removes(qtbot, make_window, tmp_path,
                                                                  monkeypatch):
    target = tmp_path / "稿.txt"
    target.write_text("旧", encoding="utf-8")

    def crash(_fd):  # the power went during the save: the temporary stays
        raise SystemExit

    import contextlib

    monkeypatch.setattr(os, "fsync", crash)
    monkeypatch.setattr("gongwen.fileio.atomic._remove_quietly", lambda path: None)
    with contextlib.suppress(SystemExit):
        write_text_atomic(target, "新的全文")
    monkeypatch.undo()
    (left,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    os.utime(left, (OLD, OLD))
    window = make_window()
    window.settings.add_recent(str(target))
    from gongwen.ui.app import start_cleanup

    start_cleanup(window.settings)
    for thread in threading.enumerate():
        if thread.name == "gongwen-cleanup":
            thread.join(10)
    assert not left.exists() and target.read_text(encoding="utf-8") == "旧"


def test_an_unwritable_autosave_folder_is_said_in_a_dialog_once(qtbot, make_window, tmp_path,
                                                              monkeypatch, quiet_dialogs):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GONGWEN_DATA_DIR", str(blocker))
    window = make_window("正文")
    for text in ("改", "再改"):
        type_text(window.editor, text)
        with qtbot.waitSignal(window.autosave.failed):
            assert window.autosave.save_now()
    dialogs_shown = [d for d in quiet_dialogs if d[0] == "自动保存失败"]
    assert len(dialogs_shown) == 1
    assert "请及时手动保存" in dialogs_shown[0][1] and "UnknownError" not in dialogs_shown[0][1]


def test_a_lock_refused_by_a_read_only_folder_names_the_reason(tmp_path, monkeypatch):
    from PySide6.QtCore import QLockFile

    from gongwen.ui.autosave import Slot

    write_bytes = Path.write_bytes

    def read_only(self, data):
        if self.name.startswith(".probe-"):
            raise OSError(errno.EROFS, "Read-only file system")
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", read_only)
    monkeypatch.setattr(QLockFile, "tryLock", lambda self, timeout=0: False)
    monkeypatch.setattr(QLockFile, "error", lambda self: QLockFile.LockError.UnknownError)
    slot = Slot(tmp_path / "autosave")
    try:
        slot.write("正文", None, 1)
    except OSError as error:
        message = str(error)
    assert "只读" in message and "UnknownError" not in message


def test_a_runaway_user_rule_is_shown_and_the_editor_keeps_checking(qtbot, make_window, monkeypatch):
    """Issue 14, item 15 in the editor: the rule is disabled and named above the checklist."""
    from uihelpers import wait_report

    from gongwen import paths
    from gongwen.core import data

    monkeypatch.setattr(data, "catastrophic", lambda pattern: False)  # the shape check missed it
    rules = paths.user_checklists() / "rules"
    rules.mkdir(parents=True)
    (rules / "我的.toml").write_text('category = "wording"\n\n[[rule]]\nid = "wording.mine"\n'
                                     "message = \"m\"\nregex = '(X|X)+年'\nbad = [\"X年\"]\n",
                                     encoding="utf-8")
    window = make_window("某局2024年工作总结\n" + "X" * 60 + "。")
    result = wait_report(qtbot, window, timeout=20_000)
    assert result is not None
    assert "wording.mine" in window.panel.problems.toolTip() and "已停用" in window.panel.problems.toolTip()
    type_text(window.editor, "改")
    assert wait_report(qtbot, window) is not None  # the next audit runs, without the rule
