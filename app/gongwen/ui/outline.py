"""The headings outline (title, 一、, （一）, 1.) to jump through the draft."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

SYNC_ENTRIES = 300  # more headings than this are put in the tree in an event of their own


class OutlineView(QTreeWidget):
    paragraphActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("outline")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        self.entries: tuple[tuple[int, int, str], ...] = ()
        self._items: list[tuple[int, QTreeWidgetItem]] = []
        self._rebuild_timer = QTimer(self, singleShot=True, interval=0)
        self._rebuild_timer.timeout.connect(self._rebuild)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_entries(self, entries: tuple[tuple[int, int, str], ...]) -> None:
        """Rebuild the tree if the entries (``view_model.outline_entries``) changed: at
        once, or when there are many (a merged compilation's thousands of headings) in an
        event of its own, so the result that brought them is shown sooner."""
        if entries == self.entries:
            return
        self.entries = entries
        if len(entries) > SYNC_ENTRIES:
            self._rebuild_timer.start()
        else:
            self._rebuild()

    def _rebuild(self) -> None:
        """The items are made outside the tree and added at once: added one by one, each
        told the view of a new row (2,000 headings: 45 ms)."""
        self._rebuild_timer.stop()
        scroll = self.verticalScrollBar().value()
        self.clear()
        tops, self._items = outline_items(self.entries)
        self.addTopLevelItems(tops)
        self.expandAll()
        self.verticalScrollBar().setValue(scroll)

    def follow(self, paragraph: int) -> None:
        """Mark the heading the cursor is under."""
        current = None
        for index, item in self._items:
            if index > paragraph:
                break
            current = item
        if current is not None and current is not self.currentItem():
            self.blockSignals(True)
            self.setCurrentItem(current)
            self.blockSignals(False)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, Qt.ItemDataRole.UserRole)
        if index is not None:
            self.paragraphActivated.emit(int(index))


def outline_items(entries: tuple[tuple[int, int, str], ...]
                  ) -> tuple[list[QTreeWidgetItem], list[tuple[int, QTreeWidgetItem]]]:
    """The top-level items of ``entries`` (each holding its sub-headings), and every item
    with its paragraph index, in order."""
    tops: list[QTreeWidgetItem] = []
    items: list[tuple[int, QTreeWidgetItem]] = []
    parents: list[tuple[int, QTreeWidgetItem | None]] = [(-1, None)]
    bold: QFont | None = None
    for index, level, text in entries:
        while len(parents) > 1 and parents[-1][0] >= level:
            parents.pop()
        item = QTreeWidgetItem([text])
        item.setData(0, Qt.ItemDataRole.UserRole, index)
        item.setToolTip(0, text)
        if level <= 1:
            if bold is None:
                bold = item.font(0)
                bold.setBold(True)
            item.setFont(0, bold)
        parent = parents[-1][1]
        if parent is None:
            tops.append(item)
        else:
            parent.addChild(item)
        parents.append((level, item))
        items.append((index, item))
    return tops, items
