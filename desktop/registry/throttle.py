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

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.registry import refusals
from desktop.registry.audit import Event, Outcome
from desktop.registry.errors import TooManyAttempts
from desktop.registry.storage import FailureWindow, UnitOfWork

GLOBAL = "global"
LOCAL_SOURCE = "local"


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta


def _scopes(source: str, per_source: Limit, overall: Limit) -> list[tuple[str, str, Limit]]:
    # Always the source first, then the registry: on PostgreSQL the two rows are locked in
    # this order by every step, so two steps never wait for each other crosswise.
    return [("source", f"source:{source}", per_source), (GLOBAL, GLOBAL, overall)]


def refusal(
    uow: UnitOfWork, now: datetime, source: str, per_source: Limit, overall: Limit
) -> TooManyAttempts | None:
    """The refusal to give before checking anything, or None while both scopes are under limit."""
    for kind, scope, limit in _scopes(source, per_source, overall):
        window = uow.failure_window(scope, for_update=False)
        if window is None:
            continue
        ends = window.start + limit.window
        if ends > now and window.failures >= limit.failures:
            return refusals.too_many_attempts(kind, ends)
    return None


def count_failure(
    uow: UnitOfWork, now: datetime, source: str, per_source: Limit, overall: Limit
) -> None:
    """Count one failure for `source` and for the registry (inside the step's unit of work)."""
    for kind, scope, limit in _scopes(source, per_source, overall):
        # Locked where the engine locks rows: concurrent failures are all counted.
        window = uow.failure_window(scope, for_update=True)
        if window is None or window.start + limit.window <= now:
            counted = FailureWindow(now, 1)
        else:
            counted = FailureWindow(window.start, window.failures + 1)
        uow.save_failure_window(scope, counted)
        if counted.failures == limit.failures:
            # Once per window: the log shows the attack without growing with it.
            uow.record(now, Event.THROTTLED, scope, Outcome.OK, kind)
