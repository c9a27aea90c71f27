"""The attendant's view of the mail queue: real registry file, real SMTP server coming and going."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pytestqt.qtbot import QtBot

from desktop.config import Config, MailConfig, MailSecurity, MailTransport
from desktop.kiosk.mail_queue import MailQueueSummary, MailQueueWatcher, describe
from desktop.registry import open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.gui.conftest import Inbox
from tests.gui.driver import EVA_CODE, EVA_DOCUMENT

pytestmark = pytest.mark.gui

ADDRESS = "tulipan.fa@example.hu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def smtp_config(data_dir: Path, port: int) -> Config:
    return Config(
        data_dir=data_dir,
        mail=MailConfig(
            transport=MailTransport.SMTP, host="127.0.0.1", port=port, security=MailSecurity.NONE
        ),
    )


def test_the_queue_grows_while_the_mail_server_is_away_and_empties_when_it_is_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens here yet
    config = smtp_config(tmp_path / "data", port)
    registry = open_service(config, password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    registry.register(registry.verify(EVA_DOCUMENT, EVA_CODE), "Tulipánfa", ADDRESS)
    watcher = MailQueueWatcher(lambda: open_service(config, password_params=FAST_FOR_TESTS))
    try:
        with qtbot.waitSignal(watcher.updated, timeout=10_000) as first:
            watcher.start()
        summary = first.args[0]
        assert isinstance(summary, MailQueueSummary)
        assert (summary.waiting, summary.failing, summary.unavailable) == (1, True, False)
        words = describe(summary)
        assert words.startswith("1 e-mail vár")
        assert "nem válaszol" in words
        assert ADDRESS not in words
        assert "Tulipánfa" not in words

        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
        server.start()
        try:
            assert registry.deliver_queued(force=True).sent == 1  # what the wizard's retry does
            with qtbot.waitSignal(watcher.updated, timeout=10_000) as second:
                watcher.check_now()
        finally:
            server.stop()
        assert second.args[0].waiting == 0
        assert describe(second.args[0]) == "üres: minden e-mail elment"
        assert len(inbox.messages) == 1
    finally:
        watcher.stop()
        registry.close()


def test_a_registry_that_cannot_be_opened_is_reported_not_raised(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    config = smtp_config(blocker / "data", free_port())
    watcher = MailQueueWatcher(lambda: open_service(config))
    try:
        with qtbot.waitSignal(watcher.updated, timeout=10_000) as seen:
            watcher.start()
    finally:
        watcher.stop()
    assert seen.args[0].unavailable
    assert describe(seen.args[0]) == "a nyilvántartás nem érhető el"


def test_the_age_of_the_oldest_mail_is_told_in_minutes() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    summary = MailQueueSummary(3, now - timedelta(minutes=42), False, now)
    assert describe(summary, now) == "3 e-mail vár; a legrégebbi 42 perce"
