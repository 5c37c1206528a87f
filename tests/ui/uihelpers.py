"""Helpers shared by the UI tests."""

from __future__ import annotations


def wait_report(qtbot, window, timeout: int = 10_000):
    """Wait until the panel shows a report of the text now in the editor."""
    qtbot.waitUntil(lambda: window.current_result() is not None and not window.live.busy,
                    timeout=timeout)
    return window.current_result()


def type_text(editor, text: str) -> None:
    """Type like an input method: each line as a commit string, Enter between lines."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest

    for index, line in enumerate(text.split("\n")):
        if index:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        if line:
            event = QInputMethodEvent()
            event.setCommitString(line)
            QCoreApplication.sendEvent(editor, event)
