"""The records the registration service hands out, now defined by the contract
(`desktop.registration.models`); re-exported so the backend's own modules keep their imports."""

from __future__ import annotations

from desktop.registration.models import (
    MailStatus,
    PendingAccount,
    Person,
    SecondFactorEnrolment,
    SignedIn,
    Verification,
)

__all__ = [
    "MailStatus",
    "PendingAccount",
    "Person",
    "SecondFactorEnrolment",
    "SignedIn",
    "Verification",
]
