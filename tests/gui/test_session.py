"""Back and Next keep what was typed; Cancel and Start wipe every personal datum."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.email import EmailPage
from desktop.wizard.pages.second_factor import SecondFactorPage
from desktop.wizard.pages.sign_in import SignInPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.pages.summary import SummaryPage
from desktop.wizard.pages.username import UsernamePage
from desktop.wizard.pages.verify import VerifyPage
from tests.gui.driver import EVA_PERSONAL, Person, code_from

pytestmark = pytest.mark.gui


def texts_on_screen(frame: WizardFrame) -> list[str]:
    """Every text any widget of the wizard holds, shown or not."""
    found: list[str] = []
    for widget in frame.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            found.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
        elif isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        found.append(widget.accessibleName())
        found.append(widget.accessibleDescription())
    return found


def assert_nothing_personal(frame: WizardFrame) -> None:
    on_screen = "\n".join(texts_on_screen(frame))
    for datum in EVA_PERSONAL:
        assert datum not in on_screen, f"{datum!r} is still in a widget"
    assert frame.engine.data.is_empty()
    assert frame.current_step is Step.START


def fill_until_summary(person: Person) -> None:
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    person.choose_username()
    person.give_email()


def test_back_and_next_keep_everything_that_was_typed(person: Person) -> None:
    fill_until_summary(person)
    frame = person.frame
    frame.back_button.click()
    assert frame.current_step is Step.EMAIL
    assert frame.page_of(Step.EMAIL, EmailPage).edit.text() == "kis.anna@example.hu"
    assert frame.page_of(Step.EMAIL, EmailPage).repeat_edit.text() == "kis.anna@example.hu"
    frame.back_button.click()
    assert frame.page_of(Step.USERNAME, UsernamePage).edit.text() == "ErdeiTünde"
    frame.back_button.click()
    frame.back_button.click()
    # Back moved the flow on; mypy still holds the step asserted above.
    assert frame.current_step is Step.CARD  # type: ignore[comparison-overlap]
    assert frame.page_of(Step.CARD, CardPage).can_edit.text() == "123456"
    assert frame.page_of(Step.CARD, CardPage).doc_edit.text() == "201847KA"
    assert frame.page_of(Step.CARD, CardPage).code_edit.text() == "Q4mT7xR2kW9"
    person.next(Step.VERIFY)
    person.next(Step.USERNAME)
    assert frame.page_of(Step.USERNAME, UsernamePage).edit.text() == "ErdeiTünde"
    person.next(Step.EMAIL)
    person.next(Step.SUMMARY)
    assert (
        frame.page_of(Step.SUMMARY, SummaryPage).form.fields["email"].text()
        == "kis.anna@example.hu"
    )


def test_cancel_asks_first_and_no_keeps_the_session(person: Person) -> None:
    fill_until_summary(person)
    frame = person.frame
    frame.cancel_button.click()
    assert frame.confirm_bar.isVisible()
    frame.confirm_no.click()
    assert not frame.confirm_bar.isVisible()
    assert frame.current_step is Step.SUMMARY
    assert frame.engine.data.username == "ErdeiTünde"


def test_cancel_wipes_every_personal_datum_from_every_widget_and_memory(person: Person) -> None:
    fill_until_summary(person)
    person.register()
    frame = person.frame
    frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
    frame.page_of(Step.ACTIVATION, ActivationPage).password_edit.setText(
        "nyári almafa kék villamos"
    )
    frame.cancel_button.click()
    frame.confirm_yes.click()
    assert_nothing_personal(frame)


def test_escape_asks_and_enter_on_yes_wipes(qtbot: QtBot, person: Person) -> None:
    person.start_registration()
    person.identify()
    frame = person.frame
    qtbot.keyClick(frame.page_of(Step.VERIFY, VerifyPage), Qt.Key.Key_Escape)
    assert frame.confirm_bar.isVisible()
    frame.confirm_yes.setFocus()
    qtbot.keyClick(frame.confirm_yes, Qt.Key.Key_Return)
    assert_nothing_personal(frame)


def test_back_to_start_asks_like_cancel_and_then_wipes(person: Person) -> None:
    person.start_registration()
    frame = person.frame
    frame.page_of(Step.CARD, CardPage).can_edit.setText("123456")
    person.qtbot.waitUntil(
        lambda: frame.page_of(Step.CARD, CardPage).doc_edit.text() != "", timeout=10_000
    )
    frame.back_button.click()
    assert frame.confirm_bar.isVisible()
    frame.confirm_yes.click()
    assert_nothing_personal(frame)


def test_the_secret_key_and_recovery_code_leave_the_screen_once_confirmed(
    person: Person,
) -> None:
    fill_until_summary(person)
    person.register()
    frame = person.frame
    frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
    person.activate(
        code_from(frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_view.toPlainText())
    )
    key = frame.page_of(Step.SECOND_FACTOR, SecondFactorPage).key_edit.text()
    recovery = frame.page_of(Step.SECOND_FACTOR, SecondFactorPage).recovery_edit.text()
    person.confirm_second_factor()
    on_screen = "\n".join(texts_on_screen(frame))
    assert key not in on_screen
    assert recovery not in on_screen
    assert frame.engine.data.enrolment is None
    assert frame.engine.data.password == ""


def test_finish_on_the_last_screen_returns_to_a_clean_start(person: Person) -> None:
    frame = person.frame
    frame.page_of(Step.START, StartPage).sign_in_button.click()
    person.wait_step(Step.SIGN_IN)
    frame.page_of(Step.SIGN_IN, SignInPage).username_edit.setText("ErdeiTünde")
    frame.next_button.click()
    assert_nothing_personal(frame)


def test_no_secret_of_the_whole_flow_reaches_a_log(
    person: Person, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    person.start_registration()
    person.read_card("654321")  # a wrong CAN first: failures are logged, their secrets not
    person.identify()
    # The session knows only that a CAN was typed, never the digits.
    assert person.frame.engine.data.can_entered
    assert "654321" not in repr(vars(person.frame.engine.data))
    assert "123456" not in repr(vars(person.frame.engine.data))
    person.next(Step.USERNAME)
    person.choose_username()
    person.give_email()
    person.register()
    frame = person.frame
    frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
    code = code_from(frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_view.toPlainText())
    person.activate(code)
    key = frame.page_of(Step.SECOND_FACTOR, SecondFactorPage).key_edit.text().replace(" ", "")
    recovery = frame.page_of(Step.SECOND_FACTOR, SecondFactorPage).recovery_edit.text()
    secret = person.confirm_second_factor()
    person.sign_in(secret)
    logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert any(r.name.startswith("desktop.wizard") for r in caplog.records)
    secrets = ("123456", "654321", "Q4mT7xR2kW9", "nyári almafa kék villamos", code, key, recovery)
    for value in secrets:
        assert value not in logged
