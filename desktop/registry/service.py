"""The registration service: seed steps 3 to 7 and Ügyfélkapu+ against the embedded registry.

Each public method is one step a person takes. Refusals are typed errors from
`desktop.registry.errors` carrying a Hungarian and English message. A refusal that changes
state (a failed attempt counted, a lock set) is committed together with its audit entry before
the error is raised. Slow work (Argon2id, SMTP) runs outside database transactions.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from desktop.config import Config
from desktop.messages import Message
from desktop.registration.local_time import local_date
from desktop.registration.mail import DeliveredMail, DeliveryReport, QueuedMail
from desktop.registry import audit, citizens, refusals, rules, throttle, totp
from desktop.registry.audit import Event, Outcome
from desktop.registry.crypto import Purpose, RegistryKeys
from desktop.registry.errors import (
    RegistrationError,
    RegistryUnavailable,
    RuleViolation,
    TooManyAttempts,
)
from desktop.registry.mail import (
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
    queue,
    supersede_waiting,
)
from desktop.registry.passwords import PasswordHasher
from desktop.registry.store import Store, parse_ts, ts

T = TypeVar("T")
log = logging.getLogger(__name__)

# A–Z and 2–9 without the easily confused I, O, 0 and 1: 32 symbols, 5 bits each.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACTIVATION_GROUPS = 3
RECOVERY_GROUPS = 4
GROUP = 4


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


@dataclass(frozen=True)
class AccountSummary:
    """An account as the admin CLI lists it (no secrets)."""

    username: str
    document_number: str
    email: str
    state: str
    created_at: datetime
    locked_until: datetime | None


def new_code(groups: int) -> str:
    """A random code like `XXXX-XXXX-XXXX` from CODE_ALPHABET, drawn with `secrets`."""
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(GROUP)) for _ in range(groups)
    )


def normalize_code(text: str) -> str:
    """Codes are accepted with or without dashes and spaces, in any case."""
    return "".join(c for c in text if c not in "- \t").upper()


def _looks_like_code(value: str, groups: int) -> bool:
    return len(value) == groups * GROUP and all(c in CODE_ALPHABET for c in value)


class _Refusal(Exception):
    """Carries a refusal out of a write transaction that must still commit."""

    def __init__(self, error: RegistrationError) -> None:
        self.error = error


class RegistrationService:
    """The registry facade the wizard, the kiosk, the admin CLI and tests use."""

    def __init__(
        self,
        config: Config,
        store: Store,
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

    def close(self) -> None:
        """Close the database connection."""
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

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """A write transaction whose `_Refusal` commits what was done, then raises the error."""
        outcome = self._store.write(lambda conn: _capture(fn, conn))
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

    def _count_for_source(self, conn: sqlite3.Connection, now: datetime, source: str) -> None:
        throttle.count_failure(conn, now, source, *self._limits())

    def _before_check(
        self, source: str, locked: Callable[[sqlite3.Connection, datetime], bool]
    ) -> None:
        """Refuse a throttled source; slow down a check on a locked subject.

        The subject's lock never refuses the right secret: it makes every check wait
        `locked_delay` (outside any transaction), so a stranger cannot keep the owner out by
        failing on purpose, and guessing stays slow (the source and global limits cap it).
        """

        def look(conn: sqlite3.Connection) -> bool | TooManyAttempts:
            now = self._now()
            refused = throttle.refusal(conn, now, source, *self._limits())
            return refused if refused is not None else locked(conn, now)

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

        def locked(conn: sqlite3.Connection, now: datetime) -> bool:
            row = conn.execute(
                "SELECT locked_until FROM verification_attempts WHERE document_number = ?",
                (doc,),
            ).fetchone()
            return row is not None and row[0] is not None and parse_ts(row[0]) > now

        self._before_check(source, locked)

        def run(conn: sqlite3.Connection) -> Verification:
            now = self._now()
            row = conn.execute(
                "SELECT failures, locked_until FROM verification_attempts "
                "WHERE document_number = ?",
                (doc,),
            ).fetchone()
            failures = 0
            locked_until: datetime | None = None
            if row is not None:
                failures = row[0]
                if row[1] is not None:
                    if parse_ts(row[1]) > now:
                        locked_until = parse_ts(row[1])
                    failures = 0  # a lock that ran out starts a fresh count
            found = conn.execute(
                f"SELECT registration_code_mac, {citizens.PERSON_COLUMNS} FROM citizens "  # noqa: S608 - constant columns
                "WHERE document_number = ?",
                (doc,),
            ).fetchone()
            if found is None or not secrets.compare_digest(bytes(found[0]), code_mac):
                self._count_for_source(conn, now, source)
                audit.record(conn, now, Event.VERIFY, doc, Outcome.FAILED)
                if locked_until is not None:
                    raise _Refusal(refusals.document_locked(locked_until))
                failures += 1
                if failures >= p.verify_attempts:
                    until = now + p.verify_lock
                    conn.execute(
                        "INSERT OR REPLACE INTO verification_attempts VALUES (?, 0, ?)",
                        (doc, ts(until)),
                    )
                    audit.record(conn, now, Event.DOCUMENT_LOCKED, doc, Outcome.OK)
                    raise _Refusal(refusals.document_locked(until))
                conn.execute(
                    "INSERT OR REPLACE INTO verification_attempts VALUES (?, ?, NULL)",
                    (doc, failures),
                )
                raise _Refusal(refusals.verification_failed(p.verify_attempts - failures))
            conn.execute("DELETE FROM verification_attempts WHERE document_number = ?", (doc,))
            person = citizens.person_from_row(tuple(found[1:]))
            if person.document_expiry < local_date(now):
                audit.record(conn, now, Event.VERIFY, doc, Outcome.REFUSED, "document expired")
                raise _Refusal(refusals.document_expired(person))
            state = conn.execute(
                "SELECT state FROM accounts WHERE document_number = ?", (doc,)
            ).fetchone()
            if state is not None and state[0] != "pending":
                audit.record(conn, now, Event.VERIFY, doc, Outcome.REFUSED, "already registered")
                raise _Refusal(refusals.already_registered())
            expires = now + p.verification_lifetime
            conn.execute("DELETE FROM verifications WHERE expires_at < ?", (ts(now),))
            conn.execute(
                "INSERT INTO verifications (token_mac, document_number, expires_at) "
                "VALUES (?, ?, ?)",
                (self._keys.mac(Purpose.VERIFICATION_TOKEN, token), doc, ts(expires)),
            )
            audit.record(conn, now, Event.VERIFY, doc, Outcome.OK)
            return Verification(token=token, person=person, expires_at=expires)

        return self._write(run)

    # --- seed steps 4 to 6: username, e-mail, register ----------------------------------------

    def check_username(self, username: str) -> None:
        """Raise RuleViolation or UsernameTaken unless `username` can be registered now."""
        name = rules.check_username(username)
        taken = self._store.read(lambda conn: _username_taken(conn, rules.username_key(name)))
        if taken:
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

        def run(conn: sqlite3.Connection) -> tuple[int, datetime]:
            now = self._now()
            row = conn.execute(
                "SELECT document_number, expires_at, used_at FROM verifications "
                "WHERE token_mac = ?",
                (token_mac,),
            ).fetchone()
            if row is None or row[2] is not None or parse_ts(row[1]) < now:
                raise _Refusal(refusals.verification_expired())
            doc = row[0]
            existing = conn.execute(
                "SELECT id, state FROM accounts WHERE document_number = ?", (doc,)
            ).fetchone()
            if existing is not None and existing[1] != "pending":
                raise _Refusal(refusals.already_registered())
            key = rules.username_key(name)
            # Every check comes before the first change: a refusal commits (its audit entry),
            # so nothing the person already has may be deleted before success is certain. The
            # person's own pending account does not count as taking its username.
            if _username_taken(conn, key, other_than=existing[0] if existing else None):
                audit.record(conn, now, Event.REGISTER, doc, Outcome.REFUSED, "username taken")
                raise _Refusal(refusals.username_taken_error(name))
            if existing is not None:
                # The same person registering again before activating (a mistyped e-mail,
                # a lost mail): the new registration replaces the pending one and its code.
                conn.execute("DELETE FROM accounts WHERE id = ?", (existing[0],))
            account_id = conn.execute(
                "INSERT INTO accounts (username, username_key, document_number, email, state, "
                "created_at) VALUES (?, ?, ?, ?, 'pending', ?)",
                (name, key, doc, address, ts(now)),
            ).lastrowid
            if account_id is None:  # sqlite3 sets it after every INSERT of a row
                raise RuntimeError("the new account has no row id")
            outbox_id = self._issue_activation_code(conn, account_id, name, address, code, now)
            conn.execute(
                "UPDATE verifications SET used_at = ? WHERE token_mac = ?", (ts(now), token_mac)
            )
            detail = "replaced a pending account" if existing is not None else None
            audit.record(conn, now, Event.REGISTER, f"{doc} {name}", Outcome.OK, detail)
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
        conn: sqlite3.Connection,
        account_id: int,
        username: str,
        address: str,
        code: str,
        now: datetime,
    ) -> int:
        """Store a new activation code for the account (its failures start at 0); queue its mail."""
        expires = now + self.policy.activation_lifetime
        conn.execute(
            "INSERT OR REPLACE INTO activation_codes (account_id, code_mac, expires_at, code_enc) "
            "VALUES (?, ?, ?, ?)",
            (
                account_id,
                self._keys.mac(Purpose.ACTIVATION_CODE, normalize_code(code)),
                ts(expires),
                # Kept (encrypted) so a resend mails this same code again: a resend never voids
                # the code already in the person's mailbox.
                self._keys.encrypt(code.encode(), f"activation/{account_id}"),
            ),
        )
        return self._queue_activation_mail(conn, account_id, username, address, code, expires, now)

    def _queue_activation_mail(
        self,
        conn: sqlite3.Connection,
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
        return queue(conn, self._keys, account_id, msg, now, expires)

    def resend_activation(self, username: str) -> PendingAccount:
        """Mail the account's activation code again, or a new one if it expired.

        While the code is valid a resend mails that same code (with its own expiry): asking for
        a resend, which anyone knowing the username can do, never voids the code the person
        already has. A new code is made only when the old one has expired (or, in a registry
        from before this rule, was voided or is not kept).
        """
        username = rules.normalize_username(username)  # as `register` stored it (NFC)
        fresh = new_code(ACTIVATION_GROUPS)

        def run(conn: sqlite3.Connection) -> tuple[int, str, datetime]:
            now = self._now()
            row = conn.execute(
                "SELECT id, email, state FROM accounts WHERE username = ?", (username,)
            ).fetchone()
            if row is None or row[2] == "active":
                # Unknown and already active answer alike: no username oracle here.
                raise _Refusal(refusals.unknown_account())
            account_id, address = row[0], row[1]
            last = conn.execute(
                "SELECT max(created_at) FROM outbox WHERE account_id = ?", (account_id,)
            ).fetchone()[0]
            if last is not None and parse_ts(last) + self.policy.resend_interval > now:
                raise _Refusal(
                    refusals.resend_too_soon(parse_ts(last) + self.policy.resend_interval)
                )
            supersede_waiting(conn, account_id, now)
            current = conn.execute(
                "SELECT code_enc, expires_at, voided FROM activation_codes WHERE account_id = ?",
                (account_id,),
            ).fetchone()
            if (
                current is not None
                and current[0] is not None
                and not current[2]
                and parse_ts(current[1]) > now
            ):
                code = self._keys.decrypt(bytes(current[0]), f"activation/{account_id}").decode()
                expires = parse_ts(current[1])
                outbox_id = self._queue_activation_mail(
                    conn, account_id, username, address, code, expires, now
                )
                detail = "same code"
            else:
                expires = now + self.policy.activation_lifetime
                outbox_id = self._issue_activation_code(
                    conn, account_id, username, address, fresh, now
                )
                detail = "new code"
            audit.record(conn, now, Event.ACTIVATION_RESENT, username, Outcome.OK, detail)
            return outbox_id, address, expires

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
        account = self._store.read(
            lambda conn: conn.execute(
                "SELECT email, state FROM accounts WHERE username = ?", (username,)
            ).fetchone()
        )
        if account is None or account[1] == "active":
            raise refusals.unknown_account()  # unknown and active alike
        code = normalize_code(activation_code)
        if not _looks_like_code(code, ACTIVATION_GROUPS):
            raise RuleViolation(
                "activation_code",
                "activation_code.format",
                Message(
                    "Az aktiváló kód 12 betű és számjegy, például ABCD-EFGH-JK23.",
                    "The activation code is 12 letters and digits, for example ABCD-EFGH-JK23.",
                ),
            )
        clean_password = rules.check_password(password, username, account[0])
        password_hash = self._hasher.hash(clean_password)
        secret = totp.new_secret()
        recovery = new_code(RECOVERY_GROUPS)
        code_mac = self._keys.mac(Purpose.ACTIVATION_CODE, code)
        attempts = self.policy.activation_attempts

        def slowed(conn: sqlite3.Connection, now: datetime) -> bool:
            row = conn.execute(
                "SELECT c.failures FROM accounts a JOIN activation_codes c "
                "ON c.account_id = a.id WHERE a.username = ?",
                (username,),
            ).fetchone()
            return row is not None and row[0] >= attempts

        self._before_check(source, slowed)

        def run(conn: sqlite3.Connection) -> None:
            now = self._now()
            row = conn.execute(
                "SELECT a.id, a.state, c.code_mac, c.expires_at, c.failures, c.voided "
                "FROM accounts a LEFT JOIN activation_codes c ON c.account_id = a.id "
                "WHERE a.username = ?",
                (username,),
            ).fetchone()
            if row is None or row[1] == "active":
                raise _Refusal(refusals.unknown_account())
            account_id, _state, stored, expires_at, failures, voided = row
            if stored is None or voided or parse_ts(expires_at) < now:
                audit.record(conn, now, Event.ACTIVATE, username, Outcome.REFUSED, "code expired")
                raise _Refusal(refusals.activation_expired(bool(voided)))
            if not secrets.compare_digest(bytes(stored), code_mac):
                failures += 1
                conn.execute(
                    "UPDATE activation_codes SET failures = ? WHERE account_id = ?",
                    (failures, account_id),
                )
                self._count_for_source(conn, now, source)
                audit.record(conn, now, Event.ACTIVATE, username, Outcome.FAILED)
                raise _Refusal(refusals.invalid_activation_code(max(attempts - failures, 0)))
            conn.execute(
                "UPDATE accounts SET state = 'enrolling', password_hash = ?, "
                "totp_secret_enc = ?, totp_last_step = NULL, recovery_code_mac = ? "
                "WHERE id = ?",
                (
                    password_hash,
                    self._keys.encrypt(secret, f"totp/{account_id}"),
                    self._keys.mac(Purpose.RECOVERY_CODE, normalize_code(recovery)),
                    account_id,
                ),
            )
            audit.record(conn, now, Event.ACTIVATE, username, Outcome.OK)

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
        self._before_check(source, lambda conn, now: _sign_in_locked(conn, username, now))

        def run(conn: sqlite3.Connection) -> None:
            now = self._now()
            row = conn.execute(
                "SELECT id, state, totp_secret_enc FROM accounts WHERE username = ?",
                (username,),
            ).fetchone()
            # An unknown username answers like an account that is not enrolling.
            if row is None or row[1] != "enrolling" or row[2] is None:
                raise _Refusal(refusals.not_enrolling())
            account_id, _state, secret_enc = row
            secret = self._keys.decrypt(bytes(secret_enc), f"totp/{account_id}")
            step = totp.matching_step(secret, code, now)
            if step is None:
                self._count_sign_in_failure(
                    conn, username, username, now, source, Event.SECOND_FACTOR
                )
                raise _Refusal(refusals.invalid_totp())
            conn.execute(
                "UPDATE accounts SET state = 'active', activated_at = ?, totp_last_step = ? "
                "WHERE id = ?",
                (ts(now), step, account_id),
            )
            conn.execute("DELETE FROM sign_in_attempts WHERE username = ?", (username,))
            conn.execute("DELETE FROM activation_codes WHERE account_id = ?", (account_id,))
            audit.record(conn, now, Event.SECOND_FACTOR, username, Outcome.OK)

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
        self._before_check(source, lambda conn, now: _sign_in_locked(conn, username, now))
        row = self._store.read(
            lambda conn: conn.execute(
                "SELECT password_hash FROM accounts WHERE username = ?",
                (username,),
            ).fetchone()
        )
        # Verified for an unknown username too (against a dummy hash): same time, same answer.
        password_ok = self._hasher.verify(
            rules.normalize_password(password), row[0] if row else None
        )
        second = normalize_code(totp_code)
        recovery_mac = (
            self._keys.mac(Purpose.RECOVERY_CODE, second)
            if _looks_like_code(second, RECOVERY_GROUPS)
            else None
        )

        def run(conn: sqlite3.Connection) -> SignedIn:
            now = self._now()
            found = conn.execute(
                "SELECT a.id, a.state, a.totp_secret_enc, a.totp_last_step, a.recovery_code_mac, "
                "c.family_name, c.given_names "
                "FROM accounts a JOIN citizens c ON c.document_number = a.document_number "
                "WHERE a.username = ?",
                (username,),
            ).fetchone()
            if found is None:
                # Audited without the name: an unknown "username" may be a mistyped password.
                self._count_sign_in_failure(conn, username, None, now, source, Event.SIGN_IN)
                raise _Refusal(refusals.sign_in_failed())
            account_id, state, secret_enc, last_step, recovery_stored = found[:5]
            used_recovery = False
            second_ok = False
            step: int | None = None
            if state == "active" and secret_enc is not None:
                if recovery_mac is not None:
                    second_ok = recovery_stored is not None and secrets.compare_digest(
                        bytes(recovery_stored), recovery_mac
                    )
                    used_recovery = second_ok
                else:
                    secret = self._keys.decrypt(bytes(secret_enc), f"totp/{account_id}")
                    step = totp.matching_step(secret, second, now)
                    # A code already used cannot be replayed.
                    second_ok = step is not None and (last_step is None or step > last_step)
            replayed = step is not None and not second_ok
            if not (password_ok and second_ok):
                # A replay counts as a failure like any other; only someone who knows the
                # password learns that the code was right but spent (and to wait for the next).
                self._count_sign_in_failure(conn, username, username, now, source, Event.SIGN_IN)
                if password_ok and state != "active":
                    raise _Refusal(refusals.not_active())
                if password_ok and replayed:
                    raise _Refusal(refusals.totp_code_already_used())
                raise _Refusal(refusals.sign_in_failed())
            if used_recovery:
                conn.execute(
                    "UPDATE accounts SET recovery_code_mac = NULL WHERE id = ?", (account_id,)
                )
            else:
                conn.execute(
                    "UPDATE accounts SET totp_last_step = ? WHERE id = ?", (step, account_id)
                )
            conn.execute("DELETE FROM sign_in_attempts WHERE username = ?", (username,))
            audit.record(
                conn,
                now,
                Event.SIGN_IN,
                username,
                Outcome.OK,
                "recovery code used" if used_recovery else None,
            )
            return SignedIn(
                username=username,
                display_name=f"{found[5]} {found[6]}",
                used_recovery_code=used_recovery,
            )

        return self._write(run)

    def _count_sign_in_failure(
        self,
        conn: sqlite3.Connection,
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
        self._count_for_source(conn, now, source)
        audit.record(conn, now, event, audit_subject, Outcome.FAILED)
        conn.execute(
            "DELETE FROM sign_in_attempts WHERE last_failure_at < ? "
            "AND (locked_until IS NULL OR locked_until < ?)",
            (ts(now - p.failure_memory), ts(now)),
        )
        row = conn.execute(
            "SELECT failures, locked_until FROM sign_in_attempts WHERE username = ?",
            (username,),
        ).fetchone()
        failures = 0
        if row is not None:
            failures = row[0]
            if row[1] is not None:
                until = parse_ts(row[1])
                if until > now:
                    conn.execute(
                        "UPDATE sign_in_attempts SET last_failure_at = ? WHERE username = ?",
                        (ts(now), username),
                    )
                    raise _Refusal(refusals.account_locked(until))
                failures = 0  # a lock that ran out starts a fresh count
        failures += 1
        locked_until: datetime | None = None
        if failures >= p.sign_in_attempts:
            locked_until, failures = now + p.sign_in_lock, 0
        conn.execute(
            "INSERT OR REPLACE INTO sign_in_attempts "
            "(username, failures, locked_until, last_failure_at) VALUES (?, ?, ?, ?)",
            (username, failures, ts(locked_until) if locked_until else None, ts(now)),
        )
        if locked_until is not None:
            audit.record(conn, now, Event.ACCOUNT_LOCKED, audit_subject, Outcome.OK)
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

    # --- administration -------------------------------------------------------------------------

    def import_citizens_csv(self, path: Path) -> int:
        """Import a citizen CSV all or nothing; returns the number of rows imported."""

        def run(conn: sqlite3.Connection) -> int:
            count = citizens.import_csv(conn, self._keys, path)
            audit.record(
                conn,
                self._now(),
                Event.ADMIN,
                None,
                Outcome.OK,
                f"imported {count} citizens from {path.name}",
            )
            return count

        return self._store.bulk_write(run)

    def import_citizen_rows(self, rows: Iterable[list[str]]) -> int:
        """Import rows in the CSV's column order, all or nothing."""

        def run(conn: sqlite3.Connection) -> int:
            count = citizens.import_rows(conn, self._keys, rows)
            audit.record(
                conn, self._now(), Event.ADMIN, None, Outcome.OK, f"imported {count} citizens"
            )
            return count

        return self._store.bulk_write(run)

    def citizen_count(self) -> int:
        return int(
            self._store.read(lambda c: c.execute("SELECT count(*) FROM citizens").fetchone()[0])
        )

    def known_documents(self, document_numbers: Iterable[str]) -> set[str]:
        """Which of these document numbers are in the registry."""
        wanted = list(document_numbers)
        return self._store.read(
            lambda c: {
                r[0]
                for d in wanted
                for r in c.execute(
                    "SELECT document_number FROM citizens WHERE document_number = ?", (d,)
                )
            }
        )

    def person(self, document_number: str) -> Person | None:
        """The registry's data for a document (admin and QA use; no secrets)."""
        row = self._store.read(
            lambda c: c.execute(
                f"SELECT {citizens.PERSON_COLUMNS} FROM citizens WHERE document_number = ?",  # noqa: S608 - constant columns
                (document_number,),
            ).fetchone()
        )
        return citizens.person_from_row(tuple(row)) if row else None

    def accounts(self) -> list[AccountSummary]:
        rows = self._store.read(
            lambda c: c.execute(
                "SELECT a.username, a.document_number, a.email, a.state, a.created_at, "
                "s.locked_until FROM accounts a "
                "LEFT JOIN sign_in_attempts s ON s.username = a.username ORDER BY a.id"
            ).fetchall()
        )
        return [
            AccountSummary(r[0], r[1], r[2], r[3], parse_ts(r[4]), parse_ts(r[5]) if r[5] else None)
            for r in rows
        ]

    def unlock(self, document_number: str) -> bool:
        """Lift the verification lock of a document and the sign-in and activation-code locks
        of its account.

        Returns whether anything was locked.
        """
        doc = rules.check_document_number(document_number)

        def run(conn: sqlite3.Connection) -> bool:
            now = self._now()
            a = conn.execute(
                "DELETE FROM verification_attempts WHERE document_number = ?", (doc,)
            ).rowcount
            b = conn.execute(
                "DELETE FROM sign_in_attempts WHERE username IN "
                "(SELECT username FROM accounts WHERE document_number = ?)",
                (doc,),
            ).rowcount
            c = conn.execute(
                "UPDATE activation_codes SET failures = 0 WHERE failures > 0 AND account_id IN "
                "(SELECT id FROM accounts WHERE document_number = ?)",
                (doc,),
            ).rowcount
            audit.record(conn, now, Event.ADMIN, doc, Outcome.OK, "unlock")
            return a + b + c > 0

        return self._store.write(run)

    def audit_entries(self, limit: int = 100) -> list[audit.AuditEntry]:
        return self._store.read(lambda c: audit.entries(c, limit))

    def record_admin_action(self, action: str, subject: str | None = None) -> None:
        self._store.write(
            lambda c: audit.record(c, self._now(), Event.ADMIN, subject, Outcome.OK, action)
        )


def _capture(fn: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection) -> T | _Refusal:
    try:
        return fn(conn)
    except _Refusal as refusal:
        return refusal


def _username_taken(conn: sqlite3.Connection, key: str, other_than: int | None = None) -> bool:
    """Whether an account other than `other_than` holds a username colliding with `key`."""
    return (
        conn.execute(
            "SELECT 1 FROM accounts WHERE username_key = ? AND id IS NOT ?", (key, other_than)
        ).fetchone()
        is not None
    )


def _sign_in_locked(conn: sqlite3.Connection, username: str, now: datetime) -> bool:
    row = conn.execute(
        "SELECT locked_until FROM sign_in_attempts WHERE username = ?", (username,)
    ).fetchone()
    return row is not None and row[0] is not None and parse_ts(row[0]) > now
