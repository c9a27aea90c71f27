"""GUI test fixtures: the real registry on a SQLite file, the real virtual chip in process,
a real SMTP server on 127.0.0.1, and a driver that goes through the wizard like a person."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.config import Config, MailConfig, MailSecurity, MailTransport
from desktop.registry import RegistrationService, open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.wizard.card_source import VirtualCardSource
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.services import CardSource, WizardServices
from tests.gui.driver import Clock, Person


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


def virtual_card(profile: str = "kovacs-eva") -> VirtualCardSource:
    return VirtualCardSource(profile)


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
    services = assemble(config, registry, card)
    return make_frame(qtbot, services)


# --- SMTP ------------------------------------------------------------------------------------
class Inbox:
    """An aiosmtpd handler that keeps what it received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        content = envelope.content
        assert isinstance(content, bytes)
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


@pytest.fixture
def person(qtbot: QtBot, wizard: WizardFrame, clock: Clock) -> Person:
    return Person(qtbot, wizard, clock)


def wait_for(qtbot: QtBot, condition: Callable[[], bool], timeout: int = 10_000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)
