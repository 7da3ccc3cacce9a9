"""Time on the boards: UTC timestamps, the week/month/all-time windows, and how times print.

All stored times are seconds since the epoch (UTC). The week window starts on Monday at
00:00 UTC and the month window on the 1st at 00:00 UTC, whatever the local time zone of
the machine, so a class spread over time zones sees one board. "Now" is always passed in,
so tests can stand on any day.

A stored time outside 1970-01-01 to 9999-12-31 (or not finite) is impossible: `dojo restore`
refuses one, and where such a row is found anyway (written behind the game's back) it
prints as `INVALID_TIME` instead of crashing every board, list and export that shows it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from game.i18n import N_

WINDOWS = ("week", "month", "all")
WINDOW_TITLES = {"week": N_("this week"), "month": N_("this month"), "all": N_("all time")}  # _() them where shown
MIN_TIME = 0.0  # 1970-01-01T00:00:00Z
MAX_TIME = 253_402_300_799.0  # 9999-12-31T23:59:59Z, the last second a calendar date can show
INVALID_TIME = "invalid time"


def valid_time(timestamp: object) -> bool:
    """True for a finite number of seconds between MIN_TIME and MAX_TIME (a time a run can have)."""
    if isinstance(timestamp, bool) or not isinstance(timestamp, (int, float)):
        return False
    return math.isfinite(timestamp) and MIN_TIME <= timestamp <= MAX_TIME


def utc(timestamp: float) -> datetime:
    """A stored timestamp as an aware UTC datetime."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)


def iso(timestamp: float) -> str:
    """A stored timestamp as ISO 8601 UTC to the second, e.g. 2024-05-06T09:30:00Z (INVALID_TIME if impossible)."""
    if not valid_time(timestamp):
        return INVALID_TIME
    return utc(timestamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def short(timestamp: float) -> str:
    """A stored timestamp for a table: 2024-05-06 09:30 UTC (INVALID_TIME if impossible)."""
    if not valid_time(timestamp):
        return INVALID_TIME
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
