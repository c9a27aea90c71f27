"""The person's use cases: seed steps 3 to 7 and Ügyfélkapu+, against any registry store.

Each public method is one step a person takes, written against the domain verbs of a unit of
work (storage.py), never SQL: the same code runs on the SQLite file and on PostgreSQL. Refusals are typed errors from
`desktop.registry.errors` carrying a Hungarian and English message. A refusal that changes
state (a failed attempt counted, a lock set) is committed together with its audit entry before
the error is raised. Slow work (Argon2id, SMTP) runs outside database transactions.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from desktop.config import Config
from desktop.messages import Message
from desktop.registry import refusals, rules, totp
from desktop.registry.administration import Administration
from desktop.registry.audit import AuditEntry, Event, Outcome
from desktop.registry.codes import (
    ACTIVATION_GROUPS,
    CODE_ALPHABET,
    RECOVERY_GROUPS,
    looks_like_code,
    new_code,
    normalize_code,
)
from desktop.registry.crypto import Purpose, RegistryKeys
from desktop.registry.errors import (
    RegistrationError,
    RuleViolation,
)
from desktop.registry.mail import (
    DeliveredMail,
    MailTransportProtocol,
    compose_activation_mail,
    read_file_outbox,
)
from desktop.registry.models import (
    MailStatus,
    PendingAccount,
    Person,
    SecondFactorEnrolment,
    SignedIn,
    Verification,
)
from desktop.registry.outbox import (
    Deliverer,
    DeliveryReport,
    QueuedMail,
    queue,
    supersede_waiting,
)
from desktop.registry.passwords import PasswordHasher
from desktop.registry.storage import AccountSummary, Conflict, RegistryStore, UnitOfWork

__all__ = [
    "CODE_ALPHABET",
    "AccountSummary",
    "Policy",
    "RegistrationService",
    "new_code",
    "normalize_code",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Policy:
    """Limits and lifetimes; the defaults are the service's rules."""

    verify_attempts: int = 5
    verify_lock: timedelta = timedelta(minutes=30)
    verification_lifetime: timedelta = timedelta(minutes=15)
    activation_lifetime: timedelta = timedelta(days=5)
    activation_attempts: int = 5
    sign_in_attempts: int = 5
    sign_in_lock: timedelta = timedelta(minutes=15)
    # Anyone who knows a pending username can ask for a resend: spacing them keeps that from
    # flooding the person's mailbox.
    resend_interval: timedelta = timedelta(minutes=1)


class _Refusal(Exception):
    """Carries a refusal out of a write transaction that must still commit."""

    def __init__(self, error: RegistrationError) -> None:
        self.error = error


