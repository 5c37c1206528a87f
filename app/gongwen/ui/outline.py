"""The headings outline (title, 一、, （一）, 1.) to jump through the draft."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget


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
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_entries(self, entries: tuple[tuple[int, int, str], ...]) -> None:
        """Rebuild the tree if the entries (``view_model.outline_entries``) changed."""
        if entries == self.entries:
            return
        self.entries = entries
        scroll = self.verticalScrollBar().value()
        self.clear()
        self._items = []
        parents: list[tuple[int, QTreeWidgetItem | None]] = [(-1, None)]
        for index, level, text in entries:
            while len(parents) > 1 and parents[-1][0] >= level:
                parents.pop()
            parent = parents[-1][1]
            item = QTreeWidgetItem(parent or self, [text])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setToolTip(0, text)
            if level <= 1:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            parents.append((level, item))
            self._items.append((index, item))
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
