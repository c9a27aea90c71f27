"""A card without a chip at home: the card page notices, says why in words, and lets the
person type the document ID printed on the card (the manual entry of `[card]
allow_manual_entry`), then the registry checks it as usual."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from cardreader import monitor
from desktop.app import assemble
from desktop.config import Config
from desktop.registry import RegistrationService
from desktop.wizard.card_source import VirtualCardSource
from desktop.wizard.chipless import NoChip
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.services import CardSource
from tests.gui.conftest import close_frame, make_frame
from tests.gui.driver import EVA_CODE, EVA_DOCUMENT
from tests.gui.test_card_errors import pcsc_source

pytestmark = pytest.mark.gui

HISTORY = "2016 előtt kiadott személyi igazolványokban"


@pytest.fixture
def card_page_with(
    qtbot: QtBot, file_config: Config, registry: RegistrationService
) -> Iterator[Callable[[CardSource], WizardFrame]]:
    frames: list[WizardFrame] = []

    def build(card: CardSource) -> WizardFrame:
        frame = make_frame(qtbot, assemble(file_config, registry, card))
        frames.append(frame)
        frame.page_of(Step.START, StartPage).register_button.click()
        assert frame.current_step is Step.CARD
        return frame

    yield build
    for frame in frames:
        close_frame(frame)
        frame.services.card.close()


def test_a_card_whose_chip_does_not_answer_is_told_and_the_id_can_be_typed(
    qtbot: QtBot, card_page_with: Callable[[CardSource], WizardFrame]
) -> None:
    frame = card_page_with(VirtualCardSource("qa-no-chip"))
    page = frame.page_of(Step.CARD, CardPage)
    page.can_edit.setText("123456")
    panel = page.chipless
    qtbot.waitUntil(lambda: panel.reason is NoChip.NOT_AN_EID, timeout=10_000)
    assert panel.message.isVisible()
    assert HISTORY in panel.message.text()
    assert "begépelheti" in panel.message.text()
    assert "nem elektronikus" in page.error
    assert panel.type_button.isVisible()
    assert not panel.attendant_button.isVisible()
    assert panel.message.accessibleName() == panel.message.text()
    assert frame.focusWidget() is panel.message  # spoken by a screen reader
    panel.type_button.click()
    assert page.manual_check.isChecked()
    assert not page.doc_edit.isReadOnly()
    assert frame.focusWidget() is page.doc_edit
    page.doc_edit.setText(EVA_DOCUMENT)
    page.code_edit.setText(EVA_CODE)
    qtbot.waitUntil(frame.next_button.isEnabled, timeout=5000)
    frame.next_button.click()
    qtbot.waitUntil(lambda: frame.current_step is Step.VERIFY, timeout=10_000)
    assert frame.engine.data.document_number == EVA_DOCUMENT
    assert not frame.engine.data.document_from_card


def test_a_foreign_chip_gets_the_same_way_on(
    qtbot: QtBot, card_page_with: Callable[[CardSource], WizardFrame]
) -> None:
    frame = card_page_with(VirtualCardSource("qa-foreign-card"))
    page = frame.page_of(Step.CARD, CardPage)
    page.can_edit.setText("123456")
    qtbot.waitUntil(lambda: page.chipless.reason is NoChip.NOT_AN_EID, timeout=10_000)
    assert "nem elektronikus" in page.error
    assert page.chipless.type_button.isVisible()


def test_a_card_that_never_appears_on_the_reader_is_told_after_the_person_says_it_is_there(
    qtbot: QtBot, card_page_with: Callable[[CardSource], WizardFrame]
) -> None:
    reader = "Olvasó 00 00"
    frame = card_page_with(
        pcsc_source(monitor.ServiceState(True, (reader,)), monitor.ReaderAdded(reader))
    )
    page = frame.page_of(Step.CARD, CardPage)
    panel = page.chipless
    qtbot.waitUntil(panel.on_reader_button.isVisible, timeout=5000)
    assert panel.on_reader_button.text() == "A kártya az olvasón van"
    assert panel.on_reader_button.accessibleDescription()
    panel._timer.setInterval(300)  # the few seconds, shortened for the test
    panel.on_reader_button.click()
    assert panel.waiting
    assert panel.on_reader_button.text() == "A kártyát keressük…"
    qtbot.waitUntil(lambda: panel.reason is NoChip.NO_CHIP, timeout=5000)
    text = panel.message.text()
    assert text.startswith("Nem válaszol chip: az olvasó nem érzékel kártyát.")
    assert HISTORY in text
    assert panel.type_button.isVisible()
    assert not panel.on_reader_button.isVisible()
    switcher().set_language(Language.EN)
    qtbot.waitUntil(lambda: panel.message.text().startswith("No chip answers"), timeout=2000)
    assert "issued before 2016" in panel.message.text()


def test_a_card_arriving_while_waiting_cancels_the_no_chip_notice(
    qtbot: QtBot, card_page_with: Callable[[CardSource], WizardFrame]
) -> None:
    reader = "Olvasó 00 00"
    frame = card_page_with(
        pcsc_source(monitor.ServiceState(True, (reader,)), monitor.ReaderAdded(reader))
    )
    panel = frame.page_of(Step.CARD, CardPage).chipless
    qtbot.waitUntil(panel.on_reader_button.isVisible, timeout=5000)
    panel._timer.setInterval(2000)
    panel.on_reader_button.click()
    monitor_source = frame.services.card
    monitor_source._on_event(monitor.CardInserted(reader, b"\x3b\x80\x80\x01\x01"))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not panel.waiting, timeout=2000)
    qtbot.wait(2200)
    assert panel.reason is None
    assert not panel.message.isVisible()


def test_a_wipe_forgets_the_no_chip_notice(
    qtbot: QtBot, card_page_with: Callable[[CardSource], WizardFrame]
) -> None:
    frame = card_page_with(VirtualCardSource("qa-no-chip"))
    page = frame.page_of(Step.CARD, CardPage)
    page.can_edit.setText("123456")
    qtbot.waitUntil(lambda: page.chipless.reason is not None, timeout=10_000)
    page.chipless.type_button.click()
    frame.wipe_session()
    assert page.chipless.reason is None
    assert not page.chipless.message.isVisible()
    assert not page.manual_check.isChecked()
