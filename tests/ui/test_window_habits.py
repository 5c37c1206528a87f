"""Word and WPS habits and any screen: Ctrl+Y, the toolbar, zoom as a percentage, 使用说明,
Qt's strings in Chinese, the window inside a small screen with its fix buttons and counters
visible, the geometry per screen, the Linux start-up check of Qt's system libraries."""

from __future__ import annotations

import re

import pytest
from drafts import draft
from uihelpers import type_text, wait_report

from gongwen.ui import chrome, qt_runtime, screen_fit


def press(qtbot, window, widget, key, modifiers):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    widget.setFocus()
    qtbot.keyClick(widget, key, modifiers)


@pytest.mark.parametrize("redo", ["Ctrl+Y", "Ctrl+Shift+Z"])
def test_ctrl_y_and_ctrl_shift_z_redo(qtbot, make_window, redo):
    from PySide6.QtCore import Qt

    window = make_window("")
    type_text(window.editor, "第一句")
    assert window.editor.toPlainText() == "第一句"
    control = Qt.KeyboardModifier.ControlModifier
    press(qtbot, window, window.editor, Qt.Key.Key_Z, control)
    assert window.editor.toPlainText() == ""
    shift = Qt.KeyboardModifier.ShiftModifier if "Shift" in redo else Qt.KeyboardModifier.NoModifier
    press(qtbot, window, window.editor, Qt.Key.Key_Y if redo == "Ctrl+Y" else Qt.Key.Key_Z, control | shift)
    assert window.editor.toPlainText() == "第一句"


def test_the_toolbar_holds_the_menus_own_actions(qtbot, make_window):
    window = make_window(draft())
    shown = [a for a in window.toolbar.actions() if not a.isSeparator()]
    texts = [window.toolbar.widgetForAction(a).text() for a in shown]
    assert texts == ["新建", "打开", "保存", "导出定稿", "打印", "下一个问题", "全部修正标点"]
    assert all(window.menu_actions[a.text()] is a for a in shown)  # the very menu entries
    tip = window.toolbar.widgetForAction(window.menu_actions["保存"]).toolTip()
    assert "Ctrl+S" in tip
    window.toolbar_action.trigger()
    window.panel_action.trigger()
    assert window.toolbar.isHidden() and window.panel.isHidden()
    window.store_settings()
    again = make_window()  # the next start: the settings read back
    assert again.toolbar.isHidden() and again.panel.isHidden() and not again.toolbar_action.isChecked()


def test_the_toolbar_takes_print_and_next_finding_once_they_exist(qtbot, make_window):
    from PySide6.QtGui import QAction

    window = make_window()
    actions = dict(window.menu_actions)
    actions["打印…"] = QAction("打印…", window)
    actions["下一个问题"] = QAction("下一个问题", window)
    bar = chrome.build_toolbar(window, actions)
    texts = [bar.widgetForAction(a).text() for a in bar.actions() if not a.isSeparator()]
    assert texts == ["新建", "打开", "保存", "导出定稿", "打印", "下一个问题", "全部修正标点"]


