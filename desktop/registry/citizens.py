"""Citizen records: reading them back, and importing a CSV file all or nothing.

The import streams the file through one `executemany` into a temporary table, then moves the
rows into the registry sorted by document number, all inside the caller's transaction: a bad
row raises from the row generator, a repeated document number from the move, the transaction
rolls back, and the error names the line and the column. Rows are never held in Python, and
SQLite sorts externally, so ten million rows import like ten.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop.messages import Message
from desktop.registry.crypto import Purpose, RegistryKeys
from desktop.registry.errors import CitizenImportError
from desktop.registry.rules import DOCUMENT_NUMBER_PATTERN, REGISTRATION_CODE_PATTERN
from desktop.registry.sql_unit import PERSON_COLUMNS, person_from_row

__all__ = ["HEADER", "PERSON_COLUMNS", "import_csv", "import_rows", "person_from_row"]

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

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
# The same rules the wizard's entries are checked by (desktop.registry.rules).
_DOCUMENT_RE = re.compile(DOCUMENT_NUMBER_PATTERN)
_CODE_RE = re.compile(REGISTRATION_CODE_PATTERN)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NATIONALITY_RE = re.compile(r"[A-Z]{3}")
_SEXES = frozenset({"F", "M", "X"})
_TEXT_FIELDS = (2, 3, 4, 5, 6, 7, 11)
_MAX_TEXT = 200  # also in _FAST_ROW_RE

_CITIZEN_COLUMNS = (
    "document_number, registration_code_mac, family_name, given_names, birth_family_name, "
    "birth_given_names, mother_name, birth_place, birth_date, nationality, sex, address, "
    "document_expiry"
)
# Inserting a row into citizens, keyed by document number, is cheap where the key is larger
# than any before (the B-tree grows at its end) and costly at a random place (pages split and
# rebalance, and a large registry no longer fits the cache). So rows go straight in while they
# come in rising order (a sorted export); from the first one that does not, the rest is loaded
# into a temporary table without any index, keyed by its line in the file (which rises, so that
# table too only grows at its end), and moved into citizens sorted by SQLite's external merge
# sort, in bounded memory (docs/PERFORMANCE.md).
# The f-string SQL joins only these constant names (hence the S608 exceptions); values are bound.
_DIRECT_SQL = (
    f"INSERT INTO main.citizens ({_CITIZEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
)
_LOAD_TABLE = "temp.citizen_import"
_CREATE_LOAD_SQL = f"CREATE TABLE {_LOAD_TABLE} ({_CITIZEN_COLUMNS})"
_LOAD_SQL = (
    f"INSERT INTO {_LOAD_TABLE} ({_CITIZEN_COLUMNS}, rowid) "  # noqa: S608
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_MOVE_SQL = (
    f"INSERT INTO main.citizens ({_CITIZEN_COLUMNS}) "  # noqa: S608
    f"SELECT {_CITIZEN_COLUMNS} FROM {_LOAD_TABLE} ORDER BY document_number"
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
    # fromisoformat alone would also take 20240229 and week dates; the CSV wants YYYY-MM-DD.
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _RowProblem(Exception):
    def __init__(self, field: str | None, hu: str, en: str) -> None:
        self.field, self.hu, self.en = field, hu, en


def _text_problem(row: list[str]) -> _RowProblem | None:
    texts = [row[i] for i in _TEXT_FIELDS]
    # One check over all the text fields first; the per-field loop only runs to name a bad one.
    if (
        "".join(texts).isprintable()
        and min(map(len, texts)) > 0
        and max(map(len, texts)) <= _MAX_TEXT
        and not any(map(str.isspace, texts))
    ):
        return None
    for i in _TEXT_FIELDS:
        value = row[i]
        if not value or len(value) > _MAX_TEXT or not value.isprintable() or value.isspace():
            return _RowProblem(
                HEADER[i],
                f"nem lehet üres, legfeljebb {_MAX_TEXT} nyomtatható karakter.",
                f"must be non-empty printable text of at most {_MAX_TEXT} characters.",
            )
    return None


def _check_row(row: list[str]) -> None:
    if len(row) != _COLUMNS:
        raise _RowProblem(
            None,
            f"{_COLUMNS} mező kell, {len(row)} van.",
            f"{_COLUMNS} fields expected, {len(row)} found.",
        )
    if not _DOCUMENT_RE.fullmatch(row[0]):
        raise _RowProblem(
            "document_number",
            "hat számjegy és két nagybetű kell.",
            "six digits and two capital letters expected.",
        )
    if not _CODE_RE.fullmatch(row[1]):
        raise _RowProblem(
            "registration_code", "11 betű és számjegy kell.", "11 letters and digits expected."
        )
    problem = _text_problem(row)
    if problem is not None:
        raise problem
    for i in (8, 12):
        if not _valid_date(row[i]):
            raise _RowProblem(
                HEADER[i],
                "ÉÉÉÉ-HH-NN alakú érvényes dátum kell.",
                "a valid date in the form YYYY-MM-DD expected.",
            )
    if not _NATIONALITY_RE.fullmatch(row[9]):
        raise _RowProblem(
            "nationality",
            "háromjegyű országkód kell (például HUN).",
            "a three-letter country code expected (for example HUN).",
        )
    if row[10] not in _SEXES:
        raise _RowProblem("sex", "F, M vagy X kell.", "F, M or X expected.")


# The common case in one regular expression over the row joined with \x1f (a character no
# valid field holds): ASCII and Latin letters, dates shaped YYYY-MM-DD. A row it does not match
# goes through `_check_row`, which decides and names the field; so this only makes the import
# fast, it never changes what is accepted.
_TEXT = r"(?=[^\x1f]*[^ \x1f])[ -~\xa1-\xac\xae-\u024f]{1,200}"
_DATE = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
_FAST_ROW_RE = re.compile(
    "\x1f".join(
        [
            DOCUMENT_NUMBER_PATTERN,
            REGISTRATION_CODE_PATTERN,
            *([_TEXT] * 6),
            _DATE,
            r"[A-Z]{3}",
            r"[FMX]",
            _TEXT,
            _DATE,
        ]
    )
)


def _checked(
    rows: Iterable[list[str]], mac: Callable[[bytes], bytes], current_line: Callable[[], int]
) -> Iterator[list[Any]]:
    """Each row checked, its registration code replaced by its keyed hash, its line appended.

    A bad row raises CitizenImportError naming `current_line()` and the field.
    """
    fast = _FAST_ROW_RE.fullmatch
    good_dates: set[str] = set()  # dates repeat a lot: check each distinct one once
    try:
        for row in rows:
            m = fast("\x1f".join(row)) if len(row) == _COLUMNS else None
            if m is None or m[1] not in good_dates or m[2] not in good_dates:
                if not row:
                    continue  # a blank line (typically the last) is no row
                _check_row(row)
                good_dates.update((row[8], row[12]))
            # The registration code is replaced by its keyed hash: it never reaches the file.
            params: list[Any] = row
            params[1] = mac(row[1].encode())
            params.append(current_line())  # the 14th value, for the load table only
            yield params
    except _RowProblem as problem:
        raise _bad(current_line(), problem.field, problem.hu, problem.en) from None


def _store(conn: sqlite3.Connection, checked: Iterable[list[Any]]) -> int:
    """Add checked rows to citizens in document number order (see _DIRECT_SQL).

    A document number already in the registry or on an earlier line raises naming the line
    where it comes again.
    """
    pending = iter(checked)
    last: str = conn.execute("SELECT max(document_number) FROM main.citizens").fetchone()[0] or ""
    out_of_order: list[list[Any]] = []

    def rising() -> Iterator[list[Any]]:
        nonlocal last
        for params in pending:
            if params[0] <= last:
                out_of_order.append(params)
                return
            last = params[0]
            params.pop()  # the line: only the load table keeps it
            yield params

    try:
        count = conn.executemany(_DIRECT_SQL, rising()).rowcount
        if not out_of_order:
            return count
        conn.execute(f"DROP TABLE IF EXISTS {_LOAD_TABLE}")
        conn.execute(_CREATE_LOAD_SQL)
        conn.executemany(_LOAD_SQL, itertools.chain(out_of_order, pending))
        try:
            return count + conn.execute(_MOVE_SQL).rowcount
        except sqlite3.IntegrityError:
            # Only this statement was undone: citizens holds what it held before it.
            raise _bad(
                _first_repeated_line(conn),
                "document_number",
                "ez az okmányazonosító már szerepel (a fájlban vagy a nyilvántartásban).",
                "this document number is already there (in the file or in the registry).",
            ) from None
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_LOAD_TABLE}")
        close = getattr(pending, "close", None)
        if close is not None:
            close()  # a helper process still reading stops now, not when garbage is collected


def _first_repeated_line(conn: sqlite3.Connection) -> int:
    """The first line whose document number the registry or an earlier line already has."""
    row = conn.execute(
        f"SELECT min(line) FROM ("  # noqa: S608 - a constant table name
        f"  SELECT rowid AS line FROM {_LOAD_TABLE} "
        f"  WHERE document_number IN (SELECT document_number FROM main.citizens)"
        f"  UNION ALL"
        f"  SELECT line FROM ("
        f"    SELECT rowid AS line, row_number() OVER "
        f"      (PARTITION BY document_number ORDER BY rowid) AS nth FROM {_LOAD_TABLE}"
        f"  ) WHERE nth > 1"
        f")"
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def import_rows(
    conn: sqlite3.Connection, keys: RegistryKeys, rows: Iterable[list[str]], first_line: int = 2
) -> int:
    """Insert already-split rows (e.g. generated ones) in the caller's transaction."""
    counter = _Counter((list(r) for r in rows), first_line - 1)  # copies: rows get hashed
    mac = keys.bulk_mac(Purpose.REGISTRATION_CODE)
    return _store(conn, _checked(counter, mac, lambda: counter.line))


