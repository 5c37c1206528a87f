"""UI tests: real widgets offscreen, user folders in tmp_path, no modal dialog left open."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# the .docx builders of the format tests (docx_fidelity, layout_builders) serve here too
sys.path.append(str(Path(__file__).resolve().parents[1] / "formats"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    for name in ("CONFIG", "DATA"):
        monkeypatch.setenv(f"GONGWEN_{name}_DIR", str(tmp_path / name.lower()))
    # jieba's cache is shared by the session: it is loaded once per process anyway
    monkeypatch.setenv("GONGWEN_CACHE_DIR", str(tmp_path.parent / "jieba-cache"))
    return tmp_path


@pytest.fixture(autouse=True)
def quiet_dialogs(monkeypatch):
    """Unsaved-changes prompts answer 不保存 and error boxes are recorded, unless a test says
    otherwise."""
    from gongwen.ui import dialogs

    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name: dialogs.DISCARD)
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append((title, text)))
    return errors


@pytest.fixture(autouse=True)
def asked(monkeypatch):
    """The questions about files (open elsewhere, changed on disk, save as UTF-8) and the
    notices are recorded as (name, args); the questions are answered 仍然打开 / 取消 / 取消
    unless a test sets ``answers[name]``."""
    from gongwen.ui import dialogs

    log = Asked()
    log.answers = answers = {"ask_open_elsewhere": True, "ask_changed_on_disk": dialogs.CANCEL,
                             "ask_save_as_utf8": False, "show_notice": None}

    def recorder(name):
        def ask(parent, *args):
            log.append((name, args))
            return answers[name]
        return ask

    for name in answers:
        monkeypatch.setattr(dialogs, name, recorder(name))
    return log


class Asked(list):
    """The questions asked, and ``answers`` (question name → the answer it gets)."""

    answers: dict


@pytest.fixture()
def make_window(qtbot):
    """make_window(text=None, persist=True) -> a shown MainWindow with a 0 ms debounce."""
    from gongwen.ui.app import create_window, make_application

    make_application()

    def make(text: str | None = None, persist: bool = True, load_jieba: bool = False):
        window = create_window(persist=persist)
        qtbot.addWidget(window)
        window.live.delay_ms = 0
        window.show()
        window.load_text(text if text is not None else "")
        if load_jieba:
            window.live.load_segmenter()
        return window

    return make
