"""The window on any screen: it opens inside the screen's available area (a 1366×768 or
1280×720 laptop, 125 %/150 % scaling: Qt's logical pixels), and its geometry is remembered
per screen (the screen's name and available size), so a laptop that is sometimes docked to
a large monitor gets each one's own window size back."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget

from .settings import Settings

PREFERRED = (1380, 860)  # the window on a large screen
FRAME = (16, 48)  # room for the window manager's frame and title bar (width, height)


def fit_rect(available: tuple[int, int, int, int], wanted: tuple[int, int, int, int],
             frame: tuple[int, int] = FRAME) -> tuple[int, int, int, int]:
    """``wanted`` (x, y, w, h of the client area) moved and shrunk so that it and its frame
    lie inside ``available``: never larger than the screen, never off it."""
    ax, ay, aw, ah = available
    x, y, w, h = wanted
    w = max(min(w, aw - frame[0]), 1)
    h = max(min(h, ah - frame[1]), 1)
    x = min(max(x, ax + frame[0] // 2), ax + aw - w - frame[0] // 2)
    y = min(max(y, ay + frame[1] - frame[0] // 2), ay + ah - h - frame[0] // 2)
    return x, y, w, h


def centred(available: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The preferred size, fitted and centred on the available area."""
    ax, ay, aw, ah = available
    _x, _y, w, h = fit_rect(available, (ax, ay, *size))
    return fit_rect(available, (ax + (aw - w) // 2, ay + (ah - h) // 2, w, h))


def screen_key(screen: QScreen) -> str:
    """``name@WxH`` of the available area (logical pixels: the scaling is in it)."""
    area = screen.availableGeometry()
    return f"{screen.name() or 'screen'}@{area.width()}x{area.height()}"


def _tuple(rect: QRect) -> tuple[int, int, int, int]:
    return rect.x(), rect.y(), rect.width(), rect.height()


def window_screen(window: QWidget) -> QScreen | None:
    return window.screen() or QGuiApplication.primaryScreen()


def clamp_to_screen(window: QWidget) -> None:
    """Move and shrink the window into its screen's available area."""
    screen = window_screen(window)
    if screen is None:
        return
    x, y, w, h = fit_rect(_tuple(screen.availableGeometry()), _tuple(window.geometry()))
    window.setGeometry(x, y, w, h)


def restore(window: QWidget, settings: Settings) -> None:
    """The geometry this screen last had (or, the first time on it, the preferred size
    centred), always inside the available area."""
    screen = window_screen(window)
    if screen is None:
        window.resize(*PREFERRED)
        return
    saved = settings.geometries.get(screen_key(screen))
    if not settings.geometries:  # saved by a version without per-screen geometry
        saved = settings.geometry
    if saved and window.restoreGeometry(QByteArray.fromHex(saved.encode("ascii"))):
        clamp_to_screen(window)
        return
    window.setGeometry(*centred(_tuple(screen.availableGeometry()), PREFERRED))


def remember(window: QWidget, settings: Settings) -> None:
    """Keep the geometry under this screen's key (and as the last one, for older versions)."""
    geometry = bytes(window.saveGeometry().toHex()).decode("ascii")
    settings.geometry = geometry
    screen = window_screen(window)
    if screen is not None:
        key = screen_key(screen)
        settings.geometries.pop(key, None)  # the newest last: the oldest go first
        settings.geometries[key] = geometry


SHORT_MIN_HEIGHT = 72  # about three rows of a list stay visible however short the screen


class ShortScroll(QScrollArea):
    """A frameless scroll area as tall as its widget wants when the window has room, with a
    scroll bar when it has not; it follows the widget's changes of size (rows added)."""

    def __init__(self, widget: QWidget, minimum: int):
        super().__init__()
        self.setObjectName(f"{widget.objectName() or 'widget'}Scroll")
        self.setWidget(widget)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(minimum)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        widget.installEventFilter(self)

    def sizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return QSize(0, self.minimumHeight())
        inner = widget.sizeHint()
        height = inner.height()
        if widget.hasHeightForWidth() and self.width() > 0:  # wrapped rows: as laid out now
            height = widget.heightForWidth(self.width())
        return QSize(inner.width(), max(height, self.minimumHeight()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # rows wrap differently: the height wanted changes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the panel's layout asks this area's size again
        return False


def scroll_when_short(widget: QWidget, minimum: int = SHORT_MIN_HEIGHT) -> QWidget:
    """``widget`` in a ShortScroll, so the widgets below it — the fix buttons — keep their
    place in the window however short the screen."""
    return ShortScroll(widget, minimum)
