"""A person going through the wizard, for pytest-qt tests and for subprocess drivers.

`Person` only needs something with `waitUntil(condition, timeout=ms)`: pytest-qt's `qtbot`,
or `EventLoopWaiter` in a plain process (the end-to-end flow through a private pcscd).
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from PySide6.QtTest import QTest

from desktop.registry.totp import code_at
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

ACTIVATION_CODE_RE = re.compile(r"^([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})$", re.M)
PASSWORD = "nyári almafa kék villamos"
EVA_CAN = "123456"
EVA_DOCUMENT = "201847KA"
EVA_CODE = "Q4mT7xR2kW9"
# What must never be left on screen after a wipe: every personal datum of Éva's session.
EVA_PERSONAL = (
    EVA_CAN,
    EVA_DOCUMENT,
    EVA_CODE,
    "Kovács",
    "Tóth Mária",
    "Debrecen",
    "ErdeiTünde",
    "kis.anna@example.hu",
    PASSWORD,
)


class Waiter(Protocol):
    def waitUntil(self, callback: Callable[[], bool], *, timeout: int = ...) -> None: ...


class EventLoopWaiter:
    """`waitUntil` for a process without pytest: runs the event loop until the condition."""

    def waitUntil(self, callback: Callable[[], bool], *, timeout: int = 5000) -> None:
        deadline = time.monotonic() + timeout / 1000
        while not callback():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met in time")
            QTest.qWait(10)


class Clock:
    """The registry's clock, moved by hand (TOTP codes are one per 30 s and never reused)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Person:
    """Drives the frame with the widgets a person uses, waiting for each answer."""

    qtbot: Waiter
    frame: WizardFrame
    clock: Clock

    def wait_step(self, step: Step, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: self.frame.current_step is step, timeout=timeout)

    def next(self, expect: Step, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(self.frame.next_button.isEnabled, timeout=timeout)
        self.frame.next_button.click()
        self.wait_step(expect, timeout)

    def start_registration(self) -> None:
        self.frame.page_of(Step.START, StartPage).register_button.click()
        self.wait_step(Step.CARD)

    def read_card(self, can: str = EVA_CAN, timeout: int = 15_000) -> None:
        page = self.frame.page_of(Step.CARD, CardPage)
        page.can_edit.setText(can)
        self.qtbot.waitUntil(
            lambda: page.doc_edit.text() != "" or page.error != "",
            timeout=timeout,
        )

    def identify(self, code: str = EVA_CODE) -> None:
        self.read_card()
        page = self.frame.page_of(Step.CARD, CardPage)
        assert page.doc_edit.text() == EVA_DOCUMENT, page.error
        page.code_edit.setText(code)
        self.next(Step.VERIFY)

    def choose_username(self, name: str = "ErdeiTünde") -> None:
        self.frame.page_of(Step.USERNAME, UsernamePage).edit.setText(name)
        self.next(Step.EMAIL)

    def give_email(self, address: str = "kis.anna@example.hu") -> None:
        page = self.frame.page_of(Step.EMAIL, EmailPage)
        page.edit.setText(address)
        page.repeat_edit.setText(address)
        self.next(Step.SUMMARY)

    def register(self) -> None:
        self.frame.page_of(Step.SUMMARY, SummaryPage).accept_check.setChecked(True)
        self.next(Step.ACTIVATION)

    def activate(self, code: str) -> None:
        page = self.frame.page_of(Step.ACTIVATION, ActivationPage)
        page.code_edit.setText(code)
        page.password_edit.setText(PASSWORD)
        page.repeat_edit.setText(PASSWORD)
        self.next(Step.SECOND_FACTOR)

    def totp(self) -> str:
        key = (
            self.frame.page_of(Step.SECOND_FACTOR, SecondFactorPage)
            .key_edit.text()
            .replace(" ", "")
        )
        return code_at(base64.b32decode(key), self.clock())

    def confirm_second_factor(self) -> bytes:
        page = self.frame.page_of(Step.SECOND_FACTOR, SecondFactorPage)
        key = page.key_edit.text().replace(" ", "")
        assert page.recovery_edit.text()
        assert not page.qr.pixmap().isNull()
        page.code_edit.setText(self.totp())
        page.saved_check.setChecked(True)
        self.next(Step.DONE)
        return base64.b32decode(key)

    def sign_in(self, secret: bytes, username: str = "ErdeiTünde") -> str:
        self.clock.advance(30)  # a TOTP code is accepted once; the next one comes 30 s later
        page = self.frame.page_of(Step.DONE, SignInPage)
        page.username_edit.setText(username)
        page.password_edit.setText(PASSWORD)
        page.code_edit.setText(code_at(secret, self.clock()))
        page.sign_in_button.click()
        self.qtbot.waitUntil(
            lambda: page.outcome.isVisible() or page.error != "",
            timeout=10_000,
        )
        assert page.error == ""
        return str(page.outcome.text())


def code_from(text: str) -> str:
    found = ACTIVATION_CODE_RE.search(text)
    assert found, "no activation code in the e-mail"
    return found.group(1)
