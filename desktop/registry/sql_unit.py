"""The unit of work's domain verbs in SQL, for both engines.

The two schemas have the same tables and columns, and the statements below are in the part of
SQL both engines speak (upserts, RETURNING). What differs is small and lives in a `Dialect`:
the parameter mark, how a moment is stored (fixed-width text in SQLite, timestamptz in
PostgreSQL), the row locks PostgreSQL takes and SQLite does not need (its writers run one at a
time), and how a unique-constraint collision is recognised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol

from desktop.registry.audit import AuditEntry, Event, Outcome
from desktop.registry.models import Person
from desktop.registry.storage import (
    AccountRecord,
    AccountSummary,
    ActivationCodeRecord,
    Attempts,
    Conflict,
    FailureWindow,
    QueuedMail,
    SignInAttempts,
    VerificationRecord,
)

PERSON_COLUMNS = (
    "document_number, family_name, given_names, birth_family_name, birth_given_names, "
    "mother_name, birth_place, birth_date, nationality, sex, address, document_expiry"
)
_ACCOUNT_COLUMNS = (
    "id, username, document_number, email, state, password_hash, totp_secret_enc, "
    "totp_last_step, recovery_code_mac, created_at, sign_in_failures, locked_until"
)
_MAIL_COLUMNS = (
    "id, recipient, subject, created_at, attempts, next_attempt_at, last_error, "
    "code_expires_at, given_up_at"
)
_WAITING = "sent_at IS NULL AND given_up_at IS NULL"
# A placeholder moment for a row made only to be locked, before its first real value.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Dialect(Protocol):
    # " FOR UPDATE" where the engine locks rows, "" where it need not.
    for_update: str
    # " FOR UPDATE SKIP LOCKED": a row another transaction holds is passed over, not waited for.
    skip_locked: str

    def sql(self, text: str) -> str:
        """`text` with `?` parameter marks, in the engine's own marks."""
        ...

    def time(self, moment: datetime) -> Any: ...
    def moment(self, stored: Any) -> datetime: ...
    def collision(self, exc: BaseException) -> str | None:
        """ "username" or "document" if `exc` is a unique-constraint collision on accounts."""
        ...


class Connection(Protocol):
    def execute(self, sql: Any, params: Sequence[Any] = ...) -> Any: ...


def _date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def person_from_row(row: Sequence[Any]) -> Person:
    """A Person from a SELECT of PERSON_COLUMNS (dates as ISO text or as dates)."""
    return Person(
        document_number=row[0],
        family_name=row[1],
        given_names=row[2],
        birth_family_name=row[3],
        birth_given_names=row[4],
        mother_name=row[5],
        birth_place=row[6],
        birth_date=_date(row[7]),
        nationality=row[8],
        sex=row[9],
        address=row[10],
        document_expiry=_date(row[11]),
    )


def _bytes(value: Any) -> bytes | None:
    return None if value is None else bytes(value)


