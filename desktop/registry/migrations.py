"""The registry's schema, versioned with `PRAGMA user_version`: one step per version, forward only.

Each step runs in one transaction together with the version bump, so a crash mid-upgrade leaves
the previous version intact. Times are stored as ISO 8601 UTC text of fixed width, which sorts
and compares correctly as text.
"""

from __future__ import annotations

import sqlite3

from desktop.messages import Message
from desktop.registry.errors import RegistryUnavailable

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- The personal-data and address registry. The registration code is kept only as its keyed hash.
CREATE TABLE citizens (
    document_number       TEXT PRIMARY KEY,
    registration_code_mac BLOB NOT NULL,
    family_name           TEXT NOT NULL,
    given_names           TEXT NOT NULL,
    birth_family_name     TEXT NOT NULL,
    birth_given_names     TEXT NOT NULL,
    mother_name           TEXT NOT NULL,
    birth_place           TEXT NOT NULL,
    birth_date            TEXT NOT NULL,
    nationality           TEXT NOT NULL,
    sex                   TEXT NOT NULL,
    address               TEXT NOT NULL,
    document_expiry       TEXT NOT NULL
) WITHOUT ROWID;

-- Failed verifications per typed document number, known or not (so both answer alike).
CREATE TABLE verification_attempts (
    document_number TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
) WITHOUT ROWID;

-- A successful verification: the token handed out is stored only as its keyed hash.
CREATE TABLE verifications (
    token_mac       BLOB PRIMARY KEY,
    document_number TEXT NOT NULL REFERENCES citizens(document_number) ON DELETE CASCADE,
    expires_at      TEXT NOT NULL,
    used_at         TEXT
) WITHOUT ROWID;
CREATE INDEX verifications_by_expiry ON verifications(expires_at);

CREATE TABLE accounts (
    id                 INTEGER PRIMARY KEY,
    username           TEXT NOT NULL UNIQUE,
    -- casefolded username: `KisAnna` and `kisanna` can never both exist
    username_key       TEXT NOT NULL UNIQUE,
    document_number    TEXT NOT NULL UNIQUE REFERENCES citizens(document_number),
    email              TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('pending', 'enrolling', 'active')),
    password_hash      TEXT,
    totp_secret_enc    BLOB,
    totp_last_step     INTEGER,
    recovery_code_mac  BLOB,
    created_at         TEXT NOT NULL,
    activated_at       TEXT,
    sign_in_failures   INTEGER NOT NULL DEFAULT 0,
    locked_until       TEXT
);

-- The account's current activation code (one at a time; a resend replaces it).
CREATE TABLE activation_codes (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    code_mac   BLOB NOT NULL,
    expires_at TEXT NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0,
    voided     INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1))
);

-- Mail waiting to go out. The body holds an activation code, so it is encrypted and dropped
-- once the mail is delivered.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    message_enc     BLOB,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    last_error      TEXT,
    sent_at         TEXT
);
CREATE INDEX outbox_by_account ON outbox(account_id);
CREATE INDEX outbox_queued ON outbox(next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    event   TEXT NOT NULL,
    subject TEXT,
    outcome TEXT NOT NULL,
    detail  TEXT
);
"""

# Mail whose activation code has expired is given up rather than retried for ever: each row
# keeps when the code it carries expires. Rows queued before this version get their creation
# time plus the five days the code was then valid (ts() format: six decimals, then Z).
_V2 = """
ALTER TABLE outbox ADD COLUMN code_expires_at TEXT;
ALTER TABLE outbox ADD COLUMN given_up_at TEXT;
UPDATE outbox SET code_expires_at =
    substr(strftime('%Y-%m-%dT%H:%M:%f', created_at, '+5 days'), 1, 23) || substr(created_at, 24);
DROP INDEX outbox_queued;
CREATE INDEX outbox_queued ON outbox(next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
"""

# Enumeration and availability (docs/RELIABILITY.md, "No enumeration"):
# - sign-in failures are counted per typed username, known or not, so an unknown name locks
#   exactly like an existing one (accounts.sign_in_failures and locked_until are no longer used);
# - failures are also counted per source (the calling app or kiosk) and for the whole registry,
#   in fixed windows;
# - the activation code is also kept encrypted, so a resend mails the same code again instead
#   of voiding the one already in the person's mailbox.
_V3 = """
CREATE TABLE sign_in_attempts (
    username        TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    last_failure_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sign_in_attempts_by_age ON sign_in_attempts(last_failure_at);
INSERT INTO sign_in_attempts (username, failures, locked_until, last_failure_at)
    SELECT username, sign_in_failures, locked_until, created_at FROM accounts
    WHERE sign_in_failures > 0 OR locked_until IS NOT NULL;
CREATE TABLE failure_windows (
    scope        TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    failures     INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE activation_codes ADD COLUMN code_enc BLOB;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
LATEST_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to LATEST_VERSION; returns the version found before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if found > LATEST_VERSION:
            raise RegistryUnavailable(
                Message(
                    f"A nyilvántartás egy újabb programváltozattal készült (séma {found}).",
                    f"The registry was made by a newer version of the program (schema {found}).",
                )
            )
        for version in range(found, LATEST_VERSION):
            # executescript would commit on its own; run the statements one by one instead so
            # the step and its version bump share this transaction.
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def _statements(script: str) -> list[str]:
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError("incomplete statement in migration")
    return statements
