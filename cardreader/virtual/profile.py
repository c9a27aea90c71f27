"""Virtual-card profiles: who is on the card, how the chip is protected, which faults it has.

A profile is a TOML file (format in shared/DESIGN.md and resources/virtual-cards/README.md):

    [document]  document_number, document_code, issuing_state, surname, given_names,
                nationality, date_of_birth, sex, date_of_expiry   (dates as TOML or ISO dates)
    [access]    can = "123456", pace = true, bac = false
    [chip]      curve = "brainpoolP256r1", cipher = "AES-128", extended_length = true,
                chip_authentication = "CA" | "CA-DH" | "PACE-CAM" | "none",
                active_authentication = "RSA" | "ECDSA" | "none",
                present = false (QA: a card without a chip), applet = "foreign" (QA: not an eID)
    [faults]    delay_ms = 150, vanish_after_apdus = 5, corrupt_mac = true | N,
                cloned_chip = true, wrong_aa_signature = true, dg14_outside_sod = true,
                transient_error = true | N, refuse_extended_length = "reader" | "card"

Everything is validated on load; a bad profile gives one `ProfileError` line naming the key.
"""

from __future__ import annotations

import enum
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from cardreader.errors import CardError, InvalidDocumentDataError
from cardreader.failures import CardFailure
from cardreader.resources import resources_dir


class ProfileError(CardError):
    """A virtual-card profile is missing, unreadable or invalid (the message names the key)."""

    default_kind = CardFailure.VIRTUAL_CARD_PROFILE


class ChipCurve(enum.Enum):
    """Elliptic curves a virtual chip can offer for PACE (ECDH generic mapping)."""

    BRAINPOOL_P256R1 = "brainpoolP256r1"
    BRAINPOOL_P384R1 = "brainpoolP384r1"
    BRAINPOOL_P512R1 = "brainpoolP512r1"
    NIST_P256 = "P-256"
    NIST_P384 = "P-384"
    NIST_P521 = "P-521"


_CURVE_ALIASES = {
    "secp256r1": ChipCurve.NIST_P256,
    "prime256v1": ChipCurve.NIST_P256,
    "nistp256": ChipCurve.NIST_P256,
    "secp384r1": ChipCurve.NIST_P384,
    "nistp384": ChipCurve.NIST_P384,
    "secp521r1": ChipCurve.NIST_P521,
    "nistp521": ChipCurve.NIST_P521,
}


class ChipCipher(enum.Enum):
    """Secure-messaging ciphers a virtual chip can offer for PACE."""

    AES_128 = "AES-128"
    AES_192 = "AES-192"
    AES_256 = "AES-256"
    TDES = "3DES"


class ChipAuthenticationMode(enum.Enum):
    """How the virtual chip proves it is genuine with its EF.DG14 key."""

    NONE = "none"
    CA = "CA"  # Chip Authentication, ECDH on the profile's curve
    CA_DH = "CA-DH"  # Chip Authentication, DH on the RFC 5114 2048-bit group
    PACE_CAM = "PACE-CAM"  # PACE with chip-authentication mapping (and CA with the same key)


class ActiveAuthenticationMode(enum.Enum):
    """Which EF.DG15 key the virtual chip signs challenges with."""

    NONE = "none"
    RSA = "RSA"
    ECDSA = "ECDSA"


@dataclass(frozen=True)
class DocumentData:
    """The printed data of the document, as a person reads it (accents and all)."""

    document_number: str
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    nationality: str
    date_of_birth: date
    sex: str
    date_of_expiry: date

    @property
    def is_passport(self) -> bool:
        """TD3 (two lines of 44) for passports, TD1 (three of 30) for ID cards."""
        return self.document_code.startswith("P")

    def mrz_lines(self) -> tuple[str, ...]:
        """The MRZ as the chip stores it in EF.DG1 (names transliterated)."""
        from cardreader.mrz import encode_td1, encode_td3

        fields: dict[str, Any] = {
            "document_code": self.document_code,
            "issuing_state": self.issuing_state,
            "document_number": self.document_number,
            "surname": self.surname,
            "given_names": self.given_names,
            "nationality": self.nationality,
            "date_of_birth": self.date_of_birth,
            "sex": self.sex,
            "date_of_expiry": self.date_of_expiry,
        }
        return encode_td3(**fields) if self.is_passport else encode_td1(**fields)


