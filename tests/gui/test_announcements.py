"""What the wizard does so that a screen reader speaks: the Qt side of announce.py.

The screen reader's own view (AT-SPI events, Orca's speech) is tested in tests/screen_reader;
these check the same promises on the widgets, quickly and without a desktop.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.email import EmailPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.pages.summary import SummaryPage
from desktop.wizard.pages.username import UsernamePage
from desktop.wizard.pages.verify import VerifyPage
from tests.gui.driver import EVA_CAN, Person, code_from

pytestmark = pytest.mark.gui


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def test_an_error_takes_the_focus_and_is_named_by_its_whole_text(person: Person) -> None:
    person.start_registration()
    page = person.frame.page_of(Step.CARD, CardPage)
    page.start_read()  # no CAN typed yet
    assert focused() is page.error_label
    assert page.error_label.accessibleName() == "Hiba: Először írja be a CAN hat számjegyét."
    assert page.error_label.text().startswith("⚠ ")


def test_the_card_read_is_said_by_the_code_field_that_takes_the_focus(person: Person) -> None:
    person.start_registration()
    person.read_card(EVA_CAN)
    page = person.frame.page_of(Step.CARD, CardPage)
    person.qtbot.waitUntil(lambda: focused() is page.code_edit, timeout=5000)
    assert page.code_edit.accessibleDescription().startswith(
        "A kártyát beolvastuk, az okmányazonosító: 201847KA."
    )


def test_every_page_is_named_by_its_title_and_the_focus_lands_on_a_named_control(
    person: Person,
) -> None:
    frame = person.frame

    def check() -> None:
        assert frame.current_page.accessibleName() == frame.title_label.text()
        assert focused().accessibleName().strip(), type(focused()).__name__

    check()
    person.start_registration()
    check()
    person.identify()
    check()
    assert (
        focused() is frame.page_of(Step.VERIFY, VerifyPage).success
    )  # "Sikeres ellenőrzés…" is heard first
    person.next(Step.USERNAME)
    check()
    person.choose_username()
    check()
    person.give_email()
    check()
    person.register()
    check()
    assert (
        focused() is frame.page_of(Step.ACTIVATION, ActivationPage).result
    )  # "Sikeres regisztráció…"
    frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
    person.activate(
        code_from(frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_view.toPlainText())
    )
    check()
    person.confirm_second_factor()
    check()


def test_the_username_rules_still_unmet_lead_the_fields_description(person: Person) -> None:
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    edit = person.frame.page_of(Step.USERNAME, UsernamePage).edit
    edit.setText("Er")
    assert edit.accessibleDescription().startswith("Még nem teljesül: ")
    edit.setText("ErdeiTünde")
    assert edit.accessibleDescription() == "Minden szabály teljesül."


def test_the_email_fields_and_hint_say_which_problem_it_is(person: Person) -> None:
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    person.choose_username()
    page = person.frame.page_of(Step.EMAIL, EmailPage)
    page.edit.setText("kis.anna@")
    invalid = page.hint.accessibleName()
    assert invalid.startswith("Ez nem érvényes e-mail-cím")
    assert page.edit.accessibleDescription().startswith(invalid)
    page.edit.setText("kis.anna@example.hu")
    page.repeat_edit.setText("kis.anna@example.hx")
    differ = "A két cím nem egyezik. Ellenőrizze mindkettőt."
    assert page.hint.accessibleName() == differ
    assert page.repeat_edit.accessibleDescription().startswith(differ)
    page.repeat_edit.setText("kis.anna@example.hu")
    assert not page.hint.isVisible()
    assert not page.repeat_edit.accessibleDescription().startswith(differ)


def test_f1_help_is_read_out_and_esc_gives_the_focus_back(
    qtbot: QtBot, wizard: WizardFrame
) -> None:
    choice = wizard.page_of(Step.START, StartPage).register_button
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_F1)
    assert focused() is wizard.help_panel
    assert wizard.help_panel.accessibleName().startswith("Súgó: Az Ügyfélkapu")
    qtbot.keyClick(wizard.help_panel, Qt.Key.Key_Escape)
    assert not wizard.help_panel.isVisible()
    assert focused() is choice


def test_no_scroll_area_is_a_tab_stop_and_long_texts_are_read_only_text(
    qtbot: QtBot, wizard: WizardFrame
) -> None:
    wizard.build_all_pages()
    scrolls = wizard.findChildren(QScrollArea)
    assert scrolls
    qtbot.waitUntil(
        lambda: all(s.focusPolicy() is Qt.FocusPolicy.NoFocus for s in scrolls), timeout=2000
    )
    for view in (
        wizard.page_of(Step.SUMMARY, SummaryPage).privacy,
        wizard.page_of(Step.ACTIVATION, ActivationPage).mailbox_view,
    ):
        assert isinstance(view, QPlainTextEdit)
        assert view.isReadOnly()
        assert view.accessibleName()


def test_the_cancel_bar_is_named_by_its_question(person: Person) -> None:
    person.start_registration()
    person.identify()
    frame = person.frame
    frame.request_cancel()
    assert focused() is frame.confirm_no
    assert frame.confirm_bar.accessibleName().startswith("Megszakítja a regisztrációt?")
