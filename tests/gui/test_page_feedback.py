"""What a page says while a person types: the password meter, hints, messages, status lines."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.config import Config
from desktop.registry import RegistrationService
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.activation import ActivationPage, meter_level
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.email import EmailPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.services import PasswordStrength
from tests.gui.conftest import close_frame, make_frame, virtual_card
from tests.gui.driver import Clock, Person

pytestmark = pytest.mark.gui


def to_activation(person: Person) -> None:
    person.frame.page_of(Step.START, StartPage).activate_button.click()
    person.wait_step(Step.ACTIVATION)


@pytest.mark.parametrize("password", ["jelszo123", "almafa", "Password1", "qwertzuiop12"])
def test_a_password_the_rules_refuse_is_never_shown_as_fair_or_better(
    qtbot: QtBot, person: Person, password: str
) -> None:
    to_activation(person)
    page = person.frame.page_of(Step.ACTIVATION, ActivationPage)
    page.username_edit.setText("KisAnna")
    page.password_edit.setText(password)
    assert not page.policy.all_ok()
    assert page.policy.isVisible()
    assert page.meter.value() <= 1
    assert "közepes" not in page.meter.format()
    assert "erős" not in page.meter.format()
    assert "gyenge" in page.meter.format()


def test_an_accepted_password_shows_strong(qtbot: QtBot, person: Person) -> None:
    to_activation(person)
    page = person.frame.page_of(Step.ACTIVATION, ActivationPage)
    page.password_edit.setText("nyári almafa kék villamos")
    assert page.meter.value() >= 3
    assert "erős" in page.meter.format()


def test_the_empty_meter_says_what_it_is(qtbot: QtBot, person: Person) -> None:
    to_activation(person)
    page = person.frame.page_of(Step.ACTIVATION, ActivationPage)
    assert page.password_edit.text() == ""
    assert "Jelszóerősség" in page.meter.format()
    switcher().set_language(Language.EN)
    qtbot.waitUntil(
        lambda: page.meter.format() == "Password strength: nothing typed yet", timeout=2_000
    )


def test_the_meter_level_is_capped_while_refused_and_free_once_accepted() -> None:
    for score in range(5):
        refused = PasswordStrength(score=score, acceptable=False, reasons=())
        accepted = PasswordStrength(score=score, acceptable=True, reasons=())
        assert meter_level(refused) == min(score, 1)
        assert meter_level(accepted) == score


def test_the_email_problem_looks_like_every_other_problem(
    qtbot: QtBot, person: Person, wizard: WizardFrame
) -> None:
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    person.choose_username()
    page = wizard.page_of(Step.EMAIL, EmailPage)
    page.edit.setText("kis.anna@example.hu")
    page.repeat_edit.setText("kis.anna@example.h")
    assert page.hint.isVisible()
    assert page.hint.text().startswith("⚠")
    hint_colour = page.hint.palette().color(QPalette.ColorRole.WindowText)
    error_colour = page.error_label.palette().color(QPalette.ColorRole.WindowText)
    assert hint_colour == error_colour == QColor("#8a1c12")


def test_the_card_page_tells_the_reader_state_once(person: Person, wizard: WizardFrame) -> None:
    assert wizard.status_label.isVisible()  # the Start screen has it in the footer
    person.start_registration()
    page = wizard.page_of(Step.CARD, CardPage)
    assert page.card_state_label.isVisible()
    assert page.card_state_label.text()
    assert not wizard.status_label.isVisible()
    wizard.wipe_session()
    assert wizard.current_step is Step.START
    assert wizard.status_label.isVisible()


def test_a_message_shown_stays_true_after_a_language_switch(
    qtbot: QtBot, person: Person, wizard: WizardFrame
) -> None:
    person.start_registration()
    page = wizard.page_of(Step.CARD, CardPage)
    page.can_edit.setText("654321")  # a wrong CAN: the card refuses it
    qtbot.waitUntil(lambda: page.error != "", timeout=15_000)
    hungarian = page.error
    assert "CAN" in hungarian
    switcher().set_language(Language.EN)
    qtbot.waitUntil(lambda: page.error != hungarian, timeout=2_000)
    assert "CAN" in page.error
    assert page.error_label.text().endswith(page.error)
    switcher().set_language(Language.HU)
    qtbot.waitUntil(lambda: page.error == hungarian, timeout=2_000)


@pytest.mark.parametrize(
    ("today", "expired"),
    [(date(2031, 5, 20), False), (date(2031, 5, 21), True)],
    ids=["on the last day", "the day after"],
)
def test_the_card_page_judges_expiry_by_the_injected_budapest_today(
    qtbot: QtBot,
    file_config: Config,
    registry: RegistrationService,
    clock: Clock,
    today: date,
    expired: bool,
) -> None:
    services = dataclasses.replace(
        assemble(file_config, registry, virtual_card()), today=lambda: today
    )
    frame = make_frame(qtbot, services)
    try:
        person = Person(qtbot, frame, clock)
        person.start_registration()
        person.read_card()  # Éva's card is valid until 2031-05-20
        page = frame.page_of(Step.CARD, CardPage)
        if expired:
            assert "lejárt" in page.error
            assert page.doc_edit.text() == ""
        else:
            assert page.error == ""
            assert page.doc_edit.text() == "201847KA"
    finally:
        close_frame(frame)
