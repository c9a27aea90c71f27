"""The person's use cases: seed steps 3 to 7 and Ügyfélkapu+, against any registry store.

Each public method is one step a person takes, written against the domain verbs of a unit of
work (storage.py), never SQL: the same code runs on the SQLite file and on PostgreSQL.
Refusals are typed errors from `desktop.registry.errors` carrying a Hungarian and English
message. A refusal that changes
state (a failed attempt counted, a lock set) is committed together with its audit entry before
the error is raised. Slow work (Argon2id, SMTP) runs outside database transactions.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from desktop.config import Config
from desktop.registration.local_time import local_date
from desktop.registration.mail import DeliveredMail
from desktop.registry import refusals, rules, throttle, totp
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
    RegistryUnavailable,
    TooManyAttempts,
)
from desktop.registry.mail import (
    MailTransportProtocol,
    compose_activation_mail,
    read_file_outbox,
)
from desktop.registry.models import (
    MailStatus,
    ManualEntryReason,
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
from desktop.registry.storage import (
    AccountSummary,
    Conflict,
    RegistryStore,
    SignInAttempts,
    UnitOfWork,
)

__all__ = [
    "CODE_ALPHABET",
    "AccountSummary",
    "Policy",
    "RegistrationService",
    "new_code",
    "normalize_code",
]

T = TypeVar("T")
log = logging.getLogger(__name__)


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
    # How long each check of a locked document, username or activation code waits first. The
    # lock slows checks down instead of refusing them, so the owner still gets in.
    locked_delay: timedelta = timedelta(seconds=2)
    # Failed verifications, activation codes, second-factor codes and sign-ins allowed per
    # source (the calling app or kiosk) and for the whole registry, in fixed windows; past
    # that, the source (or everyone) is refused until the window ends.
    source_failures: int = 30
    source_window: timedelta = timedelta(minutes=15)
    global_failures: int = 300
    global_window: timedelta = timedelta(minutes=5)
    # A username's sign-in failures are forgotten this long after the last one.
    failure_memory: timedelta = timedelta(days=1)


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

    # --- failure limits (docs/RELIABILITY.md, "No enumeration") ------------------------------

    def _limits(self) -> tuple[throttle.Limit, throttle.Limit]:
        p = self.policy
        return (
            throttle.Limit(p.source_failures, p.source_window),
            throttle.Limit(p.global_failures, p.global_window),
        )

    def _count_for_source(self, uow: UnitOfWork, now: datetime, source: str) -> None:
        throttle.count_failure(uow, now, source, *self._limits())

    def _before_check(self, source: str, locked: Callable[[UnitOfWork, datetime], bool]) -> None:
        """Refuse a throttled source; slow down a check on a locked subject.

        The subject's lock never refuses the right secret: it makes every check wait
        `locked_delay` (outside any transaction), so a stranger cannot keep the owner out by
        failing on purpose, and guessing stays slow (the source and global limits cap it).
        """

        def look(uow: UnitOfWork) -> bool | TooManyAttempts:
            now = self._now()
            refused = throttle.refusal(uow, now, source, *self._limits())
            return refused if refused is not None else locked(uow, now)

        outcome = self._store.read(look)
        if isinstance(outcome, TooManyAttempts):
            raise outcome
        if outcome:
            time.sleep(self.policy.locked_delay.total_seconds())

    # --- seed step 3: verify ------------------------------------------------------------------

    def verify(
        self, document_number: str, registration_code: str, *, source: str = throttle.LOCAL_SOURCE
    ) -> Verification:
        """Check the document number with the registration code and return the person's data.

        An unknown document and a wrong code answer alike, with the attempts left; after 5
        failures in a row every check of the document number is slowed down for 30 minutes
        (the right code still gets in). Failures also count for `source` and the registry.
        """
        doc = rules.check_document_number(document_number)
        code = rules.check_registration_code(registration_code)
        code_mac = self._keys.mac(Purpose.REGISTRATION_CODE, code)
        token = secrets.token_urlsafe(32)
        p = self.policy

        def locked(uow: UnitOfWork, now: datetime) -> bool:
            attempts = uow.attempts(doc)
            until = attempts.locked_until if attempts else None
            return until is not None and until > now

        self._before_check(source, locked)

        def run(uow: UnitOfWork) -> Verification:
            now = self._now()
            # Held until the end of the unit of work: verifications of one document from several
            # processes count their failures one after another, none lost.
            attempts = uow.lock_attempts(doc)
            failures = attempts.failures
            locked_until: datetime | None = None
            if attempts.locked_until is not None:
                if attempts.locked_until > now:
                    locked_until = attempts.locked_until
                failures = 0  # a lock that ran out starts a fresh count
            found = uow.citizen(doc)
            if found is None or not secrets.compare_digest(found[0], code_mac):
                self._count_for_source(uow, now, source)
                uow.record(now, Event.VERIFY, doc, Outcome.FAILED, None)
                if locked_until is not None:
                    raise _Refusal(refusals.document_locked(locked_until))
                failures += 1
                if failures >= p.verify_attempts:
                    until = now + p.verify_lock
                    uow.save_attempts(doc, 0, until)
                    uow.record(now, Event.DOCUMENT_LOCKED, doc, Outcome.OK, None)
                    raise _Refusal(refusals.document_locked(until))
                uow.save_attempts(doc, failures, None)
                raise _Refusal(refusals.verification_failed(p.verify_attempts - failures))
            uow.clear_attempts(doc)
            person = found[1]
            if person.document_expiry < local_date(now):
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
        sent = self._deliver_now(outbox_id)
        return PendingAccount(
            username=name,
            email=address,
            activation_expires_at=expires_at,
            mail_status=MailStatus.SENT if sent else MailStatus.QUEUED,
        )

    def _deliver_now(self, outbox_id: int) -> bool:
        """Try the just-queued mail once; a storage fault now leaves it queued, not lost.

        The account and its mail are committed already: failing the step here would tell the
        person that nothing happened when it did. The deliverer tries the mail again later.
        """
        try:
            return self.deliverer.deliver(outbox_id)
        except RegistryUnavailable as exc:
            log.warning("outbox mail %d left queued: %s", outbox_id, exc.message.en)
            return False

    def _issue_activation_code(
        self,
        uow: UnitOfWork,
        account_id: int,
        username: str,
        address: str,
        code: str,
        now: datetime,
    ) -> int:
        """Store a new activation code for the account (its failures start at 0); queue its mail."""
        expires = now + self.policy.activation_lifetime
        uow.set_activation_code(
            account_id,
            self._keys.mac(Purpose.ACTIVATION_CODE, normalize_code(code)),
            expires,
            # Kept (encrypted) so a resend mails this same code again: a resend never voids
            # the code already in the person's mailbox.
            self._keys.encrypt(code.encode(), f"activation/{account_id}"),
        )
        return self._queue_activation_mail(uow, account_id, username, address, code, expires, now)

    def _queue_activation_mail(
        self,
        uow: UnitOfWork,
        account_id: int,
        username: str,
        address: str,
        code: str,
        expires: datetime,
        now: datetime,
    ) -> int:
        msg = compose_activation_mail(
            self.config.mail.sender, address, username, code, expires, now
        )
        return queue(uow, self._keys, account_id, msg, now, expires)

    def resend_activation(self, username: str) -> PendingAccount:
        """Mail the account's activation code again, or a new one if it expired.

        While the code is valid a resend mails that same code (with its own expiry): asking for
        a resend, which anyone knowing the username can do, never voids the code the person
        already has. A new code is made only when the old one has expired (or, in a registry
        from before this rule, was voided or is not kept).
        """
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        fresh = new_code(ACTIVATION_GROUPS)

        def run(uow: UnitOfWork) -> tuple[int, str, datetime]:
            now = self._now()
            account = uow.account_by_username(username, for_update=True)
            if account is None or account.state == "active":
                # Unknown and already active answer alike: no username oracle here.
                raise _Refusal(refusals.unknown_account())
            last = uow.last_mail_at(account.id)
            if last is not None and last + self.policy.resend_interval > now:
                raise _Refusal(refusals.resend_too_soon(last + self.policy.resend_interval))
            supersede_waiting(uow, account.id, now)
            current = uow.activation_code(account.id)
            if (
                current is not None
                and current.code_enc is not None
                and not current.voided
                and current.expires_at > now
            ):
                code = self._keys.decrypt(current.code_enc, f"activation/{account.id}").decode()
                expires = current.expires_at
                outbox_id = self._queue_activation_mail(
                    uow, account.id, username, account.email, code, expires, now
                )
                detail = "same code"
            else:
                expires = now + self.policy.activation_lifetime
                outbox_id = self._issue_activation_code(
                    uow, account.id, username, account.email, fresh, now
                )
                detail = "new code"
            uow.record(now, Event.ACTIVATION_RESENT, username, Outcome.OK, detail)
            return outbox_id, account.email, expires

        outbox_id, address, expires_at = self._write(run)
        sent = self._deliver_now(outbox_id)
        return PendingAccount(
            username=username,
            email=address,
            activation_expires_at=expires_at,
            mail_status=MailStatus.SENT if sent else MailStatus.QUEUED,
        )

    # --- seed step 7 and Ügyfélkapu+: activate, enrol the second factor -----------------------

    def activate(
        self,
        username: str,
        activation_code: str,
        password: str,
        *,
        source: str = throttle.LOCAL_SOURCE,
    ) -> SecondFactorEnrolment:
        """Check the activation code, set the password and start second-factor enrolment.

        The code stays usable until `confirm_second_factor` succeeds, so a person whose
        enrolment was interrupted can activate again with the same e-mail. After 5 wrong codes
        every check of the account's code is slowed down; the right code still gets in.
        """
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        account = self._store.read(lambda uow: uow.account_by_username(username, for_update=False))
        if account is None or account.state == "active":
            raise refusals.unknown_account()  # unknown and active alike
        code = rules.check_activation_code(activation_code)
        clean_password = rules.check_password(password, username, account.email)
        password_hash = self._hasher.hash(clean_password)
        secret = totp.new_secret()
        recovery = new_code(RECOVERY_GROUPS)
        code_mac = self._keys.mac(Purpose.ACTIVATION_CODE, code)
        attempts = self.policy.activation_attempts

        def slowed(uow: UnitOfWork, now: datetime) -> bool:
            found = uow.account_by_username(username, for_update=False)
            current = uow.activation_code(found.id) if found else None
            return current is not None and current.failures >= attempts

        self._before_check(source, slowed)

        def run(uow: UnitOfWork) -> None:
            now = self._now()
            found = uow.account_by_username(username, for_update=True)
            if found is None or found.state == "active":
                raise _Refusal(refusals.unknown_account())
            stored = uow.activation_code(found.id)
            if stored is None or stored.voided or stored.expires_at < now:
                uow.record(now, Event.ACTIVATE, username, Outcome.REFUSED, "code expired")
                raise _Refusal(refusals.activation_expired(bool(stored and stored.voided)))
            if not secrets.compare_digest(stored.code_mac, code_mac):
                failures = stored.failures + 1
                uow.save_activation_failures(found.id, failures, False)
                self._count_for_source(uow, now, source)
                uow.record(now, Event.ACTIVATE, username, Outcome.FAILED, None)
                raise _Refusal(refusals.invalid_activation_code(max(attempts - failures, 0)))
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

    def confirm_second_factor(
        self, username: str, totp_code: str, *, source: str = throttle.LOCAL_SOURCE
    ) -> None:
        """Check the first code from the authenticator app; the account becomes active."""
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        code = "".join(totp_code.split())
        self._before_check(source, lambda uow, now: _sign_in_locked(uow, username, now))

        def run(uow: UnitOfWork) -> None:
            now = self._now()
            account = uow.account_by_username(username, for_update=True)
            # An unknown username answers like an account that is not enrolling.
            if account is None or account.state != "enrolling" or account.totp_secret_enc is None:
                raise _Refusal(refusals.not_enrolling())
            secret = self._keys.decrypt(account.totp_secret_enc, f"totp/{account.id}")
            step = totp.matching_step(secret, code, now)
            if step is None:
                self._count_sign_in_failure(
                    uow, username, username, now, source, Event.SECOND_FACTOR
                )
                raise _Refusal(refusals.invalid_totp())
            uow.finish_enrolment(account.id, now, step)
            uow.forget_sign_in_attempts(username)
            uow.record(now, Event.SECOND_FACTOR, username, Outcome.OK, None)

        self._write(run)

    # --- sign-in ------------------------------------------------------------------------------

    def sign_in(
        self,
        username: str,
        password: str,
        totp_code: str,
        *,
        source: str = throttle.LOCAL_SOURCE,
    ) -> SignedIn:
        """Exact username, password, and a TOTP code or (once) the recovery code.

        Failures are counted per typed username, known or not: an unknown one is answered,
        counted, locked and timed exactly like an existing one. A lock slows checks down; the
        right password and code still get in.
        """
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        self._before_check(source, lambda uow, now: _sign_in_locked(uow, username, now))
        account = self._store.read(lambda uow: uow.account_by_username(username, for_update=False))
        # Verified for an unknown username too (against a dummy hash): same time, same answer.
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
                # Audited without the name: an unknown "username" may be a mistyped password.
                self._count_sign_in_failure(uow, username, None, now, source, Event.SIGN_IN)
                raise _Refusal(refusals.sign_in_failed())
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
            replayed = step is not None and not second_ok
            if not (password_ok and second_ok):
                # A replay counts as a failure like any other; only someone who knows the
                # password learns that the code was right but spent (and to wait for the next).
                self._count_sign_in_failure(uow, username, username, now, source, Event.SIGN_IN)
                if password_ok and found.state != "active":
                    raise _Refusal(refusals.not_active())
                if password_ok and replayed:
                    raise _Refusal(refusals.totp_code_already_used())
                raise _Refusal(refusals.sign_in_failed())
            uow.signed_in(found.id, totp_step=step, used_recovery=used_recovery)
            uow.forget_sign_in_attempts(username)
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

    def _count_sign_in_failure(
        self,
        uow: UnitOfWork,
        username: str,
        audit_subject: str | None,
        now: datetime,
        source: str,
        event: Event,
    ) -> None:
        """Count a failed sign-in or second-factor code for the typed username, known or not.

        Raises the lock's refusal when the username is (or now becomes) locked; otherwise the
        caller gives its own answer.
        """
        p = self.policy
        self._count_for_source(uow, now, source)
        uow.record(now, event, audit_subject, Outcome.FAILED, None)
        uow.purge_sign_in_attempts(now - p.failure_memory, now)
        # Locked for the rest of the unit of work: concurrent failures of one name are counted
        # one after another, so none is lost and the lock engages at exactly the limit.
        found = uow.sign_in_attempts(username, for_update=True)
        failures = 0
        if found is not None:
            failures = found.failures
            if found.locked_until is not None:
                if found.locked_until > now:
                    uow.save_sign_in_attempts(
                        username, SignInAttempts(found.failures, found.locked_until, now)
                    )
                    raise _Refusal(refusals.account_locked(found.locked_until))
                failures = 0  # a lock that ran out starts a fresh count
        failures += 1
        locked_until: datetime | None = None
        if failures >= p.sign_in_attempts:
            locked_until, failures = now + p.sign_in_lock, 0
        uow.save_sign_in_attempts(username, SignInAttempts(failures, locked_until, now))
        if locked_until is not None:
            uow.record(now, Event.ACCOUNT_LOCKED, audit_subject, Outcome.OK, None)
            raise _Refusal(refusals.account_locked(locked_until))

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

    def record_manual_entry_allowed(self, reason: ManualEntryReason) -> None:
        """Audit a kiosk attendant's approval of typing the document ID for one session.

        No subject: the number is not typed yet, and the approval is for the session.
        """

        self._store.write(
            lambda uow: uow.record(
                self._now(), Event.MANUAL_ENTRY_ALLOWED, "kiosk", Outcome.OK, reason.value
            )
        )

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


def _sign_in_locked(uow: UnitOfWork, username: str, now: datetime) -> bool:
    found = uow.sign_in_attempts(username, for_update=False)
    return found is not None and found.locked_until is not None and found.locked_until > now
