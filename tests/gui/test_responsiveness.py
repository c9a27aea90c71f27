"""The GUI thread never waits for the card: a slow card is read while the window keeps
answering, with no event-loop stall as long as one of the card's answers.

The slow card answers every APDU late (150 ms), so a single exchange on the GUI thread would
stall the event loop at least that long. The limit sits below that with a margin, and well
above the scheduling noise of a shared machine (stalls of 60 ms were seen under load): the
test tells where the card is read, not how fast the machine is."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from cardreader.virtual.profile import load_profile
from desktop.config import Config
from desktop.registry import RegistrationService
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.start import StartPage
from tests.gui.conftest import wizard_with_card
from tests.gui.driver import EVA_DOCUMENT

pytestmark = pytest.mark.gui

SLOW_CARD_DELAY_S = load_profile("qa-slow").faults.delay_ms / 1000
STALL_LIMIT_S = 0.9 * SLOW_CARD_DELAY_S


class StallMeter:
    """Ticks every 5 ms on the GUI thread and keeps the longest gap between two ticks."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def test_reading_a_slow_card_never_stalls_the_window(
    qtbot: QtBot, file_config: Config, registry: RegistrationService
) -> None:
    from desktop.wizard.card_source import VirtualCardSource

    frame: WizardFrame = wizard_with_card(
        qtbot, file_config, registry, VirtualCardSource("qa-slow")
    )
    try:
        frame.page_of(Step.START, StartPage).register_button.click()
        assert frame.current_step is Step.CARD
        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        frame.page_of(Step.CARD, CardPage).can_edit.setText(
            "123456"
        )  # a card is present: reading starts
        assert frame.page_of(Step.CARD, CardPage).busy
        # While the card answers slowly, the person keeps typing and the screen keeps up.
        frame.page_of(Step.CARD, CardPage).code_edit.setText("Q4mT7xR2kW9")
        qtbot.waitUntil(
            lambda: frame.page_of(Step.CARD, CardPage).doc_edit.text() == EVA_DOCUMENT,
            timeout=30_000,
        )
        meter.stop()
        took = time.perf_counter() - started
        assert took > 1.0, "the slow card profile should make the read take seconds"
        assert meter.ticks > 50
        assert meter.longest < STALL_LIMIT_S, f"the event loop stalled {meter.longest:.3f} s"
    finally:
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
