"""Where the wizard shows its current page: one page in the layout at a time.

A `QStackedWidget` sizes itself for the largest of all its pages (its size hint, minimum and
height-for-width are the maximum over every page), so inside a scroll area a short page would
scroll as far as the longest one. Here only the current page is in the layout; the others are
kept, hidden, as children.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


class PageHost(QWidget):
    """Holds the pages; `setCurrentWidget` puts one in the layout and hides the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageHost")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        if page in self._pages:
            return
        page.setParent(self)
        page.hide()
        self._pages.append(page)

    def currentWidget(self) -> QWidget | None:
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        self.addWidget(page)
        if page is self._current:
            return
        previous = self._current
        if previous is not None:
            self._layout.removeWidget(previous)
            previous.hide()
        self._layout.addWidget(page)
        self._current = page
        page.show()
        self.updateGeometry()
