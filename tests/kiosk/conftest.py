"""Shared pieces for the kiosk tests: short timeouts, a PIN hash made once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.config import KioskConfig
from desktop.kiosk.pin import hash_pin

# The wizard's GUI fixtures: a real registry on a file, its clock, Hungarian first.
from tests.gui.conftest import clock, file_config, hungarian_first  # noqa: F401

ATTENDANT_PIN = "731902"


def short_kiosk(**overrides: object) -> KioskConfig:
    """`[kiosk]` with timeouts short enough for a test (the config file's minimums are larger)."""
    values: dict[str, object] = {
        "enabled": True,
        "idle_seconds": 1,
        "warning_seconds": 2,
        "done_seconds": 1,
    }
    values.update(overrides)
    return KioskConfig(**values)  # type: ignore[arg-type]


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
