"""The rules for what a person types, each with its Hungarian and English message.

Every check is a function that returns the normalised value or raises `RuleViolation(field,
rule, message)`. The wizard uses the same functions for its live hints (`username_checklist`,
`password_assessment`) so a rule is written once, here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from desktop.messages import Message
from desktop.registration.errors import RuleViolation
from desktop.registration.limits import (
    DOCUMENT_NUMBER_DIGITS,
    DOCUMENT_NUMBER_LETTERS,
    PASSWORD_MAX,
    PASSWORD_MIN,
    REGISTRATION_CODE_LENGTH,
    USERNAME_MAX,
    USERNAME_MIN,
)
from desktop.registry.codes import ACTIVATION_GROUPS, looks_like_code, normalize_code
from desktop.registry.codes import GROUP as CODE_GROUP

DOCUMENT_NUMBER_PATTERN = f"[0-9]{{{DOCUMENT_NUMBER_DIGITS}}}[A-Z]{{{DOCUMENT_NUMBER_LETTERS}}}"
DOCUMENT_NUMBER_RE = re.compile(DOCUMENT_NUMBER_PATTERN)
REGISTRATION_CODE_PATTERN = f"[0-9A-Za-z]{{{REGISTRATION_CODE_LENGTH}}}"
USERNAME_MIN_DISTINCT = 3
# zxcvbn scores 0..4; 3 is "safely unguessable: moderate protection from offline attacks".
PASSWORD_MIN_SCORE = 3

HUNGARIAN_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzáéíóöőúüű" + "ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÖŐÚÜŰ"
)
_WHITESPACE_RE = re.compile(r"\s+")

# Letters people type when they mean ő or ű (a font or keyboard layout without them), and
# letters from other scripts that look like Latin ones.
_LOOKALIKE_HINTS: dict[str, str] = {
    **dict.fromkeys("ôõòŏǒȯøōȍȏ", "ő"),
    **dict.fromkeys("ÔÕÒŎǑȮØŌȌȎ", "Ő"),
    **dict.fromkeys("ûũùŭǔůūȕȗ", "ű"),
    **dict.fromkeys("ÛŨÙŬǓŮŪȔȖ", "Ű"),
    "ä": "á",
    "Ä": "Á",
    "ë": "é",
    "Ë": "É",
    "ï": "í",
    "Ï": "Í",
    "à": "á",
    "À": "Á",
    "è": "é",
    "È": "É",
    "ì": "í",
    "Ì": "Í",
    # Cyrillic and Greek look-alikes of Latin letters.
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    "ο": "o",
    "α": "a",
    "ν": "v",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Χ": "X",
    "Υ": "Y",
}


def _violation(field: str, rule: str, hu: str, en: str) -> RuleViolation:
    return RuleViolation(field, rule, Message(hu, en))


# --- activation and recovery codes -------------------------------------------------------------

ACTIVATION_CODE_LENGTH = ACTIVATION_GROUPS * CODE_GROUP


def check_activation_code(text: str) -> str:
    """The normalised activation code, or RuleViolation unless it has the codes' shape."""
    code = normalize_code(text)
    if not looks_like_code(code, ACTIVATION_GROUPS):
        raise _violation(
            "activation_code",
            "activation_code.format",
            "Az aktiváló kód 12 betű és számjegy, például ABCD-EFGH-JK23.",
            "The activation code is 12 letters and digits, for example ABCD-EFGH-JK23.",
        )
    return code


def tidy_activation_code(text: str) -> str:
    """Paste-friendly: spaces dropped, letters upper case, dashes put where they belong."""
    compact = "".join(ch for ch in text if ch.isalnum()).upper()
    if len(compact) == ACTIVATION_CODE_LENGTH:
        return "-".join(
            compact[i : i + CODE_GROUP] for i in range(0, ACTIVATION_CODE_LENGTH, CODE_GROUP)
        )
    return compact


def activation_code_complete(text: str) -> bool:
    """Whether `text` holds as many letters and digits as an activation code (a form may
    send it; `check_activation_code` then says whether they are the right ones)."""
    return len(tidy_activation_code(text)) >= ACTIVATION_CODE_LENGTH


# --- document number and registration code ---------------------------------------------------


