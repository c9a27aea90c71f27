"""The registry's refusals and the mail server being away, as the person sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pytestqt.qtbot import QtBot

from desktop.app import assemble, keep_sending_mail
from desktop.registry import RegistrationService
from desktop.registry.models import MailStatus
from desktop.wizard.engine import Step
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.username import UsernamePage
from tests.gui.conftest import (
    SmtpServer,
    close_frame,
    free_port,
    make_frame,
    open_registry,
    virtual_card,
)
from tests.gui.driver import Clock, Person

pytestmark = pytest.mark.gui


def test_too_many_wrong_registration_codes_say_when_the_lock_ends(person: Person) -> None:
    person.start_registration()
    person.read_card()
    page = person.frame.page_of(Step.CARD, CardPage)
    messages: list[str] = []
    for _ in range(6):
        page.code_edit.setText("Q4mT7xR2kW8")
        person.frame.next_button.click()
        person.qtbot.waitUntil(lambda: not page.busy and page.error != "", timeout=10_000)
        messages.append(page.error)
        page.set_error("")
    assert person.frame.current_step is Step.CARD
    assert any(ch.isdigit() for ch in messages[0])  # attempts left
    assert "-ig minden ellenőrzés" in messages[-1]  # when the slowed-down lock ends, in words


def test_a_username_already_taken_is_refused_before_going_on(
    person: Person, registry: RegistrationService
) -> None:
    other = registry.verify("318205BD", "H8pZ3nV6cL2")
    registry.register(other, "ErdeiTünde", "gyorgy@example.hu")
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    frame = person.frame
    frame.page_of(Step.USERNAME, UsernamePage).edit.setText("ErdeiTünde")
    frame.next_button.click()
    person.qtbot.waitUntil(
        lambda: frame.page_of(Step.USERNAME, UsernamePage).error != "", timeout=10_000
    )
    assert frame.current_step is Step.USERNAME


def test_a_wrong_activation_code_keeps_the_form_and_says_so(person: Person) -> None:
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    person.choose_username()
    person.give_email()
    person.register()
    page = person.frame.page_of(Step.ACTIVATION, ActivationPage)
    page.code_edit.setText("AAAA-BBBB-CCCC")
    page.password_edit.setText("nyári almafa kék villamos")
    page.repeat_edit.setText("nyári almafa kék villamos")
    person.frame.next_button.click()
    person.qtbot.waitUntil(lambda: page.error != "", timeout=10_000)
    assert person.frame.current_step is Step.ACTIVATION
    assert page.username_edit.text() == "ErdeiTünde"


def test_with_the_mail_server_away_the_code_is_queued_and_sent_when_it_is_back(
    qtbot: QtBot, tmp_path: Path, clock: Clock
) -> None:
    port = free_port()  # nothing listens here yet
    server = SmtpServer(port)
    config = server.config(tmp_path / "data")
    registry = open_registry(config, clock)
    frame = make_frame(qtbot, assemble(config, registry, virtual_card()))
    retry = keep_sending_mail(frame.tasks, registry.deliver_queued, frame)
    try:
        person = Person(qtbot, frame, clock)
        person.start_registration()
        person.identify()
        person.next(Step.USERNAME)
        person.choose_username()
        person.give_email()
        person.register()
        assert frame.engine.data.pending is not None
        assert frame.engine.data.pending.mail_status is MailStatus.QUEUED
        assert "tovább próbálkozunk" in frame.page_of(Step.ACTIVATION, ActivationPage).result.text()

        controller = Controller(server.inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            clock.advance(120)  # past the outbox's first retry time
            retry()  # what the app's timer does every 30 s
            qtbot.waitUntil(lambda: len(server.inbox.messages) == 1, timeout=10_000)
        finally:
            controller.stop()
        assert server.inbox.messages[0]["To"] == "kis.anna@example.hu"
    finally:
        close_frame(frame)
        registry.close()
