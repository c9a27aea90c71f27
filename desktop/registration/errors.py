"""Every error the registry can give: a stable code, the data the UI needs, one set of words.

Two families. A `Refusal` is something the person (or the admin) can put right: a typo, a
wait, another choice. A `SystemFault` is the system's own trouble (mail, storage,
configuration); the person can only try again later or call someone.

Each concrete error names itself with a `code` class attribute that never changes once
published, and `data()` holds only JSON values, so `to_wire()` and `error_from_wire()` carry an
error across a network and back to the same type. A refusal whose words follow from its data
(attempts left, the end of a lock) is worded by `desktop.registration.words` wherever it is
built; an error whose words are made where it arises (an input rule, a config key, a CSV line,
what a mail server said) carries its message in its data. No message and no datum holds a
secret, so an error can be logged as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar, Self

from desktop.messages import Message
from desktop.registration import words

_BY_CODE: dict[str, type[RegistrationError]] = {}


class RegistrationError(Exception):
    """Base of all registry errors. `message` is what the person sees."""

    code: ClassVar[str] = "registration-error"

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.en)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            known = _BY_CODE.setdefault(cls.code, cls)
            if known is not cls:
                raise TypeError(f"error code {cls.code!r} is taken by {known.__name__}")

    def data(self) -> dict[str, object]:
        """What the error carries besides its code: JSON values only (str, int, bool, None)."""
        return {"message_hu": self.message.hu, "message_en": self.message.en}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        """The error again from `data()`; ValueError when the data does not fit."""
        return cls(_message(data))

    def to_wire(self) -> dict[str, object]:
        return {"code": self.code, "data": self.data()}

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a worker process, a queue) as its wire form, since constructors differ.
        return (error_from_wire, (self.to_wire(),))


class Refusal(RegistrationError):
    """The person can put this right (another input, another choice, or a wait)."""


class SystemFault(RegistrationError):
    """The system's own trouble (mail, storage, configuration); nothing the person typed."""


def error_from_wire(wire: Mapping[str, object]) -> RegistrationError:
    """Rebuild an error from `to_wire()`'s form; ValueError for an unknown code or bad data."""
    code, data = wire.get("code"), wire.get("data")
    if not isinstance(code, str) or not isinstance(data, Mapping):
        raise ValueError("an error on the wire needs a string code and a data object")
    if code not in _BY_CODE:
        # ConfigError lives with the config (which imports this module, not the reverse).
        import desktop.config  # noqa: F401

    cls = _BY_CODE.get(code)
    if cls is None:
        raise ValueError(f"unknown error code {code!r}")
    return cls.from_data(data)


def error_codes() -> dict[str, type[RegistrationError]]:
    """Every code known in this process and its error type."""
    return dict(_BY_CODE)


def _field(data: Mapping[str, object], key: str, kind: type[Any]) -> Any:
    value = data.get(key)
    # bool is an int in Python; an attempts count of `true` is still bad data.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"error data {key!r} must be {kind.__name__}")
    return value


def _message(data: Mapping[str, object]) -> Message:
    return Message(_field(data, "message_hu", str), _field(data, "message_en", str))


def _moment(data: Mapping[str, object], key: str) -> datetime:
    moment = datetime.fromisoformat(_field(data, key, str))
    if moment.tzinfo is None:
        raise ValueError(f"error data {key!r} must carry its time zone")
    return moment


# --- refusals: the person's input, choice or timing -------------------------------------------


class RuleViolation(Refusal):
    """Typed input breaks a rule (see `desktop.registry.rules`). `field` names the input."""

    code = "rule-violation"

    def __init__(self, field: str, rule: str, message: Message) -> None:
        self.field = field
        self.rule = rule
        super().__init__(message)

    def data(self) -> dict[str, object]:
        return {"field": self.field, "rule": self.rule, **super().data()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "field", str), _field(data, "rule", str), _message(data))