def normalize_document_number(text: str) -> str:
    """Trim, drop inner spaces, upper-case: what the person meant, before it is checked."""
    return _WHITESPACE_RE.sub("", text).upper()


def check_document_number(text: str) -> str:
    """The normalised document number, or RuleViolation unless it is 6 digits then 2 letters."""
    value = normalize_document_number(text)
    if not value:
        raise _violation(
            "document_number",
            "document_number.required",
            "Adja meg az okmányazonosítót.",
            "Enter the document ID.",
        )
    if not DOCUMENT_NUMBER_RE.fullmatch(value):
        raise _violation(
            "document_number",
            "document_number.format",
            "Az okmányazonosító hat számjegy és két betű, például 123456AB.",
            "The document ID is six digits and two letters, for example 123456AB.",
        )
    return value


def normalize_registration_code(text: str) -> str:
    """Drop spaces (people copy the code in groups); the case is kept: it matters."""
    return _WHITESPACE_RE.sub("", text)


def check_registration_code(text: str) -> str:
    """The code without spaces, or RuleViolation unless it is 11 letters and digits."""
    value = normalize_registration_code(text)
    if not value:
        raise _violation(
            "registration_code",
            "registration_code.required",
            "Adja meg a regisztrációs kódot.",
            "Enter the registration code.",
        )
    if len(value) != REGISTRATION_CODE_LENGTH or not (value.isascii() and value.isalnum()):
        raise _violation(
            "registration_code",
            "registration_code.format",
            "A regisztrációs kód 11 betűből és számjegyből áll; a kis- és nagybetű számít.",
            "The registration code is 11 letters and digits; upper and lower case matter.",
        )
    return value


# --- username ---------------------------------------------------------------------------------


def _describe(char: str) -> str:
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    return f"„{char}” ({name})"


_SCRIPTS_HU = {"LATIN": "latin", "CYRILLIC": "cirill", "GREEK": "görög"}
_CASES_HU = {"SMALL": "kisbetű", "CAPITAL": "nagybetű"}


def _describe_hu(char: str) -> str:
    """The character for the Hungarian text: its script and case in Hungarian, and its code
    point (Unicode's names are English: "CYRILLIC SMALL LETTER A")."""
    code = f"U+{ord(char):04X}"
    words = unicodedata.name(char, "").split()
    if len(words) >= 3 and words[2] == "LETTER" and words[1] in _CASES_HU:
        script = _SCRIPTS_HU.get(words[0], "nem latin")
        return f"„{char}” ({script} {_CASES_HU[words[1]]}, {code})"
    if char.isalpha():
        return f"„{char}” (nem latin betű, {code})"
    return f"„{char}” ({code})"


def _username_character_violation(value: str) -> RuleViolation | None:
    for char in value:
        if char in HUNGARIAN_LETTERS:
            continue
        if char.isspace():
            return _violation(
                "username",
                "username.no_spaces",
                "A felhasználónévben nem lehet szóköz.",
                "The username cannot contain spaces.",
            )
        if char.isdigit():
            return _violation(
                "username",
                "username.no_digits",
                "A felhasználónévben nem lehet számjegy, csak a magyar ábécé betűi.",
                "The username cannot contain digits, only letters of the Hungarian alphabet.",
            )
        hint = _LOOKALIKE_HINTS.get(char)
        if hint is not None:
            return _violation(
                "username",
                "username.lookalike",
                f"A(z) {_describe_hu(char)} nem a magyar ábécé betűje. Erre gondolt: {hint}?",
                f"{_describe(char)} is not a letter of the Hungarian alphabet. "
                f"Did you mean {hint}?",
            )
        if char.isalpha():
            return _violation(
                "username",
                "username.hungarian_letters",
                f"A(z) {_describe_hu(char)} nem a magyar ábécé betűje.",
                f"{_describe(char)} is not a letter of the Hungarian alphabet.",
            )
        return _violation(
            "username",
            "username.no_marks",
            f"A felhasználónévben csak betű lehet; kötőjel, pont és más jel ({_describe_hu(char)}) "
            "nem.",
            f"The username can contain only letters; not hyphens, dots or other marks "
            f"({_describe(char)}).",
        )
    return None


