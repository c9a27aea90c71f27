"""Faults of the system reach people as one typed, bilingual message and store nothing partial
(issue 10, defect 7): a really full disk (a private tmpfs) under a registration and under an
import, a damaged database file, and config files built to break the loader.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.config import load_config
from desktop.registry import open_service, seed_demo
from desktop.registry.errors import ConfigError, RegistryUnavailable
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import EVA, FakeClock, run_module
from tests.registry.hostile import (
    citizen_csv,
    count,
    fill,
    integrity,
    small_disk,
    without_wal,
)


def _config(tmp_path: Path, data_dir: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'data_dir = "{data_dir}"\n', encoding="utf-8")
    return path


def _one_clear_message(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 2, stderr
    assert lines[0].startswith("hiba: "), stderr
    assert lines[1].startswith("error: "), stderr


def test_a_full_disk_under_a_registration_is_a_typed_fault_and_stores_nothing(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        config = load_config(_config(tmp_path, disk / "data"))
        clock = FakeClock()
        with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
            seed_demo(svc)
        db = config.database_path
        with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
            verification = svc.verify(*EVA)
            without_wal(db)
            filler = fill(disk)
            with pytest.raises(RegistryUnavailable) as exc:
                svc.register(verification, "KisAnna", "kis.anna@example.hu")
            assert exc.value.reason == "disk-full"
            assert "betelt a lemez" in exc.value.message.hu
            assert "the disk is full" in exc.value.message.en
            assert "Nothing was changed" in exc.value.message.en
            # The service still answers (its connection is not stuck in a transaction) ...
            with pytest.raises(RegistryUnavailable):
                svc.register(verification, "KisAnna", "kis.anna@example.hu")
            assert svc.accounts() == []
            # ... and once there is room again the same verification registers.
            filler.unlink()
            svc.register(verification, "KisAnna", "kis.anna@example.hu")
            assert [a.username for a in svc.accounts()] == ["KisAnna"]
        assert integrity(db) == "ok"
        assert count(db, "outbox") == 1


@pytest.mark.parametrize("rows", [2000, 0], ids=["small file", "file read by the helper"])
def test_a_full_disk_under_an_import_is_one_clear_message_and_imports_nothing(
    tmp_path: Path, rows: int
) -> None:
    source = citizen_csv(tmp_path / "citizens.csv", rows=rows, min_bytes=0 if rows else 17 << 20)
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "registry.sqlite3"
        assert run_module("desktop.registry", "--db", str(db), "init").returncode == 0
        # An open connection keeps the -wal and -shm files, so the import opens the registry
        # and meets the full disk while it writes.
        keep = sqlite3.connect(db)
        try:
            keep.execute("SELECT count(*) FROM citizens").fetchone()
            without_wal(db)
            filler = fill(disk)
            result = run_module("desktop.registry", "--db", str(db), "import-citizens", str(source))
        finally:
            keep.close()
        assert result.returncode == 1
        _one_clear_message(result.stderr)
        assert "the disk is full" in result.stderr
        assert "betelt a lemez" in result.stderr
        filler.unlink()
        assert count(db, "citizens") == 0
        assert integrity(db) == "ok"


def test_a_damaged_database_file_is_one_clear_message_from_the_admin_cli(tmp_path: Path) -> None:
    db = tmp_path / "registry.sqlite3"
    assert run_module("desktop.registry", "--db", str(db), "demo").returncode == 0
    without_wal(db)
    data = bytearray(db.read_bytes())
    data[4096 * 2 :] = b"\xa5" * (len(data) - 4096 * 2)  # every page after the second
    db.write_bytes(bytes(data))
    source = citizen_csv(tmp_path / "c.csv", rows=3)
    for args in (["accounts"], ["audit"], ["import-citizens", str(source)]):
        result = run_module("desktop.registry", "--db", str(db), *args)
        assert result.returncode == 1, result
        _one_clear_message(result.stderr)
        assert "registry" in result.stderr


def test_a_damaged_database_is_a_registry_fault_from_the_facade(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, tmp_path / "data"))
    with open_service(config, clock=FakeClock(), password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
    without_wal(config.database_path)
    with config.database_path.open("r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xa5" * 4096 * 8)
    with (
        pytest.raises(RegistryUnavailable),
        open_service(config, clock=FakeClock(), password_params=FAST_FOR_TESTS) as svc,
    ):
        svc.verify(*EVA)


NESTED = "x = " + "[" * 20000 + "]" * 20000 + "\n"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (NESTED, None),
        ('data_dir = "/tmp/a\\u0000b"\n', "data_dir"),
        ('[mail]\nsender = "Ügyfélkapu <u@example.hu>\\r\\nBcc: x@example.org"\n', "mail.sender"),
        ('[mail]\nsender = "u@example.hu\\n"\n', "mail.sender"),
        ('[mail]\nhost = "mail.example.hu\\r\\nRCPT TO:<x@example.org>"\n', "mail.host"),
        ('[mail]\nusername = "anna\\r\\n"\nhost = "localhost"\n', "mail.username"),
        ('[mail]\nca_file = "/etc/ssl\\u0000/x.pem"\n', "mail.ca_file"),
        ('[card]\ncsca = ["/tmp\\u0000x"]\n', "card.csca"),
    ],
    ids=[
        "deep nesting",
        "NUL in data_dir",
        "CRLF sender",
        "LF sender",
        "CRLF host",
        "CRLF username",
        "NUL in ca_file",
        "NUL in csca",
    ],
)
def test_a_hostile_config_is_refused_at_load_naming_its_key(
    tmp_path: Path, text: str, key: str | None
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    if key is None:
        assert "too deeply" in exc.value.message.en
        assert "mélyen" in exc.value.message.hu
    else:
        assert key in exc.value.message.en
        assert key in exc.value.message.hu
        # The value itself is not repeated (it may be a header meant for someone else).
        assert "example.org" not in exc.value.message.en
    result = run_module("desktop.registry", "--config", str(path), "accounts")
    assert result.returncode == 1
    _one_clear_message(result.stderr)


def test_a_full_disk_when_the_mail_is_written_leaves_the_registration_and_no_temp_file(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        # The registry lives elsewhere; only the file outbox is on the full disk.
        config = load_config(_config(tmp_path, tmp_path / "data"))
        config = replace(config, data_dir=disk / "data", database=tmp_path / "registry.sqlite3")
        with open_service(config, clock=FakeClock(), password_params=FAST_FOR_TESTS) as svc:
            seed_demo(svc)
            (disk / "data" / "outbox").mkdir(parents=True, exist_ok=True)
            filler = fill(disk)
            pending = svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
            assert pending.mail_status.value == "queued"
            assert list((disk / "data" / "outbox").iterdir()) == []  # no half-written file
            filler.unlink()
            assert svc.deliver_queued(force=True).sent == 1
            assert len(svc.delivered_mail()) == 1


def test_a_registry_held_locked_past_the_deadline_is_a_typed_fault_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.registry import store

    # The real deadline is a minute; a short one keeps the test short (the busy timeout of
    # five seconds still applies to the first try).
    monkeypatch.setattr(store, "WRITE_DEADLINE_SECONDS", 0.5)
    config = load_config(_config(tmp_path, tmp_path / "data"))
    with open_service(config, clock=FakeClock(), password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        other = sqlite3.connect(config.database_path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")  # another program holds the file
            with pytest.raises(RegistryUnavailable) as exc:
                svc.verify(*EVA)
            assert exc.value.reason == "locked"
            assert "another program" in exc.value.message.en
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert svc.verify(*EVA).person.document_number == EVA[0]
        assert [e.outcome for e in svc.audit_entries() if e.event == "verify"] == ["ok"]
