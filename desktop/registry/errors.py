"""The registry's errors, now defined by the contract (`desktop.registration.errors`), and
`ConfigError`, now at home in `desktop.config`; re-exported so the backend's own modules and the
admin CLI keep their imports."""

from __future__ import annotations

from desktop.config import ConfigError
from desktop.registration.errors import (
    AccountLocked,
    ActivationCodeExpired,
    AlreadyRegistered,
    CitizenImportError,
    DocumentExpired,
    DocumentLocked,
    InvalidActivationCode,
    InvalidSecondFactorCode,
    MailDeliveryError,
    Refusal,
    RegistrationError,
    RegistryUnavailable,
    ResendTooSoon,
    RuleViolation,
    SecondFactorCodeAlreadyUsed,
    SecondFactorNotEnrolled,
    SignInFailed,
    SystemFault,
    TooManyAttempts,
    UnknownAccount,
    UsernameTaken,
    VerificationExpired,
    VerificationFailed,
)

__all__ = [
    "AccountLocked",
    "ActivationCodeExpired",
    "AlreadyRegistered",
    "CitizenImportError",
    "ConfigError",
    "DocumentExpired",
    "DocumentLocked",
    "InvalidActivationCode",
    "InvalidSecondFactorCode",
    "MailDeliveryError",
    "Refusal",
    "RegistrationError",
    "RegistryUnavailable",
    "ResendTooSoon",
    "RuleViolation",
    "SecondFactorCodeAlreadyUsed",
    "SecondFactorNotEnrolled",
    "SignInFailed",
    "SystemFault",
    "TooManyAttempts",
    "UnknownAccount",
    "UsernameTaken",
    "VerificationExpired",
    "VerificationFailed",
]