# The username's predicates, each written once: `check_username` refuses by them and
# `username_checklist` ticks them off while the person types.
def _username_length_ok(value: str) -> bool:
    return USERNAME_MIN <= len(value) <= USERNAME_MAX


def _username_letters_ok(value: str) -> bool:
    return bool(value) and _username_character_violation(value) is None


def _username_distinct_ok(value: str) -> bool:
    return len(set(value.casefold())) >= USERNAME_MIN_DISTINCT


def normalize_username(text: str) -> str:
    """NFC form, so a letter typed as base plus combining accent matches the composed one."""
    return unicodedata.normalize("NFC", text)


def username_key(username: str) -> str:
    """The case-insensitive form under which two usernames collide (`KisAnna` ~ `kisanna`)."""
    return normalize_username(username).casefold()


def check_username(text: str) -> str:
    """The NFC-normalised username, or RuleViolation naming the first rule it breaks."""
    value = normalize_username(text)
    if not value:
        raise _violation(
            "username",
            "username.required",
            "Adjon meg egy felhasználónevet.",
            "Choose a username.",
        )
    if value != value.strip():
        raise _violation(
            "username",
            "username.no_spaces",
            "A felhasználónév nem kezdődhet és nem végződhet szóközzel.",
            "The username cannot start or end with a space.",
        )
    bad = _username_character_violation(value)
    if bad is not None:
        raise bad
    if not _username_length_ok(value) and len(value) < USERNAME_MIN:
        raise _violation(
            "username",
            "username.min_length",
            f"A felhasználónév legalább {USERNAME_MIN} betű.",
            f"The username needs at least {USERNAME_MIN} letters.",
        )
    if not _username_length_ok(value):
        raise _violation(
            "username",
            "username.max_length",
            f"A felhasználónév legfeljebb {USERNAME_MAX} betű.",
            f"The username can have at most {USERNAME_MAX} letters.",
        )
    if not _username_distinct_ok(value):
        raise _violation(
            "username",
            "username.distinct_letters",
            f"A felhasználónévben legalább {USERNAME_MIN_DISTINCT} különböző betű kell "
            "(a „mama” vagy „Papa” nem jó).",
            f"The username needs at least {USERNAME_MIN_DISTINCT} different letters "
            "(not “mama” or “Papa”).",
        )
    return value


@dataclass(frozen=True)
class ChecklistItem:
    rule: str
    message: Message
    ok: bool


def username_checklist(text: str) -> list[ChecklistItem]:
    """Each username rule and whether `text` meets it, for a live checklist while typing."""
    value = normalize_username(text)
    letters_ok = _username_letters_ok(value)
    char_problem = _username_character_violation(value)
    letters_message = (
        char_problem.message
        if char_problem is not None
        else Message(
            "Csak a magyar ábécé betűi (szóköz, számjegy, kötőjel nélkül)",
            "Only letters of the Hungarian alphabet (no spaces, digits or hyphens)",
        )
    )
    return [
        ChecklistItem(
            "username.length",
            Message(
                f"{USERNAME_MIN}–{USERNAME_MAX} betű",
                f"{USERNAME_MIN} to {USERNAME_MAX} letters",
            ),
            _username_length_ok(value),
        ),
        ChecklistItem("username.hungarian_letters", letters_message, letters_ok),
        ChecklistItem(
            "username.distinct_letters",
            Message(
                f"Legalább {USERNAME_MIN_DISTINCT} különböző betű",
                f"At least {USERNAME_MIN_DISTINCT} different letters",
            ),
            _username_distinct_ok(value),
        ),
    ]


# --- e-mail -----------------------------------------------------------------------------------


def check_email(text: str) -> str:
    """The normalised address (IDN allowed, no DNS look-up), or RuleViolation saying why."""
    candidate = text.strip()
    if not candidate:
        raise _violation(
            "email", "email.required", "Adja meg az e-mail-címét.", "Enter your e-mail address."
        )
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise _violation(
            "email",
            "email.invalid",
            "Ez nem érvényes e-mail-cím. Ellenőrizze, például: nev@example.hu",
            f"This is not a valid e-mail address ({exc}). Check it, for example: name@example.hu",
        ) from None
    return str(result.normalized)


# --- password ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordAssessment:
    """A strength meter's view: zxcvbn's score 0–4, whether it is accepted, and why not."""

    score: int
    acceptable: bool
    reasons: list[Message]


