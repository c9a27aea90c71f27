"""The page title as a heading to screen readers, not a label.

Qt gives every QLabel the role "label" and offers no property to change it; an accessibility
factory may answer for chosen objects with an interface of its own. This one answers for labels
named `pageTitle` with the role "heading" (AT-SPI `heading`), and otherwise leaves Qt's own
interfaces alone. Qt consults factories only while an assistive technology is listening.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAccessibleObject, QWindow
from PySide6.QtWidgets import QLabel

TITLE_OBJECT_NAME = "pageTitle"
_installed = False


class _Heading(QAccessibleObject):
    """A label seen as a heading: its name is its text; it has no children."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self._label = label

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Heading

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._label.accessibleName() or self._label.text()
        if kind == QAccessible.Text.Description:
            return self._label.accessibleDescription()
        return ""

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.invisible = not self._label.isVisible()
        return state

    def parent(self) -> QAccessibleInterface:
        holder = self._label.parentWidget()
        if holder is None:  # the title always sits in the frame
            raise RuntimeError("the page title has no parent widget")
        return QAccessible.queryAccessibleInterface(holder)

    # Qt's contract returns null for "no child" / "no window yet"; the stubs omit it.
    def child(self, _index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, _child: QAccessibleInterface) -> int:
        return -1

    def rect(self) -> QRect:
        return QRect(self._label.mapToGlobal(QPoint(0, 0)), self._label.size())

    def window(self) -> QWindow | None:  # type: ignore[override]
        return self._label.window().windowHandle()


def _factory(class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if (
        class_name != "QLabel"
        or obj.objectName() != TITLE_OBJECT_NAME
        or not isinstance(obj, QLabel)
    ):
        return None
    # Kept on the label: Qt holds the interface by pointer, Python must keep it alive.
    interface = getattr(obj, "_heading_interface", None)
    if interface is None:
        interface = _Heading(obj)
        obj._heading_interface = interface  # type: ignore[attr-defined]
    return interface


def install_heading_role() -> None:
    """Install the factory (once; it needs the QApplication to exist)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
