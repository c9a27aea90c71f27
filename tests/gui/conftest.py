"""GUI test fixtures: the real registry on a SQLite file, the real virtual chip in process,
a real SMTP server on 127.0.0.1, and a driver that goes through the wizard like a person."""

from __future__ import annotations

import base64
import email
import email.policy
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import CardChoice, assemble
from desktop.config import Config, MailConfig, MailSecurity, MailTransport
from desktop.registry import RegistrationService, open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.registry.totp import code_at
from desktop.wizard.card_source import VirtualCardSource
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.services import CardSource, VirtualCardReason, WizardServices

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


class Clock:
    """The registry's clock, moved by hand (TOTP codes are one per 30 s and never reused)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def hungarian_first(qapp: QApplication) -> Iterator[None]:
    """Each test starts in Hungarian, the app's default, and leaves it that way."""
    switcher().set_language(Language.HU)
    yield
    switcher().set_language(Language.HU)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def file_config(tmp_path: Path) -> Config:
    return Config(data_dir=tmp_path / "data")


def open_registry(config: Config, clock: Clock) -> RegistrationService:
    registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    return registry


@pytest.fixture
def registry(file_config: Config, clock: Clock) -> Iterator[RegistrationService]:
    svc = open_registry(file_config, clock)
    yield svc
    svc.close()


def virtual_card(profile: str = "kovacs-eva") -> CardChoice:
    return CardChoice(VirtualCardSource(profile), VirtualCardReason.REQUESTED)


def make_frame(qtbot: QtBot, services: WizardServices) -> WizardFrame:
    frame = WizardFrame(services)
    qtbot.addWidget(frame)
    frame.resize(1024, 600)
    frame.show()
    qtbot.waitExposed(frame)
    return frame


def close_frame(frame: WizardFrame) -> None:
    frame.tasks.cancel_all()
    frame.tasks.wait(10_000)


@pytest.fixture
def wizard(
    qtbot: QtBot, file_config: Config, registry: RegistrationService
) -> Iterator[WizardFrame]:
    """The wizard on the embedded default: real registry, file outbox, virtual card."""
    frame = make_frame(qtbot, assemble(file_config, registry, virtual_card()))
    yield frame
    close_frame(frame)


def wizard_with_card(
    qtbot: QtBot, config: Config, registry: RegistrationService, card: CardSource
) -> WizardFrame:
    services = assemble(config, registry, CardChoice(card, None))
    return make_frame(qtbot, services)


# --- SMTP ------------------------------------------------------------------------------------
class Inbox:
    """An aiosmtpd handler that keeps what it received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        content: bytes = envelope.content
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox = field(default_factory=Inbox)

    def config(self, data_dir: Path) -> Config:
        return Config(
            data_dir=data_dir,
            mail=MailConfig(
                transport=MailTransport.SMTP,
                host="127.0.0.1",
                port=self.port,
                security=MailSecurity.NONE,
            ),
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    controller = Controller(
        server.inbox, hostname="127.0.0.1", port=server.port, enable_SMTPUTF8=True
    )
    controller.start()
    yield server
    controller.stop()


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content()).replace("\r\n", "\n")


# --- a person going through the wizard -------------------------------------------------------
@dataclass
class Person:
    """Drives the frame with the widgets a person uses, waiting for each answer."""

    qtbot: QtBot
    frame: WizardFrame
    clock: Clock

    def wait_step(self, step: Step, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: self.frame.current_step is step, timeout=timeout)

    def next(self, expect: Step, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(self.frame.next_button.isEnabled, timeout=timeout)
        self.frame.next_button.click()
        self.wait_step(expect, timeout)

    def start_registration(self) -> None:
        self.frame.start_page.register_button.click()
        self.wait_step(Step.CARD)

    def read_card(self, can: str = EVA_CAN, timeout: int = 15_000) -> None:
        page = self.frame.card_page
        page.can_edit.setText(can)
        self.qtbot.waitUntil(
            lambda: page.doc_edit.text() != "" or page.error != "",
            timeout=timeout,
        )

    def identify(self, code: str = EVA_CODE) -> None:
        self.read_card()
        page = self.frame.card_page
        assert page.doc_edit.text() == EVA_DOCUMENT, page.error
        page.code_edit.setText(code)
        self.next(Step.VERIFY)

    def choose_username(self, name: str = "ErdeiTünde") -> None:
        self.frame.username_page.edit.setText(name)
        self.next(Step.EMAIL)

    def give_email(self, address: str = "kis.anna@example.hu") -> None:
        page = self.frame.email_page
        page.edit.setText(address)
        page.repeat_edit.setText(address)
        self.next(Step.SUMMARY)

    def register(self) -> None:
        self.frame.summary_page.accept_check.setChecked(True)
        self.next(Step.ACTIVATION)

    def activate(self, code: str) -> None:
        page = self.frame.activation_page
        page.code_edit.setText(code)
        page.password_edit.setText(PASSWORD)
        page.repeat_edit.setText(PASSWORD)
        self.next(Step.SECOND_FACTOR)

    def totp(self) -> str:
        key = self.frame.second_factor_page.key_edit.text().replace(" ", "")
        return code_at(base64.b32decode(key), self.clock())

    def confirm_second_factor(self) -> bytes:
        page = self.frame.second_factor_page
        key = page.key_edit.text().replace(" ", "")
        assert page.recovery_edit.text()
        assert not page.qr.pixmap().isNull()
        page.code_edit.setText(self.totp())
        page.saved_check.setChecked(True)
        self.next(Step.DONE)
        return base64.b32decode(key)

    def sign_in(self, secret: bytes, username: str = "ErdeiTünde") -> str:
        self.clock.advance(30)  # a TOTP code is accepted once; the next one comes 30 s later
        page = self.frame.done_page
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


@pytest.fixture
def person(qtbot: QtBot, wizard: WizardFrame, clock: Clock) -> Person:
    return Person(qtbot, wizard, clock)


def code_from(text: str) -> str:
    found = ACTIVATION_CODE_RE.search(text)
    assert found, "no activation code in the e-mail"
    return found.group(1)


def wait_for(qtbot: QtBot, condition: Callable[[], bool], timeout: int = 10_000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)
