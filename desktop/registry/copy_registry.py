"""Copying an existing SQLite registry into a new PostgreSQL one, once.

Everything moves: citizens, verification attempts and locks, verifications, accounts, their
activation codes, the outbox and the audit log, with their ids (encrypted fields name their
row's id in their context) and with the SQLite registry's secret key, which becomes the
PostgreSQL registry's key file. It all goes in one transaction: a failure leaves the target as
it was. A target that already holds a registry is refused, so the copy cannot run twice.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from desktop.config import Config
from desktop.messages import Message
from desktop.registry.audit import Event, Outcome
from desktop.registry.crypto import RegistryKeys, load_or_create_secret, secret_path_for
from desktop.registry.errors import RegistrationError, RegistryUnavailable
from desktop.registry.store import Store
from desktop.registry.timestamps import parse_ts

# Tables in an order their foreign keys allow, each with the columns holding moments.
_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("citizens", ()),
    ("verification_attempts", ("locked_until",)),
    ("verifications", ("expires_at", "used_at")),
    ("accounts", ("created_at", "activated_at", "locked_until")),
    ("activation_codes", ("expires_at",)),
    (
        "outbox",
        (
            "created_at",
            "next_attempt_at",
            "lease_until",
            "sent_at",
            "code_expires_at",
            "given_up_at",
        ),
    ),
    ("audit_log", ("at",)),
    ("sign_in_attempts", ("locked_until", "last_failure_at")),
    ("failure_windows", ("window_start",)),
)
_IDENTITY_TABLES = ("accounts", "outbox", "audit_log")


class CopyRefused(RegistrationError):
    """The copy cannot be made (a target that is not empty, a source without its key)."""


def copy_sqlite_to_postgresql(source: Path, config: Config) -> dict[str, int]:
    """Copy the SQLite registry at `source` into the PostgreSQL registry `config` names;
    returns the rows copied per table."""
    from desktop.registry.pg_store import PostgresStore

    if not config.registry.is_postgresql:
        raise CopyRefused(
            Message(
                'A cél nem PostgreSQL-nyilvántartás ([registry] url = "postgresql://…").',
                'The target is not a PostgreSQL registry ([registry] url = "postgresql://…").',
            )
        )
    if not source.is_file():
        raise CopyRefused(
            Message(
                f"A forrás-nyilvántartás nem található: {source}",
                f"The source registry was not found: {source}",
            )
        )
    # Opened once the usual way: an older file is migrated to the current schema first.
    Store(source).close()
    secret = load_or_create_secret(secret_path_for(source), create=False)
    keys = RegistryKeys(secret)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = PostgresStore(config)
    try:
        row = src.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        if row is None or bytes(row[0]) != keys.check_value():
            raise RegistryUnavailable(
                Message(
                    f"A kulcsfájl ({secret_path_for(source)}) nem ehhez a nyilvántartáshoz "
                    "tartozik.",
                    f"The key file ({secret_path_for(source)}) does not belong to this registry.",
                )
            )
        _place_key(target.key_path, secret)
        src.execute("BEGIN")  # one snapshot of the source
        counts = target.write_sql(lambda conn: _copy(src, conn, keys, source))
    finally:
        src.close()
        target.close()
    return counts


def _place_key(path: Path, secret: bytes) -> None:
    """The target's key file becomes the source's key (or already is it)."""
    if path.exists():
        if path.read_bytes() != secret:
            raise CopyRefused(
                Message(
                    f"A cél kulcsfájlja ({path}) már létezik, és más kulcs van benne.",
                    f"The target's key file ({path}) exists already and holds another key.",
                )
            )
        return
    import os

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
        f.flush()
        os.fsync(f.fileno())


def _copy(src: sqlite3.Connection, conn: Any, keys: RegistryKeys, source: Path) -> dict[str, int]:
    # The marker and the emptiness check under one lock: two copies started at once cannot
    # both find the target empty.
    conn.execute("LOCK TABLE meta IN EXCLUSIVE MODE")
    occupied = conn.execute(
        "SELECT (SELECT count(*) FROM meta) + (SELECT count(*) FROM citizens) "
        "+ (SELECT count(*) FROM accounts) + (SELECT count(*) FROM audit_log)"
    ).fetchone()[0]
    if occupied:
        raise CopyRefused(
            Message(
                "A cél PostgreSQL-nyilvántartás nem üres (a másolás már megtörtént, vagy "
                "használatban van); nem másolok bele.",
                "The target PostgreSQL registry is not empty (copied already, or in use); "
                "nothing was copied.",
            )
        )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('key_check', %s), ('copied_from', %s)",
        (keys.check_value(), str(source).encode()),
    )
    counts: dict[str, int] = {}
    for table, moments in _TABLES:
        cursor = src.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        moment_at = [i for i, c in enumerate(columns) if c in moments]
        n = 0
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for values in cursor:
                row = list(values)
                for i in moment_at:
                    if row[i] is not None:
                        row[i] = parse_ts(row[i])
                copy.write_row(row)
                n += 1
        counts[table] = n
    for table in _IDENTITY_TABLES:
        # New rows continue after the copied ids.
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )
    from datetime import UTC, datetime

    conn.execute(
        "INSERT INTO audit_log (at, event, subject, outcome, detail) VALUES (%s, %s, NULL, %s, %s)",
        (
            datetime.now(UTC),
            Event.ADMIN.value,
            Outcome.OK.value,
            f"copied from the SQLite registry {source.name}",
        ),
    )
    return counts
