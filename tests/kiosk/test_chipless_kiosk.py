"""A card without a chip at a kiosk: typing is off, so the attendant allows it for this one
session with the attendant PIN; the approval goes into the registry's audit log first, and
the session's end takes it back. Also: the diagnostics from the attendant panel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.config import Config
from desktop.kiosk.launch import WizardKiosk, build_kiosk
from desktop.kiosk.pin import PinThrottle
from desktop.kiosk.shell import SessionEnd
from desktop.registry import RegistrationService
from desktop.wizard.card_source import VirtualCardSource
from desktop.wizard.chipless import NoChip
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.start import StartPage
from tests.gui.conftest import open_registry
from tests.gui.driver import EVA_CODE, EVA_DOCUMENT, Clock
from tests.kiosk.conftest import ATTENDANT_PIN, short_kiosk

pytestmark = pytest.mark.gui


@dataclass
class ChiplessKiosk:
    window: WizardKiosk
    registry: RegistrationService

    @property
    def frame(self) -> WizardFrame:
        return self.window.frame

    def audit_events(self) -> list[tuple[str, str | None, str, str | None]]:
        return [
            (e.event, e.subject, e.outcome, e.detail)
            for e in self.registry.audit_entries()
            if e.event == "manual-entry-allowed"
        ]


@pytest.fixture
def kiosk(
    qtbot: QtBot, file_config: Config, clock: Clock, attendant_pin_hash: str
) -> Iterator[Callable[[str], ChiplessKiosk]]:
    opened: list[ChiplessKiosk] = []

    def make(profile: str) -> ChiplessKiosk:
        registry = open_registry(file_config, clock)
        services = assemble(file_config, registry, VirtualCardSource(profile), kiosk=True)
        window = build_kiosk(
            services, short_kiosk(idle_seconds=120, attendant_pin_hash=attendant_pin_hash)
        )
        qtbot.addWidget(window)
        window.resize(1024, 600)
        window.start(full_screen=False)
        qtbot.waitExposed(window)
        made = ChiplessKiosk(window, registry)
        opened.append(made)
        return made

    yield make
    for made in opened:
        made.window.shutdown()
        made.frame.tasks.cancel_all()
        made.frame.tasks.wait(10_000)
        made.window._exit_allowed = True
        made.registry.close()


def read_chipless_card(qtbot: QtBot, k: ChiplessKiosk) -> None:
    k.frame.page_of(Step.START, StartPage).register_button.click()
    page = k.frame.page_of(Step.CARD, CardPage)
    page.can_edit.setText("123456")
    qtbot.waitUntil(lambda: page.chipless.reason is NoChip.NOT_AN_EID, timeout=10_000)


def enter_pin(qtbot: QtBot, k: ChiplessKiosk, pin: str) -> None:
    pad = k.window.manual_entry_approval.pad  # type: ignore[union-attr]
    for digit in pin:
        qtbot.mouseClick(pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)


def test_the_attendant_allows_typing_for_one_session_and_it_is_audited(
    qtbot: QtBot, kiosk: Callable[[str], ChiplessKiosk]
) -> None:
    k = kiosk("qa-no-chip")
    read_chipless_card(qtbot, k)
    page = k.frame.page_of(Step.CARD, CardPage)
    panel = page.chipless
    assert "Hívja az ügyintézőt" in panel.message.text()
    assert panel.attendant_button.isVisible()
    assert not panel.type_button.isVisible()
    assert not page.manual_check.isVisibleTo(k.frame)
    panel.attendant_button.click()
    pad = k.window.manual_entry_approval.pad  # type: ignore[union-attr]
    assert pad.isVisible()
    enter_pin(qtbot, k, ATTENDANT_PIN)
    qtbot.waitUntil(page.manual_check.isChecked, timeout=10_000)
    assert k.audit_events() == [("manual-entry-allowed", "kiosk", "ok", "not-an-eid")]
    assert page.manual_check.isVisibleTo(k.frame)
    assert not page.doc_edit.isReadOnly()
    assert "engedélyezte" in panel.message.text()
    assert not panel.attendant_button.isVisible()
    page.doc_edit.setText(EVA_DOCUMENT)
    page.code_edit.setText(EVA_CODE)
    qtbot.waitUntil(k.frame.next_button.isEnabled, timeout=5000)
    k.frame.next_button.click()
    qtbot.waitUntil(lambda: k.frame.current_step is Step.VERIFY, timeout=10_000)
    # The approval is for this session only.
    k.window.end_session(SessionEnd.ATTENDANT)
    assert not page.manual_check.isVisibleTo(k.frame)
    assert not page.manual_check.isChecked()
    assert page.chipless.reason is None
    assert not page.chipless.approved


def test_a_wrong_pin_allows_nothing_and_records_nothing(
    qtbot: QtBot, kiosk: Callable[[str], ChiplessKiosk]
) -> None:
    k = kiosk("qa-foreign-card")
    read_chipless_card(qtbot, k)
    page = k.frame.page_of(Step.CARD, CardPage)
    page.chipless.attendant_button.click()
    pad = k.window.manual_entry_approval.pad  # type: ignore[union-attr]
    # The approval pad shares the panel pad's brake.
    assert pad.throttle is k.window.pin_pad.throttle
    pad.throttle = PinThrottle(free_attempts=5)
    enter_pin(qtbot, k, "000000")
    qtbot.waitUntil(lambda: pad.throttle.failures == 1, timeout=5000)
    assert pad.isVisible()
    assert not page.manual_check.isChecked()
    assert not page.manual_check.isVisibleTo(k.frame)
    assert k.audit_events() == []
    pad.cancel_button.click()
    assert not pad.isVisible()


def test_the_attendant_panel_opens_the_diagnostics_over_the_kiosk(
    qtbot: QtBot, kiosk: Callable[[str], ChiplessKiosk], tmp_path: Path
) -> None:
    k = kiosk("kovacs-eva")
    k.frame.diagnostics_report_dir = lambda: tmp_path / "diagnostics"
    panel = k.window.panel
    panel.open()
    assert panel.diagnostics_button.text() == "Diagnosztika"
    assert panel.diagnostics_button.accessibleName() == "Diagnosztika"
    panel.diagnostics_button.click()
    assert not panel.isVisible()
    screen = k.frame.diagnostics
    assert screen is not None
    assert screen.isVisible()
    qtbot.waitUntil(lambda: screen.diagnosis is not None, timeout=30_000)
    # No PC/SC service in this test process's view: the screen says so in words.
    assert screen.summary.text()
    assert screen.report_view.toPlainText().startswith("Ügyfélkapu-regisztráció – diagnosztika")
    assert QApplication.focusWidget() is screen.summary
    assert screen.save_report() is not None
    k.window.end_session(SessionEnd.ATTENDANT)
    assert not screen.isVisible()
    assert screen.diagnosis is None
