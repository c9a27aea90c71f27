"""The registry on a PostgreSQL server, shared by many processes and machines.

Connections come from a pool (psycopg_pool), each checked before it is handed out, so after
the server restarts the next call gets a fresh connection rather than a dead one. A unit of
work is one READ COMMITTED transaction; what it reads and then changes it locks row by row
(`SELECT … FOR UPDATE`, see sql_unit.py), collisions are decided by unique constraints, and
outbox rows are claimed with `FOR UPDATE SKIP LOCKED`: no global lock. A transaction the
server aborts as a deadlock or a serialisation failure is run again whole, like a busy SQLite
writer, so callers never see one. A lost connection, a server that is down or restarting, or
a pool that cannot hand out a connection in time is the typed RegistryUnavailable.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from desktop.config import Config, RegistryConfig
from desktop.messages import Message
from desktop.registry import citizens
from desktop.registry.crypto import RegistryKeys
from desktop.registry.errors import RegistryUnavailable
from desktop.registry.pg_migrations import migrate
from desktop.registry.sql_unit import SqlUnitOfWork
from desktop.registry.storage import UnitOfWork

log = logging.getLogger(__name__)

T = TypeVar("T")
POOL_MAX = 4
CONNECT_TIMEOUT_SECONDS = 5
POOL_WAIT_SECONDS = 10.0
RETRY_DEADLINE_SECONDS = 30.0
_RETRIED = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)


class PostgresDialect:
    """PostgreSQL's side of the shared SQL (see sql_unit.py)."""

    for_update = " FOR UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def time(self, moment: datetime) -> Any:
        return moment

    def moment(self, stored: Any) -> datetime:
        value: datetime = stored
        return value.astimezone(UTC)

    def collision(self, exc: BaseException) -> str | None:
        if not isinstance(exc, pg_errors.UniqueViolation):
            return None
        name = exc.diag.constraint_name or ""
        if name.startswith("accounts_username"):
            return "username"
        if name == "accounts_document_unique":
            return "document"
        return None


_DIALECT = PostgresDialect()


def describe(url: str) -> str:
    """The server and database for people: no password, whatever the url held."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL"
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    return f"PostgreSQL {host}{port}/{params.get('dbname', '')}"


def _unavailable(where: str, exc: BaseException) -> RegistryUnavailable:
    # The server's own words, first line only; they never hold a password (it is not in
    # the url and libpq does not repeat it).
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return RegistryUnavailable(
        Message(
            f"A nyilvántartás nem érhető el ({where}): {reason}. Próbálja újra később, vagy "
            "szóljon a rendszer gazdájának.",
            f"The registry cannot be reached ({where}): {reason}. Try again later, or tell the "
            "system's administrator.",
        ),
        "unavailable",
    )


def connection_kwargs(registry: RegistryConfig) -> dict[str, Any]:
    """What libpq gets besides the url: the password from its variable, TLS settings."""
    kwargs: dict[str, Any] = {
        "application_name": "ugyfelkapu",
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    }
    if registry.password_env:
        password = os.environ.get(registry.password_env)
        if password is None:
            raise RegistryUnavailable(
                Message(
                    f"A(z) {registry.password_env} környezeti változó (registry.password_env) "
                    "nincs beállítva.",
                    f"The environment variable {registry.password_env} (registry.password_env) "
                    "is not set.",
                )
            )
        kwargs["password"] = password
    if registry.sslmode:
        kwargs["sslmode"] = registry.sslmode
    if registry.sslrootcert:
        kwargs["sslrootcert"] = str(registry.sslrootcert)
    return kwargs


class PostgresStore:
    """The RegistryStore on PostgreSQL."""

    def __init__(self, config: Config, *, pool_max: int = POOL_MAX) -> None:
        registry = config.registry
        if registry.url is None:  # open_service comes here only for a postgresql:// url
            raise ValueError("the PostgreSQL store needs the registry's url")
        self._url = registry.url
        self._key_path = config.registry_key_path
        try:
            # The key file's directory, private like the SQLite registry's.
            self._key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise _unavailable(str(self._key_path.parent), exc) from None
        self.description = describe(registry.url)
        kwargs = connection_kwargs(registry)
        self._pool = ConnectionPool(
            registry.url,
            kwargs=kwargs,
            min_size=1,
            max_size=pool_max,
            open=False,
            check=ConnectionPool.check_connection,
            timeout=POOL_WAIT_SECONDS,
            name="registry",
        )
        try:
            self._pool.open(wait=True, timeout=POOL_WAIT_SECONDS)
            with self._pool.connection() as conn:
                migrate(conn)
        except (psycopg.Error, PoolTimeout) as exc:
            self._pool.close()
            raise _unavailable(self.description, exc) from None
        except BaseException:
            self._pool.close()
            raise

    @property
    def key_path(self) -> Path:
        return self._key_path

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise _unavailable(self.description, exc) from None
        except _RETRIED:
            raise  # an OperationalError too, but one that running the unit of work again cures
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            # The connection went away (server stopped or restarted, network): the pool drops
            # it, and the next call is handed a checked one.
            raise _unavailable(self.description, exc) from None

    def _run(self, fn: Callable[[psycopg.Connection[Any]], T]) -> T:
        deadline = time.monotonic() + RETRY_DEADLINE_SECONDS
        delay = 0.01
        while True:
            try:
                with self._connection() as conn, conn.transaction():
                    return fn(conn)
            except _RETRIED:
                if time.monotonic() > deadline:
                    raise
                log.debug("registry transaction retried after a conflict")
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def write(self, fn: Callable[[UnitOfWork], T]) -> T:
        return self._run(lambda conn: fn(SqlUnitOfWork(conn, _DIALECT)))

    def read(self, fn: Callable[[UnitOfWork], T]) -> T:
        return self._run(lambda conn: fn(SqlUnitOfWork(conn, _DIALECT)))

    def write_sql(self, fn: Callable[[psycopg.Connection[Any]], T]) -> T:
        """`write` for this store's own SQL (the import, copying a registry in)."""
        return self._run(fn)

    def import_citizens(
        self,
        keys: RegistryKeys,
        source: Path | Iterable[list[str]],
        audit: Callable[[UnitOfWork, int], None],
    ) -> int:
        def run(conn: psycopg.Connection[Any]) -> int:
            count = citizens.copy_into_postgresql(conn, keys, source)
            audit(SqlUnitOfWork(conn, _DIALECT), count)
            return count

        return self._run(run)
