"""What the three report pages share: the page frame, the definitions, small wording helpers.

`ReportError` is the one failure a page raises (nothing to report on); its message is one
line for the command to print. `DEFINITIONS` is the glossary at the foot of every page:
the words mean exactly what `analytics.py` computes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from game.engine.review import GRADE_WORDS
from game.export.report import analytics as stats
from game.export.report.analytics import RunFacts
from game.export.report.gather import Gathered, Version
from game.export.report.svg import histogram
from game.i18n import rubric_text
from game.store.db import Store

DEFINITIONS = (
    (
        "Score",
        "A run's overall percent: each reply is graded against the best reply on offer at that moment, and the credits are "
        "averaged, weighted by what each decision had at stake (docs/scoring.md); a skill's percent is the same over the "
        "decisions where that skill was at stake. A run scored by a rubric without grading is scored by its points against "
        "the best playthrough's.",
    ),
    ("Grade", "What one reply was worth against the best on offer then: " + "; ".join(f"{grade}, {words}" for grade, words in GRADE_WORDS.items()) + "."),
    ("Band", "Gold needs 90% overall, at least 60% in every skill the scenario trains, no blunder and at most one mistake; Silver 75% and 40%; Bronze 50%."),
    ("Counted run", "A finished run that passed replay verification. Flagged runs are listed on a trainee's page but never counted."),
    ("Bad ending", "An ending whose outcome is walked-out, policy-broken or escalated."),
    ("Ended early", "The customer walked out before the conversation was resolved; counted at the node of the last reply."),
    ("Unfinished", "A saved session that never reached a recorded ending: abandoned, or still being played."),
    ("Discrimination index", "Trainees ranked by mean score on the scenario; the top and bottom 27% form two groups; the index is the upper group's rate of choosing a reply minus the lower group's, from −1 to +1."),
)
EXCLUDED_WHY = (
    "flagged runs failed replay verification ('dojo verify' lists them), and unreadable ones have a missing or "
    "damaged stored scenario copy."
)


class ReportError(Exception):
    """Nothing to report on (or a request that cannot be met); the message is one line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def page_context(kind: str, title_text: str, store: Store, found: Gathered, now: float | None, contents: list[tuple[str, str]]) -> dict[str, Any]:
    """The context every page shares: header line, contents, definitions, what was left out."""
    counted = stats.counting(found.runs)
    excluded = len(found.runs) - len(counted) + found.unreadable
    return {
        "kind": kind,
        "title_text": title_text,
        "generated": time.time() if now is None else now,
        "source": store.where,
        "counted": len(counted),
        "excluded": excluded,
        "excluded_why": EXCLUDED_WHY,
        "contents": contents,
        "definitions": DEFINITIONS,
    }


def skill_order(found: Gathered) -> list[tuple[str, str]]:
    """(skill, title) in the rubric's order as the runs stored them; the title in the active locale."""
    return [(name, rubric_text(title)) for name, title in found.skill_titles.items()]


def band_line(runs: Iterable[RunFacts]) -> str:
    """`Gold 2, Silver 1, no band 3`, best band first; 'none yet' for no runs."""
    counts = stats.band_counts(runs)
    order = ["Gold", "Silver", "Bronze"] + sorted(name for name in counts if name not in ("Gold", "Silver", "Bronze", "none")) + ["none"]
    parts = [f"{'no band' if name == 'none' else rubric_text(name)} {counts[name]}" for name in order if counts.get(name)]
    return ", ".join(parts) or "none yet"


def newest_first(versions: Iterable[Version]) -> list[Version]:
    """Versions newest first (by when their copy was first stored)."""
    return sorted(versions, key=lambda version: (-version.stored_at, version.content_hash))


def scenario_titles(found: Gathered) -> dict[str, str]:
    """Each scenario id's title, from its newest stored version."""
    found_titles: dict[str, str] = {}
    for version in newest_first(found.versions.values()):
        found_titles.setdefault(version.scenario.id, version.scenario.title)
    return found_titles


def trend_text(trend: stats.Trend) -> str:
    """`rising (+12.0 points over 5 runs)`, or `one run only`."""
    if len(trend.points) < 2:
        return "one run only" if trend.points else "no runs"
    if trend.direction == "no repeat":
        return f"no repeat: {len(trend.points)} runs, each of a different scenario, so no trend yet"
    if trend.span is None:
        return f"{trend.direction} ({trend.change:+.1f} points fitted over {len(trend.points)} runs)"
    return (
        f"{trend.direction} ({trend.change:+.1f} points from a scenario's first run to its latest, "
        f"fitted over the repeated scenarios of {len(trend.points)} runs)"
    )


def chart_id(*parts: object) -> str:
    """A chart id from parts (the svg module keeps only safe characters)."""
    return "-".join(str(part) for part in parts)


def histogram_chart(percents: Sequence[float], title: str) -> Any:
    """The score distribution chart with its counts in the description."""
    counts = stats.score_histogram(percents)
    desc = "Runs per ten-point band: " + ", ".join(
        f"{index * 10}–{100 if index == len(counts) - 1 else index * 10 + 9}%: {count}" for index, count in enumerate(counts)
    )
    return histogram("histogram", counts, title, desc)
