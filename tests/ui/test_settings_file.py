"""settings.json as the user's disk has it (issue 14, item 9): every value is checked against
a schema; a bad one falls back to its default with a notice, the good ones are kept, and
the editor always starts."""

from __future__ import annotations

import json

import pytest

from gongwen.ui.settings import (
    DEFAULT_FONT_SIZE,
    Settings,
    load_document_settings,
    load_settings_checked,
    save_document_settings,
    settings_path,
)

VARIANTS = {
    "列表": b"[]", "null": b"null", "字符串": b'"settings"', "数字": b"42",
    "JSON 语法错误": b'{"font_size": 1',
    "不是 UTF-8": '{"checklist": "国标"}'.encode("gbk"),
    "font_size 字符串": b'{"font_size": "big"}', "font_size 真假": b'{"font_size": true}',
    "font_size 无穷大": b'{"font_size": 1e400}', "font_size 过大": b'{"font_size": 4000}',
    "geometry 数字": b'{"geometry": 12345}', "geometry 非十六进制": b'{"geometry": "zz"}',
    "splitter 混入字符串": b'{"splitter": [1, 2, "x"]}', "splitter 过大": b'{"splitter": [1e9, 2, 3]}',
    "recent 数字": b'{"recent": [1, 2]}', "recent 字符串": b'{"recent": "abc"}',
    "show_outline 字符串": b'{"show_outline": "no"}', "last_file 数字": b'{"last_file": 7}',
    "last_file 含 NUL": b'{"last_file": "a\\u0000b"}', "checklist 列表": b'{"checklist": ["x"]}',
}


def _write(data: bytes) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(data)


def _valid(settings: Settings) -> None:
    assert isinstance(settings.font_size, int) and 8 <= settings.font_size <= 48
    assert isinstance(settings.geometry, str) and isinstance(settings.show_outline, bool)
    assert isinstance(settings.last_file, str) and "\x00" not in settings.last_file
    assert all(isinstance(p, str) for p in settings.recent) and isinstance(settings.checklist, str)
    assert settings.splitter == [] or (len(settings.splitter) == 3
                                       and all(isinstance(v, int) for v in settings.splitter))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_broken_settings_file_never_stops_the_editor(qtbot, make_window, asked, name):
    _write(VARIANTS[name])
    settings, notices = load_settings_checked()
    _valid(settings)
    assert notices and all("默认" in n for n in notices)
    window = make_window()  # create_window, show, load: as at start
    qtbot.waitUntil(lambda: any(a[0] == "show_notice" for a in asked), timeout=3000)
    title, message = next(a[1] for a in asked if a[0] == "show_notice")
    assert title == "设置已部分恢复默认" and message == "\n".join(notices)
    _valid(window.settings)
    window.store_settings()  # and the next start reads what this one writes
    assert load_settings_checked()[1] == []


def test_the_good_values_are_kept_and_each_bad_one_named(qtbot):
    _write(json.dumps({"font_size": "big", "recent": ["/a.txt", 3, "/b.txt"], "show_outline": False,
                       "checklist": "duty-report", "colour": "red"}).encode())
    settings, notices = load_settings_checked()
    assert settings.font_size == DEFAULT_FONT_SIZE and settings.recent == ["/a.txt", "/b.txt"]
    assert settings.show_outline is False and settings.checklist == "duty-report"
    assert len(notices) == 2 and "font_size" in notices[0] and "recent" in notices[1]


def test_a_missing_file_is_a_first_start(qtbot):
    assert load_settings_checked() == (Settings(), [])


@pytest.mark.parametrize("sidecar", [
    [], {"checklist": 5}, {"ignores": "all"}, {"ignores": {"rules": [1, "a"], "spots": ["abc", [1, 2, 3]],
                                                            "words": [None, "词"]}},
], ids=["列表", "checklist 数字", "ignores 字符串", "ignores 混杂"])
def test_a_documents_sidecar_with_wrong_types_loads_and_saves(tmp_path, sidecar):
    from gongwen.ui.settings import _sidecar

    document = tmp_path / "稿.txt"
    document.write_text("正文", encoding="utf-8")
    _sidecar(str(document)).parent.mkdir(parents=True, exist_ok=True)
    _sidecar(str(document)).write_text(json.dumps(sidecar), encoding="utf-8")
    loaded = load_document_settings(str(document))
    assert isinstance(loaded.checklist, str)
    assert all(isinstance(r, str) for r in loaded.ignores.rules)
    save_document_settings(str(document), loaded)  # sorted() over mixed types used to raise here
