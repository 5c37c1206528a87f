"""The window on any screen: a first size that fits the available area (a 1366×768 or
1280×720 laptop, 125 % and 150 % scaling, a taskbar), the geometry remembered per screen,
and a restored geometry pulled back onto the screen when it no longer fits (a monitor
unplugged, the scaling changed)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = (1380, 860)  # the window on a large screen
MARGIN = 0.04  # of the available area left free around a first window
WIDE_LAYOUT_MIN = 1280  # narrower than this: the outline starts hidden


def screen_key(screen: QScreen | None) -> str:
    """A screen as the settings remember it: its name, available size and scaling."""
    if screen is None:
        return ""
    area = screen.availableGeometry()
    return f"{screen.name()}:{area.width()}x{area.height()}@{screen.devicePixelRatio():g}"


def screen_for(window: QWidget) -> QScreen | None:
    return window.screen() or QGuiApplication.primaryScreen()


def first_geometry(area: QRect, preferred: tuple[int, int] = PREFERRED) -> QRect:
    """The window's first frame: ``preferred`` when it fits ``area`` (less a small margin),
    else as much of the area as the margin leaves, centred."""
    width = min(preferred[0], int(area.width() * (1 - MARGIN)))
    height = min(preferred[1], int(area.height() * (1 - MARGIN)))
    if area.width() < preferred[0] or area.height() < preferred[1]:
        width, height = min(width, area.width()), min(height, area.height())
    left = area.left() + (area.width() - width) // 2
    top = area.top() + (area.height() - height) // 2
    return QRect(left, top, width, height)


def fits(frame: QRect, area: QRect) -> bool:
    return area.contains(frame)


def place(window: QWidget, saved: dict[str, str], fallback: str = "") -> bool:
    """Restore the geometry remembered for the window's screen (or ``fallback``, the last
    one); clamp it to the available area. False when there was nothing to restore (the
    window then gets ``first_geometry``)."""
    screen = screen_for(window)
    area = screen.availableGeometry() if screen is not None else QRect(0, 0, *PREFERRED)
    state = saved.get(screen_key(screen)) or fallback
    restored = bool(state) and window.restoreGeometry(QByteArray.fromHex(state.encode("ascii")))
    if not restored:
        set_frame(window, first_geometry(area))
        return False
    if window.isMaximized() or window.isFullScreen():
        return True
    clamp(window, area)
    return True


def set_frame(window: QWidget, frame: QRect) -> None:
    """Give the window this frame (title bar included): the frame's margins are not known
    before the window shows, so the client area is what the frame leaves after typical ones."""
    extra_w, extra_h = _frame_margins(window)
    window.resize(max(frame.width() - extra_w, 200), max(frame.height() - extra_h, 200))
    window.move(frame.topLeft())


def _frame_margins(window: QWidget) -> tuple[int, int]:
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        return frame.width() - inner.width(), frame.height() - inner.height()
    return 0, 0


def clamp(window: QWidget, area: QRect) -> None:
    """Shrink and move the window so that its frame lies inside ``area``."""
    frame = window.frameGeometry()
    if fits(frame, area):
        return
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    width = min(frame.width(), area.width())
    height = min(frame.height(), area.height())
    if (width, height) != (frame.width(), frame.height()):
        window.resize(width - extra_w, height - extra_h)
    left = min(max(frame.left(), area.left()), area.right() - width + 1)
    top = min(max(frame.top(), area.top()), area.bottom() - height + 1)
    window.move(left, top)


def remember(window: QWidget, saved: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The geometry as hex, and ``saved`` with it filed under the window's screen."""
    state = bytes(window.saveGeometry().toHex()).decode("ascii")
    key = screen_key(screen_for(window))
    updated = {k: v for k, v in saved.items() if k != key}
    if key:
        updated[key] = state
    return state, updated
