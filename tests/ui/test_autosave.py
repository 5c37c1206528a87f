"""Autosave: the store (slots, locks, drafts left by a dead owner) and the window's autosaver
(when it writes, when it removes), plus the recovery dialog's three choices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from drafts import draft
from PySide6.QtCore import QEvent
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog
from uihelpers import type_text

from gongwen.ui import recovery
from gongwen.ui.autosave import Slot, autosave_folder, find_orphans

DEAD_OWNER = """
import os, sys
from gongwen.ui.autosave import Slot
slot = Slot()  # kept alive: its lock stays taken until the process dies
slot.write(sys.argv[1], sys.argv[2] or None, 7, "duty-report")
assert slot.lock_path.exists()
os._exit(0)  # no clean-up: as if the power went
"""


def crashed_draft(text: str, source: str = "") -> None:
    """An autosave left by a process that died without closing its window."""
    subprocess.run([sys.executable, "-c", DEAD_OWNER, text, source], check=True, env=os.environ.copy(),
                   timeout=60)


def files(folder: Path | None = None) -> list[str]:
    folder = folder or autosave_folder()
    # the open/ subfolder holds the open-file locks (test_two_windows.py)
    return sorted(p.suffix for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


# ---------------------------------------------------------------- the store
def test_a_slot_writes_text_and_json_and_a_live_owner_is_never_offered():
    slot = Slot()
    slot.write("标题\n正文", "/某处/稿.docx", 3, "duty-report")
    assert slot.text_path.read_text(encoding="utf-8") == "标题\n正文"
    meta = json.loads(slot.meta_path.read_text(encoding="utf-8"))
    assert meta["source"] == "/某处/稿.docx" and meta["revision"] == 3
    assert meta["checklist"] == "duty-report" and meta["first_line"] == "标题"
    assert slot.id.startswith(f"{os.getpid()}-") and slot.lock_path.exists()
    assert find_orphans() == []  # its owner (this process) is alive
    slot.release()
    assert files() == []


def test_two_slots_never_share_files():
    first, second = Slot(), Slot()
    first.write("一", None, 1)
    second.write("二", None, 1)
    assert first.id != second.id
    assert first.text_path.read_text(encoding="utf-8") == "一"
    assert second.text_path.read_text(encoding="utf-8") == "二"
    first.release()
    assert second.text_path.exists()
    second.release()


def test_a_dead_owners_draft_is_offered_once_until_chosen():
    crashed_draft("上半年工作总结\n正文", "/某处/稿.txt")
    orphans = find_orphans()
    assert len(orphans) == 1
    orphan = orphans[0]
    assert orphan.text == "上半年工作总结\n正文" and orphan.source == "/某处/稿.txt"
    assert orphan.revision == 7 and orphan.checklist == "duty-report"
    assert orphan.first_line == "上半年工作总结"
    assert find_orphans() == []  # adopted: a second instance starting now does not offer it
    orphan.release()  # not chosen: stays for the next start
    again = find_orphans()
    assert [o.text for o in again] == [orphan.text]
    again[0].discard()
    assert files() == []


def test_a_draft_without_lock_or_json_is_still_recovered():
    crashed_draft("只剩正文")
    slot = find_orphans()[0]
    slot.release()
    assert not slot.slot.lock_path.exists()  # released: no lock file at all
    slot.slot.meta_path.write_text("{broken", encoding="utf-8")
    orphan = find_orphans()[0]
    assert orphan.text == "只剩正文" and orphan.source is None
    assert orphan.saved_at == pytest.approx(slot.slot.text_path.stat().st_mtime)
    orphan.discard()


def test_stale_locks_without_text_are_cleared():
    crashed_draft("x")
    next(autosave_folder().glob("*.txt")).unlink()
    assert files() == [".json", ".lock"]
    assert find_orphans() == []
    assert files() == [".json"]  # only a lone JSON, never deleted behind the user's back


# ---------------------------------------------------------------- the window's autosaver
def opened(make_window, tmp_path, text: str | None = None):
    path = tmp_path / "稿.txt"
    path.write_text(text or draft(), encoding="utf-8")
    window = make_window()
    assert window.files.open_file(str(path))
    return window, path


def type_at_end(window, text: str) -> None:
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, text)


def test_an_unchanged_document_is_never_autosaved(qtbot, make_window, tmp_path):
    window, _ = opened(make_window, tmp_path)
    assert not window.autosave.save_now()
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    assert not window.autosave.timer.isActive()
    window.autosave.flush()
    assert files() == []


def test_changes_are_autosaved_within_the_delay_and_removed_once_saved(qtbot, make_window, tmp_path):
    window, path = opened(make_window, tmp_path)
    window.autosave.timer.setInterval(100)
    type_at_end(window, "\n特此报告。")
    qtbot.waitUntil(window.autosave.slot.exists, timeout=3000)
    window.autosave.flush()
    slot = window.autosave.slot
    assert slot.text_path.read_text(encoding="utf-8") == draft() + "\n特此报告。"
    meta = json.loads(slot.meta_path.read_text(encoding="utf-8"))
    assert meta["source"] == str(path.resolve()) and meta["revision"] >= 2
    assert window.files.save()
    window.autosave.flush()
    assert files() == [".lock"]  # saved: the text is in the file now
    assert window.close()
    assert files() == []  # a clean exit leaves nothing


def test_the_timer_is_not_restarted_by_more_typing(qtbot, make_window, tmp_path):
    window, _ = opened(make_window, tmp_path)
    type_at_end(window, "一")
    first = window.autosave.timer.remainingTime()
    qtbot.wait(50)
    type_at_end(window, "二")
    assert window.autosave.timer.remainingTime() < first


def test_focus_loss_autosaves_at_once(qtbot, make_window, tmp_path):
    window, _ = opened(make_window, tmp_path)
    type_at_end(window, "\n新的一段")
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    window.autosave.flush()
    assert window.autosave.slot.text_path.read_text(encoding="utf-8").endswith("新的一段")
    assert not window.autosave.timer.isActive()


def test_undo_back_to_the_saved_text_removes_the_autosave(qtbot, make_window, tmp_path):
    window, _ = opened(make_window, tmp_path)
    type_at_end(window, "改")
    assert window.autosave.save_now()
    window.autosave.flush()
    assert window.autosave.slot.exists()
    window.editor.undo()
    assert not window.editor.document().isModified()
    window.autosave.flush()
    assert not window.autosave.slot.exists()


def test_discarding_on_close_removes_the_autosave(qtbot, make_window, tmp_path):
    window, _ = opened(make_window, tmp_path)
    type_at_end(window, "改")
    window.autosave.save_now()
    assert window.close()  # the prompt answers 不保存 (tests/ui/conftest.py)
    assert files() == []


def test_two_windows_autosave_to_their_own_files(qtbot, make_window, tmp_path):
    one, _ = opened(make_window, tmp_path)
    two = make_window("第二份")
    type_at_end(one, "甲")
    type_at_end(two, "乙")
    assert one.autosave.save_now() and two.autosave.save_now()
    one.autosave.flush()
    two.autosave.flush()
    assert one.autosave.slot.text_path != two.autosave.slot.text_path
    assert two.autosave.slot.text_path.read_text(encoding="utf-8") == "第二份乙"
    assert find_orphans() == []  # both owners alive


def test_a_failing_autosave_is_reported_and_the_text_stays(qtbot, make_window, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GONGWEN_DATA_DIR", str(blocker))
    window = make_window("正文")
    type_at_end(window, "改")
    with qtbot.waitSignal(window.autosave.failed) as signal:
        assert window.autosave.save_now()  # queued; the writer thread reports the failure
    assert signal.args[0].startswith("自动保存失败：") and "Errno" not in signal.args[0]
    assert window.editor.toPlainText() == "正文改" and window.editor.document().isModified()


def test_the_self_test_window_never_autosaves(qtbot, make_window):
    window = make_window("正文", persist=False)
    type_at_end(window, "改")
    assert not window.autosave.save_now() and not window.autosave.timer.isActive()
    assert files() == []


# ---------------------------------------------------------------- the recovery dialog
def answer_dialog(monkeypatch, choose):
    """RecoveryDialog.exec runs ``choose(dialog)`` instead of waiting for a click."""
    seen = []

    def exec_(dialog):
        seen.append([(o.first_line, o.text) for o in dialog.orphans])
        choose(dialog)
        return dialog.result()

    monkeypatch.setattr(recovery.RecoveryDialog, "exec", exec_)
    return seen


def test_recover_then_the_new_window_autosaves_it_under_its_own_name(qtbot, make_window, monkeypatch,
                                                                      tmp_path):
    source = tmp_path / "稿.txt"
    source.write_text("旧稿", encoding="utf-8")
    crashed_draft("标题\n没来得及保存的正文", str(source))
    window = make_window()
    seen = answer_dialog(monkeypatch, lambda d: d.button("恢复").click())
    assert recovery.offer_recovery(window)
    assert seen == [[("标题", "标题\n没来得及保存的正文")]]
    assert window.editor.toPlainText() == "标题\n没来得及保存的正文"
    assert window.files.path == str(source) and window.editor.document().isModified()
    assert window.windowTitle().startswith("稿.txt")
    assert window.live.checklist == "duty-report"
    own = window.autosave.slot
    assert own.text_path.read_text(encoding="utf-8") == "标题\n没来得及保存的正文"
    assert [p.stem for p in autosave_folder().glob("*.txt")] == [own.id]  # the crashed copy went
    assert window.files.save() and source.read_text(encoding="utf-8") == "标题\n没来得及保存的正文"


def test_save_as_writes_a_docx_and_deletes_the_draft(qtbot, make_window, monkeypatch, tmp_path):
    pytest.importorskip("docx")
    crashed_draft("标题\n正文")
    out = tmp_path / "恢复的稿"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(out), "Word 文档 (*.docx)"))
    window = make_window("当前文稿")
    answer_dialog(monkeypatch, lambda d: d.button("另存为…").click())
    assert not recovery.offer_recovery(window)
    from gongwen.formats import read_document

    assert [p.text for p in read_document(out.with_suffix(".docx")).paragraphs] == ["标题", "正文"]
    assert window.editor.toPlainText() == "当前文稿"
    assert files() == []


def test_discard_asks_first_and_later_keeps_everything(qtbot, make_window, monkeypatch):
    crashed_draft("第一份")
    crashed_draft("第二份")
    window = make_window("当前文稿")
    monkeypatch.setattr(recovery, "confirm_discard", lambda parent, orphan: orphan.text == "第一份")

    def discard_both_then_leave(dialog):
        for orphan in list(dialog.orphans):
            dialog.select(orphan)
            dialog.button("丢弃").click()
        dialog.reject()

    seen = answer_dialog(monkeypatch, discard_both_then_leave)
    assert not recovery.offer_recovery(window)
    assert [text for _, text in seen[0]] == ["第一份", "第二份"]
    assert [o.text for o in find_orphans()] == ["第二份"]  # declined: offered again next time


def test_the_new_window_never_overwrites_a_draft_on_offer(qtbot, make_window, monkeypatch):
    crashed_draft("别覆盖我")
    window = make_window("")

    def type_and_autosave(dialog):
        type_text(window.editor, "新窗口里打的字")
        assert window.autosave.save_now()
        dialog.reject()

    answer_dialog(monkeypatch, type_and_autosave)
    recovery.offer_recovery(window)
    window.autosave.flush()
    assert [o.text for o in find_orphans()] == ["别覆盖我"]
    assert window.autosave.slot.text_path.read_text(encoding="utf-8") == "新窗口里打的字"


def test_no_dialog_when_nothing_was_left(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(recovery.RecoveryDialog, "exec", lambda d: pytest.fail("no dialog expected"))
    assert not recovery.offer_recovery(make_window("正文"))
