"""Machine Readable Zone (ICAO Doc 9303 Parts 3, 4 and 5): parse and encode TD1 and TD3.

The chip's EF.DG1 holds the MRZ exactly as printed: TD1 (three lines of 30, ID cards) or
TD3 (two lines of 44, passports). Parsing verifies every check digit and fails with an
`InvalidDocumentDataError` naming the field; encoding is what the virtual chip uses to
build its DG1, with names transliterated to the MRZ alphabet (A-Z, 0-9, '<').
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cardreader.document import Document
from cardreader.errors import InvalidDocumentDataError

TD1_LINE = 30
TD3_LINE = 44
_FILLER = "<"
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_WEIGHTS = (7, 3, 1)

# ICAO 9303 Part 3, section 6 (transliteration of multinational Latin characters). Hungarian
# documents drop the accents (Ö -> O, Ü -> U, Ő -> O, Ű -> U); the table's other entries that
# NFKD decomposition would get wrong are listed explicitly.
_TRANSLITERATION: dict[str, str] = {
    "Á": "A",
    "É": "E",
    "Í": "I",
    "Ó": "O",
    "Ö": "O",
    "Ő": "O",
    "Ú": "U",
    "Ü": "U",
    "Ű": "U",
    "Æ": "AE",
    "Ø": "OE",
    "Œ": "OE",
    "ẞ": "SS",
    "ß": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ł": "L",
    "Ħ": "H",
    "Ŀ": "L",
    "Ŋ": "N",
    "Ŧ": "T",
    "Ĳ": "IJ",
    "-": "<",
    " ": "<",
    "'": "",
    ",": "",
    ".": "",
}


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit (weights 7, 3, 1) over `field` as one character: digits
    count as themselves, A-Z as 10-35, '<' as 0 (the one definition, for the MRZ of EF.DG1 and
    for the MRZ information BAC and PACE-MRZ derive their keys from)."""
    total = 0
    for i, ch in enumerate(field):
        if "0" <= ch <= "9":  # ASCII only: str.isdigit() would also take '²' or '٣'
            value = ord(ch) - 48
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        elif ch == _FILLER:
            value = 0
        else:
            raise InvalidDocumentDataError(f"MRZ character {ch!r} is not in the MRZ alphabet")
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def transliterate(text: str) -> str:
    """A name in the MRZ alphabet: upper case, Hungarian and other Latin letters without
    diacritics, hyphen and space as '<'. Raises for characters with no transliteration."""
    out: list[str] = []
    for ch in text.strip().upper():
        if ch in _TRANSLITERATION:
            out.append(_TRANSLITERATION[ch])
        elif ch in _ALPHABET:
            out.append(ch)
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            if not base or any(c not in _ALPHABET for c in base):
                raise InvalidDocumentDataError(f"no MRZ transliteration for {ch!r}")
            out.append(base)
    return "".join(out)


# --- parsing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Fields:
    document_code: str
    issuing_state: str
    document_number: str
    optional_data: str


def _verify(value: str, digit: str, field: str, *, may_be_filler: bool = False) -> None:
    if may_be_filler and digit == _FILLER and set(value) <= {_FILLER}:
        return
    if check_digit(value) != digit:
        raise InvalidDocumentDataError(f"MRZ check digit of the {field} does not match")


def _text(value: str) -> str:
    return value.replace(_FILLER, " ").strip()


def _names(field: str) -> tuple[str, str]:
    surname, sep, given = field.strip(_FILLER).partition("<<")
    if not surname:
        raise InvalidDocumentDataError("MRZ name field has no surname")
    return _text(surname), _text(given) if sep else ""


def _date(yymmdd: str, field: str, *, birth: bool, today: date) -> date:
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        raise InvalidDocumentDataError(f"MRZ {field} is not a YYMMDD date")
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    # Birth dates are never in the future; expiry dates are this century's (a 10-year card
    # issued in 1999 has long expired and is not read by anyone any more).
    year = 2000 + yy
    try:
        if birth and date(year, mm, dd if (mm, dd) != (2, 29) else 28) > today:
            year -= 100
        return date(year, mm, dd)
    except ValueError:
        raise InvalidDocumentDataError(f"MRZ {field} is not a calendar date") from None


