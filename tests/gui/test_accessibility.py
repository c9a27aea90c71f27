"""Keyboard, screen reader, font size, window size, small screens, and language switching."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.config import Config
from desktop.registry import RegistrationService
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.email import EmailPage
from desktop.wizard.pages.username import UsernamePage
from desktop.wizard.pages.verify import VerifyPage
from desktop.wizard.window import WizardWindow
from tests.gui.conftest import close_frame, virtual_card
from tests.gui.driver import Person

pytestmark = pytest.mark.gui

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit)


def interactive_widgets(frame: WizardFrame) -> list[QWidget]:
    return [w for w in frame.findChildren(QWidget) if isinstance(w, INTERACTIVE)]


@pytest.mark.parametrize("language", list(Language))
def test_every_interactive_widget_has_an_accessible_name_and_description(
    wizard: WizardFrame, language: Language
) -> None:
    wizard.build_all_pages()
    switcher().set_language(language)
    wizard.window().repaint()  # LanguageChange arrives through the event loop
    QApplication.processEvents()
    widgets = interactive_widgets(wizard)
    assert len(widgets) > 40
    unnamed = [w.objectName() or type(w).__name__ for w in widgets if not w.accessibleName()]
    assert unnamed == []
    undescribed = [
        w.objectName() or type(w).__name__
        for w in widgets
        if not w.accessibleDescription()
        and w is not wizard.help_button
        and not isinstance(w, QAbstractButton)  # a button's name says what it does
    ]
    assert undescribed == []


def test_every_field_has_a_label_that_points_at_it(wizard: WizardFrame) -> None:
    from PySide6.QtWidgets import QLabel

    wizard.build_all_pages()
    buddies = {label.buddy() for label in wizard.findChildren(QLabel) if label.buddy()}
    editable = [
        w for w in wizard.findChildren(QLineEdit) if w.parent() is not None and w.isEnabled()
    ]
    assert [w.objectName() for w in editable if w not in buddies] == []


def test_the_language_switch_changes_every_screen_at_once(person: Person) -> None:
    frame = person.frame
    expected = {
        Step.START: ("Ügyfélkapu-regisztráció", "Ügyfélkapu registration"),
        Step.CARD: ("Azonosítás indítása", "Start identification"),
        Step.VERIFY: ("Ellenőrzés", "Check"),
    }
    person.start_registration()

    def title_is(text: str) -> Callable[[], bool]:
        return lambda: frame.title_label.text() == text

    for step, (hu, en) in expected.items():
        frame.engine._current = step  # look at each screen as it is
        frame._show(step)
        assert frame.title_label.text() == hu
        # Qt delivers LanguageChange through the event loop: the next turn shows the language.
        frame.language_combo.setCurrentIndex(1)
        person.qtbot.waitUntil(title_is(en), timeout=1000)
        assert frame.cancel_button.text() == "Cancel"
        frame.language_combo.setCurrentIndex(0)
        person.qtbot.waitUntil(title_is(hu), timeout=1000)
        assert frame.cancel_button.text() == "Mégse"


def test_texts_typed_on_a_screen_survive_a_language_switch(person: Person) -> None:
    person.start_registration()
    person.identify()
    person.next(Step.USERNAME)
    frame = person.frame
    frame.page_of(Step.USERNAME, UsernamePage).edit.setText("ErdeiTünde")
    hungarian = list(frame.page_of(Step.USERNAME, UsernamePage).checklist.items)
    switcher().set_language(Language.EN)
    person.qtbot.waitUntil(lambda: frame.title_label.text() == "Choose a username", timeout=1000)
    assert frame.page_of(Step.USERNAME, UsernamePage).edit.text() == "ErdeiTünde"
    english = list(frame.page_of(Step.USERNAME, UsernamePage).checklist.items)
    assert [ok for ok, _ in english] == [ok for ok, _ in hungarian]
    assert all(en != hu for (_, en), (_, hu) in zip(english, hungarian, strict=True))
    assert (
        frame.page_of(Step.VERIFY, VerifyPage).form.fields["birth"].text()
        == "Debrecen, 14 March 1985"
    )


def test_enter_moves_on_and_escape_asks_before_cancelling(qtbot: QtBot, person: Person) -> None:
    frame = person.frame
    person.start_registration()
    person.identify()
    qtbot.keyClick(frame.page_of(Step.VERIFY, VerifyPage).form.fields["name"], Qt.Key.Key_Return)
    assert frame.current_step is Step.USERNAME
    frame.page_of(Step.USERNAME, UsernamePage).edit.setFocus()
    qtbot.keyClicks(frame.page_of(Step.USERNAME, UsernamePage).edit, "ErdeiTunde")
    qtbot.keyClick(frame.page_of(Step.USERNAME, UsernamePage).edit, Qt.Key.Key_Return)
    person.wait_step(Step.EMAIL)
    qtbot.keyClick(frame.page_of(Step.EMAIL, EmailPage).edit, Qt.Key.Key_Escape)
    assert frame.confirm_bar.isVisible()
    qtbot.keyClick(frame.confirm_no, Qt.Key.Key_Escape)
    assert not frame.confirm_bar.isVisible()
    # The keys moved the flow on; mypy still holds the step asserted above.
    assert frame.current_step is Step.EMAIL  # type: ignore[comparison-overlap]


def test_tab_goes_through_the_card_screen_in_reading_order(qtbot: QtBot, person: Person) -> None:
    person.start_registration()
    page = person.frame.page_of(Step.CARD, CardPage)
    page.manual_check.setChecked(True)  # every field editable, so every one takes focus
    order = [page.can_edit, page.read_button, page.doc_edit, page.manual_check, page.code_edit]
    order[0].setFocus()
    for here, there in itertools.pairwise(order):
        assert here.hasFocus(), here.objectName()
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        qtbot.waitUntil(there.hasFocus, timeout=1000)


def test_ctrl_plus_and_minus_scale_every_text(qtbot: QtBot, wizard: WizardFrame) -> None:
    field = wizard.page_of(Step.CARD, CardPage).can_edit

    def size(widget: QWidget) -> float:
        widget.ensurePolished()
        return widget.font().pointSizeF()

    base, title = size(field), size(wizard.title_label)
    assert title > base
    qtbot.keyClick(wizard, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(wizard, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert size(field) == pytest.approx(base * 1.2, abs=0.15)
    assert size(wizard.next_button) == pytest.approx(base * 1.2, abs=0.15)
    assert size(wizard.title_label) == pytest.approx(title * 1.2, abs=0.15)
    qtbot.keyClick(wizard, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert size(field) == pytest.approx(base * 1.1, abs=0.15)
    qtbot.keyClick(wizard, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert size(field) == pytest.approx(base, abs=0.15)


def test_help_opens_with_the_question_mark_and_f1(qtbot: QtBot, wizard: WizardFrame) -> None:
    assert not wizard.help_panel.isVisible()
    wizard.help_button.click()
    assert wizard.help_panel.isVisible()
    assert "eSzemélyi" in wizard.help_panel.text()
    qtbot.keyClick(wizard, Qt.Key.Key_F1)
    assert not wizard.help_panel.isVisible()


@pytest.mark.parametrize("step", [s for s in Step if s is not Step.SIGN_IN])
def test_each_screen_fits_1024x600_without_sideways_scrolling(
    qtbot: QtBot, wizard: WizardFrame, step: Step
) -> None:
    window = wizard.window()
    window.resize(1024, 600)
    wizard.engine._current = step
    wizard._show(step)
    qtbot.wait(10)
    scroll = wizard.content_scroll
    assert scroll.horizontalScrollBar().maximum() == 0
    assert wizard.next_button.isVisible() == wizard.current_page.shows_next()
    assert wizard.next_button.geometry().bottom() <= 600


def test_the_window_remembers_its_size(
    qtbot: QtBot, tmp_path: Path, file_config: Config, registry: RegistrationService
) -> None:
    settings = tmp_path / "window.ini"
    services = assemble(file_config, registry, virtual_card())
    first = WizardWindow(services, settings_path=settings)
    qtbot.addWidget(first)
    first.show()
    chosen = first.minimumSize() + QSize(20, 10)  # within any screen the window accepts
    first.resize(chosen)
    first.close()
    close_frame(first.frame)
    second = WizardWindow(services, settings_path=settings)
    qtbot.addWidget(second)
    assert second.size() == chosen
    close_frame(second.frame)
    assert QApplication.instance() is not None


def test_a_remembered_size_larger_than_the_screen_is_cut_to_the_screen(
    qtbot: QtBot, tmp_path: Path, file_config: Config, registry: RegistrationService
) -> None:
    settings = tmp_path / "window.ini"
    stored = QSettings(str(settings), QSettings.Format.IniFormat)
    stored.setValue("window/size", QSize(1600, 1000))
    stored.sync()
    window = WizardWindow(assemble(file_config, registry, virtual_card()), settings_path=settings)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
    assert window.minimumWidth() <= available.width() * 0.75
    assert window.minimumHeight() <= available.height() * 0.75
    close_frame(window.frame)
