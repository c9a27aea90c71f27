"""An on-screen keyboard for touch kiosks: Hungarian QWERTZ, large keys, never takes focus.

Each key sends a real key press and release to the widget that has the focus, so the field
behaves exactly as with a hardware keyboard (validators, echo mode, the wizard's Enter). The
keyboard shows itself when an editable text field gets the focus and hides when none has it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QWidget,
)


class KeyKind(enum.Enum):
    CHAR = "char"
    SHIFT = "shift"
    CAPS = "caps"
    BACKSPACE = "backspace"
    ENTER = "enter"
    SPACE = "space"
    HIDE = "hide"


@dataclass(frozen=True)
class KeySpec:
    """One key: what it types (or does), how many grid columns wide it is."""

    kind: KeyKind
    char: str = ""
    span: int = 2


def _chars(text: str) -> list[KeySpec]:
    return [KeySpec(KeyKind.CHAR, c) for c in text]


# The Hungarian layout (MSZ 7795-3 QWERTZ) as printed on keyboards sold in Hungary: 0 left of
# 1, ö ü ó after the digits, ő ú after p, é á ű after l, í left of y. @ and _ get keys of their
# own because an e-mail address needs them and AltGr does not exist on a touch screen.
LAYOUT: tuple[tuple[KeySpec, ...], ...] = (
    (*_chars("0123456789öüó"), KeySpec(KeyKind.BACKSPACE, span=3)),
    (KeySpec(KeyKind.CHAR, "", span=1), *_chars("qwertzuiopőú"), KeySpec(KeyKind.ENTER, span=4)),
    (KeySpec(KeyKind.CAPS, span=3), *_chars("asdfghjkléáű")),
    (KeySpec(KeyKind.SHIFT, span=2), *_chars("íyxcvbnm,.-"), KeySpec(KeyKind.SHIFT, span=5)),
    (
        KeySpec(KeyKind.HIDE, span=3),
        *_chars("@_"),
        KeySpec(KeyKind.SPACE, span=14),
        *_chars("+"),
        KeySpec(KeyKind.CHAR, "'", span=2),
    ),
)

# For fields that take digits only (the CAN, the authenticator code): one row, so the page
# keeps its room; the full layout's keys are hidden meanwhile.
DIGITS_LAYOUT: tuple[KeySpec, ...] = (
    KeySpec(KeyKind.HIDE, span=3),
    *_chars("1234567890"),
    KeySpec(KeyKind.BACKSPACE, span=3),
    KeySpec(KeyKind.ENTER, span=3),
)

# Letters Qt has a key code for; ő and ű have none and travel as text only, which is what
# every Qt text widget inserts anyway.
_LATIN1_KEYS = {
    "á": Qt.Key.Key_Aacute,
    "é": Qt.Key.Key_Eacute,
    "í": Qt.Key.Key_Iacute,
    "ó": Qt.Key.Key_Oacute,
    "ö": Qt.Key.Key_Odiaeresis,
    "ú": Qt.Key.Key_Uacute,
    "ü": Qt.Key.Key_Udiaeresis,
}


def key_code(char: str) -> Qt.Key:
    """The Qt key code a hardware keyboard would report for `char` (lower or upper case)."""
    lower = char.lower()
    if "a" <= lower <= "z" or "0" <= lower <= "9":
        return Qt.Key(ord(lower.upper()))
    if lower in _LATIN1_KEYS:
        return _LATIN1_KEYS[lower]
    if char == " ":
        return Qt.Key.Key_Space
    if len(char) == 1 and ord(char) < 0x7F:
        return Qt.Key(ord(char))
    return Qt.Key.Key_unknown


# A dynamic property: fields with their own keypad (the attendant PIN) set it to True.
NO_ON_SCREEN_KEYBOARD = "noOnScreenKeyboard"


def is_text_field(widget: QWidget | None) -> bool:
    """Whether typing into `widget` makes sense: an editable, enabled text input."""
    if widget is None or not widget.isEnabled() or widget.property(NO_ON_SCREEN_KEYBOARD):
        return False
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    return False


def _scroll_into_view(widget: QWidget) -> None:
    if not shiboken6.isValid(widget):  # the page went away before the layout settled
        return
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 16, 24)
            return
        parent = parent.parentWidget()


class OnScreenKeyboard(QWidget):
    """Large-key Hungarian keyboard docked at the bottom of the kiosk window."""

    shift_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskKeyboard")
        # Taking focus would move it away from the field being typed into.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet(
            "#kioskKeyboard { background: #dfe3ea; }"
            "#kioskKeyboard QPushButton { font-size: 22pt; min-height: 58px; border-radius: 8px;"
            " background: white; border: 1px solid #9aa3b0; color: #111; }"
            "#kioskKeyboard QPushButton:pressed { background: #c5d3e8; }"
            "#kioskKeyboard QPushButton:checked { background: #9fc3f0; }"
        )
        self._shift = False
        self._caps = False
        self._char_buttons: dict[str, QPushButton] = {}
        self._special: dict[KeyKind, list[QPushButton]] = {}
        self._full_keys: list[QPushButton] = []
        self._digit_keys: list[QPushButton] = []
        self._digit_char_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        for row, keys in enumerate(LAYOUT):
            column = 0
            for spec in keys:
                if spec.kind is KeyKind.CHAR and not spec.char:
                    column += spec.span  # a stagger, like the offset rows of a real keyboard
                    continue
                button = self._make_button(spec)
                self._full_keys.append(button)
                grid.addWidget(button, row, column, 1, spec.span)
                column += spec.span
        column = 0
        for spec in DIGITS_LAYOUT:
            button = self._make_button(spec, digits_only=True)
            self._digit_keys.append(button)
            button.hide()
            grid.addWidget(button, len(LAYOUT), column, 1, spec.span)
            column += spec.span
        self._relabel()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
            app.installEventFilter(self)
        self.setVisible(is_text_field(QApplication.focusWidget()))

    # -- public ----------------------------------------------------------------------------
    @property
    def shifted(self) -> bool:
        """Whether the next letter comes out as a capital."""
        return self._shift != self._caps

    def button_for(self, char: str) -> QPushButton:
        """The key that types `char` (lower-case letter, digit or symbol on the layout)."""
        return self._char_buttons[char]

    def special_button(self, kind: KeyKind) -> QPushButton:
        return self._special[kind][0]

    @property
    def digits_only(self) -> bool:
        """Whether only the digit row is shown (the focused field takes digits only)."""
        return bool(self._digit_keys) and not self._digit_keys[0].isHidden()

    def digit_button(self, digit: str) -> QPushButton:
        """The key for `digit` on the digit row."""
        return self._digit_char_buttons[digit]

    def set_digits_only(self, digits_only: bool) -> None:
        """Show the one-row digit pad, or the whole keyboard."""
        for button in self._full_keys:
            button.setHidden(digits_only)
        for button in self._digit_keys:
            button.setHidden(not digits_only)

    def type_char(self, char: str) -> None:
        """Send `char` to the focused widget as a key press and release."""
        target = QApplication.focusWidget()
        if target is None or not is_text_field(target):
            return
        modifiers = (
            Qt.KeyboardModifier.ShiftModifier
            if char != char.lower()
            else Qt.KeyboardModifier.NoModifier
        )
        code = key_code(char)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(target, QKeyEvent(kind, code, modifiers, char))

    def press_key(self, code: Qt.Key, text: str = "") -> None:
        target = QApplication.focusWidget()
        if target is None or not is_text_field(target):
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, text)
            )

    # -- building ---------------------------------------------------------------------------
    def _make_button(self, spec: KeySpec, *, digits_only: bool = False) -> QPushButton:
        button = QPushButton(self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(spec.kind in (KeyKind.BACKSPACE, KeyKind.CHAR))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if spec.kind is KeyKind.CHAR:
            chars = self._digit_char_buttons if digits_only else self._char_buttons
            chars[spec.char] = button
            button.clicked.connect(lambda _=False, c=spec.char: self._on_char(c))
        else:
            self._special.setdefault(spec.kind, []).append(button)
            if spec.kind in (KeyKind.SHIFT, KeyKind.CAPS):
                button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=spec.kind: self._on_special(k))
        return button

    def _relabel(self) -> None:
        upper = self.shifted
        for char, button in self._char_buttons.items():
            shown = char.upper() if upper else char
            button.setText("&&" if shown == "&" else shown)
            button.setAccessibleName(shown)
        for char, button in self._digit_char_buttons.items():
            button.setText(char)
            button.setAccessibleName(char)
        labels = {
            KeyKind.SHIFT: ("⇧", self.tr("Shift (capital letter)")),
            KeyKind.CAPS: ("⇪", self.tr("Caps lock")),
            KeyKind.BACKSPACE: ("⌫", self.tr("Delete the last character")),
            KeyKind.ENTER: ("↵", self.tr("Enter")),
            KeyKind.SPACE: ("", self.tr("Space")),
            KeyKind.HIDE: ("⌨ ▾", self.tr("Hide the keyboard")),
        }
        for kind, buttons in self._special.items():
            symbol, name = labels[kind]
            for button in buttons:
                button.setText(symbol)
                button.setAccessibleName(name)
                button.setToolTip(name)
        for button in self._special.get(KeyKind.SHIFT, []):
            button.setChecked(self._shift)
        for button in self._special.get(KeyKind.CAPS, []):
            button.setChecked(self._caps)

    # -- behaviour ----------------------------------------------------------------------------
    def _on_char(self, char: str) -> None:
        self.type_char(char.upper() if self.shifted else char)
        if self._shift:  # shift is one-shot, like on a phone
            self._shift = False
            self._relabel()
            self.shift_changed.emit(self.shifted)

    def _on_special(self, kind: KeyKind) -> None:
        if kind is KeyKind.SHIFT:
            self._shift = not self._shift
        elif kind is KeyKind.CAPS:
            self._caps = not self._caps
            self._shift = False
        elif kind is KeyKind.BACKSPACE:
            self.press_key(Qt.Key.Key_Backspace)
        elif kind is KeyKind.ENTER:
            self.press_key(Qt.Key.Key_Return, "\r")
        elif kind is KeyKind.SPACE:
            self.type_char(" ")
        elif kind is KeyKind.HIDE:
            self.hide()
        self._relabel()
        if kind in (KeyKind.SHIFT, KeyKind.CAPS):
            self.shift_changed.emit(self.shifted)

    def reset(self) -> None:
        """Back to lower case (a new session starts)."""
        self._shift = False
        self._caps = False
        self._relabel()

    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None and self.window() is not now.window():
            return  # another top-level window (the attendant's) keeps its own input
        wanted = is_text_field(now)
        if wanted and now is not None:
            self.set_digits_only(bool(now.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly))
        self.setVisible(wanted)
        if wanted and now is not None:
            # The keyboard takes room from the page: scroll the field back into sight once
            # the layout has shrunk the page.
            QTimer.singleShot(0, lambda: _scroll_into_view(now))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._relabel()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A tap on the field that already has the focus brings a hidden keyboard back.
        if (
            event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
            and not self.isVisible()
            and isinstance(watched, QWidget)
        ):
            field = watched if is_text_field(watched) else watched.parentWidget()
            if field is not None and is_text_field(field) and field.window() is self.window():
                self.show()
        return False
