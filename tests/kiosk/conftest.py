"""Shared pieces for the kiosk tests: short timeouts, a PIN hash made once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.kiosk.pin import hash_pin

ATTENDANT_PIN = "731902"


@dataclass(frozen=True)
class ShortKioskSettings:
    """`[kiosk]` with timeouts short enough for a test (the config's minimums are larger)."""

    idle_seconds: int = 1
    warning_seconds: int = 2
    end_on_card_removal: bool = True
    on_screen_keyboard: bool = False
    attendant_pin_hash: str | None = None
    done_seconds: int = 1


@pytest.fixture(scope="session")
def attendant_pin_hash() -> str:
    return hash_pin(ATTENDANT_PIN)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` as key events (QTest's keyClicks takes ASCII only)."""
    from desktop.kiosk.keyboard import key_code

    for char in text:
        modifiers = (
            Qt.KeyboardModifier.ShiftModifier
            if char != char.lower()
            else Qt.KeyboardModifier.NoModifier
        )
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key_code(char), modifiers, char))


@pytest.fixture(scope="session")
def compiled_translations() -> None:
    """Build the .qm files from the .ts files, as `./dev` does at setup."""
    from desktop.i18n_build import compile_all

    compile_all()
