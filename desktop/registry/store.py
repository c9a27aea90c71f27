"""The registry's SQLite file: opening it safely, and units of work that wait their turn.

WAL lets readers go on while one process writes; every write transaction starts with
`BEGIN IMMEDIATE` so two writers queue on the busy timeout instead of failing when a read
lock would have to be upgraded. A writer that still finds the database locked after the
timeout retries the whole transaction until a deadline: callers never see "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from desktop.messages import Message
from desktop.registry import citizens
from desktop.registry.crypto import RegistryKeys, secret_path_for
from desktop.registry.errors import RegistryUnavailable
from desktop.registry.migrations import migrate
from desktop.registry.sql_unit import SqlUnitOfWork
from desktop.registry.storage import UnitOfWork
from desktop.registry.timestamps import parse_ts, ts

__all__ = ["SqliteDialect", "Store", "parse_ts", "ts"]

T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000
_DEFAULT_CACHE_SIZE = -2000  # SQLite's default: 2000 KiB
_SORTER_THREADS = 2
WRITE_DEADLINE_SECONDS = 60.0


def _unavailable(path: Path, exc: BaseException) -> RegistryUnavailable:
    return RegistryUnavailable(
        Message(
            f"A nyilvántartás nem nyitható meg: {path} ({exc})",
            f"The registry cannot be opened: {path} ({exc})",
        )
    )


# SQLite's primary result codes (Python 3.11+ gives `sqlite_errorname`) and what they mean to
# the person at the screen.
_FAULTS: dict[str, tuple[str, str, str]] = {
    "SQLITE_FULL": ("disk-full", "betelt a lemez", "the disk is full"),
    "SQLITE_BUSY": ("locked", "egy másik program zárolja", "another program holds it locked"),
    "SQLITE_LOCKED": ("locked", "egy másik program zárolja", "another program holds it locked"),
    "SQLITE_CORRUPT": ("damaged", "az adatbázisfájl sérült", "the database file is damaged"),
    "SQLITE_NOTADB": ("damaged", "a fájl nem adatbázis", "the file is not a database"),
    "SQLITE_IOERR": ("io", "olvasási vagy írási hiba", "a read or write error"),
    "SQLITE_READONLY": ("read-only", "csak olvasható", "it is read-only"),
    "SQLITE_CANTOPEN": ("io", "a fájl nem nyitható meg", "the file cannot be opened"),
}


def storage_fault(path: Path, exc: sqlite3.Error) -> RegistryUnavailable:
    """The typed, bilingual form of a storage failure under a step (its transaction undone)."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) share their primary's meaning.
    primary = "_".join(name.split("_")[:2])
    reason, hu, en = _FAULTS.get(primary, ("other", str(exc), str(exc)))
    return RegistryUnavailable(
        Message(
            f"A nyilvántartás most nem használható: {hu} ({path}). Semmi sem változott; "
            "próbálja újra később, vagy szóljon a rendszer gazdájának.",
            f"The registry cannot be used now: {en} ({path}). Nothing was changed; try again "
            "later, or tell the system's administrator.",
        ),
        reason,
    )


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


class SqliteDialect:
    """SQLite's side of the shared SQL (see sql_unit.py)."""

    # One writer at a time (BEGIN IMMEDIATE): what a unit of work reads stays as it read it.
    for_update = ""
    skip_locked = ""

    def sql(self, text: str) -> str:
        return text

    def time(self, moment: datetime) -> Any:
        return ts(moment)

    def moment(self, stored: Any) -> datetime:
        return parse_ts(stored)

    def collision(self, exc: BaseException) -> str | None:
        if not isinstance(exc, sqlite3.IntegrityError):
            return None
        text = str(exc)
        if "accounts.document_number" in text:
            return "document"
        if "accounts.username" in text:
            return "username"
        return None


_DIALECT = SqliteDialect()