class VerificationFailed(Refusal):
    """Unknown document or wrong registration code: the same answer for both."""

    code = "verification-failed"

    def __init__(self, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        super().__init__(words.verification_failed(attempts_left))

    def data(self) -> dict[str, object]:
        return {"attempts_left": self.attempts_left}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "attempts_left", int))


class DocumentLocked(Refusal):
    """Too many failed verifications for one document number; `until` ends the lock."""

    code = "document-locked"

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(words.document_locked(until))

    def data(self) -> dict[str, object]:
        return {"until": self.until.isoformat()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_moment(data, "until"))


class DocumentExpired(Refusal):
    """The identity card expired on `expired_on`; it cannot be used to register."""

    code = "document-expired"

    def __init__(self, expired_on: date) -> None:
        self.expired_on = expired_on
        super().__init__(words.document_expired(expired_on))

    def data(self) -> dict[str, object]:
        return {"expired_on": self.expired_on.isoformat()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(date.fromisoformat(_field(data, "expired_on", str)))


class _Worded(Refusal):
    """A refusal with no data: its words depend on nothing but its type."""

    @classmethod
    def _wording(cls) -> Message:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__(self._wording())

    def data(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls()


class AlreadyRegistered(_Worded):
    code = "already-registered"

    @classmethod
    def _wording(cls) -> Message:
        return words.already_registered()


class VerificationExpired(_Worded):
    code = "verification-expired"

    @classmethod
    def _wording(cls) -> Message:
        return words.verification_expired()


class UsernameTaken(Refusal):
    """The username, or one differing only in case, belongs to another account."""

    code = "username-taken"

    def __init__(self, username: str) -> None:
        self.username = username
        super().__init__(words.username_taken(username))

    def data(self) -> dict[str, object]:
        return {"username": self.username}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "username", str))


class UnknownAccount(_Worded):
    code = "unknown-account"

    @classmethod
    def _wording(cls) -> Message:
        return words.unknown_account()


class InvalidActivationCode(Refusal):
    code = "invalid-activation-code"

    def __init__(self, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        super().__init__(words.invalid_activation_code(attempts_left))

    def data(self) -> dict[str, object]:
        return {"attempts_left": self.attempts_left}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "attempts_left", int))


class ActivationCodeExpired(Refusal):
    """The code's 5 days are over, or 5 wrong tries voided it (`voided`): a new one can be sent."""

    code = "activation-code-expired"

    def __init__(self, voided: bool = False) -> None:
        self.voided = voided
        super().__init__(words.activation_expired(voided))

    def data(self) -> dict[str, object]:
        return {"voided": self.voided}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "voided", bool))


class InvalidSecondFactorCode(_Worded):
    code = "invalid-second-factor-code"

    @classmethod
    def _wording(cls) -> Message:
        return words.invalid_totp()


class SignInFailed(Refusal):
    """Wrong username, password or code (one answer for all three), or `not_active` yet."""

    code = "sign-in-failed"

    def __init__(self, not_active: bool = False) -> None:
        self.not_active = not_active
        super().__init__(words.not_active() if not_active else words.sign_in_failed())

    def data(self) -> dict[str, object]:
        return {"not_active": self.not_active}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "not_active", bool))


