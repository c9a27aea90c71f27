"""The passwords that open an eID chip: the CAN printed on the card and the MRZ key.

Both are secrets: `repr` and `str` never show them and no error message repeats them.
PACE derives its password key Kπ from `pace_secret()` (the CAN's digits, or SHA-1 over the
MRZ information); BAC derives its keys from the MRZ key seed.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from datetime import date

from cardreader.errors import PasswordFormatError
from cardreader.mrz import check_digit

CAN_DIGITS = 6
_CAN = re.compile(rf"[0-9]{{{CAN_DIGITS}}}")
# What a CAN field may hold while it is being typed (a form's input validator).
CAN_TYPING_PATTERN = rf"[0-9]{{0,{CAN_DIGITS}}}"
_DOCNO = re.compile(r"[A-Z0-9<]{1,22}")
_YYMMDD = re.compile(r"[0-9]{6}")


class PasswordType(enum.IntEnum):
    """The PACE password reference (ICAO 9303-11, MSE:SET AT tag '83')."""

    MRZ = 1
    CAN = 2


class Can:
    """The six-digit Card Access Number printed on the front of the card."""

    __slots__ = ("_value",)
    password_type = PasswordType.CAN

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not _CAN.fullmatch(value):
            raise PasswordFormatError("the CAN must be exactly 6 digits")
        self._value = value

    @classmethod
    def parse(cls, text: str) -> Can | None:
        """The CAN in `text`, or None when it is not six digits (the one rule for both a
        form's live check and the check before a read)."""
        return cls(text) if _CAN.fullmatch(text) else None

    def pace_secret(self) -> bytes:
        """The bytes PACE derives Kπ from: the digits in ASCII."""
        return self._value.encode("ascii")

    def matches(self, other: Can) -> bool:
        """Constant-time comparison (the virtual chip checks a CAN with it)."""
        return hmac.compare_digest(self._value, other._value)

    def __repr__(self) -> str:
        return "Can(******)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Can) and self.matches(other)

    def __hash__(self) -> int:
        return hash(("Can", self._value))

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a CAN is not pickled")


def _yymmdd(value: str | date, what: str) -> str:
    if isinstance(value, date):
        return value.strftime("%y%m%d")
    if not isinstance(value, str) or not _YYMMDD.fullmatch(value):
        raise PasswordFormatError(f"the {what} must be six digits YYMMDD")
    month, day = int(value[2:4]), int(value[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise PasswordFormatError(f"the {what} is not a calendar date")
    return value


class MrzKey:
    """Document number, date of birth and date of expiry, as BAC and PACE-MRZ use them.

    Dates are `datetime.date` or ``YYMMDD`` strings. Document numbers longer than nine
    characters are used whole (their tail sits in the MRZ's optional data) with the check
    digit computed over the whole number.
    """

    __slots__ = ("_info",)
    password_type = PasswordType.MRZ

    def __init__(
        self, document_number: str, date_of_birth: str | date, date_of_expiry: str | date
    ) -> None:
        if not isinstance(document_number, str):
            raise PasswordFormatError("the document number must be text")
        docno = document_number.strip().upper().replace(" ", "")
        if not _DOCNO.fullmatch(docno):
            raise PasswordFormatError("the document number must be 1-22 letters A-Z, digits or <")
        docno = docno.ljust(9, "<")
        birth = _yymmdd(date_of_birth, "date of birth")
        expiry = _yymmdd(date_of_expiry, "date of expiry")
        self._info = (
            docno + check_digit(docno) + birth + check_digit(birth) + expiry + check_digit(expiry)
        )

    @classmethod
    def parse(cls, text: str) -> MrzKey:
        """Read ``DOCNO,YYMMDD,YYMMDD`` (document number, birth, expiry) as the CLI takes it."""
        parts = [p.strip() for p in text.split(",")] if isinstance(text, str) else []
        if len(parts) != 3:
            raise PasswordFormatError("an MRZ key is DOCUMENT-NUMBER,YYMMDD-BIRTH,YYMMDD-EXPIRY")
        return cls(parts[0], parts[1], parts[2])

    @property
    def mrz_information(self) -> str:
        """Document number, birth date and expiry, each with its check digit (secret)."""
        return self._info

    def key_seed(self) -> bytes:
        """SHA-1 over the MRZ information (20 bytes); BAC keeps the first 16."""
        # ICAO 9303-11 9.7.2 fixes SHA-1 here; the chip derives the same seed.
        return hashlib.sha1(self._info.encode("ascii")).digest()  # noqa: S324

    def pace_secret(self) -> bytes:
        """The bytes PACE derives Kπ from: the full SHA-1 of the MRZ information."""
        return self.key_seed()

    def matches(self, other: MrzKey) -> bool:
        return hmac.compare_digest(self._info, other._info)

    def __repr__(self) -> str:
        return "MrzKey(******)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MrzKey) and self.matches(other)

    def __hash__(self) -> int:
        return hash(("MrzKey", self._info))

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("an MRZ key is not pickled")


CardPassword = Can | MrzKey
