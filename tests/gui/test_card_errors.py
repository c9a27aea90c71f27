"""Every way reading the card can fail has its own message and next step, on the screen.

Real virtual chips (wrong CAN, card vanishing, broken MAC, expired document) where the chip can
show it; the real PC/SC card source over a scripted monitor for reader states this machine
cannot produce on demand; a scripted card for answers no test chip gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cardreader import monitor
from cardreader.document import PassiveAuthentication, ReadResult, ReadStep
from cardreader.errors import NotAnEidError, PasswordBlockedError
from cardreader.passwords import Can
from cardreader.reader import PROGRESS
from desktop.app import assemble
from desktop.config import CardConfig, Config
from desktop.registry import RegistrationService
from desktop.wizard.card_source import PcscCardSource, VirtualCardSource
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.services import CardSource, CardState, CardStatus
from tests.gui.conftest import close_frame, make_frame
from tests.gui.doubles import ScriptedCard, read_result

pytestmark = pytest.mark.gui


class ScriptedMonitor:
    """Stands in for `ReaderMonitor` (no PC/SC here): replays the events a monitor reports."""

    events: tuple[monitor.MonitorEvent, ...] = ()

    def __init__(self, on_event: Callable[[monitor.MonitorEvent], None]) -> None:
        self._on_event = on_event

    def start(self) -> None:
        for event in self.events:
            self._on_event(event)

    def stop(self, timeout: float = 5.0) -> None:
        pass


def pcsc_source(*events: monitor.MonitorEvent) -> PcscCardSource:
    scripted = type("Scripted", (ScriptedMonitor,), {"events": events})
    return PcscCardSource(monitor_factory=scripted)


@pytest.fixture
def open_wizard(
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


def read_and_wait(qtbot: QtBot, frame: WizardFrame, can: str) -> str:
    page = frame.page_of(Step.CARD, CardPage)
    page.can_edit.setText(can)
    if frame.card_status.state is not CardState.CARD_PRESENT:
        page.read_button.click()  # no automatic read without a card: the person presses Read
    qtbot.waitUntil(lambda: page.error != "" or page.doc_edit.text() != "", timeout=15_000)
    assert page.error_label.isVisible() == bool(page.error)
    return page.error


@pytest.mark.parametrize(
    ("profile", "can", "expected_hu", "expected_en"),
    [
        ("kovacs-eva", "654321", "Hátralévő próbálkozások: 2", "Tries left: 2"),
        ("qa-vanish", "123456", "olvasás közben elvették", "removed while it was being read"),
        (
            "qa-bad-mac",
            "123456",
            "Megszakadt a kapcsolat",
            "connection to the card was interrupted",
        ),
        ("nagy-ilona-expired", "246810", "lejárt", "has expired"),
        ("farkas-bence-passport", "123456", "nem CAN-kóddal nyitható", "does not open with a CAN"),
        ("qa-cloned-chip", "123456", "lehet, hogy másolat", "it may be a copy"),
        ("qa-wrong-aa-signature", "123456", "lehet, hogy másolat", "it may be a copy"),
    ],
)
def test_a_card_problem_the_chip_shows_gets_its_message_in_both_languages(
    qtbot: QtBot,
    open_wizard: Callable[[CardSource], WizardFrame],
    profile: str,
    can: str,
    expected_hu: str,
    expected_en: str,
) -> None:
    frame = open_wizard(VirtualCardSource(profile))
    error = read_and_wait(qtbot, frame, can)
    assert expected_hu in error
    assert frame.page_of(Step.CARD, CardPage).doc_edit.text() == ""
    assert not frame.next_button.isEnabled()
    frame.page_of(Step.CARD, CardPage).start_read()  # the same again, now in English
    switcher().set_language(Language.EN)
    qtbot.waitUntil(lambda: not frame.page_of(Step.CARD, CardPage).busy, timeout=15_000)
    qtbot.waitUntil(lambda: expected_en in frame.page_of(Step.CARD, CardPage).error, timeout=15_000)


@pytest.mark.parametrize(
    ("events", "expected", "status_words"),
    [
        ((monitor.ServiceState(False),), "kártyaolvasó-szolgáltatása nem fut", "nem fut"),
        ((monitor.ServiceState(True, ()),), "Nincs csatlakoztatott kártyaolvasó", "Nem található"),
        (
            (monitor.ServiceState(True, ("Olvasó 00 00",)), monitor.ReaderAdded("Olvasó 00 00")),
            "Helyezze a kártyát az olvasóra.",
            "Olvasó 00 00",
        ),
    ],
)
def test_reader_states_are_told_in_words_and_reading_says_what_to_do(
    qtbot: QtBot,
    open_wizard: Callable[[CardSource], WizardFrame],
    events: tuple[monitor.MonitorEvent, ...],
    expected: str,
    status_words: str,
) -> None:
    frame = open_wizard(pcsc_source(*events))
    qtbot.waitUntil(lambda: status_words in frame.status_label.text(), timeout=5000)
    assert status_words in frame.page_of(Step.CARD, CardPage).card_state_label.text()
    assert expected in read_and_wait(qtbot, frame, "123456")


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (ScriptedCard(error=NotAnEidError("no eMRTD application")), "nem elektronikus"),
        (ScriptedCard(error=PasswordBlockedError(retries_left=0)), "túl sokszor"),
        (
            ScriptedCard(result=read_result(pa=PassiveAuthentication.INVALID)),
            "hitelességét nem sikerült ellenőrizni",
        ),
    ],
)
def test_answers_no_test_chip_gives_are_refused_with_their_own_message(
    qtbot: QtBot,
    open_wizard: Callable[[CardSource], WizardFrame],
    card: ScriptedCard,
    expected: str,
) -> None:
    frame = open_wizard(card)
    assert expected in read_and_wait(qtbot, frame, "123456")
    assert frame.page_of(Step.CARD, CardPage).doc_edit.text() == ""


def test_reading_shows_each_step_in_words_and_can_be_stopped(
    qtbot: QtBot, open_wizard: Callable[[CardSource], WizardFrame]
) -> None:
    frame = open_wizard(VirtualCardSource("qa-slow"))
    page = frame.page_of(Step.CARD, CardPage)
    seen: list[str] = []
    page.progress.valueChanged.connect(lambda _v: seen.append(page.progress.format()))
    page.can_edit.setText("123456")
    qtbot.waitUntil(lambda: "Biztonságos csatorna…" in seen, timeout=10_000)
    assert seen[0] == "Kapcsolódás a kártyához…"
    assert page.cancel_read_button.isVisible()
    page.cancel_read_button.click()
    assert not page.busy
    assert "megszakadt" in page.error
    assert page.doc_edit.text() == ""


def test_the_progress_bar_follows_the_reads_own_step_list_each_phase_in_its_words(
    qtbot: QtBot, open_wizard: Callable[[CardSource], WizardFrame]
) -> None:
    frame = open_wizard(VirtualCardSource("kovacs-eva"))
    page = frame.page_of(Step.CARD, CardPage)
    assert page.progress.maximum() == len(PROGRESS)
    seen: list[tuple[int, str]] = []
    page.progress.valueChanged.connect(lambda v: seen.append((v, page.progress.format())))
    read_and_wait(qtbot, frame, "123456")
    assert [value for value, _words in seen] == list(range(len(PROGRESS)))
    assert [words for _value, words in seen] == [
        "Kapcsolódás a kártyához…",
        "Biztonságos csatorna…",
        "Adatok olvasása…",
        "Ellenőrzés…",
    ]


def test_the_document_id_read_from_the_card_is_marked_and_cannot_be_edited(
    qtbot: QtBot, open_wizard: Callable[[CardSource], WizardFrame]
) -> None:
    frame = open_wizard(VirtualCardSource("kovacs-eva"))
    read_and_wait(qtbot, frame, "123456")
    page = frame.page_of(Step.CARD, CardPage)
    assert page.doc_edit.text() == "201847KA"
    assert page.doc_edit.isReadOnly()
    assert page.from_card_badge.isVisible()
    assert frame.engine.data.document_from_card


def test_a_wrong_registration_code_says_how_many_tries_are_left(
    qtbot: QtBot, open_wizard: Callable[[CardSource], WizardFrame]
) -> None:
    frame = open_wizard(VirtualCardSource("kovacs-eva"))
    read_and_wait(qtbot, frame, "123456")
    frame.page_of(Step.CARD, CardPage).code_edit.setText("Q4mT7xR2kW8")
    frame.next_button.click()
    qtbot.waitUntil(lambda: frame.page_of(Step.CARD, CardPage).error != "", timeout=10_000)
    assert frame.current_step is Step.CARD
    assert (
        "4" in frame.page_of(Step.CARD, CardPage).error
    )  # attempts left, from the registry's own message


def test_when_reading_is_impossible_the_document_id_can_be_typed(
    qtbot: QtBot, open_wizard: Callable[[CardSource], WizardFrame]
) -> None:
    frame = open_wizard(pcsc_source(monitor.ServiceState(True, ())))
    page = frame.page_of(Step.CARD, CardPage)
    assert page.manual_check.isVisibleTo(frame)
    page.manual_check.setChecked(True)
    assert not page.doc_edit.isReadOnly()
    page.doc_edit.setText("201847KA")
    page.code_edit.setText("Q4mT7xR2kW9")
    frame.next_button.click()
    qtbot.waitUntil(lambda: frame.current_step is Step.VERIFY, timeout=10_000)
    assert not frame.engine.data.document_from_card


def test_config_can_turn_typing_the_document_id_off(
    qtbot: QtBot, file_config: Config, registry: RegistrationService
) -> None:
    from dataclasses import replace

    config = replace(file_config, card=CardConfig(allow_manual_entry=False))
    frame = make_frame(qtbot, assemble(config, registry, ScriptedCard()))
    try:
        assert not frame.page_of(Step.CARD, CardPage).manual_check.isVisibleTo(frame)
        assert frame.page_of(Step.CARD, CardPage).doc_edit.isReadOnly()
    finally:
        close_frame(frame)


def test_a_kiosk_does_not_allow_typing_the_document_id_by_default(
    qtbot: QtBot, file_config: Config, registry: RegistrationService
) -> None:
    services = assemble(file_config, registry, ScriptedCard(), kiosk=True)
    assert not services.options.allow_manual_entry


def _read_with(
    qtbot: QtBot, config: Config, registry: RegistrationService, card: CardSource
) -> tuple[str, str]:
    """Read the card with CAN 123456 in a wizard built from `config`: the error shown and
    the document ID the card page then holds."""
    frame = make_frame(qtbot, assemble(config, registry, card))
    try:
        frame.page_of(Step.START, StartPage).register_button.click()
        error = read_and_wait(qtbot, frame, "123456")
        return error, frame.page_of(Step.CARD, CardPage).doc_edit.text()
    finally:
        close_frame(frame)


def test_a_card_that_cannot_be_verified_is_refused_only_where_verification_is_required(
    qtbot: QtBot, file_config: Config, registry: RegistrationService, tmp_path: Path
) -> None:
    # A trust store without the virtual cards' (test) CSCA: the chain cannot be checked.
    untrusted = (tmp_path / "other-cscas",)
    untrusted[0].mkdir()
    for required, refused in ((False, False), (True, True)):
        config = dataclasses.replace(
            file_config,
            card=CardConfig(csca=untrusted, require_passive_authentication=required),
        )
        card = VirtualCardSource("kovacs-eva", csca=config.card.csca)
        error, document = _read_with(qtbot, config, registry, card)
        if refused:
            assert "nem lehetett ellenőrizni" in error
            assert document == ""
        else:
            assert error == ""
            assert document == "201847KA"


class ForgedChipSource(VirtualCardSource):
    """The real card layer reading a chip whose EF.CardAccess carries an OID arc of about
    4,200 decimal digits (too long for Python to print): hostile data before any PACE."""

    def read(self, can: Can, progress: Callable[[ReadStep], None]) -> ReadResult:
        from cardreader import tlv
        from cardreader.reader import read_document
        from tests.cardreader.hostile_chips import forged

        oid = tlv.encode(0x06, b"\x04\x00" + b"\xff" * 2000 + b"\x01")
        info = tlv.encode(0x30, oid + tlv.encode(0x02, b"\x02") + tlv.encode(0x02, b"\x0d"))
        chip = forged(card_access=tlv.encode(0x31, info))
        return read_document(chip, can, progress=progress)


def test_hostile_card_data_get_the_damaged_data_message_not_the_generic_one(
    qtbot: QtBot, open_wizard: Callable[[CardSource], WizardFrame]
) -> None:
    frame = open_wizard(ForgedChipSource())
    error = read_and_wait(qtbot, frame, "123456")
    assert "nem sikerült helyesen beolvasni" in error
    assert frame.page_of(Step.CARD, CardPage).doc_edit.text() == ""


def test_a_stopped_watch_hears_no_more_reader_changes_and_the_others_still_do() -> None:
    monitors: list[ScriptedMonitor] = []

    class Held(ScriptedMonitor):
        def __init__(self, on_event: Callable[[monitor.MonitorEvent], None]) -> None:
            super().__init__(on_event)
            monitors.append(self)

    # A stand-in with the monitor's shape, not a ReaderMonitor (no PC/SC here).
    source = PcscCardSource(monitor_factory=Held)  # type: ignore[arg-type]
    kept: list[CardStatus] = []
    stopped: list[CardStatus] = []
    source.watch(kept.append)
    watch = source.watch(stopped.append)
    monitors[0]._on_event(monitor.ServiceState(True, ("Olvasó 00 00",)))
    watch.stop()
    watch.stop()  # a second stop is harmless
    monitors[0]._on_event(monitor.ServiceState(False))
    assert [s.state for s in kept] == [CardState.NO_CARD, CardState.SERVICE_DOWN]
    assert [s.state for s in stopped] == [CardState.NO_CARD]


def test_a_frame_that_is_gone_no_longer_watches_its_card_source(
    qtbot: QtBot, file_config: Config, registry: RegistrationService
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    card = ScriptedCard()
    frame = WizardFrame(assemble(file_config, registry, card))
    assert card.watchers == 1
    frame.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(lambda: card.watchers == 0, timeout=2000)


def test_a_kiosk_requires_chip_authentication_by_default_and_home_does_not(
    file_config: Config, registry: RegistrationService
) -> None:
    assert assemble(
        file_config, registry, ScriptedCard(), kiosk=True
    ).options.require_chip_authentication
    assert not assemble(file_config, registry, ScriptedCard()).options.require_chip_authentication
    config = dataclasses.replace(file_config, card=CardConfig(require_chip_authentication=False))
    kiosk = assemble(config, registry, ScriptedCard(), kiosk=True)
    assert not kiosk.options.require_chip_authentication


def test_a_chip_without_chip_authentication_is_refused_only_where_it_is_required(
    qtbot: QtBot, file_config: Config, registry: RegistrationService, tmp_path: Path
) -> None:
    # Kovács Éva's card on a chip that offers neither Chip nor Active Authentication.
    from cardreader.virtual.profile import profiles_dir

    text = (profiles_dir() / "kovacs-eva.toml").read_text(encoding="utf-8")
    profile = tmp_path / "no-chip-authentication.toml"
    profile.write_text(text.replace('chip_authentication = "CA"', ""), encoding="utf-8")
    for required in (False, True):
        config = dataclasses.replace(
            file_config, card=CardConfig(require_chip_authentication=required)
        )
        error, document = _read_with(qtbot, config, registry, VirtualCardSource(str(profile)))
        if required:
            assert "nem tudja igazolni, hogy ez az eredeti chip" in error
            assert document == ""
        else:
            assert error == ""
            assert document == "201847KA"
