"""`ugyfelkapu-admin copy-from-sqlite`: an existing SQLite registry moves into PostgreSQL, once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.registry import open_service, seed_demo
from desktop.registry.errors import DocumentLocked, VerificationFailed
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import (
    GYORGY,
    PASSWORD,
    FakeClock,
    activation_code_from,
    config_for,
    query,
    register_active,
    run_module,
    totp_now,
)


def test_a_sqlite_registry_is_copied_whole_into_postgresql_and_works_there_and_only_once(
    tmp_path: Path, postgresql_url: str
) -> None:
    clock = FakeClock()
    source = config_for(tmp_path / "old", None)
    with open_service(source, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        active = register_active(svc, clock)  # EVA: active, with TOTP and recovery code
        svc.register(svc.verify(*GYORGY), "SzaboGyorgy", "gyorgy@example.hu")  # pending
        [mail] = [m for m in svc.delivered_mail() if "gyorgy@example.hu" in m.to]
        pending_code = activation_code_from(mail.text)
        for _ in range(5):
            with pytest.raises((VerificationFailed, DocumentLocked)):
                svc.verify("574120CE", "wrongcode11")
        audit_before = len(svc.audit_entries(10_000))

    env = dict(os.environ, UGYFELKAPU_DATA_DIR=str(tmp_path / "new"))
    args = ("desktop.registry", "--db", postgresql_url, "copy-from-sqlite")
    result = run_module(*args, str(source.database_path), env=env)
    assert result.returncode == 0, result.stderr
    assert "accounts: 2" in result.stdout
    assert "citizens: 5" in result.stdout

    target = config_for(tmp_path / "new", postgresql_url)
    with open_service(target, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        # The active account signs in with its password and authenticator.
        clock.advance(seconds=60)
        signed = svc.sign_in(active.username, PASSWORD, totp_now(active.enrolment, clock()))
        assert signed.display_name == "Kovács Éva Zsófia"
        # The pending one activates with the code mailed before the copy.
        svc.activate("SzaboGyorgy", pending_code, PASSWORD)
        # The lock on Kelemen's document came along: a wrong code meets it.
        with pytest.raises(DocumentLocked):
            svc.verify("574120CE", "wrongcode11")
        assert len(svc.audit_entries(10_000)) > audit_before
        # New rows continue after the copied ids.
        svc.register(svc.verify(*("609318HF", "W3uE6yP9aZ4")), "AnnaUj", "anna@example.hu")
    assert query(target, "SELECT count(*) FROM accounts") == [(3,)]

    again = run_module(*args, str(source.database_path), env=env)
    assert again.returncode == 1
    assert "not empty" in again.stderr
    assert "Traceback" not in again.stderr
    assert query(target, "SELECT count(*) FROM accounts") == [(3,)]


def test_copying_into_a_registry_that_is_not_postgresql_is_refused(tmp_path: Path) -> None:
    source = config_for(tmp_path / "old", None)
    open_service(source, password_params=FAST_FOR_TESTS).close()
    result = run_module(
        "desktop.registry",
        "--db",
        str(tmp_path / "other.sqlite3"),
        "copy-from-sqlite",
        str(source.database_path),
    )
    assert result.returncode == 1
    assert "not a PostgreSQL registry" in result.stderr
