"""The window's Word/WPS habits: the toolbar (built from the window's own menu actions),
the zoom shown as a percentage (Ctrl+wheel, Ctrl++/Ctrl+-, Ctrl+0 back to 100 %)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QLabel, QStyle, QToolBar, QWidget

from .settings import DEFAULT_FONT_SIZE


def wire_action(action: QAction, slot: Callable, shortcut=None, tip: str = "") -> QAction:
    """``action`` triggering ``slot``, with its shortcut and its tip in the status bar and
    on hover (every menu entry of the window and of its page tools is made so)."""
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


class SteadyLabel(QLabel):
    """A status bar label whose new text repaints the label alone. A QLabel's new text asks
    its parent for a new layout, and the status bar answers any layout request by
    repainting itself and every label on it — the 字数 changes with every keystroke. Held
    at the size its text needs, the label asks only when that size changes."""

    def __init__(self, text: str = ""):
        super().__init__(text)
        self._fit()

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def setContentsMargins(self, *margins) -> None:
        super().setContentsMargins(*margins)
        self._fit()

    def _fit(self) -> None:
        hint = self.sizeHint()
        if self.minimumSize() != hint or self.maximumSize() != hint:
            self.setFixedSize(hint)


# (the menu entry's text, the toolbar's shorter text, a standard icon): entries whose action
# does not exist (yet) are left out, so the toolbar can be declared before every action is.
TOOLBAR = (
    ("新建…", "新建", QStyle.StandardPixmap.SP_FileIcon),
    ("打开…", "打开", QStyle.StandardPixmap.SP_DialogOpenButton),
    ("保存", "保存", QStyle.StandardPixmap.SP_DialogSaveButton),
    None,
    ("导出定稿 (.docx)…", "导出定稿", QStyle.StandardPixmap.SP_ArrowRight),
    ("打印…", "打印", None),
    None,
    ("下一个问题", "下一个问题", QStyle.StandardPixmap.SP_ArrowDown),
    ("全部修正标点", "全部修正标点", QStyle.StandardPixmap.SP_DialogApplyButton),
)


def build_toolbar(window: QWidget, actions: dict[str, QAction]) -> QToolBar:
    """A toolbar with the TOOLBAR entries that ``actions`` (menu text → action) has: the
    same QAction as the menu (one shortcut, one enabled state), shown with a short text."""
    bar = QToolBar("工具栏", window)
    bar.setObjectName("mainToolBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.setIconSize(QSize(16, 16))
    bar.setMovable(False)
    style = window.style()
    previous_was_action = False
    for entry in TOOLBAR:
        if entry is None:
            if previous_was_action:
                bar.addSeparator()
            previous_was_action = False
            continue
        text, short, icon = entry
        action = actions.get(text)
        if action is None:
            continue
        if icon is not None and action.icon().isNull():
            action.setIcon(style.standardIcon(icon))
        bar.addAction(action)
        button = bar.widgetForAction(action)
        if button is not None:
            button.setText(short)
            tip = action.toolTip() if action.toolTip() != action.text() else short
            shortcut = action.shortcut().toString()
            button.setToolTip(f"{tip}（{shortcut}）" if shortcut else tip)
        previous_was_action = True
    return bar


def zoom_percent(point_size: int, base: int = DEFAULT_FONT_SIZE) -> int:
    """The editor's size as Word shows it: 100 % at the default size."""
    return round(point_size * 100 / base)


class CtrlWheelZoom(QObject):
    """Ctrl+wheel over the editor zooms through ``zoom(step)`` (the window's own zoom, so
    the status bar and the saved size follow), instead of QPlainTextEdit's own zoom."""

    def __init__(self, zoom: Callable[[int], None], parent: QObject | None = None):
        super().__init__(parent)
        self.zoom = zoom
        self._rest = 0  # a touchpad's small steps, added up

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        self._rest += event.angleDelta().y()
        steps = int(self._rest / 120)
        if steps:
            self._rest -= steps * 120
            self.zoom(1 if steps > 0 else -1)
        event.accept()
        return True
