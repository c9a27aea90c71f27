"""The on-screen keyboard: Hungarian letters in both cases, focus rules, hiding."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.kiosk.keyboard import LAYOUT, NO_ON_SCREEN_KEYBOARD, KeyKind, OnScreenKeyboard

pytestmark = pytest.mark.gui

HUNGARIAN_ALPHABET = "aábcdeéfghiíjklmnoóöőpqrstuúüűvwxyz"


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit(self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.shown = QLineEdit(self)
        self.shown.setReadOnly(True)
        self.button = QPushButton("Tovább", self)
        self.keyboard = OnScreenKeyboard(self)
        layout = QVBoxLayout(self)
        for w in (self.name, self.secret, self.shown, self.button, self.keyboard):
            layout.addWidget(w)
        self.resize(1280, 800)


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    f = Form()
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    f.activateWindow()
    return f


def tap(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=1000)


def test_the_layout_has_every_hungarian_letter() -> None:
    chars = {spec.char for row in LAYOUT for spec in row if spec.kind is KeyKind.CHAR}
    assert set(HUNGARIAN_ALPHABET) <= chars
    assert {"@", ".", "-", "_"} <= chars  # an e-mail address can be typed


def test_every_hungarian_letter_is_typed_in_lower_case(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    for letter in HUNGARIAN_ALPHABET:
        tap(qtbot, form.keyboard.button_for(letter))
    assert form.name.text() == HUNGARIAN_ALPHABET


def test_shift_types_one_capital_of_every_hungarian_letter(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    shift = form.keyboard.special_button(KeyKind.SHIFT)
    for letter in HUNGARIAN_ALPHABET:
        tap(qtbot, shift)
        assert form.keyboard.button_for(letter).text() == letter.upper()
        tap(qtbot, form.keyboard.button_for(letter))
        assert not form.keyboard.shifted  # one-shot: back to lower case
    assert form.name.text() == HUNGARIAN_ALPHABET.upper()


def test_caps_lock_keeps_capitals_until_released(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    caps = form.keyboard.special_button(KeyKind.CAPS)
    tap(qtbot, caps)
    for letter in "kisőű":
        tap(qtbot, form.keyboard.button_for(letter))
    tap(qtbot, caps)
    for letter in "anna":
        tap(qtbot, form.keyboard.button_for(letter))
    assert form.name.text() == "KISŐŰanna"


def test_backspace_space_and_symbols_edit_the_field(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    for char in "kiss@pelda.hu":
        tap(qtbot, form.keyboard.button_for(char))
    tap(qtbot, form.keyboard.special_button(KeyKind.BACKSPACE))
    tap(qtbot, form.keyboard.special_button(KeyKind.SPACE))
    assert form.name.text() == "kiss@pelda.h "


def test_typing_goes_into_a_password_field_too(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.secret)
    for char in "jelszó1":
        tap(qtbot, form.keyboard.button_for(char))
    assert form.secret.text() == "jelszó1"


def test_enter_reaches_the_focused_field(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    with qtbot.waitSignal(form.name.returnPressed, timeout=1000):
        tap(qtbot, form.keyboard.special_button(KeyKind.ENTER))


def test_the_keyboard_never_takes_the_focus(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    tap(qtbot, form.keyboard.button_for("a"))
    tap(qtbot, form.keyboard.special_button(KeyKind.SHIFT))
    tap(qtbot, form.keyboard.special_button(KeyKind.BACKSPACE))
    assert QApplication.focusWidget() is form.name
    buttons = form.keyboard.findChildren(QPushButton)
    assert buttons
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in buttons)


def test_it_shows_for_a_text_field_and_hides_without_one(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    qtbot.waitUntil(form.keyboard.isVisible, timeout=1000)
    focus(qtbot, form.button)
    qtbot.waitUntil(lambda: not form.keyboard.isVisible(), timeout=1000)
    focus(qtbot, form.shown)  # read-only: nothing to type
    assert not form.keyboard.isVisible()
    focus(qtbot, form.secret)
    qtbot.waitUntil(form.keyboard.isVisible, timeout=1000)


def test_the_hide_key_hides_it_and_a_tap_on_the_field_brings_it_back(
    qtbot: QtBot, form: Form
) -> None:
    focus(qtbot, form.name)
    tap(qtbot, form.keyboard.special_button(KeyKind.HIDE))
    assert not form.keyboard.isVisible()
    assert QApplication.focusWidget() is form.name
    qtbot.mouseClick(form.name, Qt.MouseButton.LeftButton)
    assert form.keyboard.isVisible()


def test_keys_are_large_enough_for_a_finger(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.name)
    qtbot.waitUntil(form.keyboard.isVisible, timeout=1000)
    key = form.keyboard.button_for("ő")
    assert key.height() >= 60
    assert key.width() >= 60
    assert key.accessibleName() == "ő"


def test_a_field_with_its_own_keypad_keeps_the_keyboard_away(qtbot: QtBot, form: Form) -> None:
    form.secret.setProperty(NO_ON_SCREEN_KEYBOARD, True)
    focus(qtbot, form.name)
    qtbot.waitUntil(form.keyboard.isVisible, timeout=1000)
    focus(qtbot, form.secret)
    qtbot.waitUntil(lambda: not form.keyboard.isVisible(), timeout=1000)
    form.keyboard.type_char("x")
    assert form.secret.text() == ""


def test_the_focused_field_is_scrolled_into_sight_above_the_keyboard(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    scroll = QScrollArea(window)
    scroll.setWidgetResizable(True)
    page = QWidget()
    column = QVBoxLayout(page)
    column.addSpacing(1500)  # the field sits far below the first screenful
    low_field = QLineEdit(page)
    column.addWidget(low_field)
    scroll.setWidget(page)
    keyboard = OnScreenKeyboard(window)
    layout = QVBoxLayout(window)
    layout.addWidget(scroll, 1)
    layout.addWidget(keyboard)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert scroll.verticalScrollBar().value() == 0
    focus(qtbot, low_field)
    qtbot.waitUntil(keyboard.isVisible, timeout=1000)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0, timeout=1000)
    top_left = low_field.mapTo(scroll.viewport(), low_field.rect().topLeft())
    assert 0 <= top_left.y() <= scroll.viewport().height() - low_field.height()


def test_a_digits_only_field_gets_a_one_row_digit_pad_that_types(qtbot: QtBot) -> None:
    form = Form()
    can = QLineEdit(form)
    can.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    layout = form.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(0, can)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    focus(qtbot, form.name)
    full_height = form.keyboard.sizeHint().height()
    assert not form.keyboard.digits_only
    focus(qtbot, can)
    assert form.keyboard.isVisible()
    assert form.keyboard.digits_only
    assert not form.keyboard.button_for("a").isVisible()
    # One row instead of five: the page keeps most of its room.
    assert form.keyboard.sizeHint().height() < full_height / 2
    for digit in "739150":
        tap(qtbot, form.keyboard.digit_button(digit))
    assert can.text() == "739150"
    focus(qtbot, form.name)
    assert not form.keyboard.digits_only
    assert form.keyboard.button_for("ő").isVisible()
