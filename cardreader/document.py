"""What a read of the chip yields: the document's data and how it was obtained."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class AccessProtocol(enum.Enum):
    PACE = "PACE"
    BAC = "BAC"


class PassiveAuthentication(enum.Enum):
    """Outcome of checking EF.SOD (hashes, signature, Document Signer against a CSCA)."""

    VALID = "valid"
    INVALID = "invalid"
    NOT_CHECKED = "not-checked"


class ChipAuthentication(enum.Enum):
    """Whether the chip proved it is the one the issuer made (counted only when passive
    authentication is valid and covers the key it proved itself with)."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_SUPPORTED = "not-supported"


class ChipAuthenticationMethod(enum.Enum):
    CA = "CA"  # Chip Authentication (EF.DG14)
    AA = "AA"  # Active Authentication (EF.DG15)
    PACE_CAM = "PACE-CAM"  # PACE with chip-authentication mapping (key in EF.DG14)


class ReadStep(enum.Enum):
    """Progress of `read_document` as a person sees it. Each step of the read
    (`cardreader.reader.STEPS`) belongs to one of these; `cardreader.reader.PROGRESS` is their
    order, from which the card page builds its progress bar."""

    CONNECTING = "connecting"
    SECURE_CHANNEL = "secure-channel"
    READING = "reading"
    VERIFYING = "verifying"


@dataclass(frozen=True)
class Document:
    """The MRZ data of an eID card (TD1) or passport (TD3), check digits already verified."""

    document_code: str  # "ID", "I", "P", ... (MRZ fillers removed)
    issuing_state: str  # "HUN"
    document_number: str  # "123456AB"
    surname: str
    given_names: str
    nationality: str
    date_of_birth: date
    sex: str  # "M", "F" or "X"
    date_of_expiry: date
    optional_data: str = ""
    mrz: tuple[str, ...] = ()

    def is_expired(self, today: date) -> bool:
        return self.date_of_expiry < today


@dataclass(frozen=True)
class ReadResult:
    document: Document
    access: AccessProtocol
    passive_authentication: PassiveAuthentication
    passive_authentication_detail: str
    apdu_count: int
    seconds: float
    chip_authentication: ChipAuthentication = ChipAuthentication.NOT_SUPPORTED
    chip_authentication_method: ChipAuthenticationMethod | None = None
    chip_authentication_detail: str = ""