class _Counter:
    def __init__(self, rows: Iterable[list[str]], start: int) -> None:
        self._rows = rows
        self.line = start

    def __iter__(self) -> Iterator[list[str]]:
        for row in self._rows:
            self.line += 1
            yield row


def _line_of_bad_byte(path: Path) -> int:
    """The line of the first byte that is not UTF-8, read in blocks (lines may be endless)."""
    line = 1
    carry = b""
    with path.open("rb") as raw:
        while block := raw.read(1 << 20):
            data = carry + block
            try:
                data.decode("utf-8")
                carry = b""
            except UnicodeDecodeError as exc:
                if exc.reason != "unexpected end of data":
                    return line + data.count(b"\n", 0, exc.start)
                carry = data[exc.start :]  # a character cut by the block's end
                data = data[: exc.start]
            line += data.count(b"\n")
    return line if carry else 0


# A valid row is at most about 3,000 characters (seven text fields of 200, quoted); a line or
# a row (a quoted field may span lines) longer than this is refused before it is held whole,
# so memory stays bounded whatever the file holds (`/dev/zero` included).
MAX_LINE_CHARS = 16 * 1024


class _BoundedLines:
    """A text file's lines for `csv.reader`, refusing a line or row over MAX_LINE_CHARS."""

    def __init__(self, f: TextIO) -> None:
        self._f = f
        self.line = 0
        self._row_chars = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        text = self._f.readline(MAX_LINE_CHARS + 2)  # room for the line's own \r\n
        if not text:
            raise StopIteration
        self.line += 1
        self._row_chars += len(text.rstrip("\r\n"))
        if self._row_chars > MAX_LINE_CHARS:
            raise _bad(
                self.line,
                None,
                f"a sor (vagy az itt tartó, idézőjeles mezőt tartalmazó sor) hosszabb "
                f"{MAX_LINE_CHARS} karakternél.",
                f"the line (or the row running on to it inside a quoted field) is longer than "
                f"{MAX_LINE_CHARS} characters.",
            )
        return text

    def row_done(self) -> None:
        self._row_chars = 0

    def rows(self, reader: Iterator[list[str]]) -> Iterator[list[str]]:
        """`reader`'s rows, starting each row's length count afresh."""
        for row in reader:
            self.row_done()
            yield row


