"""The headings outline (title, 一、, （一）, 1.) to jump through the draft."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ..core.model import Document, Role

MAX_LEVEL = 3
LABEL_LIMIT = 28


def outline_entries(document: Document) -> tuple[tuple[int, int, str], ...]:
    """(paragraph index, level, label) for the title (level 0) and headings up to MAX_LEVEL."""
    entries = []
    for paragraph in document.paragraphs:
        if paragraph.role is Role.TITLE:
            entries.append((paragraph.index, 0, paragraph.text.strip()))
        elif paragraph.role is Role.HEADING and paragraph.level <= MAX_LEVEL:
            text = paragraph.text[: paragraph.heading_end].strip()
            entries.append((paragraph.index, paragraph.level, text))
    return tuple((i, lv, t if len(t) <= LABEL_LIMIT else t[: LABEL_LIMIT - 1] + "…")
                 for i, lv, t in entries)


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

    def show_document(self, document: Document) -> None:
        self.show_entries(outline_entries(document))

    def show_entries(self, entries: tuple[tuple[int, int, str], ...]) -> None:
        """Rebuild the tree if the entries (made by ``outline_entries``) changed."""
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
