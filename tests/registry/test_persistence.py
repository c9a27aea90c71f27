"""The registry file across restarts: locks persist, files are private, secrets stay secret."""

from __future__ import annotations

import logging
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.config import Config
from desktop.registry import open_service, seed_demo
from desktop.registry.crypto import secret_path_for
from desktop.registry.errors import (
    AccountLocked,
    DocumentLocked,
    RegistryUnavailable,
    SignInFailed,
    VerificationFailed,
)
from desktop.registry.migrations import LATEST_VERSION
from desktop.registry.passwords import FAST_FOR_TESTS, PRODUCTION, PasswordHasher
from tests.registry.conftest import (
    EVA,
    PASSWORD,
    FakeClock,
    key_path,
    latest_code,
    register_active,
    totp_now,
)


def test_a_document_lock_survives_a_restart(config: Config, clock: FakeClock) -> None:
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        for _ in range(5):
            with pytest.raises((VerificationFailed, DocumentLocked)):
                svc.verify(EVA[0], "wrongcode11")
    with (
        open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc,
        pytest.raises(DocumentLocked),
    ):
        svc.verify(EVA[0], "wrongcode11")  # the right code gets in, slowed down


def test_an_account_lock_survives_a_restart(config: Config, clock: FakeClock) -> None:
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        reg = register_active(svc, clock)
        for _ in range(4):
            with pytest.raises(SignInFailed):
                svc.sign_in("KisAnna", "not the password at all", "000000")
        with pytest.raises(AccountLocked):
            svc.sign_in("KisAnna", "not the password at all", "000000")
    with (
        open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc,
        pytest.raises(AccountLocked),
    ):
        svc.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock()))


def test_the_database_and_its_secret_are_private_files(
    sqlite_config: Config, clock: FakeClock
) -> None:
    with open_service(sqlite_config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        register_active(svc, clock)
        db = sqlite_config.database_path
        for path in (db, secret_path_for(db), Path(f"{db}-wal")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        for eml in sqlite_config.outbox_dir.glob("*.eml"):
            assert stat.S_IMODE(eml.stat().st_mode) == 0o600
        assert stat.S_IMODE(sqlite_config.data_dir.stat().st_mode) == 0o700


def test_no_secret_is_stored_in_the_clear_or_logged(
    sqlite_config: Config, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with open_service(sqlite_config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        code = latest_code(svc)
        enrolment = svc.activate("KisAnna", code, PASSWORD)
        svc.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))
        secrets_seen = [
            EVA[1],
            code,
            code.replace("-", ""),
            PASSWORD,
            enrolment.secret_base32,
            enrolment.recovery_code,
            enrolment.recovery_code.replace("-", ""),
        ]
        for text in (repr(enrolment), str(svc.audit_entries()), caplog.text):
            for secret in secrets_seen:
                assert secret not in text
        svc.close()
    raw = b"".join(p.read_bytes() for p in sqlite_config.data_dir.glob("registry.sqlite3*"))
    for secret in secrets_seen:
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw
    stored = (
        sqlite3.connect(sqlite_config.database_path)
        .execute("SELECT password_hash FROM accounts")
        .fetchone()[0]
    )
    assert stored.startswith("$argon2id$v=19$")


def test_a_missing_secret_file_is_reported_not_replaced(config: Config, clock: FakeClock) -> None:
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
    key = key_path(config)
    key.unlink()
    with pytest.raises(RegistryUnavailable) as exc:
        open_service(config, clock=clock)
    assert str(key) in exc.value.message.en
    assert not key.exists()


def test_a_secret_file_from_another_registry_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    a, b = Config(data_dir=tmp_path / "a"), Config(data_dir=tmp_path / "b")
    open_service(a, clock=clock).close()
    open_service(b, clock=clock).close()
    secret_path_for(a.database_path).write_bytes(secret_path_for(b.database_path).read_bytes())
    with pytest.raises(RegistryUnavailable) as exc:
        open_service(a, clock=clock)
    assert "does not belong" in exc.value.message.en


def test_a_damaged_database_file_is_reported(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path)
    config.database_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RegistryUnavailable):
        open_service(config)


def test_a_new_registry_is_migrated_to_the_latest_schema_and_a_newer_one_is_refused(
    sqlite_config: Config,
) -> None:
    open_service(sqlite_config).close()
    conn = sqlite3.connect(sqlite_config.database_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryUnavailable) as exc:
        open_service(sqlite_config)
    assert "newer version" in exc.value.message.en


def test_production_argon2id_parameters_cost_between_50_and_250_ms_here() -> None:
    import time

    assert (PRODUCTION.memory_kib, PRODUCTION.iterations, PRODUCTION.lanes) == (65536, 3, 4)
    hasher = PasswordHasher(PRODUCTION)
    # CPU time, not wall time: the hashing is single-threaded, so on an idle machine the two
    # agree, and on a shared CI machine the CPU time still measures the parameters' cost.
    costs = []
    for _ in range(3):
        start = time.process_time()
        encoded = hasher.hash(PASSWORD)
        costs.append(time.process_time() - start)
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert 0.050 <= min(costs) <= 0.250, costs
    assert hasher.verify(PASSWORD, encoded)
    assert not hasher.verify(PASSWORD + "x", encoded)


def test_half_written_outbox_files_of_dead_writers_are_swept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from desktop.registry.mail import FileTransport

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    orphan = tmp_path / f".msg.{int(dead.stdout)}.tmp"
    live = tmp_path / f".msg.{os.getpid()}.tmp"
    delivered = tmp_path / "msg.eml"
    for path in (orphan, live, delivered):
        path.write_bytes(b"partial")
    FileTransport(tmp_path)
    assert not orphan.exists()
    assert live.exists()
    assert delivered.exists()
