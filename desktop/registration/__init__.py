"""The registry's contract: the only part of the registry the rest of the application sees.

`protocols` (what may be asked), `models` and `mail` (what comes back, frozen), `errors` (what
can go wrong, each with a stable code and its data), `words` (the refusals' Hungarian and
English text), `limits` (the lengths a person is told). None of them imports the backend.
`desktop.registration.opening` is the seam that picks and opens an implementation; it reaches
the backend only inside its functions.

It lives beside `desktop.registry`, not inside it: importing any module of a package runs the
package's `__init__`, and `desktop.registry`'s builds the whole backend (~100 ms). Import-linter
contracts (pyproject.toml) keep every other part of `desktop` on this side of the seam.

The names below are loaded on first use (PEP 562), so `from desktop.registration import
ConfigError`'s base costs only the errors module at start-up, not every record and protocol.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.registration.errors import (
        AccountLocked as AccountLocked,
    )
    from desktop.registration.errors import (
        ActivationCodeExpired as ActivationCodeExpired,
    )
    from desktop.registration.errors import (
        AlreadyRegistered as AlreadyRegistered,
    )
    from desktop.registration.errors import (
        CitizenImportError as CitizenImportError,
    )
    from desktop.registration.errors import (
        ClientRefused as ClientRefused,
    )
    from desktop.registration.errors import (
        DocumentExpired as DocumentExpired,
    )
    from desktop.registration.errors import (
        DocumentLocked as DocumentLocked,
    )
    from desktop.registration.errors import (
        InvalidActivationCode as InvalidActivationCode,
    )
    from desktop.registration.errors import (
        InvalidSecondFactorCode as InvalidSecondFactorCode,
    )
    from desktop.registration.errors import (
        MailDeliveryError as MailDeliveryError,
    )
    from desktop.registration.errors import (
        Refusal as Refusal,
    )
    from desktop.registration.errors import (
        RegistrationError as RegistrationError,
    )
    from desktop.registration.errors import (
        RegistryBusy as RegistryBusy,
    )
    from desktop.registration.errors import (
        RegistryUnavailable as RegistryUnavailable,
    )
    from desktop.registration.errors import (
        RegistryUnreachable as RegistryUnreachable,
    )
    from desktop.registration.errors import (
        ResendTooSoon as ResendTooSoon,
    )
    from desktop.registration.errors import (
        RuleViolation as RuleViolation,
    )
    from desktop.registration.errors import (
        SecondFactorCodeAlreadyUsed as SecondFactorCodeAlreadyUsed,
    )
    from desktop.registration.errors import (
        SecondFactorNotEnrolled as SecondFactorNotEnrolled,
    )
    from desktop.registration.errors import (
        SignInFailed as SignInFailed,
    )
    from desktop.registration.errors import (
        SystemFault as SystemFault,
    )
    from desktop.registration.errors import (
        TooManyAttempts as TooManyAttempts,
    )
    from desktop.registration.errors import (
        UnknownAccount as UnknownAccount,
    )
    from desktop.registration.errors import (
        UsernameTaken as UsernameTaken,
    )
    from desktop.registration.errors import (
        VerificationExpired as VerificationExpired,
    )
    from desktop.registration.errors import (
        VerificationFailed as VerificationFailed,
    )
    from desktop.registration.errors import (
        error_from_wire as error_from_wire,
    )
    from desktop.registration.mail import (
        DeliveredMail as DeliveredMail,
    )
    from desktop.registration.mail import (
        DeliveryReport as DeliveryReport,
    )
    from desktop.registration.mail import (
        QueuedMail as QueuedMail,
    )
    from desktop.registration.models import (
        MailStatus as MailStatus,
    )
    from desktop.registration.models import (
        ManualEntryReason as ManualEntryReason,
    )
    from desktop.registration.models import (
        PendingAccount as PendingAccount,
    )
    from desktop.registration.models import (
        Person as Person,
    )
    from desktop.registration.models import (
        SecondFactorEnrolment as SecondFactorEnrolment,
    )
    from desktop.registration.models import (
        SignedIn as SignedIn,
    )
    from desktop.registration.models import (
        Verification as Verification,
    )
    from desktop.registration.protocols import (
        InputRules as InputRules,
    )
    from desktop.registration.protocols import (
        MailQueue as MailQueue,
    )
    from desktop.registration.protocols import (
        PasswordVerdict as PasswordVerdict,
    )
    from desktop.registration.protocols import (
        RegistrationService as RegistrationService,
    )
    from desktop.registration.protocols import (
        RuleCheck as RuleCheck,
    )

_HOMES = {
    "AccountLocked": "errors",
    "ClientRefused": "errors",
    "RegistryBusy": "errors",
    "RegistryUnreachable": "errors",
    "ActivationCodeExpired": "errors",
    "AlreadyRegistered": "errors",
    "CitizenImportError": "errors",
    "DocumentExpired": "errors",
    "DocumentLocked": "errors",
    "InvalidActivationCode": "errors",
    "InvalidSecondFactorCode": "errors",
    "MailDeliveryError": "errors",
    "Refusal": "errors",
    "RegistrationError": "errors",
    "RegistryUnavailable": "errors",
    "ResendTooSoon": "errors",
    "RuleViolation": "errors",
    "SecondFactorCodeAlreadyUsed": "errors",
    "SecondFactorNotEnrolled": "errors",
    "SignInFailed": "errors",
    "SystemFault": "errors",
    "TooManyAttempts": "errors",
    "UnknownAccount": "errors",
    "UsernameTaken": "errors",
    "VerificationExpired": "errors",
    "VerificationFailed": "errors",
    "error_from_wire": "errors",
    "DeliveredMail": "mail",
    "DeliveryReport": "mail",
    "QueuedMail": "mail",
    "MailStatus": "models",
    "ManualEntryReason": "models",
    "PendingAccount": "models",
    "Person": "models",
    "SecondFactorEnrolment": "models",
    "SignedIn": "models",
    "Verification": "models",
    "InputRules": "protocols",
    "MailQueue": "protocols",
    "PasswordVerdict": "protocols",
    "RegistrationService": "protocols",
    "RuleCheck": "protocols",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # the next look-up is a plain one
    return value
