"""Mail through a real SMTP server (aiosmtpd on 127.0.0.1): the code is taken from the message
the server received. Also: the server away, then back; retries with backoff."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from desktop.config import Config, MailConfig, MailSecurity, MailTransport, RegistryConfig
from desktop.registry import RegistrationService, open_service, seed_demo
from desktop.registry.errors import MailDeliveryError
from desktop.registry.mail import SmtpTransport, compose_activation_mail
from desktop.registry.models import MailStatus
from desktop.registry.outbox import retry_delay
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import EVA, GYORGY, PASSWORD, FakeClock, activation_code_from, totp_now


class Inbox:
    """aiosmtpd handler keeping what it received."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[attr-defined]
        assert isinstance(parsed, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[attr-defined]
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    def __init__(self, port: int, *, auth: tuple[str, str] | None = None) -> None:
        self.port = port
        self.inbox = Inbox()
        kwargs: dict[str, Any] = {"enable_SMTPUTF8": True}
        if auth is not None:

            def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
                ok = (
                    isinstance(auth_data, LoginPassword)
                    and (auth_data.login.decode(), auth_data.password.decode()) == auth
                )
                return AuthResult(success=ok, handled=False)

            kwargs.update(authenticator=authenticator, auth_require_tls=False)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port, **kwargs)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


def smtp_config(tmp_path: Path, port: int, url: str | None = None, **mail: object) -> Config:
    """Mail through the SMTP server on `port`; the registry on SQLite, or at `url`."""
    return Config(
        data_dir=tmp_path / "data",
        registry=RegistryConfig(url=url),
        mail=MailConfig(
            transport=MailTransport.SMTP,
            host="127.0.0.1",
            port=port,
            security=MailSecurity.NONE,
            **mail,  # type: ignore[arg-type]
        ),
    )


@pytest.fixture
def smtp_service(
    tmp_path: Path, smtp: SmtpServer, clock: FakeClock, registry_url: str | None
) -> Iterator[RegistrationService]:
    svc = open_service(
        smtp_config(tmp_path, smtp.port, registry_url), clock=clock, password_params=FAST_FOR_TESTS
    )
    seed_demo(svc)
    yield svc
    svc.close()


def test_a_person_activates_and_signs_in_with_the_code_from_the_smtp_servers_message(
    smtp_service: RegistrationService, smtp: SmtpServer, clock: FakeClock
) -> None:
    pending = smtp_service.register(smtp_service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    assert pending.mail_status is MailStatus.SENT
    [(sender, recipients, msg)] = smtp.inbox.messages
    assert recipients == ["kis.anna@example.hu"]
    assert sender == "ugyfelkapu@ugyfelkapu.example"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    text = plain.get_content().replace("\r\n", "\n")
    code = activation_code_from(text)
    assert code in html.get_content()

    enrolment = smtp_service.activate("KisAnna", code, PASSWORD)
    smtp_service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))
    clock.advance(seconds=30)
    assert (
        smtp_service.sign_in("KisAnna", PASSWORD, totp_now(enrolment, clock())).username
        == "KisAnna"
    )
    assert smtp_service.queued_mail() == []


def test_an_international_address_is_delivered(
    smtp_service: RegistrationService, smtp: SmtpServer
) -> None:
    smtp_service.register(smtp_service.verify(*EVA), "KisAnna", "éva@példa.hu")
    [(_sender, recipients, _msg)] = smtp.inbox.messages
    assert recipients == ["éva@példa.hu"]


def test_with_the_smtp_server_down_the_account_is_created_and_the_mail_waits_for_deliver(
    tmp_path: Path, clock: FakeClock
) -> None:
    port = free_port()  # nothing listens here yet
    with open_service(
        smtp_config(tmp_path, port), clock=clock, password_params=FAST_FOR_TESTS
    ) as svc:
        seed_demo(svc)
        pending = svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        assert pending.mail_status is MailStatus.QUEUED
        assert [a.username for a in svc.accounts()] == ["KisAnna"]
        [queued] = svc.queued_mail()
        assert queued.attempts == 1
        assert queued.next_attempt_at == clock() + retry_delay(1)
        assert "cannot be reached" in (queued.last_error or "")

        # Not due yet: an automatic run leaves it alone.
        assert svc.deliver_queued().sent == 0
        server = SmtpServer(port)
        server.start()
        try:
            clock.advance(seconds=31)
            report = svc.deliver_queued()
            assert (report.sent, report.failed) == (1, 0)
            [(_s, recipients, msg)] = server.inbox.messages
            assert recipients == ["kis.anna@example.hu"]
            code = activation_code_from(
                msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
            )
            svc.activate("KisAnna", code, PASSWORD)
        finally:
            server.stop()
        assert svc.queued_mail() == []


def test_failed_deliveries_back_off_exponentially_up_to_an_hour(
    tmp_path: Path, clock: FakeClock
) -> None:
    assert [retry_delay(n).total_seconds() for n in range(1, 9)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
    ]
    port = free_port()
    with open_service(
        smtp_config(tmp_path, port), clock=clock, password_params=FAST_FOR_TESTS
    ) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        for attempt in range(2, 5):
            clock.advance(seconds=retry_delay(attempt - 1).total_seconds())
            assert svc.deliver_queued().failed == 1
            [queued] = svc.queued_mail()
            assert queued.attempts == attempt
            assert queued.next_attempt_at == clock() + retry_delay(attempt)
        # A forced run (ugyfelkapu-admin deliver) does not wait for the schedule.
        assert svc.deliver_queued(force=True).failed == 1


def test_smtp_login_takes_the_password_from_the_named_environment_variable(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = SmtpServer(free_port(), auth=("ugyfelkapu", "s3cret-smtp"))
    server.start()
    try:
        monkeypatch.setenv("UGYFELKAPU_SMTP_PASSWORD", "s3cret-smtp")
        config = smtp_config(
            tmp_path, server.port, username="ugyfelkapu", password_env="UGYFELKAPU_SMTP_PASSWORD"
        )
        msg = compose_activation_mail(
            config.mail.sender,
            "kis.anna@example.hu",
            "KisAnna",
            "ABCD-EFGH-JK23",
            clock() + timedelta(days=5),
            clock(),
        )
        SmtpTransport(config.mail).send(msg)
        assert len(server.inbox.messages) == 1

        monkeypatch.setenv("UGYFELKAPU_SMTP_PASSWORD", "wrong")
        with pytest.raises(MailDeliveryError) as exc:
            SmtpTransport(config.mail).send(msg)
        assert "did not accept the login" in exc.value.message.en
        assert "wrong" not in str(exc.value)

        monkeypatch.delenv("UGYFELKAPU_SMTP_PASSWORD")
        with pytest.raises(MailDeliveryError) as missing:
            SmtpTransport(config.mail).send(msg)
        assert "UGYFELKAPU_SMTP_PASSWORD" in missing.value.message.en
    finally:
        server.stop()


def test_starttls_against_a_server_without_it_fails_cleanly_and_stays_queued(
    smtp: SmtpServer, tmp_path: Path, clock: FakeClock
) -> None:
    config = smtp_config(tmp_path, smtp.port)
    config = replace(config, mail=replace(config.mail, security=MailSecurity.STARTTLS))
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        pending = svc.register(svc.verify(*GYORGY), "SzaboGyorgy", "gyorgy@example.hu")
        assert pending.mail_status is MailStatus.QUEUED
        assert smtp.inbox.messages == []
        assert len(svc.queued_mail()) == 1