class SqlUnitOfWork:
    """The domain verbs on one connection inside the store's transaction."""

    def __init__(self, conn: Connection, dialect: Dialect) -> None:
        self._conn = conn
        self._d = dialect

    def _x(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self._d.sql(text), params)

    def _t(self, moment: datetime) -> Any:
        return self._d.time(moment)

    def _m(self, stored: Any) -> datetime | None:
        return None if stored is None else self._d.moment(stored)

    def _mm(self, stored: Any) -> datetime:
        return self._d.moment(stored)

    # --- audit and metadata ---------------------------------------------------------------------

    def record(
        self, at: datetime, event: Event, subject: str | None, outcome: Outcome, detail: str | None
    ) -> None:
        self._x(
            "INSERT INTO audit_log (at, event, subject, outcome, detail) VALUES (?, ?, ?, ?, ?)",
            (self._t(at), event.value, subject, outcome.value, detail),
        )

    def audit_entries(self, limit: int) -> list[AuditEntry]:
        rows = self._x(
            "SELECT at, event, subject, outcome, detail FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [AuditEntry(self._mm(r[0]), r[1], r[2], r[3], r[4]) for r in reversed(rows)]

    def key_check(self) -> bytes | None:
        row = self._x("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        return bytes(row[0]) if row else None

    def set_key_check_if_absent(self, value: bytes) -> None:
        self._x(
            "INSERT INTO meta (key, value) VALUES ('key_check', ?) ON CONFLICT (key) DO NOTHING",
            (value,),
        )

    # --- citizens -------------------------------------------------------------------------------

    def citizen(self, document_number: str) -> tuple[bytes, Person] | None:
        row = self._x(
            f"SELECT registration_code_mac, {PERSON_COLUMNS} FROM citizens "
            "WHERE document_number = ?",
            (document_number,),
        ).fetchone()
        return None if row is None else (bytes(row[0]), person_from_row(row[1:]))

    def citizen_count(self) -> int:
        return int(self._x("SELECT count(*) FROM citizens").fetchone()[0])

    def known_documents(self, document_numbers: list[str]) -> set[str]:
        found: set[str] = set()
        for doc in document_numbers:
            row = self._x(
                "SELECT document_number FROM citizens WHERE document_number = ?", (doc,)
            ).fetchone()
            if row is not None:
                found.add(row[0])
        return found

    # --- verification ---------------------------------------------------------------------------

    def attempts(self, document_number: str) -> Attempts | None:
        row = self._x(
            "SELECT failures, locked_until FROM verification_attempts WHERE document_number = ?",
            (document_number,),
        ).fetchone()
        return None if row is None else Attempts(int(row[0]), self._m(row[1]))

    def lock_attempts(self, document_number: str) -> Attempts:
        # The row exists from here on, so that the lock below has a row to hold even for a
        # document's first attempt: concurrent verifications of one document queue on it.
        self._x(
            "INSERT INTO verification_attempts (document_number, failures) VALUES (?, 0) "
            "ON CONFLICT (document_number) DO NOTHING",
            (document_number,),
        )
        row = self._x(
            "SELECT failures, locked_until FROM verification_attempts "
            f"WHERE document_number = ?{self._d.for_update}",
            (document_number,),
        ).fetchone()
        return Attempts(int(row[0]), self._m(row[1]))

    def save_attempts(
        self, document_number: str, failures: int, locked_until: datetime | None
    ) -> None:
        self._x(
            "INSERT INTO verification_attempts (document_number, failures, locked_until) "
            "VALUES (?, ?, ?) ON CONFLICT (document_number) DO UPDATE "
            "SET failures = excluded.failures, locked_until = excluded.locked_until",
            (
                document_number,
                failures,
                None if locked_until is None else self._t(locked_until),
            ),
        )

    def clear_attempts(self, document_number: str) -> bool:
        """Forget the document's failures; whether it had any (or a lock)."""
        rows = self._x(
            "DELETE FROM verification_attempts WHERE document_number = ? "
            "RETURNING failures, locked_until",
            (document_number,),
        ).fetchall()
        return any(r[0] > 0 or r[1] is not None for r in rows)

    def purge_verifications(self, now: datetime) -> None:
        self._x("DELETE FROM verifications WHERE expires_at < ?", (self._t(now),))

    def add_verification(self, token_mac: bytes, document_number: str, expires: datetime) -> None:
        self._x(
            "INSERT INTO verifications (token_mac, document_number, expires_at) VALUES (?, ?, ?)",
            (token_mac, document_number, self._t(expires)),
        )

    def verification_for_update(self, token_mac: bytes) -> VerificationRecord | None:
        row = self._x(
            "SELECT document_number, expires_at, used_at FROM verifications "
            f"WHERE token_mac = ?{self._d.for_update}",
            (token_mac,),
        ).fetchone()
        if row is None:
            return None
        return VerificationRecord(row[0], self._mm(row[1]), self._m(row[2]))

    def mark_verification_used(self, token_mac: bytes, now: datetime) -> None:
        self._x(
            "UPDATE verifications SET used_at = ? WHERE token_mac = ?", (self._t(now), token_mac)
        )

    # --- accounts -------------------------------------------------------------------------------

    def _account(self, row: Sequence[Any] | None) -> AccountRecord | None:
        if row is None:
            return None
        return AccountRecord(
            id=int(row[0]),
            username=row[1],
            document_number=row[2],
            email=row[3],
            state=row[4],
            password_hash=row[5],
            totp_secret_enc=_bytes(row[6]),
            totp_last_step=row[7],
            recovery_code_mac=_bytes(row[8]),
            created_at=self._mm(row[9]),
            sign_in_failures=int(row[10]),
            locked_until=self._m(row[11]),
        )

    def account_for_document(self, document_number: str) -> AccountRecord | None:
        return self._account(
            self._x(
                f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE document_number = ?"
                f"{self._d.for_update}",
                (document_number,),
            ).fetchone()
        )

    def account_by_username(self, username: str, *, for_update: bool) -> AccountRecord | None:
        lock = self._d.for_update if for_update else ""
        return self._account(
            self._x(
                f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE username = ?{lock}", (username,)
            ).fetchone()
        )

    def username_taken(self, username_key: str, other_than: int | None = None) -> bool:
        if other_than is None:
            sql, params = "SELECT 1 FROM accounts WHERE username_key = ?", (username_key,)
        else:
            sql = "SELECT 1 FROM accounts WHERE username_key = ? AND id <> ?"
            params = (username_key, other_than)  # type: ignore[assignment]
        row = self._x(sql, params).fetchone()
        return row is not None

    def add_account(
        self, username: str, username_key: str, document_number: str, email: str, now: datetime
    ) -> int:
        # A savepoint: a collision undoes only this insert, and the unit of work goes on to
        # record the refusal. In PostgreSQL the insert waits for a concurrent transaction
        # inserting the same key, then collides once that one commits.
        self._x("SAVEPOINT add_account")
        try:
            row = self._x(
                "INSERT INTO accounts (username, username_key, document_number, email, state, "
                "created_at) VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id",
                (username, username_key, document_number, email, self._t(now)),
            ).fetchone()
        except Exception as exc:
            what = self._d.collision(exc)
            if what is None:
                raise
            self._x("ROLLBACK TO SAVEPOINT add_account")
            self._x("RELEASE SAVEPOINT add_account")
            raise Conflict(what) from None
        self._x("RELEASE SAVEPOINT add_account")
        return int(row[0])

    def delete_account(self, account_id: int) -> None:
        self._x("DELETE FROM accounts WHERE id = ?", (account_id,))

    def start_enrolment(
        self, account_id: int, password_hash: str, totp_secret_enc: bytes, recovery_mac: bytes
    ) -> None:
        self._x(
            "UPDATE accounts SET state = 'enrolling', password_hash = ?, totp_secret_enc = ?, "
            "totp_last_step = NULL, recovery_code_mac = ? WHERE id = ?",
            (password_hash, totp_secret_enc, recovery_mac, account_id),
        )

    def finish_enrolment(self, account_id: int, now: datetime, totp_step: int) -> None:
        self._x(
            "UPDATE accounts SET state = 'active', activated_at = ?, totp_last_step = ? "
            "WHERE id = ?",
            (self._t(now), totp_step, account_id),
        )
        self._x("DELETE FROM activation_codes WHERE account_id = ?", (account_id,))

    def sign_in_attempts(self, username: str, *, for_update: bool) -> SignInAttempts | None:
        if for_update:
            # As for documents: a row to hold, so concurrent failures of one name queue on it.
            self._x(
                "INSERT INTO sign_in_attempts (username, failures, last_failure_at) "
                "VALUES (?, 0, ?) ON CONFLICT (username) DO NOTHING",
                (username, self._t(_EPOCH)),
            )
        lock = self._d.for_update if for_update else ""
        row = self._x(
            "SELECT failures, locked_until, last_failure_at FROM sign_in_attempts "
            f"WHERE username = ?{lock}",
            (username,),
        ).fetchone()
        if row is None:
            return None
        return SignInAttempts(int(row[0]), self._m(row[1]), self._mm(row[2]))

    def save_sign_in_attempts(self, username: str, attempts: SignInAttempts) -> None:
        self._x(
            "INSERT INTO sign_in_attempts (username, failures, locked_until, last_failure_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET "
            "failures = excluded.failures, locked_until = excluded.locked_until, "
            "last_failure_at = excluded.last_failure_at",
            (
                username,
                attempts.failures,
                None if attempts.locked_until is None else self._t(attempts.locked_until),
                self._t(attempts.last_failure_at),
            ),
        )

    def forget_sign_in_attempts(self, username: str) -> None:
        self._x("DELETE FROM sign_in_attempts WHERE username = ?", (username,))

    def purge_sign_in_attempts(self, failed_before: datetime, now: datetime) -> None:
        self._x(
            "DELETE FROM sign_in_attempts WHERE last_failure_at < ? "
            "AND (locked_until IS NULL OR locked_until < ?)",
            (self._t(failed_before), self._t(now)),
        )

    def failure_window(self, scope: str, *, for_update: bool) -> FailureWindow | None:
        if for_update:
            self._x(
                "INSERT INTO failure_windows (scope, window_start, failures) VALUES (?, ?, 0) "
                "ON CONFLICT (scope) DO NOTHING",
                (scope, self._t(_EPOCH)),
            )
        lock = self._d.for_update if for_update else ""
        row = self._x(
            f"SELECT window_start, failures FROM failure_windows WHERE scope = ?{lock}", (scope,)
        ).fetchone()
        return None if row is None else FailureWindow(self._mm(row[0]), int(row[1]))

    def save_failure_window(self, scope: str, window: FailureWindow) -> None:
        self._x(
            "UPDATE failure_windows SET window_start = ?, failures = ? WHERE scope = ?",
            (self._t(window.start), window.failures, scope),
        )

    def signed_in(self, account_id: int, *, totp_step: int | None, used_recovery: bool) -> None:
        if used_recovery:
            self._x("UPDATE accounts SET recovery_code_mac = NULL WHERE id = ?", (account_id,))
        else:
            self._x("UPDATE accounts SET totp_last_step = ? WHERE id = ?", (totp_step, account_id))

    def unlock_document(self, document_number: str) -> bool:
        """Lift the document's verification lock, its account's sign-in lock and the count of
        wrong activation codes; whether anything was locked or counted."""
        a = self.clear_attempts(document_number)
        b = self._x(
            "DELETE FROM sign_in_attempts WHERE username IN "
            "(SELECT username FROM accounts WHERE document_number = ?)",
            (document_number,),
        ).rowcount
        c = self._x(
            "UPDATE activation_codes SET failures = 0 WHERE failures > 0 AND account_id IN "
            "(SELECT id FROM accounts WHERE document_number = ?)",
            (document_number,),
        ).rowcount
        return a or b > 0 or c > 0

    def accounts(self) -> list[AccountSummary]:
        rows = self._x(
            "SELECT a.username, a.document_number, a.email, a.state, a.created_at, "
            "s.locked_until FROM accounts a "
            "LEFT JOIN sign_in_attempts s ON s.username = a.username ORDER BY a.id"
        ).fetchall()
        return [AccountSummary(r[0], r[1], r[2], r[3], self._mm(r[4]), self._m(r[5])) for r in rows]

    # --- activation codes -----------------------------------------------------------------------

    def set_activation_code(
        self, account_id: int, code_mac: bytes, expires: datetime, code_enc: bytes
    ) -> None:
        self._x(
            "INSERT INTO activation_codes "
            "(account_id, code_mac, expires_at, failures, voided, code_enc) "
            "VALUES (?, ?, ?, 0, 0, ?) ON CONFLICT (account_id) DO UPDATE SET "
            "code_mac = excluded.code_mac, expires_at = excluded.expires_at, failures = 0, "
            "voided = 0, code_enc = excluded.code_enc",
            (account_id, code_mac, self._t(expires), code_enc),
        )

    def activation_code(self, account_id: int) -> ActivationCodeRecord | None:
        row = self._x(
            "SELECT code_mac, expires_at, failures, voided, code_enc FROM activation_codes "
            f"WHERE account_id = ?{self._d.for_update}",
            (account_id,),
        ).fetchone()
        if row is None:
            return None
        return ActivationCodeRecord(
            bytes(row[0]), self._mm(row[1]), int(row[2]), bool(row[3]), _bytes(row[4])
        )

    def save_activation_failures(self, account_id: int, failures: int, voided: bool) -> None:
        self._x(
            "UPDATE activation_codes SET failures = ?, voided = ? WHERE account_id = ?",
            (failures, int(voided), account_id),
        )

    # --- outbox ---------------------------------------------------------------------------------

    def queue_mail(
        self,
        account_id: int,
        recipient: str,
        subject: str,
        now: datetime,
        code_expires_at: datetime | None,
        encrypt: Callable[[int], bytes],
    ) -> int:
        row = self._x(
            "INSERT INTO outbox (account_id, recipient, subject, created_at, next_attempt_at, "
            "code_expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (
                account_id,
                recipient,
                subject,
                self._t(now),
                self._t(now),
                None if code_expires_at is None else self._t(code_expires_at),
            ),
        ).fetchone()
        outbox_id = int(row[0])
        # The body is encrypted with the row's id in its context, so it needs the id first.
        self._x("UPDATE outbox SET message_enc = ? WHERE id = ?", (encrypt(outbox_id), outbox_id))
        return outbox_id

    def last_mail_at(self, account_id: int) -> datetime | None:
        row = self._x(
            "SELECT max(created_at) FROM outbox WHERE account_id = ?", (account_id,)
        ).fetchone()
        return self._m(row[0])

    def waiting_mail(self, account_id: int) -> list[int]:
        rows = self._x(
            f"SELECT id FROM outbox WHERE account_id = ? AND {_WAITING} ORDER BY id",
            (account_id,),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def expired_mail(self, now: datetime, only_id: int | None) -> list[int]:
        sql = f"SELECT id FROM outbox WHERE {_WAITING} AND code_expires_at < ?"
        params: list[Any] = [self._t(now)]
        if only_id is not None:
            sql += " AND id = ?"
            params.append(only_id)
        return [int(r[0]) for r in self._x(sql + " ORDER BY id", params).fetchall()]

    def give_up_mail(self, outbox_id: int, now: datetime) -> None:
        # The body holds a dead code: dropped like a sent one's; the row stays.
        self._x(
            "UPDATE outbox SET given_up_at = ?, message_enc = NULL, lease_until = NULL "
            "WHERE id = ?",
            (self._t(now), outbox_id),
        )

    def lease_mail(self, outbox_id: int, now: datetime, lease_until: datetime) -> bytes | None:
        row = self._x(
            f"SELECT message_enc FROM outbox WHERE id = ? AND {_WAITING} "
            f"AND (lease_until IS NULL OR lease_until < ?){self._d.skip_locked}",
            (outbox_id, self._t(now)),
        ).fetchone()
        if row is None or row[0] is None:
            return None
        self._x("UPDATE outbox SET lease_until = ? WHERE id = ?", (self._t(lease_until), outbox_id))
        return bytes(row[0])

    def mail_sent(self, outbox_id: int) -> bool:
        row = self._x("SELECT sent_at FROM outbox WHERE id = ?", (outbox_id,)).fetchone()
        return row is not None and row[0] is not None

    def mark_mail_sent(self, outbox_id: int, now: datetime) -> None:
        self._x(
            "UPDATE outbox SET sent_at = ?, message_enc = NULL, lease_until = NULL, "
            "attempts = attempts + 1, last_error = NULL WHERE id = ?",
            (self._t(now), outbox_id),
        )

    def mark_mail_failed(
        self, outbox_id: int, reason: str, retry_at: Callable[[int], datetime]
    ) -> None:
        row = self._x(
            "UPDATE outbox SET attempts = attempts + 1, lease_until = NULL, last_error = ? "
            "WHERE id = ? RETURNING attempts",
            (reason, outbox_id),
        ).fetchone()
        if row is not None:
            self._x(
                "UPDATE outbox SET next_attempt_at = ? WHERE id = ?",
                (self._t(retry_at(int(row[0]))), outbox_id),
            )

    def due_mail(self, now: datetime | None) -> list[int]:
        if now is None:
            rows = self._x(f"SELECT id FROM outbox WHERE {_WAITING} ORDER BY id").fetchall()
        else:
            rows = self._x(
                f"SELECT id FROM outbox WHERE {_WAITING} AND next_attempt_at <= ? ORDER BY id",
                (self._t(now),),
            ).fetchall()
        return [int(r[0]) for r in rows]

    def queued_mail(self, now: datetime | None) -> list[QueuedMail]:
        if now is None:
            rows = self._x(
                f"SELECT {_MAIL_COLUMNS} FROM outbox WHERE sent_at IS NULL ORDER BY id"
            ).fetchall()
        else:
            # A code that expired since the last delivery run: no longer waiting, whether or
            # not it has been marked yet.
            rows = self._x(
                f"SELECT {_MAIL_COLUMNS} FROM outbox WHERE {_WAITING} "
                "AND (code_expires_at IS NULL OR code_expires_at >= ?) ORDER BY id",
                (self._t(now),),
            ).fetchall()
        return [
            QueuedMail(
                int(r[0]),
                r[1],
                r[2],
                self._mm(r[3]),
                int(r[4]),
                self._mm(r[5]),
                r[6],
                self._m(r[7]),
                self._m(r[8]),
            )
            for r in rows
        ]
