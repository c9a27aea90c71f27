"""The kiosk around the real wizard: real registry on SQLite, the virtual chip in process.

Each way a session ends must leave the screen as the next person should find it: Start, no
field holding anything, nothing to go Back to, no session object left in memory.
"""

from __future__ import annotations

import gc
import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cardreader.document import ReadResult, ReadStep
from cardreader.passwords import Can
from desktop.app import assemble
from desktop.config import Config
from desktop.kiosk.keyboard import KeyKind
from desktop.kiosk.launch import build_kiosk
from desktop.kiosk.shell import KioskWindow, SessionEnd
from desktop.registry import RegistrationService
from desktop.wizard.card_source import VirtualCardSource
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.email import EmailPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.pages.summary import SummaryPage
from desktop.wizard.pages.username import UsernamePage
from desktop.wizard.services import CardSource, CardState, CardStatus, Watch
from tests.gui.conftest import open_registry
from tests.gui.doubles import Unwatch
from tests.gui.driver import EVA_CAN, EVA_CODE, EVA_DOCUMENT, Clock, Person, code_from
from tests.kiosk.conftest import short_kiosk

pytestmark = pytest.mark.gui

USERNAME = "Tulipánfa"
EMAIL = "tulipan.fa@example.hu"
# Personal data of the session that appear in no fixed text of any screen.
PERSONAL = (
    EVA_DOCUMENT,
    EVA_CODE,
    "Kovács",
    "Éva Zsófia",
    "Tóth Mária",
    "Piac utca",
    USERNAME,
    EMAIL,
)


def screen_texts(root: QWidget, *, visible_only: bool = False) -> dict[str, str]:
    """Every text a person (or a screen reader) can get from the widgets under `root`."""
    texts: dict[str, str] = {}
    for w in root.findChildren(QWidget):
        if visible_only and not w.isVisibleTo(root):
            continue
        parts = [w.accessibleName(), w.accessibleDescription(), w.toolTip()]
        if isinstance(w, QLineEdit | QLabel | QAbstractButton):
            parts.append(w.text())
        if isinstance(w, QTextEdit | QPlainTextEdit):
            parts.append(w.toPlainText())
        if isinstance(w, QCheckBox):
            parts.append(str(w.isChecked()))
        texts[f"{type(w).__name__}:{w.objectName()}:{id(w)}"] = "\n".join(parts)
    return texts


def personal_data_on_screen(root: QWidget) -> list[str]:
    return [
        f"{where}: {datum}"
        for where, text in screen_texts(root).items()
        for datum in PERSONAL
        if datum in text
    ]


def touch(window: QWidget) -> None:
    """A finger on the screen: a real input event, which is what keeps a session alive."""
    pos = QPointF(window.width() / 2, window.height() / 2)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        pos,
        window.mapToGlobal(pos),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)


@dataclass
class Kiosk:
    window: KioskWindow
    person: Person

    @property
    def frame(self) -> WizardFrame:
        return self.person.frame

    def fill_in_personal_data(self) -> weakref.ref[object]:
        """Card, check, username and e-mail; returns a weak reference to the verification."""
        p = self.person
        p.start_registration()
        touch(self.window)
        p.identify()
        touch(self.window)
        verification = self.frame.engine.data.verification
        assert verification is not None
        ref: weakref.ref[object] = weakref.ref(verification)
        del verification
        p.next(Step.USERNAME)
        touch(self.window)
        p.choose_username(USERNAME)
        touch(self.window)
        page = self.frame.page_of(Step.EMAIL, EmailPage)
        page.edit.setText(EMAIL)
        page.repeat_edit.setText(EMAIL)
        touch(self.window)
        assert personal_data_on_screen(self.frame)
        return ref


