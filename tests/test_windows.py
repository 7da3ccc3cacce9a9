"""Tests for game.store.windows: UTC week and month starts, and how times print."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import pytest

from game.store.windows import iso, short, utc, window_start


def ts(text: str) -> float:
    """A UTC 'YYYY-mm-dd HH:MM:SS' as a timestamp."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc).timestamp()


@pytest.mark.parametrize(
    "now, start",
    [
        ("2024-05-12 23:59:59", "2024-05-06 00:00:00"),  # Sunday night: still Monday's week
        ("2024-05-13 00:00:00", "2024-05-13 00:00:00"),  # Monday 00:00 UTC: a new week
        ("2024-05-08 12:00:00", "2024-05-06 00:00:00"),  # mid-week
        ("2024-01-03 08:00:00", "2024-01-01 00:00:00"),  # a week that crosses no month but a year start
    ],
)
def test_week_starts_monday_midnight_utc(now, start):
    """The week window begins on the Monday at 00:00 UTC at or before now."""
    assert window_start("week", ts(now)) == ts(start)


def test_month_starts_on_the_first():
    """The month window begins on the 1st at 00:00 UTC."""
    assert window_start("month", ts("2024-02-29 23:00:00")) == ts("2024-02-01 00:00:00")
    assert window_start("month", ts("2024-03-01 00:00:00")) == ts("2024-03-01 00:00:00")


def test_all_time_has_no_start_and_unknown_windows_fail():
    """'all' has no lower bound; an unknown window name is a ValueError."""
    assert window_start("all", ts("2024-05-08 12:00:00")) is None
    with pytest.raises(ValueError, match="unknown window"):
        window_start("year", 0.0)


def test_windows_ignore_the_local_time_zone(monkeypatch):
    """A machine in Tokyo or Honolulu gets the same UTC week start."""
    now = ts("2024-05-12 20:00:00")  # Monday 05:00 in Tokyo, but still Sunday in UTC
    results = []
    for zone in ("Asia/Tokyo", "Pacific/Honolulu"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        results.append(window_start("week", now))
    monkeypatch.delenv("TZ")
    time.tzset()
    assert results == [ts("2024-05-06 00:00:00")] * 2
    assert os.environ.get("TZ") is None


def test_time_formats():
    """Times print as ISO 8601 UTC with a Z, and as a short table form."""
    moment = ts("2024-05-06 09:30:15")
    assert iso(moment) == "2024-05-06T09:30:15Z"
    assert short(moment) == "2024-05-06 09:30 UTC"
    assert utc(moment).tzinfo is timezone.utc


@pytest.mark.parametrize("bad", [-1e12, float("inf"), float("-inf"), 1e300, float("nan")])
def test_a_time_no_calendar_can_show_is_flagged_not_a_crash(bad):
    """A stored time before 1970, after 9999 or not finite prints as INVALID_TIME and is never a crash."""
    from game.store.windows import INVALID_TIME, valid_time

    assert not valid_time(bad)
    assert iso(bad) == INVALID_TIME and short(bad) == INVALID_TIME


def test_the_edges_of_the_valid_range_print():
    """0 (1970) and the last second of 9999 are valid times and print as dates."""
    from game.store.windows import MAX_TIME, valid_time

    assert valid_time(0) and valid_time(MAX_TIME) and not valid_time(MAX_TIME + 1)
    assert iso(0) == "1970-01-01T00:00:00Z" and iso(MAX_TIME) == "9999-12-31T23:59:59Z"
