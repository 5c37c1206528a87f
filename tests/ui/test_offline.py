"""No network: a whole editor session — open, live audit with jieba, a fix, save, both
exports, autosave — with every way to open a socket patched to fail."""

from __future__ import annotations

import socket

import pytest

from gongwen.core import segment

from support import FIXTURES


@pytest.fixture()
def no_network(monkeypatch):
    """Any attempt is recorded and refused; the test fails on it even if the app caught it."""
    attempts: list[str] = []

    def refuse(name: str):
        def refused(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name == 'connect' else args}")
            raise OSError("network disabled by the test")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def wait_full_report(qtbot, window, timeout: int = 30_000):
    """A report of the current text with the jieba rules done."""
    qtbot.waitUntil(lambda: (result := window.current_result()) is not None
                    and not result.report.pending and not window.live.busy, timeout=timeout)
    return window.current_result()


def test_a_full_session_needs_no_network(qtbot, make_window, tmp_path, no_network, monkeypatch):
    pytest.importorskip("docx")
    from gongwen.formats import read_document

    # the app's own jieba loading path runs under the patch (jieba's tables may already be in
    # memory from other tests: they load from the cache folder, never from the network)
    monkeypatch.setattr(segment, "_instance", None)
    source = tmp_path / "来稿.txt"
    source.write_bytes((FIXTURES / "defects-report.txt").read_bytes())
    window = make_window()
    assert window.files.open_file(str(source))
    window.live.load_segmenter()
    result = wait_full_report(qtbot, window)
    assert window.live.segmenter is not None and result.report.findings
    fixable = next(f for f in result.report.findings if f.fix is not None)
    before = window.editor.toPlainText()
    window.fix_finding(fixable)
    assert window.editor.toPlainText() != before
    assert window.autosave.save_now()  # autosave: local files only
    saved = tmp_path / "修改稿.docx"
    assert window.files.write_to(str(saved))
    assert [p.text for p in read_document(saved).paragraphs] == window.editor.block_texts()
    wait_full_report(qtbot, window)
    final = tmp_path / "定稿.docx"
    assert window.files.export_final_to(str(final), force=True) and final.stat().st_size > 0
    review = tmp_path / "审阅稿.docx"
    assert window.files.export_review_to(str(review)) and review.stat().st_size > 0
    assert window.close()
    assert no_network == []