def _unreadable(path: Path, exc: OSError) -> CitizenImportError:
    return CitizenImportError(
        Message(
            f"A fájl nem olvasható: {path} ({exc.strerror})",
            f"The file cannot be read: {path} ({exc.strerror})",
        ),
        0,
        None,
    )


def _csv_rows(path: Path, mac: Callable[[bytes], bytes]) -> Iterator[list[Any]]:
    """The file's rows, checked (see _checked); CitizenImportError names a bad line."""
    try:
        # utf-8-sig: a byte-order mark, as spreadsheet programs write, is dropped.
        with path.open(encoding="utf-8-sig", newline="") as f:
            lines = _BoundedLines(f)
            reader = csv.reader(lines, strict=True)
            try:
                header = next(reader, None)
                lines.row_done()
                if header is None or tuple(h.strip() for h in header) != HEADER:
                    raise _bad(
                        1,
                        None,
                        "a fejléc ez kell legyen: " + ",".join(HEADER),
                        "the header must be: " + ",".join(HEADER),
                    )
                yield from _checked(lines.rows(reader), mac, lambda: int(reader.line_num))
            except csv.Error as exc:
                raise _bad(
                    reader.line_num, None, f"hibás CSV ({exc}).", f"malformed CSV ({exc})."
                ) from None
    except UnicodeDecodeError:
        # Decoding runs ahead in blocks, so the reader's line is not the bad one: find it.
        raise _bad(
            _line_of_bad_byte(path), None, "nem UTF-8 kódolású.", "is not UTF-8 text."
        ) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None