def _sex(ch: str) -> str:
    if ch not in ("M", "F", "<", "X"):
        raise InvalidDocumentDataError("MRZ sex is not M, F or <")
    return "X" if ch == "<" else ch


def _lines(mrz: str | Sequence[str]) -> list[str]:
    if isinstance(mrz, str):
        lines = [line.strip() for line in mrz.replace("\r", "").split("\n") if line.strip()]
        if len(lines) == 1 and len(lines[0]) in (3 * TD1_LINE, 2 * TD3_LINE):
            whole = lines[0]
            width = TD1_LINE if len(whole) == 3 * TD1_LINE else TD3_LINE
            lines = [whole[i : i + width] for i in range(0, len(whole), width)]
    else:
        lines = list(mrz)
    for line in lines:
        bad = set(line) - _ALPHABET
        if bad:
            raise InvalidDocumentDataError(
                f"MRZ has characters outside the MRZ alphabet: {''.join(sorted(bad))!r}"
            )
    return lines


def _utc_today() -> date:
    # The card layer knows no time zone of its own: UTC, like passive authentication's "now".
    return datetime.now(UTC).date()


def parse_mrz(mrz: str | Sequence[str], *, today: date | None = None) -> Document:
    """Parse a TD1 or TD3 MRZ (lines, or one string with or without newlines).

    Every check digit is verified; raises `InvalidDocumentDataError` naming the field.
    """
    lines = _lines(mrz)
    shape = tuple(len(line) for line in lines)
    if shape == (TD1_LINE,) * 3:
        return parse_td1(lines, today=today)
    if shape == (TD3_LINE,) * 2:
        return parse_td3(lines, today=today)
    raise InvalidDocumentDataError(f"MRZ is neither TD1 (3x30) nor TD3 (2x44): lines {shape}")


def parse_td1(lines: Sequence[str], *, today: date | None = None) -> Document:
    """Parse a three-line TD1 MRZ (ID cards)."""
    lines = _lines(lines)
    if tuple(len(line) for line in lines) != (TD1_LINE,) * 3:
        raise InvalidDocumentDataError("TD1 MRZ must be three lines of 30 characters")
    today = today or _utc_today()
    l1, l2, l3 = lines
    number, optional = l1[5:14], l1[15:30]
    if l1[14] == _FILLER and optional[0] != _FILLER:
        # Long document number (ICAO 9303-5, 4.2.2): the rest of it and its check digit
        # open the optional data, followed by a filler.
        rest, _, optional = optional.partition(_FILLER)
        if len(rest) < 2:
            raise InvalidDocumentDataError("MRZ long document number has no check digit")
        number, digit = number + rest[:-1], rest[-1]
    else:
        digit = l1[14]
    _verify(number, digit, "document number")
    _verify(l2[0:6], l2[6], "date of birth")
    _verify(l2[8:14], l2[14], "date of expiry")
    _verify(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29], "composite")
    surname, given = _names(l3)
    return Document(
        document_code=_text(l1[0:2]) if l1[1] == _FILLER else l1[0:2],
        issuing_state=_text(l1[2:5]),
        document_number=number.rstrip(_FILLER),
        surname=surname,
        given_names=given,
        nationality=_text(l2[15:18]),
        date_of_birth=_date(l2[0:6], "date of birth", birth=True, today=today),
        sex=_sex(l2[7]),
        date_of_expiry=_date(l2[8:14], "date of expiry", birth=False, today=today),
        optional_data=" ".join(part for part in (_text(optional), _text(l2[18:29])) if part),
        mrz=tuple(lines),
    )


def parse_td3(lines: Sequence[str], *, today: date | None = None) -> Document:
    """Parse a two-line TD3 MRZ (passports)."""
    lines = _lines(lines)
    if tuple(len(line) for line in lines) != (TD3_LINE,) * 2:
        raise InvalidDocumentDataError("TD3 MRZ must be two lines of 44 characters")
    today = today or _utc_today()
    l1, l2 = lines
    _verify(l2[0:9], l2[9], "document number")
    _verify(l2[13:19], l2[19], "date of birth")
    _verify(l2[21:27], l2[27], "date of expiry")
    _verify(l2[28:42], l2[42], "personal number", may_be_filler=True)
    _verify(l2[0:10] + l2[13:20] + l2[21:43], l2[43], "composite")
    surname, given = _names(l1[5:44])
    return Document(
        document_code=_text(l1[0:2]) if l1[1] == _FILLER else l1[0:2],
        issuing_state=_text(l1[2:5]),
        document_number=l2[0:9].rstrip(_FILLER),
        surname=surname,
        given_names=given,
        nationality=_text(l2[10:13]),
        date_of_birth=_date(l2[13:19], "date of birth", birth=True, today=today),
        sex=_sex(l2[20]),
        date_of_expiry=_date(l2[21:27], "date of expiry", birth=False, today=today),
        optional_data=_text(l2[28:42]),
        mrz=tuple(lines),
    )


