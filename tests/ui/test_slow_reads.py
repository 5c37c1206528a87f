"""Reading a file never freezes the window (issue 14, item 13): the read runs on a worker
thread; after ~300 ms a dialog offers 取消; a FIFO is refused before it is opened."""

from __future__ import annotations

import os
import threading
import time

import pytest
from PySide6.QtCore import QTimer

from gongwen.ui import file_actions


def _stalled(monkeypatch, release: threading.Event, started: threading.Event):
    read = file_actions._read

    def slow(path):
        started.set()
        release.wait(30)  # a network share that stopped answering
        return read(path)

    monkeypatch.setattr(file_actions, "_read", slow)


def _when_dialog(qtbot, action):
    """Run ``action(dialog)`` once the 正在读取… dialog shows."""
    def poll():
        dialog = file_actions.FileActions.reading
        if dialog is not None and dialog.isVisible():
            action(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_a_stalled_read_can_be_cancelled(qtbot, make_window, tmp_path, monkeypatch):
    path = tmp_path / "网络盘上的.txt"
    path.write_text("正文", encoding="utf-8")
    window = make_window("原来的文稿")
    release, started = threading.Event(), threading.Event()
    _stalled(monkeypatch, release, started)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)  # the event loop keeps running while the read hangs
    _when_dialog(qtbot, lambda dialog: QTimer.singleShot(300, dialog.cancel))
    began = time.monotonic()
    assert not window.files.open_file(str(path))
    timer.stop()
    assert time.monotonic() - began < 10 and len(ticks) >= 3
    assert window.editor.toPlainText() == "原来的文稿" and window.files.path is None
    assert "已取消" in window.statusBar().currentMessage()
    release.set()


def test_a_slow_read_shows_the_dialog_and_then_opens(qtbot, make_window, tmp_path, monkeypatch):
    path = tmp_path / "U盘上的.txt"
    path.write_text("慢慢读出的正文", encoding="utf-8")
    window = make_window()
    release, started = threading.Event(), threading.Event()
    _stalled(monkeypatch, release, started)
    seen = []
    _when_dialog(qtbot, lambda dialog: (seen.append(dialog.labelText()), release.set()))
    assert window.files.open_file(str(path))
    assert seen and "正在读取“U盘上的.txt”" in seen[0]
    assert window.editor.toPlainText() == "慢慢读出的正文"
    assert file_actions.FileActions.reading is None


def test_a_fast_read_shows_no_dialog(qtbot, make_window, tmp_path, monkeypatch):
    path = tmp_path / "本机.txt"
    path.write_text("正文", encoding="utf-8")
    shown = []
    monkeypatch.setattr(file_actions, "_wait_with_dialog", lambda *a: shown.append(a) or True)
    window = make_window()
    assert window.files.open_file(str(path)) and not shown


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once(qtbot, make_window, tmp_path, quiet_dialogs):
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    window = make_window("原来的文稿")
    began = time.monotonic()
    assert not window.files.open_file(str(fifo))
    assert time.monotonic() - began < 5
    title, text = quiet_dialogs[-1]
    assert title == "无法打开" and "这不是普通文件" in text
    assert window.editor.toPlainText() == "原来的文稿"