# Reading, checking and hashing rows is Python work on one core, storing them is SQLite work;
# for a large file a helper process does the first while this one does the second, so both
# cores work. Below this size starting the helper costs more than it saves. The helper is
# forked (it inherits the keyed hash without the key being passed anywhere); where fork is
# not available the file is read in this process.
HELPER_MIN_BYTES = 16 * 1024 * 1024
_BATCH = 2000


def import_csv(conn: sqlite3.Connection, keys: RegistryKeys, path: Path) -> int:
    """Import a citizen CSV in the caller's transaction; CitizenImportError names a bad line.

    The caller's transaction rolling back on that error is what makes it all or nothing.
    """
    mac = keys.bulk_mac(Purpose.REGISTRATION_CODE)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if size >= HELPER_MIN_BYTES and _can_fork_helper():
        return _store(conn, _rows_from_helper(path, mac))
    return _store(conn, _csv_rows(path, mac))


def _can_fork_helper() -> bool:
    # Imported here, on the rare large import only; where multiprocessing is missing (a
    # build without it) or cannot fork (Windows), the file is simply read in this process.
    try:
        import multiprocessing
    except ImportError:
        return False
    return "fork" in multiprocessing.get_all_start_methods()


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent_pid: int) -> None:
    """Make the helper end when the importing process ends, however it ends (kill -9 too).

    On Linux the kernel sends SIGKILL to the helper when its parent dies; elsewhere the helper
    finds out at its next send (the pipe's read end then has no holder left: EPIPE).
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the closed pipe still ends the helper
    if os.getppid() != parent_pid:
        os._exit(0)  # the parent died before the line above took effect


def _helper(
    path: Path, mac: Callable[[bytes], bytes], out: Connection, parents_end: Connection, parent: int
) -> None:
    """The helper process: checked rows in batches, then None; or the error's parts."""
    # The fork gave this process the parent's read end too. Holding it, a send blocks for ever
    # once the parent has died instead of failing: close it first.
    parents_end.close()
    _die_with_parent(parent)
    try:
        try:
            batch: list[list[Any]] = []
            for params in _csv_rows(path, mac):
                batch.append(params)
                if len(batch) >= _BATCH:
                    out.send(batch)
                    batch = []
            out.send(batch)
            out.send(None)
        except CitizenImportError as exc:
            out.send((exc.message.hu, exc.message.en, exc.line, exc.field))
    except OSError:
        pass  # the parent stopped reading (its import failed, or it died): nothing to do
    finally:
        out.close()


def _rows_from_helper(path: Path, mac: Callable[[bytes], bytes]) -> Iterator[list[Any]]:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # The pipe holds a few batches at most: the helper waits while this process stores.
    process = context.Process(
        target=_helper, args=(path, mac, send, receive, os.getpid()), daemon=True
    )
    process.start()
    send.close()
    try:
        while True:
            try:
                item = receive.recv()
            except EOFError:
                raise CitizenImportError(
                    Message(
                        "A fájlt olvasó segédfolyamat váratlanul leállt; semmi sem került be.",
                        "The process reading the file stopped unexpectedly; nothing was imported.",
                    ),
                    0,
                    None,
                ) from None
            if item is None:
                return
            if isinstance(item, tuple):
                hu, en, line, field = item
                raise CitizenImportError(Message(hu, en), line, field)
            yield from item
    finally:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()