@dataclass(frozen=True)
class AccessConfig:
    """Which access control the chip offers, and its CAN (not shown in repr)."""

    can: str | None = field(repr=False)
    pace: bool
    bac: bool


class Applet(enum.Enum):
    """What answers on the card: the eMRTD chip, another kind of chip, or no chip at all."""

    EMRTD = "emrtd"
    FOREIGN = "foreign"  # a chip with an application that is not an eMRTD (a bank card, say)
    NONE = "none"  # `present = false`: nothing answers a SELECT (a card issued without chip)


@dataclass(frozen=True)
class ChipConfig:
    curve: ChipCurve = ChipCurve.BRAINPOOL_P256R1
    cipher: ChipCipher = ChipCipher.AES_128
    extended_length: bool = True
    chip_authentication: ChipAuthenticationMode = ChipAuthenticationMode.NONE
    active_authentication: ActiveAuthenticationMode = ActiveAuthenticationMode.NONE
    applet: Applet = Applet.EMRTD


class ExtendedRefusal(enum.Enum):
    """Who turns an extended-length APDU away although the chip's ATR announces them."""

    READER = "reader"  # the reader cannot carry it: the exchange fails (a PC/SC error)
    CARD = "card"  # the chip answers 6700 (wrong length), in plain


@dataclass(frozen=True)
class FaultConfig:
    """QA faults: answer slowly, vanish after N APDUs, corrupt MACs."""

    delay_ms: int = 0
    vanish_after_apdus: int | None = None
    # None: never; 0: every protected response; N: from the N-th protected response on.
    corrupt_mac_after: int | None = None
    # A copy of the chip: same files and EF.SOD, but its own chip keys.
    cloned_chip: bool = False
    # Active Authentication answers with a signature that does not verify.
    wrong_aa_signature: bool = False
    # EF.DG14 is on the chip but EF.SOD has no hash for it.
    dg14_outside_sod: bool = False
    # None: never; N: the N-th APDU is lost once, as when the card left the reader's field for
    # a moment (pcscd: SCARD_E_NOT_TRANSACTED; the card stays, its state is lost).
    transient_error_at: int | None = None
    # Extended-length APDUs are turned away although the ATR announces them.
    refuse_extended_length: ExtendedRefusal | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    document: DocumentData
    access: AccessConfig
    chip: ChipConfig = ChipConfig()
    faults: FaultConfig = FaultConfig()
    path: Path | None = None

    def mrz_key_text(self) -> str:
        """The MRZ key in the CLI's form DOCNO,YYMMDD-BIRTH,YYMMDD-EXPIRY."""
        d = self.document
        return f"{d.document_number},{d.date_of_birth:%y%m%d},{d.date_of_expiry:%y%m%d}"


# --- loading ---------------------------------------------------------------------------------
_SECTIONS = {
    "document": {
        "document_number",
        "document_code",
        "issuing_state",
        "surname",
        "given_names",
        "nationality",
        "date_of_birth",
        "sex",
        "date_of_expiry",
    },
    "access": {"can", "pace", "bac"},
    "chip": {
        "curve",
        "cipher",
        "extended_length",
        "chip_authentication",
        "active_authentication",
        "present",
        "applet",
    },
    "faults": {
        "delay_ms",
        "vanish_after_apdus",
        "corrupt_mac",
        "cloned_chip",
        "wrong_aa_signature",
        "dg14_outside_sod",
        "transient_error",
        "refuse_extended_length",
    },
}
_REQUIRED_DOCUMENT = _SECTIONS["document"]


def profiles_dir() -> Path:
    """Where the shipped profiles are (resources/virtual-cards/)."""
    return resources_dir() / "virtual-cards"


def list_profiles() -> list[str]:
    """Names of the shipped profiles (file stems), sorted."""
    directory = profiles_dir()
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.toml"))


def resolve_profile(path_or_name: str | Path) -> Path:
    """A profile file from a path, or from a bare name in resources/virtual-cards/."""
    path = Path(path_or_name)
    if path.is_file():
        return path
    text = str(path_or_name)
    if "/" not in text and "\\" not in text:
        stem = text.removesuffix(".toml")
        candidate = profiles_dir() / f"{stem}.toml"
        if candidate.is_file():
            return candidate
        known = ", ".join(list_profiles()) or "none"
        raise ProfileError(f"no virtual-card profile named {stem!r} (known: {known})")
    raise ProfileError(f"virtual-card profile {text} does not exist")


