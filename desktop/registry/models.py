"""The records the registration service hands out, now defined by the contract
(`desktop.registration.models`); re-exported so the backend's own modules keep their imports."""

from __future__ import annotations

from desktop.registration.models import (
    MailStatus,
    ManualEntryReason,
    PendingAccount,
    Person,
    SecondFactorEnrolment,
    SignedIn,
    Verification,
)

__all__ = [
    "MailStatus",
    "ManualEntryReason",
    "PendingAccount",
    "Person",
    "SecondFactorEnrolment",
    "SignedIn",
    "Verification",
]
