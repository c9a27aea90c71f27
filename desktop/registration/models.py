"""Records the registry hands the person's steps. Frozen; no secret kept beyond its use, none in
a repr."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Person:
    """A citizen as the personal-data and address registry knows them (read-only)."""

    document_number: str
    family_name: str
    given_names: str
    birth_family_name: str
    birth_given_names: str
    mother_name: str
    birth_place: str
    birth_date: date
    nationality: str
    sex: str
    address: str
    document_expiry: date


@dataclass(frozen=True)
class Verification:
    """Proof that document number and registration code matched; expires after 15 minutes."""

    token: str = field(repr=False)
    person: Person
    expires_at: datetime


class ManualEntryReason(enum.Enum):
    """Why a kiosk attendant let a person type the document ID instead of reading the chip."""

    NO_CHIP = "no-chip"  # no chip answered: a card issued without one
    NOT_AN_EID = "not-an-eid"  # the chip on the reader is no eID


class MailStatus(enum.Enum):
    SENT = "sent"
    QUEUED = "queued"


@dataclass(frozen=True)
class PendingAccount:
    username: str
    email: str
    activation_expires_at: datetime
    mail_status: MailStatus


@dataclass(frozen=True)
class SecondFactorEnrolment:
    """Shown once after activation: the TOTP secret (for manual entry), its QR URI, and the
    one-time recovery code. The registry keeps only the encrypted secret and a hash of the code."""

    username: str
    # Kept out of repr: these are secrets, and reprs end up in logs and tracebacks.
    secret_base32: str = field(repr=False)
    otpauth_uri: str = field(repr=False)
    recovery_code: str = field(repr=False)


@dataclass(frozen=True)
class SignedIn:
    username: str
    display_name: str
    used_recovery_code: bool
