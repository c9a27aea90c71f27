"""Moments as the SQLite file stores them: fixed-width ISO 8601 UTC text, which sorts and
compares correctly as text."""

from __future__ import annotations

from datetime import UTC, datetime


def ts(moment: datetime) -> str:
    """Fixed-width ISO 8601 UTC text, so stored times compare correctly as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
