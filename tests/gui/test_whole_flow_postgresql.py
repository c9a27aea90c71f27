"""The whole registration, card to sign-in, with the registry on PostgreSQL (the private
cluster), configured the way an office would: `[registry] url = "postgresql://…"`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pytestqt.qtbot import QtBot

from desktop.app import assemble
from desktop.config import Config, load_config
from desktop.registry import RegistrationService
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.verify import VerifyPage
from tests.gui.conftest import close_frame, make_frame, open_registry, virtual_card
from tests.gui.driver import Clock, Person, code_from

pytestmark = pytest.mark.gui


@pytest.fixture
def pg_config(tmp_path: Path, postgresql_url: str) -> Config:
    path = tmp_path / "ugyfelkapu.toml"
    path.write_text(
        f'data_dir = "{tmp_path / "data"}"\n[registry]\nurl = "{postgresql_url}"\n',
        encoding="utf-8",
    )
    return load_config(path)


@pytest.fixture
def pg_registry(pg_config: Config, clock: Clock) -> Iterator[RegistrationService]:
    svc = open_registry(pg_config, clock)
    yield svc
    svc.close()


@pytest.fixture
def pg_wizard(
    qtbot: QtBot, pg_config: Config, pg_registry: RegistrationService
) -> Iterator[WizardFrame]:
    frame = make_frame(qtbot, assemble(pg_config, pg_registry, virtual_card()))
    yield frame
    close_frame(frame)


def test_a_person_registers_and_signs_in_with_the_registry_on_postgresql(
    qtbot: QtBot, pg_wizard: WizardFrame, pg_config: Config, clock: Clock
) -> None:
    assert pg_config.registry.is_postgresql
    person = Person(qtbot, pg_wizard, clock)
    frame = person.frame
    person.start_registration()
    person.identify()
    assert frame.page_of(Step.VERIFY, VerifyPage).form.fields["name"].text() == "Kovács Éva Zsófia"
    person.next(Step.USERNAME)
    person.choose_username()
    person.give_email()
    person.register()
    page = frame.page_of(Step.ACTIVATION, ActivationPage)
    assert "Sikeres regisztráció" in page.result.text()
    page.mailbox_button.click()
    person.activate(code_from(page.mailbox_view.toPlainText()))
    secret = person.confirm_second_factor()
    assert frame.title_label.text() == "Az Ügyfélkapu készen áll"
    outcome = person.sign_in(secret)
    assert "Sikeres bejelentkezés" in outcome
    assert "Kovács Éva Zsófia" in outcome

    # The account is in the PostgreSQL database, active; no SQLite file was made.
    assert pg_config.registry.url is not None
    with psycopg.connect(pg_config.registry.url) as conn:
        rows = conn.execute("SELECT username, state FROM accounts").fetchall()
    assert rows == [("ErdeiTünde", "active")]
    assert not pg_config.database_path.exists()
