"""Failure limits for a source and for the whole registry, in fixed time windows.

Every failed verification, activation code, second-factor code and sign-in counts once for
the source it came from (the app or kiosk that called, `"local"` by default) and once for the
registry as a whole. A scope that reaches its limit is refused outright, before anything is
checked, until its window ends: a stranger's guessing is capped per source and in total,
however many documents or usernames it is spread over, and the refusal says nothing about any
of them. A stranger can use this to keep out only their own source (and, with many sources,
everyone for one short window at a time); the owner's own subject is never locked against the
right secret (docs/RELIABILITY.md, "No enumeration").
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.registry import audit, refusals
from desktop.registry.audit import Event, Outcome
from desktop.registry.errors import TooManyAttempts
from desktop.registry.store import parse_ts, ts

GLOBAL = "global"
LOCAL_SOURCE = "local"


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta


def _scopes(source: str, per_source: Limit, overall: Limit) -> list[tuple[str, str, Limit]]:
    return [("source", f"source:{source}", per_source), (GLOBAL, GLOBAL, overall)]


def refusal(
    conn: sqlite3.Connection, now: datetime, source: str, per_source: Limit, overall: Limit
) -> TooManyAttempts | None:
    """The refusal to give before checking anything, or None while both scopes are under limit."""
    for kind, scope, limit in _scopes(source, per_source, overall):
        row = conn.execute(
            "SELECT window_start, failures FROM failure_windows WHERE scope = ?", (scope,)
        ).fetchone()
        if row is None:
            continue
        ends = parse_ts(row[0]) + limit.window
        if ends > now and row[1] >= limit.failures:
            return refusals.too_many_attempts(kind, ends)
    return None


def count_failure(
    conn: sqlite3.Connection, now: datetime, source: str, per_source: Limit, overall: Limit
) -> None:
    """Count one failure for `source` and for the registry (inside the step's transaction)."""
    for kind, scope, limit in _scopes(source, per_source, overall):
        row = conn.execute(
            "SELECT window_start, failures FROM failure_windows WHERE scope = ?", (scope,)
        ).fetchone()
        if row is None or parse_ts(row[0]) + limit.window <= now:
            start, failures = now, 1
        else:
            start, failures = parse_ts(row[0]), row[1] + 1
        conn.execute(
            "INSERT OR REPLACE INTO failure_windows (scope, window_start, failures) "
            "VALUES (?, ?, ?)",
            (scope, ts(start), failures),
        )
        if failures == limit.failures:
            # Once per window: the log shows the attack without growing with it.
            audit.record(conn, now, Event.THROTTLED, scope, Outcome.OK, kind)
