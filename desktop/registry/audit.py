"""The audit log: who did what, when, with what outcome. Never a secret.

Entries are written inside the unit of work of the action they describe (`UnitOfWork.record`),
so the log and the data cannot disagree. Subjects are document numbers and usernames; codes,
passwords and secrets are never passed here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


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
    MANUAL_ENTRY_ALLOWED = "manual-entry-allowed"  # a kiosk attendant allowed typing the ID


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
