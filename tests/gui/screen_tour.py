"""Every screen of the wizard, in flow order, for the screenshots and the layout checks.

`tour` builds the real window (real registry on a temporary SQLite file, demo citizens, the
virtual card), goes through the flow as a person would and calls `at(name, window)` on each
screen once nothing is busy. Used by scripts/screenshots.py (saves each screen) and by
tests/gui/layout_probe.py (measures each screen) in a process of their own, so the screen
size and the scale factor are those the process was started with.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.app import assemble
from desktop.config import Config
from desktop.registry import RegistrationService, open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.wizard.card_source import VirtualCardSource
from desktop.wizard.engine import Step
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.email import EmailPage
from desktop.wizard.pages.start import StartPage
from desktop.wizard.pages.username import UsernamePage
from desktop.wizard.window import WizardWindow
from tests.gui.driver import Clock, EventLoopWaiter, Person, code_from

Visit = Callable[[str, WizardWindow], None]


def settle(app: QApplication) -> None:
    """Let layouts, LanguageChange and queued scrolls run."""
    for _ in range(4):
        app.processEvents()
        time.sleep(0.03)


def tour(lang: Language, at: Visit) -> None:
    """Go through every screen in `lang`, calling `at(name, window)` on each."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    waiter = EventLoopWaiter()
    switcher().set_language(lang)
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(data_dir=Path(tmp))
        clock = Clock()
        registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
        seed_demo(registry)
        window = WizardWindow(assemble(config, registry, VirtualCardSource("kovacs-eva")))
        window.show()
        frame = window.frame
        person = Person(waiter, frame, clock)

        def visit(name: str) -> None:
            waiter.waitUntil(lambda: not frame.current_page.busy, timeout=10_000)
            settle(app)
            at(name, window)

        try:
            visit("start")
            person.start_registration()
            visit("card-empty")
            frame.page_of(Step.CARD, CardPage).can_edit.setText("654321")
            waiter.waitUntil(lambda: frame.page_of(Step.CARD, CardPage).error != "", timeout=15_000)
            visit("card-wrong-can")
            frame.page_of(Step.CARD, CardPage).can_edit.setText("")
            person.identify()
            frame.back_button.click()
            visit("card-read")
            person.next(Step.VERIFY)
            visit("verify")
            person.next(Step.USERNAME)
            frame.page_of(Step.USERNAME, UsernamePage).edit.setText("Kis")
            visit("username-typing")
            frame.page_of(Step.USERNAME, UsernamePage).edit.setText("")
            person.choose_username("KisAnna")
            frame.page_of(Step.EMAIL, EmailPage).edit.setText("kis.anna@example.hu")
            frame.page_of(Step.EMAIL, EmailPage).repeat_edit.setText("kis.anna@example.h")
            visit("email-mismatch")
            frame.back_button.click()
            person.next(Step.EMAIL)
            person.give_email()
            visit("summary")
            person.register()
            frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
            frame.page_of(Step.ACTIVATION, ActivationPage).password_edit.setText("almafa")
            visit("activation-mailbox")
            frame.page_of(Step.ACTIVATION, ActivationPage).password_edit.setText("")
            person.activate(
                code_from(frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_view.toPlainText())
            )
            visit("second-factor")
            secret = person.confirm_second_factor()
            person.sign_in(secret, username="KisAnna")
            visit("done-signed-in")
            frame.wipe_session()
            frame.page_of(Step.START, StartPage).register_button.click()
            frame.help_button.setChecked(True)
            visit("card-help")
            frame.help_button.setChecked(False)
            frame.page_of(Step.CARD, CardPage).code_edit.setText("Q4mT")
            frame.request_cancel()
            visit("cancel-confirm")
            frame.wipe_session()
            frame.page_of(Step.START, StartPage).sign_in_button.click()
            visit("sign-in")
            _copied_chip(app, waiter, config, registry, at)
        finally:
            frame.tasks.cancel_all()
            frame.tasks.wait(10_000)
            window.close()
            registry.close()


def _copied_chip(
    app: QApplication,
    waiter: EventLoopWaiter,
    config: Config,
    registry: RegistrationService,
    at: Visit,
) -> None:
    """A copied chip (the QA profile qa-cloned-chip) refused with its own message."""
    window = WizardWindow(assemble(config, registry, VirtualCardSource("qa-cloned-chip")))
    window.show()
    frame = window.frame
    try:
        frame.page_of(Step.START, StartPage).register_button.click()
        frame.page_of(Step.CARD, CardPage).can_edit.setText("123456")
        waiter.waitUntil(lambda: frame.page_of(Step.CARD, CardPage).error != "", timeout=15_000)
        waiter.waitUntil(lambda: not frame.current_page.busy, timeout=10_000)
        settle(app)
        at("card-not-genuine", window)
    finally:
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
        window.close()
