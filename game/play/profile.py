"""Who is playing: the name runs are recorded under, and their cohort and team."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """Who is playing: the name runs are recorded under, and their groups."""

    name: str
    cohort: str | None = None
    team: str | None = None
