"""The application shell: Qt's own dialogs speak Chinese; menus and shortcuts are there."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence


def test_qt_translations_are_installed(qapp):
    from gongwen.ui.app import make_application

    make_application()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_menus_are_chinese_with_the_usual_shortcuts(make_window):
    window = make_window("标题")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "检查(&C)", "视图(&V)", "帮助(&H)"]
    shortcuts = {a.text(): a.shortcut() for m in window.menuBar().actions() for a in m.menu().actions()}
    assert shortcuts["保存"] == QKeySequence(QKeySequence.StandardKey.Save)
    assert shortcuts["查找…"] == QKeySequence("Ctrl+F")
    assert shortcuts["替换…"] == QKeySequence("Ctrl+H")
    assert shortcuts["修正光标处问题"] == QKeySequence("Ctrl+.")
    for name in ("新建…", "打开…", "另存为…", "导出定稿 (.docx)…", "导出审阅稿 (.docx)…", "撤销",
                 "重做", "全选", "单位信息…", "立即检查", "全部修正标点", "放大", "缩小", "显示大纲",
                 "使用说明", "关于"):
        assert name in shortcuts, name


def test_status_bar_counts_characters_like_word(qtbot, make_window):
    from uihelpers import wait_report

    window = make_window("某县2024年工作总结\n一、工作情况\n召开 会议 3 次。")
    wait_report(qtbot, window)
    assert window.count_label.text() == "字数 21 · 段落 3"  # "2024" counts once, as in Word


def test_profile_dialog_writes_the_profile(qtbot, make_window, monkeypatch):
    from gongwen import paths
    from gongwen.catalog import load_profile
    from gongwen.ui import dialogs

    window = make_window("标题")

    def accept(dialog):
        dialog.unit.setText("中共某县文化馆支部")
        dialog.region.setText("河南省、新乡市 卫辉市")
        return dialogs.QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.ProfileDialog, "exec", accept)
    window.edit_profile()
    profile, problems = load_profile(paths.profile_path())
    assert not problems
    assert profile.unit == "中共某县文化馆支部"
    assert profile.region == ("河南省", "新乡市", "卫辉市")
    assert window.live.profile == profile
