"""Hungarian local time: the one notion of "now" and "today" a person in Hungary expects.

Part of the contract (cheap to import, no registry): the wizard asks it too.

A document valid "until 2031-01-01" is valid all of that day in Budapest, whatever the UTC
date; e-mail times are written in Budapest time. Both the registry and the wizard ask here.
On Windows the zone comes from the `tzdata` package (no system database there).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONE_NAME = "Europe/Budapest"


def utc_now() -> datetime:
    """The default clock: an aware UTC moment (tests inject their own)."""
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """`moment` in Budapest time (in UTC on a system without time-zone data, not a guess)."""
    try:
        return moment.astimezone(ZoneInfo(ZONE_NAME))
    except ZoneInfoNotFoundError:
        return moment.astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The calendar day in Budapest at `moment`: what "today" means for expiry."""
    return local(moment).date()
