"""Idempotency keys for register and activate: a retry after a dropped connection is answered,
not done again.

The client sends an `Idempotency-Key` header (a random UUID per attempt of one step). The
first request with a key claims it (`started`, with this process's id), runs the step and
stores the answer with the key (`done`). A repeat gets the stored answer. A repeat while the
first still runs gets 409 and tries again shortly. A key whose process died mid-step (kill -9
between the registry's commit and the stored answer) is taken over: the step's own
`recover` finds out what the registry did (see `app`).

What is stored is never secret: a pending account's answer (username, address, expiry) or a
refusal. A successful activation's answer holds the second-factor secret, so it is not stored;
its repeat runs the activation again, which replaces the enrolment the person never saw (the
code stays valid until the second factor is confirmed) and sends no mail.

The keys live in a SQLite file of the service's own (`service-state.sqlite3` in the data
directory), private to the service user like the registry; keys expire after a day.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEEP_SECONDS = 24 * 3600
STATE_FILE = "service-state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idempotency (
    key          TEXT PRIMARY KEY,
    operation    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    state        TEXT NOT NULL,
    owner        TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    started_at   REAL NOT NULL,
    status       INTEGER,
    body         TEXT
)
"""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any] | None  # None: not stored (run again)


class InProgress(Exception):
    """The same key is being answered right now by another request."""


class KeyReused(Exception):
    """The key came with a different request than the first time."""


@dataclass(frozen=True)
class Claim:
    """What a request finds under its key."""

    answer: Answer | None  # a stored answer to give
    abandoned: bool  # claimed by a process that died: find out what it did
    started_at: float


def fingerprint(operation: str, *parts: str) -> str:
    """The request's identity for key reuse checks, from its non-secret fields only."""
    return hashlib.sha256("\x1f".join((operation, *parts)).encode()).hexdigest()


class IdempotencyStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        self._conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=10
        )
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute(_SCHEMA)
        self._lock = threading.Lock()
        self._owner = uuid.uuid4().hex  # this process's run, not just its pid (pids repeat)
        self._in_flight: set[str] = set()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def claim(self, key: str, operation: str, fp: str, lease_seconds: float) -> Claim:
        now = time.time()
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM idempotency WHERE started_at < ?", (now - KEEP_SECONDS,))
                row = conn.execute(
                    "SELECT operation, fingerprint, state, owner, pid, started_at, status, body "
                    "FROM idempotency WHERE key = ?",
                    (key,),
                ).fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO idempotency (key, operation, fingerprint, state, owner, pid, "
                        "started_at) VALUES (?, ?, ?, 'started', ?, ?, ?)",
                        (key, operation, fp, self._owner, os.getpid(), now),
                    )
                    conn.execute("COMMIT")
                    self._in_flight.add(key)
                    return Claim(None, False, now)
                op, stored_fp, state, owner, pid, started_at, status, body = row
                if op != operation or stored_fp != fp:
                    conn.execute("ROLLBACK")
                    raise KeyReused
                if state == "done":
                    conn.execute("ROLLBACK")
                    return Claim(
                        Answer(status, json.loads(body) if body is not None else None),
                        False,
                        started_at,
                    )
                running = (
                    key in self._in_flight
                    if owner == self._owner
                    else (_alive(pid) and now - started_at < lease_seconds)
                )
                if running:
                    conn.execute("ROLLBACK")
                    raise InProgress
                conn.execute(
                    "UPDATE idempotency SET owner = ?, pid = ? WHERE key = ?",
                    (self._owner, os.getpid(), key),
                )
                conn.execute("COMMIT")
                self._in_flight.add(key)
                return Claim(None, True, started_at)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def finish(self, key: str, answer: Answer) -> None:
        with self._lock:
            self._in_flight.discard(key)
            self._conn.execute(
                "UPDATE idempotency SET state = 'done', status = ?, body = ? WHERE key = ?",
                (answer.status, None if answer.body is None else json.dumps(answer.body), key),
            )

    def release(self, key: str) -> None:
        """Forget a claim whose step did not finish (an unexpected error): it may run again."""
        with self._lock:
            self._in_flight.discard(key)
            self._conn.execute(
                "DELETE FROM idempotency WHERE key = ? AND state = 'started'", (key,)
            )


def run_once(
    store: IdempotencyStore,
    key: str,
    operation: str,
    fp: str,
    lease_seconds: float,
    step: Callable[[], Answer],
    recover: Callable[[float], Answer],
) -> Answer:
    """The stored answer for `key`, or `step`'s (or after a crash `recover`'s), stored."""
    claim = store.claim(key, operation, fp, lease_seconds)
    if claim.answer is not None and claim.answer.body is not None:
        return claim.answer
    # No answer yet, or one that was not stored (a successful activation): run the step.
    try:
        answer = recover(claim.started_at) if claim.abandoned else step()
    except BaseException:
        store.release(key)
        raise
    store.finish(key, answer)
    return answer


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