class RegistrationService:
    """The registry facade the wizard, the kiosk, the admin CLI and tests use."""

    def __init__(
        self,
        config: Config,
        store: RegistryStore,
        keys: RegistryKeys,
        hasher: PasswordHasher,
        transport: MailTransportProtocol,
        clock: Callable[[], datetime] | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.config = config
        self._store = store
        self._keys = keys
        self._hasher = hasher
        self._clock = clock or (lambda: datetime.now(UTC))
        self.policy = policy or Policy()
        self.deliverer = Deliverer(store, keys, transport, self._clock)
        # The administrator's use cases, apart from the person's (kept reachable from here for
        # the admin CLI and tests).
        self.admin = Administration(store, keys, self._now)

    @property
    def where(self) -> str:
        """Where the registry is, for people: a file, or a server and database (no password)."""
        return self._store.description

    def close(self) -> None:
        """Close the store (its connection or pool)."""
        self._store.close()

    def __enter__(self) -> RegistrationService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return now

    def _write(self, fn: Callable[[UnitOfWork], T]) -> T:
        """A unit of work whose `_Refusal` commits what was done, then raises the error."""
        outcome = self._store.write(lambda uow: _capture(fn, uow))
        if isinstance(outcome, _Refusal):
            raise outcome.error
        return outcome

    # --- seed step 3: verify ------------------------------------------------------------------

    def verify(self, document_number: str, registration_code: str) -> Verification:
        """Check the document number with the registration code and return the person's data.

        An unknown document and a wrong code answer alike, with the attempts left; 5 failures
        in a row lock the document number for 30 minutes.
        """
        doc = rules.check_document_number(document_number)
        code = rules.check_registration_code(registration_code)
        code_mac = self._keys.mac(Purpose.REGISTRATION_CODE, code)
        token = secrets.token_urlsafe(32)
        p = self.policy

        def run(uow: UnitOfWork) -> Verification:
            now = self._now()
            # Held until the end of the unit of work: verifications of one document from several
            # processes count their failures one after another, none lost.
            attempts = uow.lock_attempts(doc)
            failures = attempts.failures
            if attempts.locked_until is not None:
                if attempts.locked_until > now:
                    uow.record(now, Event.VERIFY, doc, Outcome.REFUSED, "locked")
                    raise _Refusal(refusals.document_locked(attempts.locked_until))
                failures = 0  # a lock that ran out starts a fresh count
            found = uow.citizen(doc)
            if found is None or not secrets.compare_digest(found[0], code_mac):
                failures += 1
                if failures >= p.verify_attempts:
                    until = now + p.verify_lock
                    uow.save_attempts(doc, 0, until)
                    uow.record(now, Event.VERIFY, doc, Outcome.FAILED, None)
                    uow.record(now, Event.DOCUMENT_LOCKED, doc, Outcome.OK, None)
                    raise _Refusal(refusals.document_locked(until))
                uow.save_attempts(doc, failures, None)
                uow.record(now, Event.VERIFY, doc, Outcome.FAILED, None)
                raise _Refusal(refusals.verification_failed(p.verify_attempts - failures))
            uow.clear_attempts(doc)
            person = found[1]
            if person.document_expiry < now.date():
                uow.record(now, Event.VERIFY, doc, Outcome.REFUSED, "document expired")
                raise _Refusal(refusals.document_expired(person))
            account = uow.account_for_document(doc)
            if account is not None and account.state != "pending":
                uow.record(now, Event.VERIFY, doc, Outcome.REFUSED, "already registered")
                raise _Refusal(refusals.already_registered())
            expires = now + p.verification_lifetime
            uow.purge_verifications(now)
            uow.add_verification(self._keys.mac(Purpose.VERIFICATION_TOKEN, token), doc, expires)
            uow.record(now, Event.VERIFY, doc, Outcome.OK, None)
            return Verification(token=token, person=person, expires_at=expires)

        return self._write(run)

    # --- seed steps 4 to 6: username, e-mail, register ----------------------------------------

    def check_username(self, username: str) -> None:
        """Raise RuleViolation or UsernameTaken unless `username` can be registered now."""
        name = rules.check_username(username)
        if self._store.read(lambda uow: uow.username_taken(rules.username_key(name))):
            raise refusals.username_taken_error(name)

    def register(self, verification: Verification, username: str, email: str) -> PendingAccount:
        """Create the pending account and queue its activation e-mail in one transaction.

        Then the e-mail is tried once right away: `mail_status` says whether it went out or
        waits in the outbox for the deliverer.
        """
        name = rules.check_username(username)
        address = rules.check_email(email)
        token_mac = self._keys.mac(Purpose.VERIFICATION_TOKEN, verification.token)
        code = new_code(ACTIVATION_GROUPS)

        def run(uow: UnitOfWork) -> tuple[int, datetime]:
            now = self._now()
            found = uow.verification_for_update(token_mac)
            if found is None or found.used_at is not None or found.expires_at < now:
                raise _Refusal(refusals.verification_expired())
            doc = found.document_number
            existing = uow.account_for_document(doc)
            if existing is not None and existing.state != "pending":
                raise _Refusal(refusals.already_registered())
            if existing is not None and existing.created_at > found.expires_at - (
                self.policy.verification_lifetime
            ):
                # Someone registered this document after this verification was made (several
                # kiosks at once): this one is stale and may not replace that registration.
                uow.record(now, Event.REGISTER, doc, Outcome.REFUSED, "registered meanwhile")
                raise _Refusal(refusals.verification_expired())
            key = rules.username_key(name)
            # Every check comes before the first change: a refusal commits (its audit entry),
            # so nothing the person already has may be deleted before success is certain. The
            # person's own pending account does not count as taking its username.
            if uow.username_taken(key, other_than=existing.id if existing else None):
                uow.record(now, Event.REGISTER, doc, Outcome.REFUSED, "username taken")
                raise _Refusal(refusals.username_taken_error(name))
            if existing is not None:
                # The same person registering again before activating (a mistyped e-mail,
                # a lost mail): the new registration replaces the pending one and its code.
                uow.delete_account(existing.id)
            try:
                account_id = uow.add_account(name, key, doc, address, now)
            except Conflict as conflict:
                # Another process took the name (or the document) between the check above and
                # this insert: the unique constraint decided, and this one lost.
                if conflict.what == "username":
                    uow.record(now, Event.REGISTER, doc, Outcome.REFUSED, "username taken")
                    raise _Refusal(refusals.username_taken_error(name)) from None
                uow.record(now, Event.REGISTER, doc, Outcome.REFUSED, "registered meanwhile")
                raise _Refusal(refusals.verification_expired()) from None
            outbox_id = self._issue_activation_code(uow, account_id, name, address, code, now)
            uow.mark_verification_used(token_mac, now)
            detail = "replaced a pending account" if existing is not None else None
            uow.record(now, Event.REGISTER, f"{doc} {name}", Outcome.OK, detail)
            return outbox_id, now + self.policy.activation_lifetime

        outbox_id, expires_at = self._write(run)
        sent = self.deliverer.deliver(outbox_id)
        return PendingAccount(
            username=name,
            email=address,
            activation_expires_at=expires_at,
            mail_status=MailStatus.SENT if sent else MailStatus.QUEUED,
        )

    def _issue_activation_code(
        self,
        uow: UnitOfWork,
        account_id: int,
        username: str,
        address: str,
        code: str,
        now: datetime,
    ) -> int:
        expires = now + self.policy.activation_lifetime
        uow.set_activation_code(
            account_id, self._keys.mac(Purpose.ACTIVATION_CODE, normalize_code(code)), expires
        )
        msg = compose_activation_mail(
            self.config.mail.sender, address, username, code, expires, now
        )
        return queue(uow, self._keys, account_id, msg, now, expires)

    def resend_activation(self, username: str) -> PendingAccount:
        """Replace the account's activation code (void, expired or not) and mail the new one."""
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        code = new_code(ACTIVATION_GROUPS)

        def run(uow: UnitOfWork) -> tuple[int, str, datetime]:
            now = self._now()
            account = uow.account_by_username(username, for_update=True)
            if account is None:
                raise _Refusal(refusals.unknown_account())
            if account.state == "active":
                raise _Refusal(refusals.already_registered())
            last = uow.last_mail_at(account.id)
            if last is not None and last + self.policy.resend_interval > now:
                raise _Refusal(refusals.resend_too_soon(last + self.policy.resend_interval))
            supersede_waiting(uow, account.id, now)
            outbox_id = self._issue_activation_code(
                uow, account.id, username, account.email, code, now
            )
            uow.record(now, Event.ACTIVATION_RESENT, username, Outcome.OK, None)
            return outbox_id, account.email, now + self.policy.activation_lifetime

        outbox_id, address, expires_at = self._write(run)
        sent = self.deliverer.deliver(outbox_id)
        return PendingAccount(
            username=username,
            email=address,
            activation_expires_at=expires_at,
            mail_status=MailStatus.SENT if sent else MailStatus.QUEUED,
        )

    # --- seed step 7 and Ügyfélkapu+: activate, enrol the second factor -----------------------

    def activate(self, username: str, activation_code: str, password: str) -> SecondFactorEnrolment:
        """Check the activation code, set the password and start second-factor enrolment.

        The code stays usable until `confirm_second_factor` succeeds, so a person whose
        enrolment was interrupted can activate again with the same e-mail.
        """
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        account = self._store.read(lambda uow: uow.account_by_username(username, for_update=False))
        if account is None:
            raise refusals.unknown_account()
        if account.state == "active":
            raise refusals.already_registered()
        code = normalize_code(activation_code)
        if not looks_like_code(code, ACTIVATION_GROUPS):
            raise RuleViolation(
                "activation_code",
                "activation_code.format",
                Message(
                    "Az aktiváló kód 12 betű és számjegy, például ABCD-EFGH-JK23.",
                    "The activation code is 12 letters and digits, for example ABCD-EFGH-JK23.",
                ),
            )
        clean_password = rules.check_password(password, username, account.email)
        password_hash = self._hasher.hash(clean_password)
        secret = totp.new_secret()
        recovery = new_code(RECOVERY_GROUPS)
        code_mac = self._keys.mac(Purpose.ACTIVATION_CODE, code)

        def run(uow: UnitOfWork) -> None:
            now = self._now()
            found = uow.account_by_username(username, for_update=True)
            if found is None:
                raise _Refusal(refusals.unknown_account())
            if found.state == "active":
                raise _Refusal(refusals.already_registered())
            stored = uow.activation_code(found.id)
            if stored is None or stored.voided or stored.expires_at < now:
                uow.record(now, Event.ACTIVATE, username, Outcome.REFUSED, "code expired")
                raise _Refusal(refusals.activation_expired(bool(stored and stored.voided)))
            if not secrets.compare_digest(stored.code_mac, code_mac):
                failures = stored.failures + 1
                if failures >= self.policy.activation_attempts:
                    uow.save_activation_failures(found.id, failures, True)
                    uow.record(now, Event.ACTIVATE, username, Outcome.FAILED, "code voided")
                    raise _Refusal(refusals.activation_expired(True))
                uow.save_activation_failures(found.id, failures, False)
                uow.record(now, Event.ACTIVATE, username, Outcome.FAILED, None)
                raise _Refusal(
                    refusals.invalid_activation_code(self.policy.activation_attempts - failures)
                )
            uow.start_enrolment(
                found.id,
                password_hash,
                self._keys.encrypt(secret, f"totp/{found.id}"),
                self._keys.mac(Purpose.RECOVERY_CODE, normalize_code(recovery)),
            )
            uow.record(now, Event.ACTIVATE, username, Outcome.OK, None)

        self._write(run)
        return SecondFactorEnrolment(
            username=username,
            secret_base32=totp.secret_base32(secret),
            otpauth_uri=totp.provisioning_uri(secret, username),
            recovery_code=recovery,
        )

    def confirm_second_factor(self, username: str, totp_code: str) -> None:
        """Check the first code from the authenticator app; the account becomes active."""
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        code = "".join(totp_code.split())

        def run(uow: UnitOfWork) -> None:
            now = self._now()
            account = uow.account_by_username(username, for_update=True)
            if account is None:
                raise _Refusal(refusals.unknown_account())
            if account.state != "enrolling" or account.totp_secret_enc is None:
                raise _Refusal(refusals.not_enrolling())
            self._refuse_if_locked(uow, username, account.locked_until, now)
            secret = self._keys.decrypt(account.totp_secret_enc, f"totp/{account.id}")
            step = totp.matching_step(secret, code, now)
            if step is None:
                self._count_failure(
                    uow, account.id, username, account.sign_in_failures, now, Event.SECOND_FACTOR
                )
                raise _Refusal(refusals.invalid_totp())
            uow.finish_enrolment(account.id, now, step)
            uow.record(now, Event.SECOND_FACTOR, username, Outcome.OK, None)

        self._write(run)

    # --- sign-in ------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, totp_code: str) -> SignedIn:
        """Exact username, password, and a TOTP code or (once) the recovery code."""
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        account = self._store.read(lambda uow: uow.account_by_username(username, for_update=False))
        # Verified even for a locked account (the transaction below refuses it, with its
        # audit entry) and for an unknown username (against a dummy hash): same time, same
        # answer.
        password_ok = self._hasher.verify(
            rules.normalize_password(password), account.password_hash if account else None
        )
        second = normalize_code(totp_code)
        recovery_mac = (
            self._keys.mac(Purpose.RECOVERY_CODE, second)
            if looks_like_code(second, RECOVERY_GROUPS)
            else None
        )

        def run(uow: UnitOfWork) -> SignedIn:
            now = self._now()
            # Locked for the rest of the unit of work: concurrent failures are counted one
            # after another, so none is lost and the lock engages at exactly the limit.
            found = uow.account_by_username(username, for_update=True)
            if found is None:
                uow.record(now, Event.SIGN_IN, None, Outcome.FAILED, "unknown username")
                raise _Refusal(refusals.sign_in_failed())
            self._refuse_if_locked(uow, username, found.locked_until, now)
            used_recovery = False
            second_ok = False
            step: int | None = None
            if found.state == "active" and found.totp_secret_enc is not None:
                if recovery_mac is not None:
                    second_ok = found.recovery_code_mac is not None and secrets.compare_digest(
                        found.recovery_code_mac, recovery_mac
                    )
                    used_recovery = second_ok
                else:
                    secret = self._keys.decrypt(found.totp_secret_enc, f"totp/{found.id}")
                    step = totp.matching_step(secret, second, now)
                    # A code already used cannot be replayed.
                    last = found.totp_last_step
                    second_ok = step is not None and (last is None or step > last)
            if not (password_ok and second_ok):
                self._count_failure(
                    uow, found.id, username, found.sign_in_failures, now, Event.SIGN_IN
                )
                if password_ok and found.state != "active":
                    raise _Refusal(refusals.not_active())
                raise _Refusal(refusals.sign_in_failed())
            uow.signed_in(found.id, totp_step=step, used_recovery=used_recovery)
            uow.record(
                now,
                Event.SIGN_IN,
                username,
                Outcome.OK,
                "recovery code used" if used_recovery else None,
            )
            citizen = uow.citizen(found.document_number)
            name = f"{citizen[1].family_name} {citizen[1].given_names}" if citizen else username
            return SignedIn(username=username, display_name=name, used_recovery_code=used_recovery)

        return self._write(run)

    def _refuse_if_locked(
        self, uow: UnitOfWork, username: str, locked_until: datetime | None, now: datetime
    ) -> None:
        if locked_until is not None and locked_until > now:
            uow.record(now, Event.SIGN_IN, username, Outcome.REFUSED, "locked")
            raise _Refusal(refusals.account_locked(locked_until))

    def _count_failure(
        self,
        uow: UnitOfWork,
        account_id: int,
        username: str,
        failures: int,
        now: datetime,
        event: Event,
    ) -> None:
        failures += 1
        uow.record(now, event, username, Outcome.FAILED, None)
        if failures >= self.policy.sign_in_attempts:
            until = now + self.policy.sign_in_lock
            uow.save_sign_in_failures(account_id, 0, until)
            uow.record(now, Event.ACCOUNT_LOCKED, username, Outcome.OK, None)
            raise _Refusal(refusals.account_locked(until))
        uow.save_sign_in_failures(account_id, failures, None)

    # --- mail -----------------------------------------------------------------------------------

    def deliver_queued(self, *, force: bool = False) -> DeliveryReport:
        """Send queued mail whose retry time has come (all of it with `force`)."""
        return self.deliverer.deliver_queued(force=force)

    def queued_mail(self, *, include_given_up: bool = False) -> list[QueuedMail]:
        """Mail waiting to be delivered, oldest first; also the mail given up if asked."""
        return self.deliverer.queued(include_given_up=include_given_up)

    def delivered_mail(self) -> list[DeliveredMail]:
        """Mail the file transport delivered (the demo mailbox), newest first."""
        return read_file_outbox(self.config)

    # --- administration (Administration's use cases, reachable from here) ---------------------

    def import_citizens_csv(self, path: Path) -> int:
        return self.admin.import_citizens_csv(path)

    def import_citizen_rows(self, rows: Iterable[list[str]]) -> int:
        return self.admin.import_citizen_rows(rows)

    def citizen_count(self) -> int:
        return self.admin.citizen_count()

    def known_documents(self, document_numbers: Iterable[str]) -> set[str]:
        return self.admin.known_documents(document_numbers)

    def person(self, document_number: str) -> Person | None:
        return self.admin.person(document_number)

    def accounts(self) -> list[AccountSummary]:
        return self.admin.accounts()

    def unlock(self, document_number: str) -> bool:
        return self.admin.unlock(document_number)

    def audit_entries(self, limit: int = 100) -> list[AuditEntry]:
        return self.admin.audit_entries(limit)

    def record_admin_action(self, action: str, subject: str | None = None) -> None:
        self.admin.record_action(action, subject)


def _capture(fn: Callable[[UnitOfWork], T], uow: UnitOfWork) -> T | _Refusal:
    try:
        return fn(uow)
    except _Refusal as refusal:
        return refusal
