"""Small building blocks the pages share: a live checklist, a read-only data form, notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.wizard.i18n import lang_code
from desktop.wizard.services import ChecklistItem

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

# A mark as well as a colour, so the state is not told by colour alone.
OK_MARK = "✔"
NOT_OK_MARK = "✘"


class Checklist(QWidget):
    """Rules as lines that tick while the person types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._labels: list[QLabel] = []
        self._items: tuple[tuple[bool, str], ...] = ()

    @property
    def items(self) -> tuple[tuple[bool, str], ...]:
        """The lines shown, as (ok, text)."""
        return self._items

    def all_ok(self) -> bool:
        return bool(self._items) and all(ok for ok, _text in self._items)

    def show_rules(self, items: Sequence[ChecklistItem]) -> None:
        """Show the registry's checklist items in the current language."""
        lang = lang_code()
        self.show_lines([(item.ok, item.text.in_language(lang)) for item in items])

    def show_lines(self, items: Sequence[tuple[bool, str]]) -> None:
        self._items = tuple(items)
        while len(self._labels) < len(self._items):
            label = QLabel(self)
            label.setWordWrap(True)
            label.setTextFormat(_plain_text())
            self._layout.addWidget(label)
            self._labels.append(label)
        for label, (ok, text) in zip(self._labels, self._items, strict=False):
            mark = OK_MARK if ok else NOT_OK_MARK
            label.setText(f"{mark}  {text}")
            label.setProperty("ok", ok)
            label.setStyleSheet("color: #1b6b2f;" if ok else "color: #8a2a1f;")
            label.setAccessibleName(label.text())
            label.show()
        for label in self._labels[len(self._items) :]:
            label.hide()


class ReadOnlyForm(QWidget):
    """Label/value rows the person can read and select but not change."""

    def __init__(self, keys: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit] = {}
        for key in keys:
            label = QLabel(self)
            field = QLineEdit(self)
            field.setReadOnly(True)
            field.setObjectName(f"field_{key}")
            label.setBuddy(field)
            self._form.addRow(label, field)
            self.labels[key] = label
            self.fields[key] = field

    def set_label(self, key: str, text: str, description: str = "") -> None:
        self.labels[key].setText(text)
        self.fields[key].setAccessibleName(text.rstrip(":"))
        self.fields[key].setAccessibleDescription(description or text.rstrip(":"))

    def set_value(self, key: str, value: str) -> None:
        self.fields[key].setText(value)
        self.fields[key].setCursorPosition(0)

    def clear(self) -> None:
        for field in self.fields.values():
            field.clear()


def _plain_text() -> Qt.TextFormat:
    # Imported here: the first use of the Qt namespace sets up all its enums (~25 ms), which
    # the first screen can do without.
    from PySide6.QtCore import Qt

    return Qt.TextFormat.PlainText


def note(text: str = "", object_name: str = "note", *, plain: bool = True) -> QLabel:
    """A wrapped paragraph; `plain` keeps text that may hold typed input from being markup.

    Only fixed texts of our own may pass plain=False (the Start screen does, to start faster).
    """
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(object_name)
    if plain:
        label.setTextFormat(_plain_text())
    return label


def long_text(object_name: str) -> QPlainTextEdit:
    """A read-only text to read at length (privacy notice, e-mail): a screen reader reads it.

    Not a QTextBrowser: Qt exposes a read-only QTextEdit as a label, of which Orca speaks only
    the name; a read-only plain text edit is "read only text", whose words Orca speaks on focus
    and lets the person go through line by line.
    """
    from PySide6.QtCore import Qt  # here, not at import (see _plain_text)

    view = QPlainTextEdit()
    view.setObjectName(object_name)
    view.setReadOnly(True)
    view.setTabChangesFocus(True)
    view.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.TextSelectableByMouse
    )
    return view
