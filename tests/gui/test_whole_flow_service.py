"""The wizard's whole flow against the registration service: a real uvicorn process over HTTPS,
a kiosk client certificate, mail by the service's SMTP (aiosmtpd), ending in sign-in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.config import Config, RegistryServiceConfig
from desktop.registration.opening import open_registry
from desktop.wizard.engine import Step
from tests.gui.conftest import body_text, close_frame, make_frame, virtual_card
from tests.gui.driver import Clock, Person, code_from
from tests.registry_service.harness import Pki, Service, Smtp, make_pki, smtp_server, write_config

pytestmark = pytest.mark.gui


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path / "pki")


@pytest.fixture
def service(tmp_path: Path, pki: Pki, smtp: Smtp) -> Iterator[Service]:
    svc = write_config(tmp_path, pki, smtp.port)
    svc.start()
    yield svc
    svc.stop()


def kiosk_config(tmp_path: Path, service: Service, kiosk: str) -> Config:
    """A kiosk's config file naming the service, read the way the app reads it."""
    from desktop.config import load_config

    issued = service.pki.kiosk(kiosk)
    path = tmp_path / f"{kiosk}.toml"
    path.write_text(
        f'data_dir = "{kiosk}-data"\n'
        "[registry]\n"
        f'url = "{service.url}"\n'
        f'ca_file = "{service.pki.ca.pem}"\n'
        f'client_cert = "{issued.cert}"\n'
        f'client_key = "{issued.key}"\n'
        "timeout = 5\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.registry_service == RegistryServiceConfig(
        service.url, service.pki.ca.pem, issued.cert, issued.key, 5.0
    )
    return config


def wait_for_mail(smtp: Smtp, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(smtp.inbox.messages) < count:
        assert time.monotonic() < deadline, "no activation mail"
        time.sleep(0.05)


def test_a_kiosk_runs_the_whole_flow_against_the_service_and_a_second_kiosk_sees_the_name_taken(
    qtbot: QtBot, tmp_path: Path, service: Service, smtp: Smtp
) -> None:
    config = kiosk_config(tmp_path, service, "kiosk-debrecen-01")
    registry = open_registry(config, seed_demo=True)
    frame = make_frame(qtbot, assemble(config, registry, virtual_card()))
    try:
        person = Person(qtbot, frame, Clock())
        # Mail goes by the service's SMTP: this computer has no demo mailbox to show.
        assert not frame.activation_page.mailbox_button.isVisibleTo(frame)
        person.start_registration()
        person.identify()
        assert frame.verify_page.form.fields["name"].text() == "Kovács Éva Zsófia"
        person.next(Step.USERNAME)
        person.choose_username()
        person.give_email()
        person.register()
        wait_for_mail(smtp, 1)
        assert smtp.inbox.messages[0]["To"] == "kis.anna@example.hu"
        person.activate(code_from(body_text(smtp.inbox.messages[0])))
        secret = person.confirm_second_factor()
        assert "Sikeres bejelentkezés" in person.sign_in(secret)
    finally:
        close_frame(frame)
        registry.close()

    second_config = kiosk_config(tmp_path, service, "kiosk-szeged-02")
    second = open_registry(second_config, seed_demo=True)
    frame = make_frame(qtbot, assemble(second_config, second, virtual_card("szabo-gyorgy")))
    try:
        person = Person(qtbot, frame, Clock())
        person.start_registration()
        person.read_card("482913")
        frame.card_page.code_edit.setText("H8pZ3nV6cL2")
        person.next(Step.VERIFY)
        person.next(Step.USERNAME)
        frame.username_page.edit.setText("ErdeiTünde")
        qtbot.waitUntil(frame.next_button.isEnabled, timeout=5000)
        frame.next_button.click()
        qtbot.waitUntil(lambda: frame.username_page.error != "", timeout=10_000)
        assert frame.current_step is Step.USERNAME
        assert "ErdeiTünde" in frame.username_page.error
    finally:
        close_frame(frame)
        second.close()


def test_with_the_service_away_register_says_nothing_was_lost_and_the_retry_succeeds(
    qtbot: QtBot, tmp_path: Path, service: Service, smtp: Smtp
) -> None:
    config = kiosk_config(tmp_path, service, "kiosk-debrecen-01")
    registry = open_registry(config, seed_demo=True)
    frame = make_frame(qtbot, assemble(config, registry, virtual_card()))
    try:
        person = Person(qtbot, frame, Clock())
        person.start_registration()
        person.identify()
        person.next(Step.USERNAME)
        person.choose_username()
        person.give_email()
        service.stop()
        frame.summary_page.accept_check.setChecked(True)
        qtbot.waitUntil(frame.next_button.isEnabled, timeout=5000)
        frame.next_button.click()
        page = frame.summary_page
        qtbot.waitUntil(lambda: page.error != "", timeout=20_000)
        assert "semmi sem veszett el" in page.error.lower()
        assert frame.current_step is Step.SUMMARY
        assert frame.engine.data.username == "ErdeiTünde"
        assert frame.engine.data.email == "kis.anna@example.hu"
        service.start()
        qtbot.waitUntil(frame.next_button.isEnabled, timeout=5000)
        frame.next_button.click()
        person.wait_step(Step.ACTIVATION, timeout=20_000)
        wait_for_mail(smtp, 1)
        time.sleep(0.5)
        assert len(smtp.inbox.messages) == 1
    finally:
        close_frame(frame)
        registry.close()