def normalize_password(password: str) -> str:
    """NFC form, so the same password typed on two keyboards hashes the same."""
    return unicodedata.normalize("NFC", password)


def _contains_personal(password: str, username: str, email: str) -> Message | None:
    folded = password.casefold()
    if username and len(username) >= USERNAME_MIN and username.casefold() in folded:
        return Message(
            "A jelszó nem tartalmazhatja a felhasználónevet.",
            "The password must not contain the username.",
        )
    local = email.rsplit("@", 1)[0] if "@" in email else ""
    if len(local) >= 3 and local.casefold() in folded:
        return Message(
            "A jelszó nem tartalmazhatja az e-mail-cím @ előtti részét.",
            "The password must not contain the part of the e-mail address before the @.",
        )
    return None


_PATTERN_REASONS: dict[str, Message] = {
    "dictionary": Message(
        "Gyakori szót vagy közismert jelszót tartalmaz.",
        "It contains a common word or a well-known password.",
    ),
    "spatial": Message(
        "Billentyűzetminta (például qwertz) könnyen kitalálható.",
        "A keyboard pattern (such as qwertz) is easy to guess.",
    ),
    "repeat": Message(
        "Ismétlődő karakterek (például aaa, abcabc) könnyen kitalálhatók.",
        "Repeated characters (such as aaa or abcabc) are easy to guess.",
    ),
    "sequence": Message(
        "Sorozat (például abcd, 1234) könnyen kitalálható.",
        "A sequence (such as abcd or 1234) is easy to guess.",
    ),
    "date": Message(
        "Dátum vagy évszám könnyen kitalálható.",
        "A date or year is easy to guess.",
    ),
}


def _password_problems(
    password: str, username: str, email: str
) -> tuple[int, list[tuple[str, Message]]]:
    from zxcvbn import zxcvbn  # imported here: loading its word lists takes a moment

    problems: list[tuple[str, Message]] = []
    if len(password) < PASSWORD_MIN:
        problems.append(
            (
                "password.min_length",
                Message(
                    f"A jelszó legalább {PASSWORD_MIN} karakter.",
                    f"The password needs at least {PASSWORD_MIN} characters.",
                ),
            )
        )
    if len(password) > PASSWORD_MAX:
        problems.append(
            (
                "password.max_length",
                Message(
                    f"A jelszó legfeljebb {PASSWORD_MAX} karakter.",
                    f"The password can have at most {PASSWORD_MAX} characters.",
                ),
            )
        )
    personal = _contains_personal(password, username, email)
    if personal is not None:
        problems.append(("password.personal", personal))
    if not password:
        return 0, problems
    inputs = [x for x in (username, email, email.rsplit("@", 1)[0]) if x]
    # zxcvbn refuses input beyond 72 characters; a longer password is judged by its start.
    result = zxcvbn(password[:72], user_inputs=inputs)
    score = int(result["score"])
    if score < PASSWORD_MIN_SCORE:
        problems.append(
            (
                "password.strength",
                Message(
                    "A jelszó túl könnyen kitalálható. Használjon több, nem összefüggő szót.",
                    "The password is too easy to guess. Use several unrelated words.",
                ),
            )
        )
        seen: set[str] = set()
        for match in result["sequence"]:
            pattern = str(match.get("pattern", ""))
            if pattern in _PATTERN_REASONS and pattern not in seen:
                seen.add(pattern)
                problems.append(("password.strength", _PATTERN_REASONS[pattern]))
    return score, problems


def password_assessment(password: str, username: str = "", email: str = "") -> PasswordAssessment:
    """Score `password` and list why it is refused (empty reasons when it is accepted)."""
    score, problems = _password_problems(normalize_password(password), username, email)
    return PasswordAssessment(
        score=score, acceptable=not problems, reasons=[m for _, m in problems]
    )


def check_password(password: str, username: str = "", email: str = "") -> str:
    """The NFC-normalised password, or RuleViolation whose message says every reason."""
    value = normalize_password(password)
    _score, problems = _password_problems(value, username, email)
    if problems:
        raise _violation(
            "password",
            problems[0][0],
            " ".join(m.hu for _, m in problems),
            " ".join(m.en for _, m in problems),
        )
    return value
