"""Signing in after enrolment as a person meets it: the recovery code, a spent code, a refusal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.registry.totp import code_at
from desktop.wizard.engine import Step
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.second_factor import SecondFactorPage
from desktop.wizard.pages.sign_in import SignInPage
from desktop.wizard.pages.start import StartPage
from tests.gui.driver import PASSWORD, Person, code_from

pytestmark = pytest.mark.gui


def enrolled(person: Person) -> tuple[bytes, str]:
    """Register Éva up to the Done screen; her TOTP secret and her recovery code."""
    frame = person.frame
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    person.choose_username()
    person.give_email()
    person.register()
    frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
    person.activate(
        code_from(frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_view.toPlainText())
    )
    recovery = frame.page_of(Step.SECOND_FACTOR, SecondFactorPage).recovery_edit.text()
    return person.confirm_second_factor(), recovery


def press_sign_in(qtbot: QtBot, page: SignInPage) -> None:
    page.sign_in_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    qtbot.waitUntil(lambda: page.outcome.isVisible() or page.error != "", timeout=10_000)


def fill(qtbot: QtBot, page: SignInPage, code: str) -> None:
    """Type as on a keyboard, so the fields' length limits and validators apply."""
    for edit, text in (
        (page.username_edit, "ErdeiTünde"),
        (page.password_edit, PASSWORD),
        (page.code_edit, code),
    ):
        edit.clear()
        if text.isascii():
            qtbot.keyClicks(edit, text)
        else:
            edit.setText(text)  # QTest types ASCII only; the username is not the point here
    assert page.code_edit.text() == code, "the code field cut or refused what was typed"


@pytest.mark.parametrize("dashes", [True, False], ids=["with dashes", "without dashes"])
def test_the_recovery_code_signs_in_from_the_code_field(
    qtbot: QtBot, person: Person, dashes: bool
) -> None:
    _secret, recovery = enrolled(person)
    assert len(recovery) == 19
    typed = recovery if dashes else recovery.replace("-", "")
    page = person.frame.page_of(Step.DONE, SignInPage)
    fill(qtbot, page, typed)
    press_sign_in(qtbot, page)
    assert page.error == ""
    assert "Sikeres bejelentkezés" in page.outcome.text()


def test_the_code_just_used_for_the_confirmation_says_to_wait_for_the_next_one(
    qtbot: QtBot, person: Person
) -> None:
    secret, _recovery = enrolled(person)
    page = person.frame.page_of(Step.DONE, SignInPage)
    spent = code_at(secret, person.clock())  # what the app still shows: used to confirm
    fill(qtbot, page, spent)
    press_sign_in(qtbot, page)
    assert "már felhasználta" in page.error
    assert "30 másodperc" in page.error
    assert "felhasználónév, a jelszó vagy a kód nem megfelelő" not in page.error
    # The refusal keeps the username and the password; only the spent code is gone.
    assert page.username_edit.text() == "ErdeiTünde"
    assert page.password_edit.text() == PASSWORD
    assert page.code_edit.text() == ""
    # The focus is on the message, so a screen reader speaks it (announce.py).
    assert page.error_label.hasFocus()

    # The message follows a switch of language.
    switcher().set_language(Language.EN)
    qtbot.waitUntil(lambda: "already been used" in page.error, timeout=2_000)
    assert "already been used" in page.error_label.text()
    switcher().set_language(Language.HU)
    qtbot.waitUntil(lambda: "már felhasználta" in page.error_label.text(), timeout=2_000)

    # The next code works.
    person.clock.advance(30)
    qtbot.keyClicks(page.code_edit, code_at(secret, person.clock()))
    press_sign_in(qtbot, page)
    assert page.error == ""
    assert "Sikeres bejelentkezés" in page.outcome.text()


def test_a_wrong_password_keeps_the_username_and_password_and_clears_the_code(
    qtbot: QtBot, person: Person
) -> None:
    person.frame.page_of(Step.START, StartPage).sign_in_button.click()
    person.wait_step(Step.SIGN_IN)
    page = person.frame.page_of(Step.SIGN_IN, SignInPage)
    page.username_edit.setText("Senki")
    page.password_edit.setText("nem ez a jelszó")
    qtbot.keyClicks(page.code_edit, "123456")
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error != "", timeout=10_000)
    assert page.username_edit.text() == "Senki"
    assert page.password_edit.text() == "nem ez a jelszó"
    assert page.code_edit.text() == ""
