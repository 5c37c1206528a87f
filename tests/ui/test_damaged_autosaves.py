"""Autosaves damaged on disk (issue 14: items 5 and 8): a bad byte in the text, fields of
the wrong type or out of range in the JSON, a text that cannot be read at all. Each is
offered (or moved aside) with a word to the user; none crashes the start."""

from __future__ import annotations

import json
import os

import pytest
from test_autosave import answer_dialog, crashed_draft

from gongwen.ui import recovery
from gongwen.ui.autosave import DAMAGED_FOLDER, autosave_folder, find_orphans


def _only_draft():
    texts = sorted(autosave_folder().glob("*.txt"))
    assert len(texts) == 1
    return texts[0], texts[0].with_suffix(".json")


def test_a_bad_byte_is_offered_with_a_replacement_and_said_so(qtbot, make_window, monkeypatch):
    crashed_draft("标题\n没来得及保存的正文")
    text_path, _ = _only_draft()
    data = text_path.read_bytes()
    text_path.write_bytes(data[:8] + b"\xff" + data[8:])  # inside 来: a disk error
    orphans = find_orphans()
    assert len(orphans) == 1 and "\ufffd" in orphans[0].text
    assert "第 2 行" in orphans[0].damage
    for orphan in orphans:
        orphan.release()
    window = make_window()
    seen = answer_dialog(monkeypatch, lambda d: d.button("恢复").click())
    assert recovery.offer_recovery(window)
    assert seen and "\ufffd" in seen[0][0][1]
    assert "\ufffd" in window.editor.toPlainText()
    assert "部分字符已损坏" in window.statusBar().currentMessage()


def test_the_dialog_marks_the_damaged_draft(qtbot, make_window):
    crashed_draft("标题\n正文")
    text_path, _ = _only_draft()
    text_path.write_bytes(b"\xff" + text_path.read_bytes())
    dialog = recovery.RecoveryDialog(find_orphans())
    qtbot.addWidget(dialog)
    item = dialog.table.topLevelItem(0)
    assert item.text(1).startswith("（部分字符已损坏") and "第 1 行第 1 列" in item.toolTip(1)
    dialog.release_rest()


BAD_FIELDS = [
    {"saved_at": -1e300}, {"saved_at": 1e300}, {"saved_at": float("nan")}, {"saved_at": "昨天"},
    {"saved_at": True}, {"source": 7}, {"source": ["a"]}, {"source": "a\x00b"}, {"source": "x" * 10000},
    {"revision": "many"}, {"revision": -3}, {"checklist": {"a": 1}}, {"first_line": 5},
]


@pytest.mark.parametrize("fields", BAD_FIELDS, ids=lambda f: json.dumps(f, ensure_ascii=True)[:40])
def test_every_field_of_the_json_is_checked(qtbot, make_window, monkeypatch, fields):
    crashed_draft("标题\n正文")
    _, meta_path = _only_draft()
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, **fields}, allow_nan=True), encoding="utf-8")
    window = make_window()
    seen = answer_dialog(monkeypatch, lambda d: d.button("恢复").click())
    assert recovery.offer_recovery(window)  # the dialog was shown, its rows filled
    assert seen == [[("标题", "标题\n正文")]]
    assert window.editor.toPlainText() == "标题\n正文"


def test_the_json_as_a_list_or_garbage_still_recovers_the_text(qtbot, make_window, monkeypatch):
    crashed_draft("标题\n正文")
    _, meta_path = _only_draft()
    meta_path.write_bytes(b"[1, 2]")
    orphans = find_orphans()
    assert orphans[0].text == "标题\n正文" and orphans[0].time_text != "时间不明"
    orphans[0].release()


@pytest.mark.skipif(os.name != "posix", reason="a folder in place of the text")
def test_a_text_that_cannot_be_read_is_moved_aside_and_the_user_told(qtbot, make_window, quiet_dialogs):
    crashed_draft("标题\n正文")
    text_path, meta_path = _only_draft()
    text_path.unlink()
    text_path.mkdir()  # cannot be read as a file
    window = make_window()
    assert not recovery.offer_recovery(window)
    title, message = quiet_dialogs[-1]
    assert title == "自动保存的文稿" and "无法读取" in message and DAMAGED_FOLDER in message
    assert not text_path.exists() and (autosave_folder() / DAMAGED_FOLDER / text_path.name).exists()
    assert not meta_path.exists()
    assert not recovery.offer_recovery(window) and len(quiet_dialogs) == 1  # not again
