"""The mail as the contract shows it: what waits in the outbox, what a delivery run did, and
what the file transport delivered (the demo mailbox). Apart from `models` so that the wizard's
start does not build them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class QueuedMail:
    """A mail not delivered: waiting for its next try, or given up (`given_up_at` set)."""

    id: int
    recipient: str
    subject: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    code_expires_at: datetime | None = None
    given_up_at: datetime | None = None


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery run did with the waiting mail."""

    sent: int
    failed: int
    given_up: int = 0


@dataclass(frozen=True)
class DeliveredMail:
    """A mail the file transport delivered, as the demo mailbox shows it."""

    to: str
    subject: str
    text: str
    html: str
    received_at: datetime
