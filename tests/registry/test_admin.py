"""`ugyfelkapu-admin` (as `python -m desktop.registry`) against a real registry file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from desktop.registry import open_service
from desktop.registry.citizens import HEADER
from desktop.registry.errors import DocumentLocked, VerificationFailed
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import EVA, config_for, run_module

ROW = [
    "123456AB",
    "Abcdef12345",
    "Próba",
    "Péter",
    "Próba",
    "Péter",
    "Minta Mária",
    "Eger",
    "1970-05-06",
    "HUN",
    "M",
    "3300 Eger, Dobó tér 1.",
    "2033-03-03",
]


def admin(db: Path | str, *args: str) -> tuple[int, str, str]:
    """Run the admin CLI on a SQLite file or (`--db postgresql://…`) a PostgreSQL database,
    whose key file then lives in the data directory UGYFELKAPU_DATA_DIR names."""
    env = None
    if isinstance(db, str):
        env = dict(os.environ, UGYFELKAPU_DATA_DIR=str(_PG_DATA[db]))
    result = run_module("desktop.registry", "--db", str(db), *args, env=env)
    return result.returncode, result.stdout, result.stderr


_PG_DATA: dict[str, Path] = {}


@pytest.fixture
def db(tmp_path: Path, registry_url: str | None) -> Path | str:
    """The registry the admin CLI is pointed at: a SQLite file, or a PostgreSQL url."""
    if registry_url is None:
        return tmp_path / "registry.sqlite3"
    _PG_DATA[registry_url] = tmp_path / "pgdata"
    return registry_url


def csv_file(tmp_path: Path, rows: list[list[str]], name: str = "citizens.csv") -> Path:
    path = tmp_path / name
    lines = [",".join(HEADER)] + [",".join(f'"{v}"' if "," in v else v for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(i: int, **changes: str) -> list[str]:
    values = dict(zip(HEADER, ROW, strict=True))
    values["document_number"] = f"{123400 + i}AB"
    values.update(changes)
    return [values[h] for h in HEADER]


def count_citizens(db: Path | str) -> int:
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as conn:
            row = conn.execute("SELECT count(*) FROM citizens").fetchone()
            assert row is not None
            return int(row[0])
    return int(sqlite3.connect(db).execute("SELECT count(*) FROM citizens").fetchone()[0])


def test_init_creates_the_registry_and_its_secret(tmp_path: Path) -> None:
    db = tmp_path / "x" / "registry.sqlite3"
    code, out, _ = admin(db, "init")
    assert code == 0
    assert str(db) in out
    assert db.exists()
    assert Path(f"{db}.key").exists()
    assert admin(db, "init")[0] == 0  # again: nothing breaks


def test_import_of_a_valid_file_imports_every_row(tmp_path: Path, db: Path | str) -> None:
    code, out, err = admin(
        db, "import-citizens", str(csv_file(tmp_path, [row(i) for i in range(5)]))
    )
    assert code == 0, err
    assert "5 citizens imported" in out
    assert count_citizens(db) == 5
    if isinstance(db, Path):  # the registration code is stored only as its keyed hash
        assert b"Abcdef12345" not in db.read_bytes()


@pytest.mark.parametrize(
    ("bad", "line", "field"),
    [
        ({"document_number": "12345AB"}, 4, "document_number"),
        ({"registration_code": "short"}, 4, "registration_code"),
        ({"birth_date": "1970-02-30"}, 4, "birth_date"),
        ({"document_expiry": "2033/03/03"}, 4, "document_expiry"),
        ({"family_name": ""}, 4, "family_name"),
        ({"nationality": "hu"}, 4, "nationality"),
        ({"sex": "N"}, 4, "sex"),
        ({"document_number": "123400AB"}, 4, "document_number"),  # a duplicate of line 2
    ],
)
def test_an_import_with_one_bad_row_imports_nothing_and_names_its_line_and_field(
    tmp_path: Path, db: Path | str, bad: dict[str, str], line: int, field: str
) -> None:
    rows = [row(0), row(1), row(2, **bad), row(3)]
    code, _, err = admin(db, "import-citizens", str(csv_file(tmp_path, rows)))
    assert code == 1
    assert f"line {line}" in err
    assert f"field {field}" in err
    assert f"{line}. sor" in err  # and in Hungarian
    assert "Traceback" not in err
    assert count_citizens(db) == 0


def test_an_import_with_a_wrong_header_or_column_count_is_refused(
    tmp_path: Path, db: Path | str
) -> None:
    wrong_header = tmp_path / "h.csv"
    wrong_header.write_text("document,code\n123456AB,Abcdef12345\n", encoding="utf-8")
    code, _, err = admin(db, "import-citizens", str(wrong_header))
    assert code == 1
    assert "line 1" in err
    short = csv_file(tmp_path, [row(0), row(1)[:5]])
    code, _, err = admin(db, "import-citizens", str(short))
    assert code == 1
    assert "line 3" in err
    assert "13 fields expected, 5 found" in err
    assert count_citizens(db) == 0


def test_a_citizen_already_in_the_registry_is_refused_on_import(
    tmp_path: Path, db: Path | str
) -> None:
    assert admin(db, "import-citizens", str(csv_file(tmp_path, [row(0)])))[0] == 0
    code, _, err = admin(db, "import-citizens", str(csv_file(tmp_path, [row(1), row(0)], "b.csv")))
    assert code == 1
    assert "line 3" in err
    assert count_citizens(db) == 1


def test_an_import_of_a_missing_or_non_utf8_file_is_a_clear_error(
    tmp_path: Path, db: Path | str
) -> None:
    code, _, err = admin(db, "import-citizens", str(tmp_path / "nowhere.csv"))
    assert code == 1
    assert "cannot be read" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes((",".join(HEADER) + "\n" + ",".join(ROW) + "\n").encode("latin-1"))
    code, _, err = admin(db, "import-citizens", str(latin))
    assert code == 1
    assert "UTF-8" in err
    assert "line 2" in err


def test_demo_imports_the_demo_citizens_and_prints_document_can_and_code(
    tmp_path: Path, db: Path | str
) -> None:
    code, out, err = admin(db, "demo")
    assert code == 0, err
    assert "5 demo citizens imported" in out
    for doc, can, reg in [
        ("201847KA", "123456", "Q4mT7xR2kW9"),
        ("318205BD", "482913", "H8pZ3nV6cL2"),
        ("574120CE", "739150", "b5Y9wK3sD7f"),
        ("609318HF", "951357", "W3uE6yP9aZ4"),
        ("095533AA", "246810", "N2gX8rJ4tM6"),
    ]:
        [line] = [x for x in out.splitlines() if x.startswith(doc)]
        assert can in line
        assert reg in line
    assert "expired" in next(x for x in out.splitlines() if x.startswith("095533AA"))
    assert "embedded default" in next(x for x in out.splitlines() if x.startswith("201847KA"))
    assert admin(db, "demo")[1].startswith("0 ")  # a second run adds nothing


def test_accounts_outbox_deliver_unlock_and_audit(
    tmp_path: Path, db: Path | str, registry_url: str | None
) -> None:
    data_dir = db.parent if isinstance(db, Path) else _PG_DATA[db]
    assert admin(db, "demo")[0] == 0
    # Register with an SMTP server that is not there: the mail stays queued.
    config_file = tmp_path / "ugyfelkapu.toml"
    registry = f'[registry]\nurl = "{registry_url}"\n' if registry_url else ""
    config_file.write_text(
        f'data_dir = "{data_dir}"\n[mail]\ntransport = "smtp"\nhost = "127.0.0.1"\nport = 9\n'
        f'security = "none"\n{registry}',
        encoding="utf-8",
    )
    from desktop.config import load_config

    with open_service(load_config(config_file), password_params=FAST_FOR_TESTS) as svc:
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        for _ in range(5):
            with pytest.raises((VerificationFailed, DocumentLocked)):
                svc.verify("318205BD", "wrongcode11")

    code, out, _ = admin(db, "accounts")
    assert code == 0
    assert "KisAnna" in out
    assert "201847KA" in out
    assert "pending" in out
    code, out, _ = admin(db, "outbox")
    assert code == 0
    assert "kis.anna@example.hu" in out
    assert "1 levél vár / mails waiting" in out
    result = run_module("desktop.registry", "--config", str(config_file), "deliver")
    assert result.returncode != 0
    assert "failed: 1" in result.stdout
    code, out, _ = admin(db, "deliver")  # --db: the embedded default, the file outbox
    assert code == 0
    assert "sent: 1" in out
    assert admin(db, "outbox")[1].strip().endswith("0 levél vár / mails waiting")
    assert list((data_dir / "outbox").glob("*.eml"))

    code, out, _ = admin(db, "unlock", "318205bd")
    assert code == 0
    assert "unlocked" in out
    with (
        open_service(config_for(data_dir, registry_url), password_params=FAST_FOR_TESTS) as svc,
        pytest.raises(VerificationFailed),
    ):
        svc.verify("318205BD", "wrongcode11")  # counting again, not locked
    code, out, _ = admin(db, "unlock", "nonsense")
    assert code == 1

    code, out, _ = admin(db, "audit")
    assert code == 0
    for event in ("verify", "document-locked", "register", "mail", "admin"):
        assert event in out
    assert "Q4mT7xR2kW9" not in out
    assert "wrongcode11" not in out


def test_bad_usage_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    result = run_module("desktop.registry", "--db", str(tmp_path / "r.sqlite3"), "frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[mail]\ntransport = 'pigeon'\n", encoding="utf-8")
    result = run_module("desktop.registry", "--config", str(bad_config), "init")
    assert result.returncode == 1
    assert "mail.transport" in result.stderr
    assert "Traceback" not in result.stderr


def test_kiosk_pin_prints_an_argon2id_hash_the_config_accepts(tmp_path: Path) -> None:
    from desktop.config import load_config
    from desktop.registry.passwords import PasswordHasher

    result = run_module("desktop.registry", "kiosk-pin", input="482913\n")
    assert result.returncode == 0, result.stderr
    encoded = result.stdout.strip()
    assert "482913" not in encoded
    assert PasswordHasher(FAST_FOR_TESTS).verify("482913", encoded)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nattendant_pin_hash = "{encoded}"\n', encoding="utf-8")
    assert load_config(config).kiosk.attendant_pin_hash == encoded

    refused = run_module("desktop.registry", "kiosk-pin", input="12ab\n")
    assert refused.returncode == 1
    assert "digits only" in refused.stderr


@pytest.mark.parametrize("pin", ["1234", "12345", "1234567890123"])
def test_kiosk_pin_takes_the_kiosks_policy_six_to_twelve_digits(pin: str) -> None:
    from desktop.kiosk.pin import PIN_MAX_LENGTH, PIN_MIN_LENGTH

    refused = run_module("desktop.registry", "kiosk-pin", input=f"{pin}\n")
    assert refused.returncode == 1
    assert f"{PIN_MIN_LENGTH}–{PIN_MAX_LENGTH} számjegy" in refused.stderr
    assert f"{PIN_MIN_LENGTH} to {PIN_MAX_LENGTH} digits" in refused.stderr
    assert pin not in refused.stderr


def test_the_kiosk_verifies_a_pin_hashed_by_the_admin_command() -> None:
    from desktop.kiosk.pin import is_pin_hash, verify_pin

    result = run_module("desktop.registry", "kiosk-pin", input="123456789012\n")
    assert result.returncode == 0, result.stderr
    encoded = result.stdout.strip()
    assert is_pin_hash(encoded)
    assert verify_pin("123456789012", encoded)
    assert not verify_pin("123456789013", encoded)


def test_a_database_path_that_cannot_be_a_database_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = admin(tmp_path, "init")  # a directory, not a file
    assert code == 1
    assert "cannot be opened" in err
    assert "Traceback" not in err
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello " * 1000, encoding="utf-8")
    code, _, err = admin(not_db, "accounts")
    assert code == 1
    assert "cannot be opened" in err
    assert "Traceback" not in err
