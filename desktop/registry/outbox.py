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
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

from desktop.registration.mail import DeliveryReport, QueuedMail
from desktop.registry import audit
from desktop.registry.crypto import RegistryKeys
from desktop.registry.errors import MailDeliveryError
from desktop.registry.mail import MailTransportProtocol, message_bytes, parse_message
from desktop.registry.storage import RegistryStore, UnitOfWork

__all__ = ["Deliverer", "DeliveryReport", "QueuedMail", "queue", "retry_delay", "supersede_waiting"]

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


def _give_up(uow: UnitOfWork, now: datetime, ids: list[int], detail: str) -> None:
    for outbox_id in ids:
        uow.give_up_mail(outbox_id, now)
        uow.record(now, audit.Event.MAIL, f"outbox {outbox_id}", audit.Outcome.GIVEN_UP, detail)


def supersede_waiting(uow: UnitOfWork, account_id: int, now: datetime) -> int:
    """Give up the account's undelivered mail: a new code replaces the one it carries, and
    a late delivery would only hand the person a code that no longer works."""
    ids = uow.waiting_mail(account_id)
    _give_up(uow, now, ids, SUPERSEDED_DETAIL)
    return len(ids)


def queue(
    uow: UnitOfWork,
    keys: RegistryKeys,
    account_id: int,
    msg: EmailMessage,
    now: datetime,
    code_expires_at: datetime | None,
) -> int:
    """Queue `msg` for the account in the caller's unit of work; returns the outbox id.

    `code_expires_at` is when the code the message carries stops working: from then on the
    message is given up rather than sent.
    """
    body = message_bytes(msg)
    return uow.queue_mail(
        account_id,
        str(msg["To"]),
        str(msg["Subject"]),
        now,
        code_expires_at,
        lambda outbox_id: keys.encrypt(body, _context(outbox_id)),
    )


def _give_up_expired(uow: UnitOfWork, now: datetime, only_id: int | None = None) -> int:
    """Mark waiting mail whose code has expired as given up (with an audit entry each)."""
    ids = uow.expired_mail(now, only_id)
    _give_up(uow, now, ids, GIVEN_UP_DETAIL)
    if ids:
        log.info("outbox: gave up %d mail(s) whose activation code expired", len(ids))
    return len(ids)


class Deliverer:
    """Delivers queued mail through one transport."""

    def __init__(
        self,
        store: RegistryStore,
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

        def claim(uow: UnitOfWork) -> bytes | None:
            if _give_up_expired(uow, now, outbox_id):
                return None
            # Where the engine has row locks, a row another deliverer is claiming right now is
            # skipped; the lease then keeps it from everyone until it is sent or has failed.
            return uow.lease_mail(outbox_id, now, now + LEASE)

        blob = self._store.write(claim)
        if blob is None:
            return None
        return parse_message(self._keys.decrypt(blob, _context(outbox_id)))

    def deliver(self, outbox_id: int) -> bool:
        """Try to send one queued mail now. True if it went out (or had gone already).

        False if it failed (it stays queued), or was given up because its code has expired.
        """
        outcome = self._deliver(outbox_id)
        if outcome == "not-held":
            return self._store.read(lambda uow: uow.mail_sent(outbox_id))
        return outcome == "sent"

    def _deliver(self, outbox_id: int) -> str:
        """ "sent", "failed", or "not-held": sent, given up or held by another deliverer."""
        msg = self._lease(outbox_id)
        if msg is None:
            return "not-held"
        try:
            self._transport.send(msg)
        except MailDeliveryError as exc:
            # The reason names the server, never the message: the body holds a code.
            log.warning("outbox mail %d not delivered: %s", outbox_id, exc.message.en)
            self._record_failure(outbox_id, exc.message.en)
            return "failed"
        self._record_success(outbox_id)
        return "sent"

    def _record_success(self, outbox_id: int) -> None:
        now = self._clock()

        def done(uow: UnitOfWork) -> None:
            uow.mark_mail_sent(outbox_id, now)
            uow.record(now, audit.Event.MAIL, f"outbox {outbox_id}", audit.Outcome.OK, None)

        self._store.write(done)

    def _record_failure(self, outbox_id: int, reason: str) -> None:
        now = self._clock()

        def failed(uow: UnitOfWork) -> None:
            uow.mark_mail_failed(outbox_id, reason, lambda attempts: now + retry_delay(attempts))
            uow.record(now, audit.Event.MAIL, f"outbox {outbox_id}", audit.Outcome.FAILED, reason)

        self._store.write(failed)

    def give_up_expired(self) -> int:
        """Give up every waiting mail whose activation code has expired; how many."""
        now = self._clock()
        return self._store.write(lambda uow: _give_up_expired(uow, now))

    def deliver_queued(self, *, force: bool = False) -> DeliveryReport:
        """Send every queued mail whose retry time has come (every one with `force`).

        Mail whose activation code has expired is given up first, and not tried.
        """
        given_up = self.give_up_expired()
        now = self._clock()
        ids = self._store.read(lambda uow: uow.due_mail(None if force else now))
        # Counted are the mails this deliverer sent or failed to send; one another deliverer
        # holds (or sent meanwhile) is its to count.
        outcomes = [self._deliver(outbox_id) for outbox_id in ids]
        return DeliveryReport(
            sent=outcomes.count("sent"), failed=outcomes.count("failed"), given_up=given_up
        )

    def queued(self, *, include_given_up: bool = False) -> list[QueuedMail]:
        """Mail waiting to be delivered, oldest first; with `include_given_up`, also mail
        given up (waiting mail whose code has expired is marked so first)."""
        if include_given_up:
            self.give_up_expired()
            return self._store.read(lambda uow: uow.queued_mail(None))
        now = self._clock()
        return self._store.read(lambda uow: uow.queued_mail(now))