@pytest.fixture
def make_kiosk(qtbot: QtBot, file_config: Config, clock: Clock) -> Iterator[Callable[..., Kiosk]]:
    opened: list[tuple[KioskWindow, RegistrationService]] = []

    def make(card: CardSource | None = None, **settings: object) -> Kiosk:
        registry = open_registry(file_config, clock)
        choice = card if card is not None else VirtualCardSource("kovacs-eva")
        services = assemble(file_config, registry, choice, kiosk=True)
        window = build_kiosk(services, short_kiosk(**settings))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.start(full_screen=False)
        qtbot.waitExposed(window)
        opened.append((window, registry))
        return Kiosk(window, Person(qtbot, window.session.frame, clock))  # type: ignore[attr-defined]

    yield make
    for window, registry in opened:
        window.shutdown()
        frame = window.session.frame  # type: ignore[attr-defined]
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
        window._exit_allowed = True
        registry.close()


def assert_wiped(kiosk: Kiosk, pristine: dict[str, str], verification: weakref.ref[object]) -> None:
    frame = kiosk.frame
    assert frame.current_step is Step.START
    assert not frame.engine.can_go_back()
    assert frame.engine.data.is_empty()
    assert personal_data_on_screen(kiosk.window) == []
    # Exactly what the next person would have seen anyway.
    assert screen_texts(frame, visible_only=True) == pristine
    for edit in frame.findChildren(QLineEdit):
        assert edit.text() == "" or edit.isReadOnly(), edit.objectName()
        assert not edit.isUndoAvailable(), edit.objectName()
    assert QGuiApplication.clipboard().text() == ""
    gc.collect()
    assert verification() is None, gc.get_referrers(verification())