class SecondFactorCodeAlreadyUsed(SignInFailed):
    """Right password, but the authenticator code was used before (e.g. just now, to confirm
    the enrolment): a code counts once, so the person must wait for the app's next one."""

    code = "second-factor-code-already-used"

    def __init__(self) -> None:
        self.not_active = False
        Refusal.__init__(self, words.totp_code_already_used())

    def data(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls()


class AccountLocked(Refusal):
    """Too many failed sign-ins; `until` ends the lock."""

    code = "account-locked"

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(words.account_locked(until))

    def data(self) -> dict[str, object]:
        return {"until": self.until.isoformat()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_moment(data, "until"))


class SecondFactorNotEnrolled(_Worded):
    """`confirm_second_factor` before `activate`, or on an account that is already active."""

    code = "second-factor-not-enrolled"

    @classmethod
    def _wording(cls) -> Message:
        return words.not_enrolling()


class ResendTooSoon(Refusal):
    """A new activation e-mail was asked for too soon after the last one (no mail flooding)."""

    code = "resend-too-soon"

    def __init__(self, retry_at: datetime) -> None:
        self.retry_at = retry_at
        super().__init__(words.resend_too_soon(retry_at))

    def data(self) -> dict[str, object]:
        return {"retry_at": self.retry_at.isoformat()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_moment(data, "retry_at"))


class TooManyAttempts(Refusal):
    """Too many failed verifications and sign-ins from one source, or in the whole registry.

    `scope` is "source" (the calling app or kiosk) or "global"; nothing is checked until
    `retry_at`. The answer is the same whatever document or username was typed.
    """

    code = "too-many-attempts"
    SCOPES = ("source", "global")

    def __init__(self, scope: str, retry_at: datetime) -> None:
        self.scope = scope
        self.retry_at = retry_at
        super().__init__(words.too_many_attempts(scope == "global", retry_at))

    def data(self) -> dict[str, object]:
        return {"scope": self.scope, "retry_at": self.retry_at.isoformat()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        scope = _field(data, "scope", str)
        if scope not in cls.SCOPES:
            raise ValueError(f"unknown throttle scope {scope!r}")
        return cls(scope, _moment(data, "retry_at"))


class CitizenImportError(Refusal):
    """A row of a citizen CSV is bad; nothing from the file was imported.

    `line` is the 1-based line in the file (the header is line 1); `field` names the column,
    or is None when the row as a whole is wrong (wrong number of columns, duplicate).
    """

    code = "citizen-import"

    def __init__(self, message: Message, line: int, field: str | None) -> None:
        self.line = line
        self.field = field
        super().__init__(message)

    def data(self) -> dict[str, object]:
        return {"line": self.line, "field": self.field, **super().data()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        field = None if data.get("field") is None else _field(data, "field", str)
        return cls(_message(data), _field(data, "line", int), field)


# --- faults of the system ----------------------------------------------------------------------


class MailDeliveryError(SystemFault):
    """The mail transport refused or could not be reached; the message stays queued."""

    code = "mail-delivery"


class RegistryUnavailable(SystemFault):
    """The registry's storage or its secret cannot be used (missing, unreadable, mismatched),
    or its storage failed under a step (the step was undone: nothing of it was stored).

    `reason`, for programs: "disk-full", "locked", "damaged", "io", "read-only", "other" for a
    storage failure under a step; "unavailable" for a registry that cannot be opened or used.
    """

    code = "registry-unavailable"
    REASONS = ("unavailable", "disk-full", "locked", "damaged", "io", "read-only", "other")

    def __init__(self, message: Message, reason: str = "unavailable") -> None:
        self.reason = reason
        super().__init__(message)

    def data(self) -> dict[str, object]:
        return {"reason": self.reason, **super().data()}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        reason = _field(data, "reason", str)
        if reason not in cls.REASONS:
            raise ValueError(f"unknown registry fault reason {reason!r}")
        return cls(_message(data), reason)


# --- faults of a registry across a network (`[registry] url = "https://…"`) ------------------


class RegistryUnreachable(SystemFault):
    """No answer from the registry service (no connection, a dropped one, or none in time).
    Nothing the person typed is lost: the same step may be tried again."""

    code = "registry-unreachable"

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(message or words.registry_unreachable())


class RegistryBusy(SystemFault):
    """The registry service asked this client to slow down (HTTP 429); `retry_after` seconds."""

    code = "registry-busy"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(words.registry_busy(retry_after))

    def data(self) -> dict[str, object]:
        return {"retry_after": self.retry_after}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "retry_after", int))


class ClientRefused(SystemFault):
    """The registry service refused this computer's certificate (revoked, or none where one is
    required): staff must look at the kiosk."""

    code = "client-refused"

    def __init__(self) -> None:
        super().__init__(words.client_refused())

    def data(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls()
