"""The mail outbox: mail is queued in the transaction that needs it, then delivered with retries.

Queuing inside the registration's transaction means an account never exists without its mail.
Delivery happens after the commit, outside any transaction: a row is leased (so two processes
do not send it twice), sent, then marked sent and its encrypted body dropped. A failure puts the
row back with an exponentially growing wait before the next automatic try. Mail whose activation
code has expired is given up instead: kept (for the audit and `ugyfelkapu-admin outbox`) but no
longer tried, its body dropped; a resend queues a fresh mail with a fresh code.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

from desktop.registration.mail import DeliveryReport, QueuedMail
from desktop.registry import audit
from desktop.registry.crypto import RegistryKeys
from desktop.registry.errors import MailDeliveryError
from desktop.registry.mail import MailTransportProtocol, message_bytes, parse_message
from desktop.registry.store import Store, parse_ts, ts

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed try: 30 s, 1 min, 2 min, ... at most an hour."""
    doublings: int = 2 ** max(attempts - 1, 0)
    return min(FIRST_RETRY * doublings, MAX_RETRY)


def _context(outbox_id: int) -> str:
    return f"outbox/{outbox_id}"


GIVEN_UP_DETAIL = "az aktiváló kód lejárt / activation code expired"
SUPERSEDED_DETAIL = "új kód váltotta fel / replaced by a new code"


def _give_up(conn: sqlite3.Connection, now: datetime, ids: list[int], detail: str) -> None:
    for outbox_id in ids:
        # The body holds a dead code: dropped like a sent one's; the row stays.
        conn.execute(
            "UPDATE outbox SET given_up_at = ?, message_enc = NULL, lease_until = NULL "
            "WHERE id = ?",
            (ts(now), outbox_id),
        )
        audit.record(
            conn, now, audit.Event.MAIL, f"outbox {outbox_id}", audit.Outcome.GIVEN_UP, detail
        )


def supersede_waiting(conn: sqlite3.Connection, account_id: int, now: datetime) -> int:
    """Give up the account's undelivered mail: a new code replaces the one it carries, and
    a late delivery would only hand the person a code that no longer works."""
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM outbox WHERE account_id = ? AND sent_at IS NULL "
            "AND given_up_at IS NULL",
            (account_id,),
        ).fetchall()
    ]
    _give_up(conn, now, ids, SUPERSEDED_DETAIL)
    return len(ids)


def queue(
    conn: sqlite3.Connection,
    keys: RegistryKeys,
    account_id: int,
    msg: EmailMessage,
    now: datetime,
    code_expires_at: datetime | None,
) -> int:
    """Queue `msg` for the account in the caller's transaction; returns the outbox id.

    `code_expires_at` is when the code the message carries stops working: from then on the
    message is given up rather than sent.
    """
    cur = conn.execute(
        "INSERT INTO outbox (account_id, recipient, subject, created_at, next_attempt_at, "
        "code_expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            account_id,
            str(msg["To"]),
            str(msg["Subject"]),
            ts(now),
            ts(now),
            ts(code_expires_at) if code_expires_at is not None else None,
        ),
    )
    outbox_id = cur.lastrowid
    if outbox_id is None:  # sqlite3 sets it after every INSERT of a row
        raise RuntimeError("the queued mail has no row id")
    conn.execute(
        "UPDATE outbox SET message_enc = ? WHERE id = ?",
        (keys.encrypt(message_bytes(msg), _context(outbox_id)), outbox_id),
    )
    return outbox_id


def _give_up_expired(conn: sqlite3.Connection, now: datetime, only_id: int | None = None) -> int:
    """Mark waiting mail whose code has expired as given up (with an audit entry each)."""
    sql = (
        "SELECT id FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL "
        "AND code_expires_at < ?"
    )
    args: tuple[str | int, ...] = (ts(now),)
    if only_id is not None:
        sql += " AND id = ?"
        args += (only_id,)
    ids = [r[0] for r in conn.execute(sql, args).fetchall()]
    _give_up(conn, now, ids, GIVEN_UP_DETAIL)
    if ids:
        log.info("outbox: gave up %d mail(s) whose activation code expired", len(ids))
    return len(ids)


