"""What the wizard needs from the layers below, as small Protocols, and the bundle it gets.

The composition root (`desktop.app`) fills `WizardServices` with the real registry service and
card source; the pages see only these names and the registry's contract
(`desktop.registration`), so no page imports the registry or `cardreader`
internals and no rule is re-implemented in a widget.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from desktop.messages import Message
from desktop.registration.protocols import RegistrationService

if TYPE_CHECKING:  # kept out of start-up: see desktop.app
    from cardreader.doctor import Diagnosis
    from cardreader.document import ReadResult, ReadStep
    from cardreader.passwords import Can


# The app holds the registry as the contract's protocol, which also sends the queued mail.
DeliveringService = RegistrationService


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a live checklist (username rules, password policy)."""

    ok: bool
    text: Message


@dataclass(frozen=True)
class PasswordStrength:
    """How strong a password is (0..4) and, in words, why it is not accepted yet."""

    score: int
    acceptable: bool
    reasons: tuple[Message, ...]


class Rules(Protocol):
    """The registry's input rules, asked live while the person types (cheap, no I/O)."""

    def username_checklist(self, text: str) -> Sequence[ChecklistItem]: ...

    def password_strength(self, password: str, username: str, email: str) -> PasswordStrength: ...

    def email_problem(self, email: str) -> Message | None:
        """Why this is not a usable e-mail address, or None when it is."""
        ...

    def tidy_activation_code(self, text: str) -> str:
        """The code as typed or pasted, upper case, dashes where they belong."""
        ...

    def activation_code_complete(self, text: str) -> bool:
        """Whether `text` holds as many letters and digits as an activation code."""
        ...


@dataclass(frozen=True)
class MailView:
    """One e-mail as the demo mailbox shows it."""

    recipient: str
    subject: str
    body: str


class Mailbox(Protocol):
    """The file outbox of the embedded default, read back for the demo mailbox."""

    def messages(self) -> Sequence[MailView]:
        """The delivered mails, newest first."""
        ...


class CardState(enum.Enum):
    """What the status line tells about the card reader."""

    SEARCHING = "searching"  # at start, while the PC/SC service is asked
    SERVICE_DOWN = "service-down"
    NO_READER = "no-reader"
    NO_CARD = "no-card"
    CARD_PRESENT = "card-present"


class VirtualCardReason(enum.Enum):
    """Why the in-process virtual card is used instead of a reader (told in the notice)."""

    REQUESTED = "requested"  # --virtual-card, or [card] virtual_profile
    NO_SERVICE = "no-service"  # no PC/SC service
    NO_READER = "no-reader"  # the service runs, but no reader is connected


@dataclass(frozen=True)
class CardStatus:
    state: CardState
    reader: str = ""
    virtual_reason: VirtualCardReason | None = None

    @property
    def virtual(self) -> bool:
        return self.virtual_reason is not None


class Watch(Protocol):
    """A subscription to a card source's status; `stop()` ends it (idempotent)."""

    def stop(self) -> None: ...


class CardSource(Protocol):
    """Where the eID comes from: a PC/SC reader, or the in-process virtual card."""

    def status(self) -> CardStatus: ...

    def watch(self, callback: Callable[[CardStatus], None]) -> Watch:
        """Call `callback` (from any thread) whenever the status changes, until stopped."""
        ...

    def read(self, can: Can, progress: Callable[[ReadStep], None]) -> ReadResult:
        """Read the document with the CAN; raises `cardreader.errors.CardError` subclasses."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class WizardOptions:
    """Settings the wizard takes from the config and command line."""

    allow_manual_entry: bool = True
    # A kiosk attendant can allow typing the document ID for one session (the chip cannot be
    # read); the card page then offers to call them.
    attendant_approval: bool = False
    # Start offers the diagnostics (at a kiosk the attendant panel does instead).
    diagnostics_on_start: bool = True
    # Refuse a card whose EF.SOD could not be checked against a configured CSCA.
    require_passive_authentication: bool = False
    # Refuse a chip that offers no chip authentication; a failed one is always refused.
    require_chip_authentication: bool = False


def _budapest_today() -> date:
    # Imported when first asked (a card is read), not when the first screen starts.
    from desktop.registration.local_time import local_date, utc_now

    return local_date(utc_now())


@dataclass(frozen=True)
class WizardServices:
    service: RegistrationService
    rules: Rules
    card: CardSource
    mailbox: Mailbox | None = None
    options: WizardOptions = WizardOptions()
    # The calendar day in Budapest, as the registry judges expiry (injectable for tests).
    today: Callable[[], date] = _budapest_today
    # The diagnostics screen's doctor; None: the card layer's own (`cardreader.doctor`).
    diagnose: Callable[[], Diagnosis] | None = None