def test_going_idle_warns_then_wipes_every_page_back_to_start(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    kiosk = make_kiosk(idle_seconds=3, warning_seconds=2)
    pristine = screen_texts(kiosk.frame, visible_only=True)
    verification = kiosk.fill_in_personal_data()
    QGuiApplication.clipboard().setText(EVA_CODE)
    with qtbot.waitSignal(kiosk.window.idle.warned, timeout=8000):
        pass
    assert kiosk.window.idle.prompt.isVisible()
    with qtbot.waitSignal(kiosk.window.session_ended, timeout=5000) as ended:
        pass
    assert ended.args == [SessionEnd.IDLE]
    assert_wiped(kiosk, pristine, verification)
    # Back leads nowhere: nothing of the previous person can be brought back.
    kiosk.frame.back_button.click()
    assert kiosk.frame.current_step is Step.START
    # Nothing personal was logged on the way, at any level.
    assert "session ended (idle)" in caplog.text
    assert [d for d in (*PERSONAL, EVA_CAN) if d in caplog.text] == []


def test_answering_the_idle_warning_keeps_the_session(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=3, warning_seconds=3)
    kiosk.fill_in_personal_data()
    with qtbot.waitSignal(kiosk.window.idle.warned, timeout=8000):
        pass
    qtbot.mouseClick(kiosk.window.idle.prompt.yes_button, Qt.MouseButton.LeftButton)
    assert kiosk.frame.current_step is Step.EMAIL
    assert kiosk.frame.page_of(Step.EMAIL, EmailPage).edit.text() == EMAIL
    assert kiosk.frame.engine.data.verification is not None


class RemovableVirtualCard:
    """The real virtual chip, read in process, on a "reader" it can be taken from.

    The in-process chip cannot leave a reader, so taking it away is reported to the watchers
    from another thread, as the PC/SC monitor does; the real removal through pcscd is in
    test_kiosk_reader_e2e.py.
    """

    reader = "Virtual PCD 00 00"

    def __init__(self) -> None:
        self._chip = VirtualCardSource("kovacs-eva")
        self._callbacks: list[Callable[[CardStatus], None]] = []
        self._present = True

    @property
    def is_virtual(self) -> bool:
        return False

    def status(self) -> CardStatus:
        state = CardState.CARD_PRESENT if self._present else CardState.NO_CARD
        return CardStatus(state, self.reader)

    def watch(self, callback: Callable[[CardStatus], None]) -> Watch:
        self._callbacks.append(callback)
        return Unwatch(self._callbacks, callback)

    def read(self, can: Can, progress: Callable[[ReadStep], None]) -> ReadResult:
        return self._chip.read(can, progress)

    def close(self) -> None:
        pass

    def set_present(self, present: bool) -> None:
        self._present = present
        status = self.status()
        worker = threading.Thread(target=lambda: [cb(status) for cb in self._callbacks])
        worker.start()
        worker.join()


def test_taking_the_card_after_it_was_read_wipes_the_session(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    card = RemovableVirtualCard()
    kiosk = make_kiosk(card=card, idle_seconds=60)
    pristine = screen_texts(kiosk.frame, visible_only=True)
    verification = kiosk.fill_in_personal_data()
    with qtbot.waitSignal(kiosk.window.session_ended, timeout=3000) as ended:
        card.set_present(False)
    assert ended.args == [SessionEnd.CARD_REMOVED]
    assert kiosk.window.notice.isVisible()
    # The next person's card: the status line is then as on the first Start screen.
    card.set_present(True)
    qtbot.waitUntil(lambda: kiosk.window.reader_words.startswith("Kártya az olvasón"), timeout=2000)
    assert_wiped(kiosk, pristine, verification)


def test_with_end_on_card_removal_off_the_flow_goes_on_without_the_card(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    card = RemovableVirtualCard()
    kiosk = make_kiosk(card=card, idle_seconds=60, end_on_card_removal=False)
    kiosk.fill_in_personal_data()
    card.set_present(False)
    qtbot.waitUntil(lambda: "Helyezze" in kiosk.window.reader_words, timeout=2000)
    assert kiosk.frame.current_step is Step.EMAIL
    kiosk.person.next(Step.SUMMARY)
    assert kiosk.frame.page_of(Step.SUMMARY, SummaryPage).isVisible()


def test_an_exception_in_a_page_wipes_the_session_and_the_kiosk_lives_on(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=60)
    pristine = screen_texts(kiosk.frame, visible_only=True)
    verification = kiosk.fill_in_personal_data()
    page = kiosk.frame.page_of(Step.EMAIL, EmailPage)

    def broken_commit() -> None:
        raise RuntimeError(f"injected fault holding {EMAIL}")

    page.commit = broken_commit  # type: ignore[method-assign]
    with qtbot.waitSignal(kiosk.window.session_ended, timeout=3000) as ended:
        QTimer.singleShot(0, kiosk.frame.next_button.click)  # a tap on Next, from the loop
    assert ended.args == [SessionEnd.ERROR]
    del page.commit  # the fault is gone; the next person's session works
    assert kiosk.window.notice.isVisible()
    assert "Traceback" not in kiosk.window.notice.text()
    assert_wiped(kiosk, pristine, verification)
    kiosk.person.start_registration()
    kiosk.person.identify()
    assert kiosk.frame.current_step is Step.VERIFY


def test_a_finished_registration_shows_the_done_screen_then_start(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=60, done_seconds=2)
    p = kiosk.person
    kiosk.fill_in_personal_data()
    p.next(Step.SUMMARY)
    p.register()
    page = kiosk.frame.page_of(Step.ACTIVATION, ActivationPage)
    page.mailbox_button.click()
    p.activate(code_from(page.mailbox_view.toPlainText()))
    p.confirm_second_factor()
    assert kiosk.frame.current_step is Step.DONE
    kiosk.frame.next_button.click()  # "Befejezés": the last screen is over
    assert kiosk.window.done_screen.isVisible()
    with qtbot.waitSignal(kiosk.window.session_ended, timeout=5000) as ended:
        pass
    assert ended.args == [SessionEnd.DONE]
    assert not kiosk.window.done_screen.isVisible()
    # The flow moved on through the UI; mypy still holds the step asserted above.
    assert kiosk.frame.current_step is Step.START  # type: ignore[comparison-overlap]
    assert personal_data_on_screen(kiosk.window) == []


def test_typing_the_document_id_by_hand_is_off_at_a_kiosk(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk(idle_seconds=60)
    kiosk.person.start_registration()
    assert not kiosk.frame.page_of(Step.CARD, CardPage).manual_check.isVisibleTo(kiosk.frame)
    assert not kiosk.frame.services.options.allow_manual_entry


def test_the_on_screen_keyboard_types_into_the_wizard(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=60, on_screen_keyboard=True)
    keyboard = kiosk.window.keyboard
    assert keyboard is not None
    p = kiosk.person
    p.start_registration()
    p.identify()
    p.next(Step.USERNAME)
    edit = kiosk.frame.page_of(Step.USERNAME, UsernamePage).edit
    edit.setFocus()
    qtbot.waitUntil(keyboard.isVisible, timeout=2000)
    qtbot.mouseClick(keyboard.special_button(KeyKind.SHIFT), Qt.MouseButton.LeftButton)
    for char in "tulipánfa":
        qtbot.mouseClick(keyboard.button_for(char), Qt.MouseButton.LeftButton)
    assert edit.text() == USERNAME
    kiosk.window.end_session(SessionEnd.ATTENDANT)
    assert not keyboard.shifted
    qtbot.waitUntil(lambda: not keyboard.isVisible(), timeout=2000)


def test_the_attendant_panel_tells_the_reader_state_in_words(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=60)
    kiosk.window.panel.open()
    assert "Virtuális kártya" in kiosk.window.panel.reader_label.text()
    assert "fájlba" in kiosk.window.panel.mail_label.text()


def test_the_demo_mailbox_never_shows_the_previous_persons_mail(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=60)
    kiosk.fill_in_personal_data()
    kiosk.person.next(Step.SUMMARY)
    kiosk.person.register()
    page = kiosk.frame.page_of(Step.ACTIVATION, ActivationPage)
    page.mailbox_button.click()
    code = code_from(page.mailbox_view.toPlainText())  # the person's own mail: shown
    kiosk.window.end_session(SessionEnd.IDLE)

    # The next person wants to finish an activation of their own.
    kiosk.frame.page_of(Step.START, StartPage).activate_button.click()
    kiosk.person.wait_step(Step.ACTIVATION)
    page.mailbox_button.click()
    shown = page.mailbox_view.toPlainText()
    assert code not in shown
    assert EMAIL not in shown
    assert shown == "A bemutató postafiók üres."


def test_the_next_person_starts_in_hungarian_at_the_kiosks_text_size(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    kiosk = make_kiosk(idle_seconds=60)
    kiosk_scale = kiosk.frame.font_scale
    kiosk.frame.language_combo.setCurrentIndex(1)  # English
    kiosk.frame.scale_fonts(+1)
    kiosk.person.start_registration()
    assert kiosk.frame.title_label.text() == "Start identification"
    kiosk.window.end_session(SessionEnd.IDLE)
    # Qt delivers the language change as an event: the screen follows a moment later.
    qtbot.waitUntil(
        lambda: kiosk.frame.title_label.text() == "Ügyfélkapu-regisztráció", timeout=2000
    )
    assert kiosk.frame.font_scale == pytest.approx(kiosk_scale)


def test_taking_the_card_on_the_ready_screen_ends_the_session_without_alarm(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk]
) -> None:
    card = RemovableVirtualCard()
    kiosk = make_kiosk(card=card, idle_seconds=60)
    p = kiosk.person
    kiosk.fill_in_personal_data()
    p.next(Step.SUMMARY)
    p.register()
    page = kiosk.frame.page_of(Step.ACTIVATION, ActivationPage)
    page.mailbox_button.click()
    p.activate(code_from(page.mailbox_view.toPlainText()))
    p.confirm_second_factor()
    assert kiosk.frame.current_step is Step.DONE
    with qtbot.waitSignal(kiosk.window.session_ended, timeout=3000) as ended:
        card.set_present(False)
    assert ended.args == [SessionEnd.DONE]
    assert not kiosk.window.notice.isVisible()
    # The flow moved on through the UI; mypy still holds the step asserted above.
    assert kiosk.frame.current_step is Step.START  # type: ignore[comparison-overlap]
    assert personal_data_on_screen(kiosk.window) == []
