"""The whole registration, card to sign-in, as a person does it: real registry, virtual chip."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.registry import RegistrationService
from desktop.registry.models import MailStatus
from desktop.wizard.engine import Step
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.pages.verify import VerifyPage
from tests.gui.conftest import (
    SmtpServer,
    body_text,
    close_frame,
    make_frame,
    open_registry,
    virtual_card,
)
from tests.gui.driver import Clock, Person, code_from

pytestmark = pytest.mark.gui


def test_a_hungarian_person_registers_with_the_demo_mailbox_and_signs_in(person: Person) -> None:
    frame = person.frame
    assert frame.title_label.text() == "Ügyfélkapu-regisztráció"
    person.start_registration()
    assert frame.title_label.text() == "Azonosítás indítása"
    person.identify()
    assert frame.page_of(Step.VERIFY, VerifyPage).form.fields["name"].text() == "Kovács Éva Zsófia"
    assert frame.page_of(Step.VERIFY, VerifyPage).form.fields["mother"].text() == "Tóth Mária"
    assert (
        frame.page_of(Step.VERIFY, VerifyPage).form.fields["birth"].text()
        == "Debrecen, 1985. március 14."
    )
    assert (
        frame.page_of(Step.VERIFY, VerifyPage)
        .form.fields["address"]
        .text()
        .startswith("4025 Debrecen")
    )
    assert frame.page_of(Step.VERIFY, VerifyPage).form.fields["name"].isReadOnly()
    person.next(Step.USERNAME)
    person.choose_username()
    person.give_email()
    assert frame.next_button.text() == "Regisztráció"
    person.register()
    page = frame.page_of(Step.ACTIVATION, ActivationPage)
    assert "Sikeres regisztráció" in page.result.text()
    assert page.username_edit.text() == "ErdeiTünde"

    page.mailbox_button.click()
    mail = page.mailbox_view.toPlainText()
    assert "kis.anna@example.hu" in mail
    # Pasted without dashes and in lower case: the form takes it as the code.
    person.activate(code_from(mail).replace("-", "").lower())
    secret = person.confirm_second_factor()
    assert frame.title_label.text() == "Az Ügyfélkapu készen áll"
    outcome = person.sign_in(secret)
    assert "Sikeres bejelentkezés" in outcome
    assert "Kovács Éva Zsófia" in outcome


def test_an_english_person_registers_with_the_code_from_a_real_smtp_server(
    qtbot: QtBot, smtp: SmtpServer, tmp_path: Path, clock: Clock
) -> None:
    switcher().set_language(Language.EN)
    config = smtp.config(tmp_path / "data")
    registry = open_registry(config, clock)
    frame = make_frame(qtbot, assemble(config, registry, virtual_card()))
    try:
        person = Person(qtbot, frame, clock)
        assert frame.title_label.text() == "Ügyfélkapu registration"
        assert not frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.isVisibleTo(
            frame
        )  # SMTP: no demo box
        person.start_registration()
        assert frame.title_label.text() == "Start identification"
        person.identify()
        assert (
            frame.page_of(Step.VERIFY, VerifyPage).form.fields["birth"].text()
            == "Debrecen, 14 March 1985"
        )
        person.next(Step.USERNAME)
        person.choose_username()
        person.give_email()
        person.register()
        assert frame.engine.data.pending is not None
        assert frame.engine.data.pending.mail_status is MailStatus.SENT
        assert (
            "We sent the activation code"
            in frame.page_of(Step.ACTIVATION, ActivationPage).result.text()
        )
        qtbot.waitUntil(lambda: len(smtp.inbox.messages) == 1, timeout=5000)
        message = smtp.inbox.messages[0]
        assert message["To"] == "kis.anna@example.hu"
        person.activate(code_from(body_text(message)))
        secret = person.confirm_second_factor()
        assert frame.title_label.text() == "Ügyfélkapu is ready"
        assert "Signed in" in person.sign_in(secret)
    finally:
        close_frame(frame)
        registry.close()


def test_an_activation_started_earlier_is_finished_from_the_start_screen(
    person: Person, registry: RegistrationService
) -> None:
    # Registered in an earlier run of the app: the code is waiting in the outbox.
    verification = registry.verify("201847KA", "Q4mT7xR2kW9")
    registry.register(verification, "ErdeiTünde", "kis.anna@example.hu")
    frame = person.frame
    frame.page_of(Step.START, StartPage).activate_button.click()
    person.wait_step(Step.ACTIVATION)
    page = frame.page_of(Step.ACTIVATION, ActivationPage)
    assert page.username_edit.text() == ""
    page.username_edit.setText("ErdeiTünde")
    page.mailbox_button.click()
    person.activate(code_from(page.mailbox_view.toPlainText()))
    secret = person.confirm_second_factor()
    assert "Sikeres bejelentkezés" in person.sign_in(secret)
