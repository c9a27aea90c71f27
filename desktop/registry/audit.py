"""The audit log: who did what, when, with what outcome. Never a secret.

Entries are written inside the transaction of the action they describe, so the log and the
data cannot disagree. Subjects are document numbers and usernames; codes, passwords and
secrets are never passed here.
"""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from desktop.registry.store import parse_ts, ts


class Event(enum.Enum):
    VERIFY = "verify"
    DOCUMENT_LOCKED = "document-locked"
    REGISTER = "register"
    ACTIVATION_RESENT = "activation-resent"
    ACTIVATE = "activate"
    SECOND_FACTOR = "second-factor"
    SIGN_IN = "sign-in"
    ACCOUNT_LOCKED = "account-locked"
    THROTTLED = "throttled"  # a source, or the whole registry, reached its failure limit
    MAIL = "mail"
    ADMIN = "admin"


class Outcome(enum.Enum):
    OK = "ok"
    REFUSED = "refused"
    FAILED = "failed"
    GIVEN_UP = "given-up"  # mail no longer tried (its activation code expired)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    event: str
    subject: str | None
    outcome: str
    detail: str | None


def record(
    conn: sqlite3.Connection,
    at: datetime,
    event: Event,
    subject: str | None,
    outcome: Outcome,
    detail: str | None = None,
) -> None:
    """Append one entry in the caller's transaction."""
    conn.execute(
        "INSERT INTO audit_log (at, event, subject, outcome, detail) VALUES (?, ?, ?, ?, ?)",
        (ts(at), event.value, subject, outcome.value, detail),
    )


def entries(conn: sqlite3.Connection, limit: int = 100) -> list[AuditEntry]:
    """The newest `limit` entries, oldest first."""
    rows = conn.execute(
        "SELECT at, event, subject, outcome, detail FROM audit_log ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditEntry(parse_ts(r[0]), r[1], r[2], r[3], r[4]) for r in reversed(rows)]