def load_profile(path_or_name: str | Path) -> Profile:
    """Load and validate a profile from a path or a bare name (`kovacs-eva`)."""
    path = resolve_profile(path_or_name)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except OSError as exc:
        raise ProfileError(f"{path.name}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path.name}: not valid TOML: {exc}") from None
    return parse_profile(raw, name=path.stem, path=path)


def parse_profile(raw: dict[str, Any], *, name: str, path: Path | None = None) -> Profile:
    """Validate a profile already read from TOML."""
    where = path.name if path else name
    try:
        return _parse(raw, name, path)
    except _KeyError as exc:
        raise ProfileError(f"{where}: {exc}") from None


class _KeyError(Exception):
    pass


def _section(raw: dict[str, Any], name: str, *, required: bool) -> dict[str, Any]:
    value = raw.get(name)
    if value is None:
        if required:
            raise _KeyError(f"[{name}] section is missing")
        return {}
    if not isinstance(value, dict):
        raise _KeyError(f"[{name}] must be a table")
    unknown = sorted(set(value) - _SECTIONS[name])
    if unknown:
        raise _KeyError(f"[{name}] {unknown[0]}: unknown key")
    return value


def _string(section: dict[str, Any], sect: str, key: str, pattern: str | None = None) -> str:
    value = section.get(key)
    if value is None:
        raise _KeyError(f"[{sect}] {key}: missing")
    if not isinstance(value, str) or not value.strip():
        raise _KeyError(f"[{sect}] {key}: must be a non-empty string")
    if pattern and not re.fullmatch(pattern, value):
        raise _KeyError(f"[{sect}] {key}: {value!r} is not valid")
    return value.strip()


def _optional_string(section: dict[str, Any], sect: str, key: str) -> str:
    value = section.get(key, "")
    if not isinstance(value, str):
        raise _KeyError(f"[{sect}] {key}: must be a string")
    return value.strip()


def _date(section: dict[str, Any], key: str) -> date:
    value = section.get(key)
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _KeyError(f"[document] {key}: must be a date (YYYY-MM-DD)")


def _bool(section: dict[str, Any], sect: str, key: str, default: bool) -> bool:
    value = section.get(key, default)
    if not isinstance(value, bool):
        raise _KeyError(f"[{sect}] {key}: must be true or false")
    return value


def _count(section: dict[str, Any], key: str, minimum: int) -> int | None:
    value = section.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _KeyError(f"[faults] {key}: must be a whole number >= {minimum}")
    return value


def _switch_or_count(section: dict[str, Any], key: str, *, when_true: int) -> int | None:
    """A fault key that is either a switch (`true`: `when_true`, `false`: off) or a count."""
    value = section.get(key, False)
    if value is True:
        return when_true
    if value is False:
        return None
    return _count(section, key, 1)