# --- encoding --------------------------------------------------------------------------------
def _field(value: str, width: int, what: str) -> str:
    value = transliterate(value)
    if len(value) > width:
        raise InvalidDocumentDataError(f"MRZ {what} is longer than {width} characters")
    return value.ljust(width, _FILLER)


def _name_field(surname: str, given_names: str, width: int) -> str:
    primary = transliterate(surname)
    secondary = transliterate(given_names)
    if not primary:
        raise InvalidDocumentDataError("MRZ surname is empty")
    name = primary + ("<<" + secondary if secondary else "")
    # ICAO 9303-3 4.6: truncation cuts the secondary identifier (it comes last) first.
    return name[:width].ljust(width, _FILLER)


def _yymmdd(value: date) -> str:
    return value.strftime("%y%m%d")


def _code(document_code: str) -> str:
    code = transliterate(document_code)
    if not 1 <= len(code) <= 2 or not code[0].isalpha():
        raise InvalidDocumentDataError("MRZ document code must be one or two letters")
    return code.ljust(2, _FILLER)


def _sex_char(sex: str) -> str:
    if sex not in ("M", "F", "X", "<"):
        raise InvalidDocumentDataError("MRZ sex must be M, F or X")
    return "<" if sex == "X" else sex


def encode_td1(
    *,
    document_code: str,
    issuing_state: str,
    document_number: str,
    surname: str,
    given_names: str,
    nationality: str,
    date_of_birth: date,
    sex: str,
    date_of_expiry: date,
    optional_data: str = "",
) -> tuple[str, str, str]:
    """The three lines of a TD1 MRZ, check digits computed, names transliterated."""
    number = transliterate(document_number)
    if not number:
        raise InvalidDocumentDataError("MRZ document number is empty")
    optional = transliterate(optional_data)
    if len(number) <= 9:
        number_field = number.ljust(9, _FILLER) + check_digit(number.ljust(9, _FILLER))
        optional1 = _field(optional, 15, "optional data")
    else:
        rest = number[9:] + check_digit(number)
        number_field = number[:9] + _FILLER
        optional1 = _field(rest + _FILLER + optional, 15, "document number")
    line1 = _code(document_code) + _field(issuing_state, 3, "issuing state")
    line1 += number_field + optional1
    birth, expiry = _yymmdd(date_of_birth), _yymmdd(date_of_expiry)
    line2 = birth + check_digit(birth) + _sex_char(sex) + expiry + check_digit(expiry)
    line2 += _field(nationality, 3, "nationality") + _FILLER * 11
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    line3 = _name_field(surname, given_names, TD1_LINE)
    return line1, line2, line3


def encode_td3(
    *,
    document_code: str,
    issuing_state: str,
    document_number: str,
    surname: str,
    given_names: str,
    nationality: str,
    date_of_birth: date,
    sex: str,
    date_of_expiry: date,
    optional_data: str = "",
) -> tuple[str, str]:
    """The two lines of a TD3 MRZ (passport), check digits computed, names transliterated."""
    line1 = _code(document_code) + _field(issuing_state, 3, "issuing state")
    line1 += _name_field(surname, given_names, TD3_LINE - 5)
    number = _field(document_number, 9, "document number")
    personal = _field(optional_data, 14, "personal number")
    personal_digit = _FILLER if set(personal) == {_FILLER} else check_digit(personal)
    birth, expiry = _yymmdd(date_of_birth), _yymmdd(date_of_expiry)
    line2 = number + check_digit(number) + _field(nationality, 3, "nationality")
    line2 += birth + check_digit(birth) + _sex_char(sex) + expiry + check_digit(expiry)
    line2 += personal + personal_digit
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return line1, line2
