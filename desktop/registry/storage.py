"""What the use cases need of a registry store: domain verbs inside a unit of work.

The use cases (`service.py`, `administration.py`, `outbox.py`) speak only these verbs; each
store (`store.py` for the SQLite file, `pg_store.py` for PostgreSQL) runs a unit of work as
one transaction of its engine and makes it safe against other processes in its own way:
SQLite by one writer at a time, PostgreSQL by row locks and unique constraints. The verbs
that read something the unit of work will then change (`lock_*`, `*_for_update`) take that
lock where the engine has one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from desktop.registration.mail import QueuedMail
from desktop.registry.audit import AuditEntry, Event, Outcome
from desktop.registry.crypto import RegistryKeys
from desktop.registry.models import Person

__all__ = [
    "AccountRecord",
    "AccountSummary",
    "ActivationCodeRecord",
    "Attempts",
    "Conflict",
    "FailureWindow",
    "QueuedMail",
    "RegistryStore",
    "SignInAttempts",
    "UnitOfWork",
    "VerificationRecord",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Attempts:
    """Failed verifications of one typed document number."""

    failures: int
    locked_until: datetime | None


@dataclass(frozen=True)
class VerificationRecord:
    document_number: str
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class AccountRecord:
    id: int
    username: str
    document_number: str
    email: str
    state: str
    password_hash: str | None
    totp_secret_enc: bytes | None
    totp_last_step: int | None
    recovery_code_mac: bytes | None
    created_at: datetime
    sign_in_failures: int
    locked_until: datetime | None


@dataclass(frozen=True)
class ActivationCodeRecord:
    code_mac: bytes
    expires_at: datetime
    failures: int
    voided: bool
    # The code itself, encrypted, so a resend mails the same code (None in older registries).
    code_enc: bytes | None = None


@dataclass(frozen=True)
class SignInAttempts:
    """Failed sign-ins (and second-factor codes) of one typed username, known or not."""

    failures: int
    locked_until: datetime | None
    last_failure_at: datetime


@dataclass(frozen=True)
class FailureWindow:
    """Failures of one scope (a source, or the whole registry) in a fixed time window."""

    start: datetime
    failures: int


@dataclass(frozen=True)
class AccountSummary:
    """An account as the admin CLI lists it (no secrets)."""

    username: str
    document_number: str
    email: str
    state: str
    created_at: datetime
    locked_until: datetime | None


class Conflict(Exception):
    """A new account collides with an existing one on `what` ("username" or "document")."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class UnitOfWork(Protocol):
    """One transaction's worth of domain verbs; all of it commits or none of it does."""

    # audit and registry metadata
    def record(
        self, at: datetime, event: Event, subject: str | None, outcome: Outcome, detail: str | None
    ) -> None: ...
    def audit_entries(self, limit: int) -> list[AuditEntry]: ...
    def key_check(self) -> bytes | None: ...
    def set_key_check_if_absent(self, value: bytes) -> None: ...

    # citizens
    def citizen(self, document_number: str) -> tuple[bytes, Person] | None: ...
    def citizen_count(self) -> int: ...
    def known_documents(self, document_numbers: list[str]) -> set[str]: ...

    # verification
    def attempts(self, document_number: str) -> Attempts | None: ...
    def lock_attempts(self, document_number: str) -> Attempts: ...
    def save_attempts(
        self, document_number: str, failures: int, locked_until: datetime | None
    ) -> None: ...
    def clear_attempts(self, document_number: str) -> bool: ...
    def purge_verifications(self, now: datetime) -> None: ...
    def add_verification(
        self, token_mac: bytes, document_number: str, expires: datetime
    ) -> None: ...
    def verification_for_update(self, token_mac: bytes) -> VerificationRecord | None: ...
    def mark_verification_used(self, token_mac: bytes, now: datetime) -> None: ...

    # accounts
    def account_for_document(self, document_number: str) -> AccountRecord | None: ...
    def account_by_username(self, username: str, *, for_update: bool) -> AccountRecord | None: ...
    def username_taken(self, username_key: str, other_than: int | None = None) -> bool:
        """Whether an account other than `other_than` holds a username colliding with it."""
        ...

    def add_account(
        self, username: str, username_key: str, document_number: str, email: str, now: datetime
    ) -> int:
        """The new account's id; raises Conflict (the unit of work goes on) on a collision."""
        ...

    def delete_account(self, account_id: int) -> None: ...
    def start_enrolment(
        self, account_id: int, password_hash: str, totp_secret_enc: bytes, recovery_mac: bytes
    ) -> None: ...
    def finish_enrolment(self, account_id: int, now: datetime, totp_step: int) -> None: ...
    def sign_in_attempts(self, username: str, *, for_update: bool) -> SignInAttempts | None: ...
    def save_sign_in_attempts(self, username: str, attempts: SignInAttempts) -> None: ...
    def forget_sign_in_attempts(self, username: str) -> None: ...
    def purge_sign_in_attempts(self, failed_before: datetime, now: datetime) -> None:
        """Forget usernames whose last failure is older than `failed_before`, unless locked."""
        ...

    # failure limits per source and for the whole registry (throttle.py)
    def failure_window(self, scope: str, *, for_update: bool) -> FailureWindow | None: ...
    def save_failure_window(self, scope: str, window: FailureWindow) -> None: ...
    def signed_in(self, account_id: int, *, totp_step: int | None, used_recovery: bool) -> None: ...
    def unlock_document(self, document_number: str) -> bool: ...
    def accounts(self) -> list[AccountSummary]: ...

    # activation codes
    def set_activation_code(
        self, account_id: int, code_mac: bytes, expires: datetime, code_enc: bytes
    ) -> None: ...
    def activation_code(self, account_id: int) -> ActivationCodeRecord | None: ...
    def save_activation_failures(self, account_id: int, failures: int, voided: bool) -> None: ...

    # outbox
    def queue_mail(
        self,
        account_id: int,
        recipient: str,
        subject: str,
        now: datetime,
        code_expires_at: datetime | None,
        encrypt: Callable[[int], bytes],
    ) -> int: ...
    def last_mail_at(self, account_id: int) -> datetime | None: ...
    def waiting_mail(self, account_id: int) -> list[int]: ...
    def expired_mail(self, now: datetime, only_id: int | None) -> list[int]: ...
    def give_up_mail(self, outbox_id: int, now: datetime) -> None: ...
    def lease_mail(self, outbox_id: int, now: datetime, lease_until: datetime) -> bytes | None:
        """The encrypted message if the mail waits and no live lease holds it; leases it."""
        ...

    def mail_sent(self, outbox_id: int) -> bool: ...
    def mark_mail_sent(self, outbox_id: int, now: datetime) -> None: ...
    def mark_mail_failed(
        self, outbox_id: int, reason: str, retry_at: Callable[[int], datetime]
    ) -> None: ...
    def due_mail(self, now: datetime | None) -> list[int]: ...
    def queued_mail(self, now: datetime | None) -> list[QueuedMail]: ...


class RegistryStore(Protocol):
    """A registry's storage: units of work, bulk import, and where its key file lives."""

    @property
    def description(self) -> str:
        """Where the registry is, for people (a path, or a server and database; no password)."""
        ...

    @property
    def key_path(self) -> Path: ...

    def write(self, fn: Callable[[UnitOfWork], T]) -> T:
        """Run `fn` in one unit of work and commit it; rerun whole on a transient conflict, so
        `fn` must do no slow or outside work. Faults of the store raise RegistryUnavailable."""
        ...

    def read(self, fn: Callable[[UnitOfWork], T]) -> T: ...

    def import_citizens(
        self,
        keys: RegistryKeys,
        source: Path | Iterable[list[str]],
        audit: Callable[[UnitOfWork, int], None],
    ) -> int:
        """Import a citizen CSV file (or rows in its column order) all or nothing; `audit`
        records the import in the same transaction."""
        ...

    def close(self) -> None: ...
