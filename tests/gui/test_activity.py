"""The idle seam for the kiosk: input anywhere counts as activity, and nothing is swallowed."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.wizard.activity import UserActivity
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.start import StartPage

pytestmark = pytest.mark.gui


def test_typing_in_the_wizard_is_activity_and_still_reaches_the_field(
    qtbot: QtBot, wizard: WizardFrame
) -> None:
    activity = UserActivity()
    activity.install()
    try:
        wizard.page_of(Step.START, StartPage).register_button.click()
        time.sleep(0.05)
        assert activity.idle_seconds() >= 0.05
        with qtbot.waitSignal(activity.happened, timeout=1000):
            qtbot.keyClicks(wizard.page_of(Step.CARD, CardPage).can_edit, "12")
        assert activity.idle_seconds() < 0.05
        assert wizard.page_of(Step.CARD, CardPage).can_edit.text() == "12"
        with qtbot.waitSignal(activity.happened, timeout=1000):
            qtbot.mouseClick(
                wizard.page_of(Step.CARD, CardPage).code_edit, Qt.MouseButton.LeftButton
            )
    finally:
        activity.uninstall()