def _parse(raw: dict[str, Any], name: str, path: Path | None) -> Profile:
    unknown = sorted(set(raw) - set(_SECTIONS))
    if unknown:
        raise _KeyError(f"[{unknown[0]}]: unknown section")
    doc = _section(raw, "document", required=True)
    document = DocumentData(
        document_number=_string(doc, "document", "document_number", r"[A-Z0-9]{1,22}"),
        document_code=_string(doc, "document", "document_code", r"[A-Z][A-Z<]?"),
        issuing_state=_string(doc, "document", "issuing_state", r"[A-Z]{3}"),
        surname=_string(doc, "document", "surname"),
        given_names=_optional_string(doc, "document", "given_names"),
        nationality=_string(doc, "document", "nationality", r"[A-Z]{3}"),
        date_of_birth=_date(doc, "date_of_birth"),
        sex=_string(doc, "document", "sex", r"[MFX]"),
        date_of_expiry=_date(doc, "date_of_expiry"),
    )
    if document.date_of_expiry <= document.date_of_birth:
        raise _KeyError("[document] date_of_expiry: must be after date_of_birth")
    if document.is_passport and len(document.document_number) > 9:
        raise _KeyError("[document] document_number: a passport's has at most 9 characters")
    try:
        document.mrz_lines()
    except InvalidDocumentDataError as exc:
        raise _KeyError(f"[document] {exc}") from None

    ch = _section(raw, "chip", required=False)
    applet = Applet.EMRTD
    if "applet" in ch:
        applet = _enum(Applet, _string(ch, "chip", "applet"), "applet")
    if not _bool(ch, "chip", "present", True):
        if "applet" in ch and applet is not Applet.NONE:
            raise _KeyError("[chip] applet: a card with present = false has no applet")
        applet = Applet.NONE
    elif applet is Applet.NONE:
        raise _KeyError('[chip] applet: "none" is written present = false')
    # A card that is no eMRTD has no PACE or BAC to offer.
    acc = _section(raw, "access", required=applet is Applet.EMRTD)
    pace = _bool(acc, "access", "pace", False)
    bac = _bool(acc, "access", "bac", False)
    if applet is not Applet.EMRTD and (pace or bac):
        raise _KeyError("[access]: only an eMRTD chip offers PACE or BAC")
    if not pace and not bac and applet is Applet.EMRTD:
        raise _KeyError("[access] pace: the chip must offer PACE or BAC (or both)")
    can = None
    if "can" in acc or pace:
        can = _string(acc, "access", "can")
        if not re.fullmatch(r"[0-9]{6}", can):
            raise _KeyError("[access] can: must be 6 digits")
    access = AccessConfig(can=can, pace=pace, bac=bac)

    curve = ChipConfig.curve
    if "curve" in ch:
        text = _string(ch, "chip", "curve")
        curve = _CURVE_ALIASES.get(text.lower()) or _enum(ChipCurve, text, "curve")
    cipher = ChipConfig.cipher
    if "cipher" in ch:
        text = _string(ch, "chip", "cipher")
        cipher = _enum(
            ChipCipher, {"TDES": "3DES", "DESEDE": "3DES"}.get(text.upper(), text), "cipher"
        )
    ca_mode = ChipAuthenticationMode.NONE
    if "chip_authentication" in ch:
        ca_mode = _enum(
            ChipAuthenticationMode,
            _string(ch, "chip", "chip_authentication"),
            "chip_authentication",
        )
    aa_mode = ActiveAuthenticationMode.NONE
    if "active_authentication" in ch:
        aa_mode = _enum(
            ActiveAuthenticationMode,
            _string(ch, "chip", "active_authentication"),
            "active_authentication",
        )
    if ca_mode is ChipAuthenticationMode.PACE_CAM and (not pace or cipher is ChipCipher.TDES):
        raise _KeyError("[chip] chip_authentication: PACE-CAM needs PACE with an AES cipher")
    if applet is not Applet.EMRTD and (
        ca_mode is not ChipAuthenticationMode.NONE or aa_mode is not ActiveAuthenticationMode.NONE
    ):
        raise _KeyError("[chip] chip_authentication: only an eMRTD chip authenticates itself")
    chip = ChipConfig(
        curve,
        cipher,
        _bool(ch, "chip", "extended_length", True),
        ca_mode,
        aa_mode,
        applet,
    )

    fl = _section(raw, "faults", required=False)
    delay = _count(fl, "delay_ms", 0) or 0
    if delay > 60_000:
        raise _KeyError("[faults] delay_ms: at most 60000")
    vanish = _count(fl, "vanish_after_apdus", 1)
    corrupt = _switch_or_count(fl, "corrupt_mac", when_true=0)
    transient = _switch_or_count(fl, "transient_error", when_true=1)
    refusal = None
    if "refuse_extended_length" in fl:
        text = _string(fl, "faults", "refuse_extended_length")
        for member in ExtendedRefusal:
            if member.value == text.lower():
                refusal = member
        if refusal is None:
            raise _KeyError(f"[faults] refuse_extended_length: {text!r} is not one of reader, card")
        if not chip.extended_length:
            raise _KeyError(
                "[faults] refuse_extended_length: the ATR must announce extended length "
                "([chip] extended_length = true)"
            )
    faults = FaultConfig(
        delay,
        vanish,
        corrupt,
        _bool(fl, "faults", "cloned_chip", False),
        _bool(fl, "faults", "wrong_aa_signature", False),
        _bool(fl, "faults", "dg14_outside_sod", False),
        transient,
        refusal,
    )
    return Profile(name, document, access, chip, faults, path)


_E = TypeVar("_E", bound=enum.Enum)


def _enum(kind: type[_E], text: str, key: str) -> _E:
    for member in kind:
        if member.value.lower() == text.lower():
            return member
    allowed = ", ".join(m.value for m in kind)
    raise _KeyError(f"[chip] {key}: {text!r} is not one of {allowed}")
