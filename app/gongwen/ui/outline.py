"""The headings outline (title, 一、, （一）, 1.) to jump through the draft."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

SYNC_ENTRIES = 300  # more headings than this are put in the tree in events of their own
SLICE_ENTRIES = 600  # items made per event meanwhile (~12 µs each; a compilation has thousands)


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
        self._building: OutlineBuilder | None = None  # the items of many entries, made by slices
        self._rebuild_timer = QTimer(self, singleShot=True, interval=0)
        self._rebuild_timer.timeout.connect(self._build_step)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_entries(self, entries: tuple[tuple[int, int, str], ...]) -> None:
        """Rebuild the tree if the entries (``view_model.outline_entries``) changed: at
        once, or when there are many (a merged compilation's thousands of headings) made
        SLICE_ENTRIES at a time in events of their own and put in by the last, so the
        result that brought them is shown sooner and no event makes them all."""
        if entries == self.entries:
            return
        self.entries = entries
        self._building = OutlineBuilder(entries)  # a build under way is given up
        if len(entries) > SYNC_ENTRIES:
            self._rebuild_timer.start()
        else:
            self._build_step(len(entries))

    def building(self) -> bool:
        """The items of the last entries are still being made (the tree shows the ones
        before)."""
        return self._building is not None

    def _build_step(self, count: int = SLICE_ENTRIES) -> None:
        """Make the items of up to ``count`` more entries; the last slice puts them in."""
        builder = self._building
        if builder is None:
            return
        if not builder.add(count):
            self._rebuild_timer.start()
            return
        self._building = None
        self._rebuild_timer.stop()
        self._show_items(builder)

    def _show_items(self, builder: OutlineBuilder) -> None:
        """The items are made outside the tree and added at once: added one by one, each
        told the view of a new row (2,000 headings: 45 ms)."""
        scroll = self.verticalScrollBar().value()
        self.clear()
        tops, self._items = builder.tops, builder.items
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


class OutlineBuilder:
    """The items of outline entries, made a slice at a time (``add``): the top-level items
    (each holding its sub-headings) and every item with its paragraph index, in order."""

    def __init__(self, entries: tuple[tuple[int, int, str], ...]):
        self.entries = entries
        self.tops: list[QTreeWidgetItem] = []
        self.items: list[tuple[int, QTreeWidgetItem]] = []
        self._parents: list[tuple[int, QTreeWidgetItem | None]] = [(-1, None)]
        self._bold: QFont | None = None

    def add(self, count: int) -> bool:
        """Make the items of up to ``count`` more entries; True once all are made."""
        parents = self._parents
        begin = len(self.items)
        for index, level, text in self.entries[begin:begin + count]:
            while len(parents) > 1 and parents[-1][0] >= level:
                parents.pop()
            item = QTreeWidgetItem([text])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setToolTip(0, text)
            if level <= 1:
                if self._bold is None:
                    self._bold = item.font(0)
                    self._bold.setBold(True)
                item.setFont(0, self._bold)
            parent = parents[-1][1]
            if parent is None:
                self.tops.append(item)
            else:
                parent.addChild(item)
            parents.append((level, item))
            self.items.append((index, item))
        return len(self.items) == len(self.entries)


def outline_items(entries: tuple[tuple[int, int, str], ...]
                  ) -> tuple[list[QTreeWidgetItem], list[tuple[int, QTreeWidgetItem]]]:
    """The top-level items of ``entries`` (each holding its sub-headings), and every item
    with its paragraph index, in order."""
    builder = OutlineBuilder(entries)
    builder.add(len(entries))
    return builder.tops, builder.items
