"""Start-up without waiting for the checklists: the window is built and takes typing while
the audit service still loads (a PendingService), and the checklist arrives after it."""

from __future__ import annotations

import threading

import pytest

from gongwen.ui.pending_service import PendingService

TYPED = "某县2024年意识形态工作总结"


def _held_service(release: threading.Event, loads: list[str]) -> PendingService:
    """A real service whose load waits until the test releases it (from any thread)."""
    from gongwen.ui.pending_service import load_default_service

    def load():
        loads.append(threading.current_thread().name)
        assert release.wait(30), "the test never released the load"
        return load_default_service()

    return PendingService(load)


@pytest.fixture()
def held_window(qtbot):
    """A shown window built on a service held back; yields (window, release, loads)."""
    from gongwen.ui.app import make_application
    from gongwen.ui.main_window import MainWindow
    from gongwen.ui.settings import Settings

    make_application()
    release, loads = threading.Event(), []
    window = MainWindow(_held_service(release, loads), Settings(), persist=False)
    qtbot.addWidget(window)
    window.live.delay_ms = 0
    window.show()
    window.load_text("")
    window.start()
    yield window, release, loads
    release.set()


def test_the_window_takes_typing_before_the_service_loads(qtbot, held_window):
    window, release, loads = held_window
    assert not window.editor.isReadOnly()
    assert window.panel.notice.text() == "正在加载检查清单…"
    from uihelpers import type_text

    window.editor.setFocus()
    for character in TYPED:  # one commit a keystroke, as an input method types
        type_text(window.editor, character)
    qtbot.wait(50)  # the live audit asked for a result meanwhile: it waits, nothing shows
    assert window.editor.toPlainText() == TYPED
    assert window.result is None
    assert window.panel.combo.count() == 1  # only 自动识别 until the checklists load
    release.set()
    qtbot.waitUntil(lambda: window.current_result() is not None, timeout=30_000)
    result = window.current_result()
    assert result.report.title == TYPED  # the text typed before the load was audited
    assert window.panel.combo.count() > 1
    assert window.panel.notice.text() != "正在加载检查清单…"
    assert not isinstance(window.live.service, PendingService)  # the window holds it now
    assert loads and loads[0] != threading.main_thread().name  # loaded off the UI thread


def test_the_checklist_chosen_before_the_load_is_kept(qtbot, held_window):
    window, release, _ = held_window
    window.live.checklist = "duty-report"  # as a document's settings set it while loading
    release.set()
    qtbot.waitUntil(lambda: window.panel.combo.count() > 1, timeout=30_000)
    assert window.panel.combo.currentData() == "duty-report"


def test_a_broken_install_found_after_the_window_shows_is_said(qtbot):
    from gongwen.service import SetupError
    from gongwen.ui.app import make_application
    from gongwen.ui.main_window import MainWindow
    from gongwen.ui.settings import Settings

    make_application()

    def broken():
        raise SetupError("内置检查清单有误，请重新安装 gongwen")

    window = MainWindow(PendingService(broken), Settings(), persist=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.serviceFailed, timeout=10_000) as said:
        window.start()
    assert said.args == ["内置检查清单有误，请重新安装 gongwen"]


def test_pending_service_loads_once_and_answers_for_the_service():
    calls = []

    class Loaded:
        def __init__(self):
            self.warnings = ["一条提示"]

    def load():
        calls.append(1)
        return Loaded()

    pending = PendingService(load)
    heard = []
    pending.when_loaded(lambda service, error: heard.append((service, error)))
    assert not pending.ready
    threads = [threading.Thread(target=lambda: pending.warnings) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert pending.warnings == ["一条提示"]
    assert calls == [1] and pending.ready
    assert len(heard) == 1 and isinstance(heard[0][0], Loaded) and heard[0][1] is None
    late = []
    pending.when_loaded(lambda service, error: late.append(service))
    assert late == [heard[0][0]]  # a listener after the load hears at once


def test_pending_service_keeps_its_error_for_every_asker():
    from gongwen.service import SetupError

    def load():
        raise SetupError("坏了")

    pending = PendingService(load)
    for _ in range(2):
        with pytest.raises(SetupError, match="坏了"):
            _ = pending.catalog
    with pytest.raises(AttributeError):
        _ = pending._private  # never starts or repeats a load