class Deliverer:
    """Delivers queued mail through one transport."""

    def __init__(
        self,
        store: Store,
        keys: RegistryKeys,
        transport: MailTransportProtocol,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._keys = keys
        self._transport = transport
        self._clock = clock

    def _lease(self, outbox_id: int) -> EmailMessage | None:
        now = self._clock()

        def claim(conn: sqlite3.Connection) -> bytes | None:
            if _give_up_expired(conn, now, outbox_id):
                return None
            row = conn.execute(
                "SELECT message_enc FROM outbox WHERE id = ? AND sent_at IS NULL "
                "AND given_up_at IS NULL AND (lease_until IS NULL OR lease_until < ?)",
                (outbox_id, ts(now)),
            ).fetchone()
            if row is None or row[0] is None:
                return None
            conn.execute(
                "UPDATE outbox SET lease_until = ? WHERE id = ?", (ts(now + LEASE), outbox_id)
            )
            return bytes(row[0])

        blob = self._store.write(claim)
        if blob is None:
            return None
        return parse_message(self._keys.decrypt(blob, _context(outbox_id)))

    def deliver(self, outbox_id: int) -> bool:
        """Try to send one queued mail now. True if it went out (or had gone already).

        False if it failed (it stays queued), or was given up because its code has expired.
        """
        msg = self._lease(outbox_id)
        if msg is None:
            return self._store.read(
                lambda c: bool(
                    c.execute(
                        "SELECT sent_at IS NOT NULL FROM outbox WHERE id = ?", (outbox_id,)
                    ).fetchone()
                    == (1,)
                )
            )
        try:
            self._transport.send(msg)
        except MailDeliveryError as exc:
            # The reason names the server, never the message: the body holds a code.
            log.warning("outbox mail %d not delivered: %s", outbox_id, exc.message.en)
            self._record_failure(outbox_id, exc.message.en)
            return False
        self._record_success(outbox_id)
        return True

    def _record_success(self, outbox_id: int) -> None:
        now = self._clock()

        def done(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE outbox SET sent_at = ?, message_enc = NULL, lease_until = NULL, "
                "attempts = attempts + 1, last_error = NULL WHERE id = ?",
                (ts(now), outbox_id),
            )
            audit.record(conn, now, audit.Event.MAIL, f"outbox {outbox_id}", audit.Outcome.OK)

        self._store.write(done)

    def _record_failure(self, outbox_id: int, reason: str) -> None:
        now = self._clock()

        def failed(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT attempts FROM outbox WHERE id = ?", (outbox_id,)).fetchone()
            attempts = (row[0] if row else 0) + 1
            conn.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, lease_until = NULL, "
                "last_error = ? WHERE id = ?",
                (attempts, ts(now + retry_delay(attempts)), reason, outbox_id),
            )
            audit.record(
                conn, now, audit.Event.MAIL, f"outbox {outbox_id}", audit.Outcome.FAILED, reason
            )

        self._store.write(failed)

    def give_up_expired(self) -> int:
        """Give up every waiting mail whose activation code has expired; how many."""
        now = self._clock()
        return self._store.write(lambda conn: _give_up_expired(conn, now))

    def deliver_queued(self, *, force: bool = False) -> DeliveryReport:
        """Send every queued mail whose retry time has come (every one with `force`).

        Mail whose activation code has expired is given up first, and not tried.
        """
        given_up = self.give_up_expired()
        now = self._clock()
        args: tuple[str, ...] = ()
        waiting = "sent_at IS NULL AND given_up_at IS NULL"
        # `waiting` is a constant condition; the time is a bound value.
        if force:
            sql = f"SELECT id FROM outbox WHERE {waiting} ORDER BY id"  # noqa: S608
        else:
            sql = f"SELECT id FROM outbox WHERE {waiting} AND next_attempt_at <= ? ORDER BY id"  # noqa: S608
            args = (ts(now),)
        ids = [r[0] for r in self._store.read(lambda c: c.execute(sql, args).fetchall())]
        sent = failed = 0
        for outbox_id in ids:
            if self.deliver(outbox_id):
                sent += 1
            else:
                failed += 1
        return DeliveryReport(sent=sent, failed=failed, given_up=given_up)

    def queued(self, *, include_given_up: bool = False) -> list[QueuedMail]:
        """Mail waiting to be delivered, oldest first; with `include_given_up`, also mail
        given up (waiting mail whose code has expired is marked so first)."""
        if include_given_up:
            self.give_up_expired()
            where = "sent_at IS NULL"
            args: tuple[str, ...] = ()
        else:
            # A code that expired since the last delivery run: no longer waiting, whether or
            # not it has been marked yet.
            where = (
                "sent_at IS NULL AND given_up_at IS NULL "
                "AND (code_expires_at IS NULL OR code_expires_at >= ?)"
            )
            args = (ts(self._clock()),)
        rows = self._store.read(
            lambda c: c.execute(
                "SELECT id, recipient, subject, created_at, attempts, next_attempt_at, "  # noqa: S608 - `where` is one of two constants
                f"last_error, code_expires_at, given_up_at FROM outbox WHERE {where} ORDER BY id",
                args,
            ).fetchall()
        )
        return [
            QueuedMail(
                r[0],
                r[1],
                r[2],
                parse_ts(r[3]),
                r[4],
                parse_ts(r[5]),
                r[6],
                parse_ts(r[7]) if r[7] else None,
                parse_ts(r[8]) if r[8] else None,
            )
            for r in rows
        ]