def test_zoom_shows_a_percentage_and_ctrl_0_resets(qtbot, make_window):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window = make_window(draft())
    assert window.zoom_label.text() == "100%"
    window.zoom(1)
    assert window.zoom_label.text() == "107%" and window.editor.point_size() == 15
    viewport = window.editor.viewport()
    for delta in (120, 120):  # Ctrl+wheel: the window's zoom, not QPlainTextEdit's own
        event = QWheelEvent(QPointF(20, 20), QPointF(viewport.mapToGlobal(QPoint(20, 20))), QPoint(0, 0),
                            QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)
    assert window.editor.point_size() == 17 and window.zoom_label.text() == "121%"
    press(qtbot, window, window.editor, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.point_size() == 14 and window.zoom_label.text() == "100%"
    press(qtbot, window, window.editor, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "93%"


def test_help_opens_with_the_manual(qtbot, make_window):
    window = make_window(draft())
    window.menu_actions["使用说明"].trigger()
    manual = window._help_window
    qtbot.addWidget(manual)
    assert manual.isVisible() and window.menu_actions["使用说明"].shortcut().toString() == "F1"
    text = manual.browser.toPlainText()
    for topic in ("按提纲起草", "审阅文件夹", "导出定稿", "保存回原文件", "历史版本", "自动保存", "检查清单",
                  "单位信息", "去修改", "Ctrl+Y"):
        assert topic in text, topic
    links = re.findall(r'href="([^"]+)"', manual.browser.document().toHtml())
    assert links and all(link.startswith("#") for link in links)  # nothing leaves the app
    assert not manual.browser.openExternalLinks() and manual.browser.source().isLocalFile()


def test_qt_strings_say_undo_as_the_menus_do(qtbot, make_window):
    from PySide6.QtWidgets import QLineEdit

    window = make_window(draft())
    menu = window.editor.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert "撤销(&U)" in texts and not any("撤消" in t for t in texts)
    assert not any(re.search("[A-Za-z]{3,}", t.replace("&", "")) for t in texts), texts
    line = QLineEdit()
    line_menu = line.createStandardContextMenu()
    assert "撤销(&U)" in [a.text().split("\t")[0] for a in line_menu.actions()]
    assert [a.text() for a in window.menuBar().actions()][1] == "编辑(&E)"
    assert "撤销" in [a.text() for a in window.menuBar().actions()[1].menu().actions()]
    from support import REPO

    sources = [*(REPO / "app" / "gongwen" / "ui").glob("*.py"), REPO / "resources" / "help" / "help.html"]
    assert not [p.name for p in sources if re.search("撤消|撤回", p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("mode", ["open", "save"])
def test_the_file_dialog_speaks_chinese(qtbot, make_window, tmp_path, mode):
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    (tmp_path / "报告.docx").write_bytes(b"")
    window = make_window()
    dialog = QFileDialog(window, "打开文稿", str(tmp_path), "Word 文档 (*.docx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
             if w.isVisible() and w.text()]
    shown += [w.toolTip() for w in dialog.findChildren(QAbstractButton) if w.isVisible() and w.toolTip()]
    header = dialog.findChild(__import__("PySide6.QtWidgets", fromlist=["QTreeView"]).QTreeView).model()
    shown += [header.headerData(i, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.Orientation.Horizontal)
              for i in range(header.columnCount())]
    english = [t for t in shown if re.search("[A-Za-z]{3,}", re.sub(r"\(\*\.\w+\)|&", "", t))]
    assert shown and not english, english
    assert "大小" in shown


def test_standard_buttons_and_input_dialogs_speak_chinese(qtbot, make_window):
    from PySide6.QtWidgets import QAbstractButton, QInputDialog, QMessageBox

    window = make_window()
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Information, "标题", "内容",
                      buttons.Ok | buttons.Cancel | buttons.Yes | buttons.No | buttons.Close, window)
    qtbot.addWidget(box)
    texts = [box.button(b).text().replace("&", "") for b in (buttons.Ok, buttons.Cancel, buttons.Yes,
                                                             buttons.No, buttons.Close)]
    assert texts == ["确定", "取消", "是(Y)", "否(N)", "关闭"]
    ask = QInputDialog(window)
    qtbot.addWidget(ask)
    ask.setComboBoxItems(["意识形态工作总结", "述职报告"])
    ask.show()
    shown = sorted(b.text() for b in ask.findChildren(QAbstractButton) if b.isVisible())
    assert shown == ["取消", "确定"]


def test_a_combo_popup_shows_its_selected_row(qtbot, make_window):
    from PySide6.QtGui import QColor

    from gongwen.ui.app import load_stylesheet

    rule = re.search(r"QComboBox QAbstractItemView \{([^}]*)\}", load_stylesheet())
    wanted = QColor(re.search(r"selection-background-color:\s*(#[0-9a-fA-F]{6})", rule.group(1)).group(1))
    window = make_window()
    combo = window.panel.combo
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(2, 0))
    qtbot.waitUntil(lambda: view.isVisible())
    image = view.viewport().grab().toImage()
    selected, other = view.visualRect(combo.model().index(2, 0)), view.visualRect(combo.model().index(1, 0))
    assert image.pixelColor(2, selected.center().y()) == wanted  # the row's background, left of the text
    assert image.pixelColor(2, other.center().y()) != wanted
    combo.hidePopup()


# ------------------------------------------------------------------ any screen

LAPTOPS = {"1366×768": (0, 0, 1366, 728), "1280×720": (0, 0, 1280, 680),  # minus a taskbar
           "1366×768 at 125 %": (0, 0, 1093, 582), "1920×1080 at 150 %": (0, 0, 1280, 688)}


@pytest.mark.parametrize("screen", LAPTOPS)
def test_the_window_fits_the_screen(screen):
    available = LAPTOPS[screen]
    x, y, w, h = screen_fit.centred(available, screen_fit.PREFERRED)
    frame_w, frame_h = screen_fit.FRAME
    assert x - frame_w // 2 >= 0 and y - (frame_h - frame_w // 2) >= 0
    assert x + w + frame_w // 2 <= available[2] and y + h + frame_w // 2 <= available[3]
    # a geometry saved on a large monitor is moved and shrunk onto the laptop
    assert screen_fit.fit_rect(available, (1900, 40, 1380, 860))[0] + w <= available[2]


@pytest.mark.parametrize("screen", ["1366×768 at 125 %", "1280×720"])
def test_fix_buttons_and_counters_stay_visible_on_a_small_screen(qtbot, make_window, screen):
    from gongwen.ui.app import sample_path

    window = make_window(sample_path().read_text(encoding="utf-8"))
    wait_report(qtbot, window)
    _x, _y, w, h = screen_fit.centred(LAPTOPS[screen], screen_fit.PREFERRED)
    window.resize(w, h)
    qtbot.waitUntil(lambda: window.size().toTuple() == (w, h))
    assert window.minimumSizeHint().height() <= h
    inside = window.rect()
    for widget in (window.panel.fix_button, window.panel.rule_button, window.findings_label,
                   window.count_label, window.zoom_label):
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert widget.isVisible() and inside.contains(corner), (widget, corner, inside)
    assert window.splitter.handleWidth() >= 5  # a divider a mouse can grab to resize the panels
    window.panel_action.trigger()  # the panel can be hidden, and comes back
    assert window.panel.isHidden()
    window.panel_action.trigger()
    assert window.panel.isVisible()


def test_geometry_is_remembered_per_screen(qtbot, make_window):
    from PySide6.QtCore import QByteArray

    window = make_window(draft())
    screen = window.screen()
    key = screen_fit.screen_key(screen)
    available = screen.availableGeometry()
    window.setGeometry(available.x() + 30, available.y() + 60, 700, 520)
    window.store_settings()
    assert key in window.settings.geometries and re.fullmatch(r"\S*@\d+x\d+", key)
    window.settings.geometries["other@3840x2100"] = "00"
    again = make_window()
    again.settings.geometries = dict(window.settings.geometries)
    screen_fit.restore(again, again.settings)
    assert again.size().toTuple() == (700, 520)
    # a saved geometry larger than this screen (another monitor's) is shrunk into it
    big = make_window()
    big.setGeometry(available.x(), available.y(), available.width() * 2, available.height() * 2)
    big.settings.geometries = {key: bytes(big.saveGeometry().toHex()).decode("ascii")}
    assert QByteArray.fromHex(big.settings.geometries[key].encode("ascii"))
    screen_fit.restore(big, big.settings)
    assert available.contains(big.geometry())


# ------------------------------------------------------------------ Qt's system libraries

def lookup_without(*absent: str):
    return lambda soname: soname not in absent


def test_missing_qt_libraries_are_named_with_the_apt_command():
    env = {"DISPLAY": ":0"}
    message = qt_runtime.check(lookup_without("libxcb-cursor.so.0", "libEGL.so.1"), env, platform="linux")
    assert "sudo apt-get install -y libegl1 libxcb-cursor0" in message
    assert "libxcb-cursor.so.0" in message and "could not" not in message
    assert qt_runtime.check(lookup_without(), env, platform="linux") is None
    assert qt_runtime.check(lookup_without("libEGL.so.1"), env, platform="win32") is None


def test_the_platform_decides_which_libraries_are_needed():
    cursor = lookup_without("libxcb-cursor.so.0")
    missing = qt_runtime.missing_libraries
    assert missing(cursor, {"DISPLAY": ":0"}) == [("libxcb-cursor.so.0", "libxcb-cursor0")]
    assert qt_runtime.missing_libraries(cursor, {"QT_QPA_PLATFORM": "offscreen"}) == []
    # a Wayland session with the wayland libraries uses Qt's wayland plugin: no X11 needed
    assert qt_runtime.missing_libraries(cursor, {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == []
    no_wayland = lookup_without("libxcb-cursor.so.0", "libwayland-cursor.so.0")
    assert missing(no_wayland, {"WAYLAND_DISPLAY": "wayland-0"})[0][1] == "libxcb-cursor0"
    assert qt_runtime.check(lookup_without(), {}, platform="linux") == qt_runtime.NO_DISPLAY


def test_the_real_lookup_finds_what_qt_needs_here():
    """On this machine Qt runs (offscreen): the real lookup finds its core libraries."""
    assert qt_runtime.loadable("libc.so.6")
    assert not qt_runtime.loadable("libgongwen-no-such-library.so.9")


def test_a_machine_without_chinese_fonts_is_told_the_package():
    from PySide6.QtGui import QFontDatabase

    from gongwen.ui.app import make_application

    make_application()
    assert "sudo apt-get install -y fonts-noto-cjk" in qt_runtime.cjk_font_advice([], platform="linux")
    assert qt_runtime.cjk_font_advice(["Noto Sans CJK SC"], platform="linux") is None
    assert qt_runtime.cjk_font_advice([], platform="win32") is None
    # this machine has one (the tests' screenshots need it)
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
