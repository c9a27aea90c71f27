"""Every refusal the registration service can give, each with its Hungarian and English message.

Messages never contain a secret (registration code, password, activation or recovery code,
TOTP secret) so an exception can be logged as it is.
"""

from __future__ import annotations

from datetime import datetime

from desktop.messages import Message


class RegistrationError(Exception):
    """Base of all registration failures. `message` is what the person sees."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.en)


class RuleViolation(RegistrationError):
    """Typed input breaks a rule (see `desktop.registry.rules`). `field` names the input."""

    def __init__(self, field: str, rule: str, message: Message) -> None:
        self.field = field
        self.rule = rule
        super().__init__(message)


class VerificationFailed(RegistrationError):
    """Unknown document or wrong registration code: the same answer for both."""

    def __init__(self, message: Message, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        super().__init__(message)


class DocumentLocked(RegistrationError):
    def __init__(self, message: Message, until: datetime) -> None:
        self.until = until
        super().__init__(message)


class DocumentExpired(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    pass


class VerificationExpired(RegistrationError):
    pass


class UsernameTaken(RegistrationError):
    pass


class UnknownAccount(RegistrationError):
    pass


class InvalidActivationCode(RegistrationError):
    def __init__(self, message: Message, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        super().__init__(message)


class ActivationCodeExpired(RegistrationError):
    """The code's 5 days are over, or 5 wrong tries voided it: a new one can be sent."""


class InvalidSecondFactorCode(RegistrationError):
    pass


class SignInFailed(RegistrationError):
    pass


class AccountLocked(RegistrationError):
    def __init__(self, message: Message, until: datetime) -> None:
        self.until = until
        super().__init__(message)


class MailDeliveryError(RegistrationError):
    """The mail transport refused or could not be reached; the message stays queued."""


class ConfigError(RegistrationError):
    """The config file has an unknown key or a bad value; the message names the key."""


class SecondFactorNotEnrolled(RegistrationError):
    """`confirm_second_factor` before `activate`, or on an account that is already active."""


class RegistryUnavailable(RegistrationError):
    """The registry database or its secret file cannot be used (missing, unreadable, mismatched)."""


class StorageFault(RegistryUnavailable):
    """The registry's storage failed under a step (full disk, locked, damaged, I/O error).

    The step's transaction was rolled back: nothing of it was stored. `reason` is one of
    `REASONS`, for programs; the message says it to people.
    """

    REASONS = ("disk-full", "locked", "damaged", "io", "read-only", "other")

    def __init__(self, message: Message, reason: str) -> None:
        self.reason = reason
        super().__init__(message)


class CitizenImportError(RegistrationError):
    """A row of a citizen CSV is bad; nothing from the file was imported.

    `line` is the 1-based line in the file (the header is line 1); `field` names the column,
    or is None when the row as a whole is wrong (wrong number of columns, duplicate).
    """

    def __init__(self, message: Message, line: int, field: str | None) -> None:
        self.line = line
        self.field = field
        super().__init__(message)


class ResendTooSoon(RegistrationError):
    """A new activation e-mail was asked for too soon after the last one (no mail flooding)."""

    def __init__(self, message: Message, retry_at: datetime) -> None:
        self.retry_at = retry_at
        super().__init__(message)


class TooManyAttempts(RegistrationError):
    """Too many failed verifications and sign-ins from one source, or in the whole registry.

    `scope` is "source" (the calling app or kiosk) or "global"; nothing is checked until
    `retry_at`. It answers the same whatever document or username was typed.
    """

    def __init__(self, message: Message, scope: str, retry_at: datetime) -> None:
        self.scope = scope
        self.retry_at = retry_at
        super().__init__(message)
