"""Citizen records: reading them back, and importing a CSV file all or nothing.

The import streams the file straight into one `executemany` inside one transaction: a bad row
raises from the row generator, the transaction rolls back, and the error names the line and
the column. Nothing is held in memory, so ten million rows import like ten.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from desktop.messages import Message
from desktop.registry.crypto import Purpose, RegistryKeys
from desktop.registry.errors import CitizenImportError
from desktop.registry.models import Person
from desktop.registry.rules import DOCUMENT_NUMBER_RE

HEADER: tuple[str, ...] = (
    "document_number",
    "registration_code",
    "family_name",
    "given_names",
    "birth_family_name",
    "birth_given_names",
    "mother_name",
    "birth_place",
    "birth_date",
    "nationality",
    "sex",
    "address",
    "document_expiry",
)
_COLUMNS = len(HEADER)
_CODE_RE = re.compile(r"[0-9A-Za-z]{11}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NATIONALITY_RE = re.compile(r"[A-Z]{3}")
_SEXES = frozenset({"F", "M", "X"})
_TEXT_FIELDS = (2, 3, 4, 5, 6, 7, 11)
_MAX_TEXT = 200

INSERT_SQL = (
    "INSERT INTO citizens (document_number, registration_code_mac, family_name, given_names, "
    "birth_family_name, birth_given_names, mother_name, birth_place, birth_date, nationality, "
    "sex, address, document_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

PERSON_COLUMNS = (
    "document_number, family_name, given_names, birth_family_name, birth_given_names, "
    "mother_name, birth_place, birth_date, nationality, sex, address, document_expiry"
)


def person_from_row(row: tuple[str, ...]) -> Person:
    """A Person from a SELECT of PERSON_COLUMNS."""
    return Person(
        document_number=row[0],
        family_name=row[1],
        given_names=row[2],
        birth_family_name=row[3],
        birth_given_names=row[4],
        mother_name=row[5],
        birth_place=row[6],
        birth_date=date.fromisoformat(row[7]),
        nationality=row[8],
        sex=row[9],
        address=row[10],
        document_expiry=date.fromisoformat(row[11]),
    )


def _bad(line: int, field: str | None, hu: str, en: str) -> CitizenImportError:
    where_hu = f"{line}. sor" + (f", {field} mező" if field else "")
    where_en = f"line {line}" + (f", field {field}" if field else "")
    return CitizenImportError(
        Message(
            f"Hibás sor ({where_hu}): {hu} Semmi sem került be.",
            f"Bad row ({where_en}): {en} Nothing was imported.",
        ),
        line,
        field,
    )


def _valid_date(text: str) -> bool:
    if not _DATE_RE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def validated_rows(
    numbered_rows: Iterable[tuple[int, list[str]]], keys: RegistryKeys
) -> Iterator[tuple[str | bytes, ...]]:
    """Check each (line, CSV row) and turn it into an INSERT_SQL parameter tuple.

    The registration code is replaced by its keyed hash here, so it never reaches the database.
    """
    mac = keys.mac
    purpose = Purpose.REGISTRATION_CODE
    for line, row in numbered_rows:
        if not row:
            continue  # a blank line, typically the file's last
        if len(row) != _COLUMNS:
            raise _bad(
                line,
                None,
                f"{_COLUMNS} mező kell, {len(row)} van.",
                f"{_COLUMNS} fields expected, {len(row)} found.",
            )
        doc = row[0]
        if not DOCUMENT_NUMBER_RE.fullmatch(doc):
            raise _bad(
                line,
                "document_number",
                "hat számjegy és két nagybetű kell.",
                "six digits and two capital letters expected.",
            )
        if not _CODE_RE.fullmatch(row[1]):
            raise _bad(
                line,
                "registration_code",
                "11 betű és számjegy kell.",
                "11 letters and digits expected.",
            )
        for i in _TEXT_FIELDS:
            value = row[i]
            if not value.strip() or len(value) > _MAX_TEXT or not value.isprintable():
                raise _bad(
                    line,
                    HEADER[i],
                    f"nem lehet üres, legfeljebb {_MAX_TEXT} karakter.",
                    f"must be non-empty printable text of at most {_MAX_TEXT} characters.",
                )
        for i in (8, 12):
            if not _valid_date(row[i]):
                raise _bad(
                    line,
                    HEADER[i],
                    "ÉÉÉÉ-HH-NN alakú érvényes dátum kell.",
                    "a valid date in the form YYYY-MM-DD expected.",
                )
        if not _NATIONALITY_RE.fullmatch(row[9]):
            raise _bad(
                line,
                "nationality",
                "háromjegyű országkód kell (például HUN).",
                "a three-letter country code expected (for example HUN).",
            )
        if row[10] not in _SEXES:
            raise _bad(line, "sex", "F, M vagy X kell.", "F, M or X expected.")
        yield (doc, mac(purpose, row[1]), *row[2:])


def _insert(
    conn: sqlite3.Connection, keys: RegistryKeys, numbered_rows: Iterable[tuple[int, list[str]]]
) -> int:
    count = 0
    line = 0

    def counted() -> Iterator[tuple[str | bytes, ...]]:
        nonlocal count, line
        for line, row in numbered_rows:
            for values in validated_rows(((line, row),), keys):
                count += 1
                yield values

    try:
        conn.executemany(INSERT_SQL, counted())
    except sqlite3.IntegrityError:
        # executemany pulls one row at a time: `line` is the row that failed.
        raise _bad(
            line,
            "document_number",
            "ez az okmányazonosító már szerepel (a fájlban vagy a nyilvántartásban).",
            "this document number is already there (in the file or in the registry).",
        ) from None
    return count


def import_rows(
    conn: sqlite3.Connection, keys: RegistryKeys, rows: Iterable[list[str]], first_line: int = 2
) -> int:
    """Insert already-split rows (e.g. generated ones) in the caller's transaction."""
    return _insert(conn, keys, enumerate(rows, first_line))


class _Utf8Lines:
    """The file's lines decoded one by one, so a bad byte is reported with its own line."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for data in self._raw:
            self.line += 1
            if self.line == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]  # a byte-order mark, as spreadsheet programs write
            try:
                yield data.decode("utf-8")
            except UnicodeDecodeError:
                raise _bad(self.line, None, "nem UTF-8 kódolású.", "is not UTF-8 text.") from None


def import_csv(conn: sqlite3.Connection, keys: RegistryKeys, path: Path) -> int:
    """Import a citizen CSV in the caller's transaction; CitizenImportError names a bad line.

    The caller's transaction rolling back on that error is what makes it all or nothing.
    """
    try:
        with path.open("rb") as raw:
            lines = _Utf8Lines(raw)
            reader = csv.reader(lines, strict=True)
            try:
                return _import_reader(conn, keys, reader)
            except csv.Error as exc:
                raise _bad(
                    lines.line, None, f"hibás CSV ({exc}).", f"malformed CSV ({exc})."
                ) from None
    except OSError as exc:
        raise CitizenImportError(
            Message(
                f"A fájl nem olvasható: {path} ({exc.strerror})",
                f"The file cannot be read: {path} ({exc.strerror})",
            ),
            0,
            None,
        ) from None


def _import_reader(conn: sqlite3.Connection, keys: RegistryKeys, reader: Any) -> int:
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != HEADER:
        raise _bad(
            1,
            None,
            "a fejléc ez kell legyen: " + ",".join(HEADER),
            "the header must be: " + ",".join(HEADER),
        )
    return _insert(conn, keys, ((reader.line_num, row) for row in reader))
