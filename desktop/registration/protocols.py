"""What callers may ask of the registry: the person's use cases, the mail queue, the rules.

Any implementation (the embedded SQLite registry today) satisfies these structurally; callers
are typed against them, never against a class of `desktop.registry`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: the records are built when first needed
    from desktop.messages import Message
    from desktop.registration.mail import DeliveryReport, QueuedMail
    from desktop.registration.models import (
        ManualEntryReason,
        PendingAccount,
        SecondFactorEnrolment,
        SignedIn,
        Verification,
    )


class RegistrationService(Protocol):
    """The person's way through registration (DESIGN.md's facade), one call per step.

    Every refusal is a `desktop.registration.errors.Refusal`; trouble of the system a
    `SystemFault`. Calls may be slow (Argon2id, SMTP): callers keep them off a GUI thread.
    """

    def verify(self, document_number: str, registration_code: str) -> Verification: ...

    # `object`, not None: callers hand these calls to a worker that passes any result on, and
    # nothing they return is to be used.
    def check_username(self, username: str) -> object:
        """Refuse (RuleViolation, UsernameTaken) a username that cannot be registered now."""
        ...

    def register(self, verification: Verification, username: str, email: str) -> PendingAccount:
        """A pending account, its activation e-mail queued (and sent, when the server answers)."""
        ...

    def resend_activation(self, username: str) -> PendingAccount: ...

    def activate(
        self, username: str, activation_code: str, password: str
    ) -> SecondFactorEnrolment: ...

    def confirm_second_factor(self, username: str, totp_code: str) -> object: ...

    def sign_in(self, username: str, password: str, totp_code: str) -> SignedIn: ...

    def record_manual_entry_allowed(self, reason: ManualEntryReason) -> object:
        """Write to the audit log that a kiosk attendant allowed typing the document ID for
        one session (the chip could not be read), before the person types anything."""
        ...

    def deliver_queued(self) -> DeliveryReport:
        """Send the queued mail whose next try has come (the wizard's "we keep trying")."""
        ...

    def close(self) -> None: ...


class MailQueue(Protocol):
    """What the kiosk's attendant panel reads: the mail still waiting to be sent."""

    def queued_mail(self) -> Sequence[QueuedMail]:
        """Waiting mail, oldest first."""
        ...

    def close(self) -> None: ...


class RuleCheck(Protocol):
    """One line of a live checklist: a rule and whether the text meets it."""

    @property
    def ok(self) -> bool: ...

    @property
    def message(self) -> Message: ...


class PasswordVerdict(Protocol):
    """A strength meter's view: a score 0–4, whether it is accepted, and why not."""

    @property
    def score(self) -> int: ...

    @property
    def acceptable(self) -> bool: ...

    @property
    def reasons(self) -> Sequence[Message]: ...


class InputRules(Protocol):
    """The input rules asked live while the person types (cheap, no I/O, no registry)."""

    def username_checklist(self, text: str) -> Sequence[RuleCheck]: ...

    def password_assessment(
        self, password: str, username: str = "", email: str = ""
    ) -> PasswordVerdict: ...

    def check_email(self, text: str) -> str:
        """The normalised address, or RuleViolation saying why it cannot be used."""
        ...

    def tidy_activation_code(self, text: str) -> str:
        """The code as typed or pasted, upper case, dashes where they belong."""
        ...

    def activation_code_complete(self, text: str) -> bool:
        """Whether `text` holds as many letters and digits as an activation code."""
        ...