def checked_rows(
    keys: RegistryKeys, source: Path | Iterable[list[str]], *, helper: bool = True
) -> Iterator[list[Any]]:
    """Checked rows of a CSV file or of rows in its column order, each with its line last.

    With `helper`, a large file is read by a forked helper process (see HELPER_MIN_BYTES).
    """
    mac = keys.bulk_mac(Purpose.REGISTRATION_CODE)
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise _unreadable(source, exc) from None
        if helper and size >= HELPER_MIN_BYTES and _can_fork_helper():
            return _rows_from_helper(source, mac)
        return _csv_rows(source, mac)
    counter = _Counter((list(r) for r in source), 1)
    return _checked(counter, mac, lambda: counter.line)


HELPER_FOR_POSTGRESQL = False

# PostgreSQL: as for SQLite, rows go straight into citizens with COPY while their document
# numbers rise above every one already there (a sorted export: the index grows at its end);
# from the first that does not, the rest streams with COPY into a temporary table without
# any index and moves into citizens sorted by document number.
_PG_LOAD = "citizen_import"
_PG_CREATE_LOAD = (
    f"CREATE TEMPORARY TABLE {_PG_LOAD} ("
    "document_number text, registration_code_mac bytea, family_name text, given_names text, "
    "birth_family_name text, birth_given_names text, mother_name text, birth_place text, "
    "birth_date date, nationality text, sex text, address text, document_expiry date, "
    "line bigint) ON COMMIT DROP"
)
_PG_MOVE = (
    f"INSERT INTO citizens ({_CITIZEN_COLUMNS}) "  # noqa: S608
    f"SELECT {_CITIZEN_COLUMNS} FROM {_PG_LOAD} ORDER BY document_number"
)
_PG_FIRST_REPEATED = (
    "SELECT min(line) FROM ("  # noqa: S608 - a constant table name
    f"  SELECT line FROM {_PG_LOAD} l WHERE EXISTS "
    "    (SELECT 1 FROM citizens c WHERE c.document_number = l.document_number)"
    "  UNION ALL"
    "  SELECT line FROM ("
    "    SELECT line, row_number() OVER (PARTITION BY document_number ORDER BY line) AS nth"
    f"    FROM {_PG_LOAD}"
    "  ) numbered WHERE nth > 1"
    ") repeated"
)


def copy_into_postgresql(conn: Any, keys: RegistryKeys, source: Path | Iterable[list[str]]) -> int:
    """Import into a PostgreSQL registry in the caller's transaction (a psycopg connection).

    A bad row raises from the row generator, a repeated document number from the move; the
    caller's transaction rolls back, so it is all or nothing, and the error names the line.
    """
    import psycopg

    # Read in this process: the server stores the rows in its own process, so the two cores
    # are busy without a helper, whose pickling through a pipe would only cost (measured:
    # checking alone runs at 230k rows/s here, through the helper at 93k).
    pending = checked_rows(keys, source, helper=HELPER_FOR_POSTGRESQL)
    out_of_order: list[list[Any]] = []
    last: str = conn.execute("SELECT max(document_number) FROM citizens").fetchone()[0] or ""
    count = 0
    try:
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY citizens ({_CITIZEN_COLUMNS}) FROM STDIN") as copy,
        ):
            for params in pending:
                if params[0] <= last:
                    out_of_order.append(params)
                    break
                last = params[0]
                copy.write_row(params[:-1])  # the line: only the load table keeps it
                count += 1
        if not out_of_order:
            return count
        conn.execute(f"DROP TABLE IF EXISTS {_PG_LOAD}")
        conn.execute(_PG_CREATE_LOAD)
        with conn.cursor() as cur, cur.copy(f"COPY {_PG_LOAD} FROM STDIN") as copy:
            for params in itertools.chain(out_of_order, pending):
                copy.write_row(params)
        try:
            with conn.transaction():  # a savepoint: the search below still runs
                # Room for the sort in memory, for this transaction only.
                conn.execute("SET LOCAL work_mem = '256MB'")
                return count + int(conn.execute(_PG_MOVE).rowcount)
        except psycopg.errors.UniqueViolation:
            row = conn.execute(_PG_FIRST_REPEATED).fetchone()
            raise _bad(
                int(row[0]) if row and row[0] is not None else 0,
                "document_number",
                "ez az okmányazonosító már szerepel (a fájlban vagy a nyilvántartásban).",
                "this document number is already there (in the file or in the registry).",
            ) from None
    finally:
        close = getattr(pending, "close", None)
        if close is not None:
            close()
