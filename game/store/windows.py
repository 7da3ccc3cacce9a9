"""Time on the boards: UTC timestamps, the week/month/all-time windows, and how times print.

All stored times are seconds since the epoch (UTC). The week window starts on Monday at
00:00 UTC and the month window on the 1st at 00:00 UTC, whatever the local time zone of
the machine, so a class spread over time zones sees one board. "Now" is always passed in,
so tests can stand on any day.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

WINDOWS = ("week", "month", "all")
WINDOW_TITLES = {"week": "this week", "month": "this month", "all": "all time"}


def utc(timestamp: float) -> datetime:
    """A stored timestamp as an aware UTC datetime."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)


def iso(timestamp: float) -> str:
    """A stored timestamp as ISO 8601 UTC to the second, e.g. 2024-05-06T09:30:00Z."""
    return utc(timestamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def short(timestamp: float) -> str:
    """A stored timestamp for a table: 2024-05-06 09:30 UTC."""
    return utc(timestamp).strftime("%Y-%m-%d %H:%M UTC")


def window_start(window: str, now: float) -> float | None:
    """Where a window begins (None for all time); raises ValueError for an unknown window."""
    moment = utc(now)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if window == "week":
        return (midnight - timedelta(days=moment.weekday())).timestamp()
    if window == "month":
        return midnight.replace(day=1).timestamp()
    if window == "all":
        return None
    raise ValueError(f"unknown window {window!r}; use one of {', '.join(WINDOWS)}")
