"""One "today" for expiry: the calendar day in Budapest, in the registry and on the card page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.registration.local_time import local, local_date
from desktop.registry import RegistrationService
from desktop.registry.errors import DocumentExpired
from tests.registry.conftest import EVA, FakeClock

EVA_EXPIRY = date(2031, 5, 20)  # resources/demo/citizens.csv


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2031, 5, 20, 21, 59, tzinfo=UTC), date(2031, 5, 20)),  # 23:59 CEST
        (datetime(2031, 5, 20, 22, 0, tzinfo=UTC), date(2031, 5, 21)),  # midnight CEST
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2027, 1, 1)),  # 00:30 CET
        (datetime(2026, 12, 31, 22, 30, tzinfo=UTC), date(2026, 12, 31)),
    ],
)
def test_today_is_the_calendar_day_in_budapest(moment: datetime, day: date) -> None:
    assert local_date(moment) == day
    assert local(moment).utcoffset() is not None


def test_a_document_expires_at_budapest_midnight_not_utc_midnight(
    service: RegistrationService, clock: FakeClock
) -> None:
    # The last evening of validity in Budapest: still valid.
    clock.now = datetime(2031, 5, 20, 21, 30, tzinfo=UTC)
    assert service.verify(*EVA).person.document_expiry == EVA_EXPIRY
    # Half past midnight in Budapest, still the 20th in UTC: expired, as a Hungarian expects.
    clock.now = datetime(2031, 5, 20, 22, 30, tzinfo=UTC)
    with pytest.raises(DocumentExpired):
        service.verify(*EVA)