class Store:
    """One connection to the registry file (the RegistryStore for SQLite).

    The wizard calls the service from worker threads; a lock lets one transaction at a time use
    the connection, whichever thread it comes from.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Create the file ourselves so it is private from the first byte; SQLite gives its
            # -wal and -shm files the same mode.
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            self.conn = sqlite3.connect(
                path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise _unavailable(path, exc) from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"journal mode {mode}, WAL expected")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Freed pages (a sent mail's encrypted body, a replaced hash) are zeroed, not left.
            self.conn.execute("PRAGMA secure_delete = ON")
            # With WAL, NORMAL loses no integrity on power loss, only possibly the last commits;
            # FULL keeps those too, which matters for accounts whose mail was already sent.
            self.conn.execute("PRAGMA synchronous = FULL")
            self._retrying(lambda: migrate(self.conn))
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise _unavailable(path, exc) from None

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def _retrying(self, fn: Callable[[], T]) -> T:
        deadline = time.monotonic() + WRITE_DEADLINE_SECONDS
        delay = 0.01
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _faults_typed(self, fn: Callable[[], T]) -> T:
        """`fn` with storage failures raised as RegistryUnavailable; refusals and bugs pass."""
        try:
            return fn()
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a broken constraint or misuse is a defect here, not a fault of the system
        except sqlite3.DatabaseError as exc:
            raise storage_fault(self.path, exc) from None

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        self.conn.execute(begin)
        try:
            yield self.conn
            # Inside the try: a COMMIT that fails (a full disk) must roll back too, or the
            # connection would stay in a transaction half done.
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                # The first error is the one to report; SQLite rolls back on close anyway.
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise

    @property
    def description(self) -> str:
        return str(self.path)

    @property
    def key_path(self) -> Path:
        return secret_path_for(self.path)

    def write(self, fn: Callable[[UnitOfWork], T]) -> T:
        """Run `fn` in one write transaction, retried whole if the database stays busy.

        `fn` must be safe to run again: do the slow or external work (hashing, mail) outside.
        """
        return self.write_sql(lambda conn: fn(SqlUnitOfWork(conn, _DIALECT)))

    def write_sql(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """`write` for this store's own SQL (imports, migrations, copying a registry out)."""

        def attempt() -> T:
            with self._lock, self._transaction("BEGIN IMMEDIATE") as conn:
                return fn(conn)

        return self._faults_typed(lambda: self._retrying(attempt))

    def bulk_write(self, fn: Callable[[sqlite3.Connection], T], cache_mib: int = 512) -> T:
        """`write_sql` with a large page cache, for imports of millions of rows.

        With SQLite's default 2 MiB cache a big transaction spills dirty pages to the WAL again
        and again; a cache that holds them more than doubles the import rate (docs/PERFORMANCE.md).
        The memory is taken only as pages are touched and given back afterwards.
        """

        def run() -> T:
            with self._lock:
                self.conn.execute(f"PRAGMA cache_size = -{cache_mib * 1024}")
                # A helper thread for SQLite's sorter (the import sorts rows by document number).
                self.conn.execute(f"PRAGMA threads = {_SORTER_THREADS}")
                try:
                    return self.write_sql(fn)
                finally:
                    self.conn.execute(f"PRAGMA cache_size = {_DEFAULT_CACHE_SIZE}")
                    self.conn.execute("PRAGMA threads = 0")

        return self._faults_typed(run)

    def import_citizens(
        self,
        keys: RegistryKeys,
        source: Path | Iterable[list[str]],
        audit: Callable[[UnitOfWork, int], None],
    ) -> int:
        def run(conn: sqlite3.Connection) -> int:
            if isinstance(source, Path):
                count = citizens.import_csv(conn, keys, source)
            else:
                count = citizens.import_rows(conn, keys, source)
            audit(SqlUnitOfWork(conn, _DIALECT), count)
            return count

        return self.bulk_write(run)

    def read(self, fn: Callable[[UnitOfWork], T]) -> T:
        """Run `fn` on one consistent snapshot."""

        def attempt() -> T:
            with self._lock, self._transaction("BEGIN") as conn:
                return fn(SqlUnitOfWork(conn, _DIALECT))

        return self._faults_typed(lambda: self._retrying(attempt))
