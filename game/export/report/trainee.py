"""The trainee's page: runs, bands, where they stand on the board, the trend overall and per skill,
and the per-decision review of the most recent runs (`review.py`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from game.engine.review import GRADE_WORDS
from game.export.report import analytics as stats
from game.export.report.analytics import RunFacts
from game.export.report.common import (
    ReportError,
    band_line,
    chart_id,
    page_context,
    scenario_titles,
    skill_order,
    trend_text,
)
from game.export.report.gather import Filter, Gathered, UnreadableRun, gather
from game.export.report.html import render
from game.export.report.review import REVIEW_LIMIT, RunReview, run_reviews
from game.export.report.svg import line_chart
from game.store.abandoned import HOW_WORDS
from game.i18n import N_, _, rubric_text
from game.store.db import Store
from game.store.display import printable


def player_report(store: Store, name: str, now: float | None = None) -> str:
    """The report on one trainee: runs, bands, the trend overall and per skill."""
    from game.store.boards import BoardSpec, leaderboard
    from game.store.players import get_player

    player = get_player(store, name)
    found = gather(store, Filter(player=name), keep_sessions=True) if player is not None else Gathered()
    if player is None or not (found.runs or found.unreadable or found.abandoned):
        raise ReportError(_("no runs for player '{player}' in {where}").format(player=printable(name), where=store.where))
    # Only the rank is shown, so the board is read as it stands, without replaying every
    # scenario behind its rows (that replay is `dojo leaderboard`'s and `dojo verify`'s job).
    board = leaderboard(store, BoardSpec(), limit=1, player=name, reach=0, now=now, check=False)
    counted = stats.counting(found.runs)
    context = page_context(
        N_("Trainee"), _("{player} · Service Dojo trainee report").format(player=name), store, found, now,
        [
            ("summary", N_("Summary")), ("trend", N_("Score over time")), ("skills", N_("Skills")), ("bands", N_("Bands")),
            ("runs", N_("Runs")), ("unfinished", N_("Unfinished")),
        ],
    )
    overall = stats.overall_trend(counted)
    by_mode = {mode: [run for run in counted if run.mode == mode] for mode in stats.modes(counted)}
    context.update(
        player=name,
        cohort=player.cohort,
        team=player.team,
        figures={"runs": len(counted), "scenarios": len({run.scenario_id for run in counted})},
        first_at=overall.points[0][0] if overall.points else None,
        last_at=overall.points[-1][0] if overall.points else None,
        board_line=_board_line(board),
        figure_items=_player_figures(counted, found),
        overall_rows=[_overall_row(name, mode, runs) for mode, runs in by_mode.items()],
        skill_groups=[(_(MODE_TITLES.get(mode, mode)), _skill_rows(runs, found, mode)) for mode, runs in by_mode.items()],
        band_line=band_line(counted),
        scenario_rows=_player_scenarios(counted, scenario_titles(found)),
        run_rows=_run_lines(found),
        review_limit=REVIEW_LIMIT,
        grade_words=list(GRADE_WORDS.items()),
        saves=sorted(found.saves, key=lambda save: -save.updated_at),
        abandoned=sorted(found.abandoned, key=lambda item: -item.abandoned_at),
        how_words=HOW_WORDS,
        titles=scenario_titles(found),
    )
    return render("player.html", **context)


def _board_line(board: Any) -> str:
    """Where the trainee stands on the overall board, in words."""
    you = board.you
    if you is None:
        return _("Not on the overall board (no verified ranked run yet, or hidden from boards).")
    return _("Rank {rank} of {size} on the overall board (all scenarios, all time, ranked runs), at {percent}.").format(
        rank=you.rank, size=board.size, percent=f"{you.percent:.1f}%"
    )


def _player_figures(counted: Sequence[RunFacts], found: Gathered) -> list[tuple[str, str, str]]:
    """The key figures of a trainee's page."""
    percents = [run.percent for run in counted]
    latest = max(counted, key=lambda run: (run.finished_at, run.run_uid), default=None)
    best = max(percents, default=None)
    average = stats.mean(percents)
    return [
        (_("Runs counted"), str(len(counted)), ""),
        (_("Best score"), "–" if best is None else f"{best:.1f}%", ""),
        (_("Mean score"), "–" if average is None else f"{average:.1f}%", ""),
        (_("Latest score"), "–" if latest is None else f"{latest.percent:.1f}%", (rubric_text(latest.band) if latest.band else _("no band")) if latest else ""),
        (_("Gold runs"), str(sum(1 for run in counted if run.band == "Gold")), ""),
        (_("Unfinished"), str(len(found.saves)), _("saved sessions")),
        (_("Abandoned"), str(len(found.abandoned)), _("ranked attempts")),
    ]


MODE_TITLES = {"ranked": N_("Ranked runs"), "practice": N_("Practice runs")}


@dataclass(frozen=True)
class OverallRow:
    """The overall score of one mode's runs: a sentence and a chart."""

    mode: str
    line: str
    chart: Any


def _overall_row(player: str, mode: str, runs: Sequence[RunFacts]) -> OverallRow:
    """One mode's overall trend, fitted like with like, in a sentence and a chart."""
    trend = stats.overall_trend(runs)
    title = _(MODE_TITLES.get(mode, mode))
    chart = line_chart(
        chart_id("overall", mode), trend.values,
        _("Overall score of {player}, {mode} runs, run by run").format(player=player, mode=_(mode)), _values_desc(trend.values),
    )
    return OverallRow(mode, _("{mode}: {line}").format(mode=title, line=_overall_line(trend)), chart)


def _overall_line(trend: stats.Trend) -> str:
    """The overall trend in one sentence."""
    if not trend.points:
        return _("No counted runs yet.")
    values = trend.values
    return _("Overall score: first {first}, latest {latest}, mean {mean}; {trend}.").format(
        first=f"{values[0]:.1f}%", latest=f"{values[-1]:.1f}%", mean=f"{sum(values) / len(values):.1f}%", trend=trend_text(trend)
    )


def _values_desc(values: Sequence[float]) -> str:
    """A chart description listing every value, for screen readers."""
    if not values:
        return _("No runs.")
    return _("Percent per run, oldest first: {values}.").format(values=_(", ").join(f"{value:.1f}%" for value in values))


@dataclass(frozen=True)
class SkillRow:
    """One skill's line in the trainee's skills table, with its chart."""

    title: str
    count: int
    first: float
    latest: float
    mean: float
    trend: str
    chart: Any


def _skill_rows(counted: Sequence[RunFacts], found: Gathered, mode: str = "") -> list[SkillRow]:
    """Per skill, over one mode's runs: first, latest, mean, trend (like with like) in words, and a small line chart."""
    trends = stats.skill_trends(counted, [name for name, _title in skill_order(found)])
    rows = []
    for name, stored_title in skill_order(found):
        title = rubric_text(stored_title)
        trend = trends.get(name)
        if trend is None:
            continue
        values = trend.values
        chart = line_chart(
            chart_id("skill", mode, name), values,
            _("{skill}, {mode} runs, run by run").format(skill=title, mode=_(mode)) if mode else _("{skill}, run by run").format(skill=title),
            _values_desc(values), width=340, height=150, references=False,
        )
        rows.append(SkillRow(title, len(values), values[0], values[-1], sum(values) / len(values), trend_text(trend), chart))
    return rows


def _player_scenarios(counted: Sequence[RunFacts], titles: dict[str, str]) -> list[dict[str, Any]]:
    """Per scenario the trainee played: runs, best (with its band) and latest."""
    by_scenario: dict[str, list[RunFacts]] = defaultdict(list)
    for run in sorted(counted, key=lambda run: (run.finished_at, run.run_uid)):
        by_scenario[run.scenario_id].append(run)
    rows = []
    for scenario_id, items in sorted(by_scenario.items()):
        best = max(items, key=lambda run: run.percent)
        rows.append(
            {"id": scenario_id, "title": titles.get(scenario_id, scenario_id), "runs": len(items), "best": best.percent, "band": best.band, "latest": items[-1].percent}
        )
    return rows


@dataclass(frozen=True)
class RunLine:
    """One run in the trainee's Runs table, with its per-decision review if it is among the newest."""

    finished_at: float
    scenario_id: str
    mode: str
    percent: float
    band: str | None
    ending_title: str
    outcome: str
    replies: int | None  # None for a run that would not replay
    status: str  # verified, flagged, or unreadable (its copy is missing or damaged, or it does not replay)
    review: RunReview | None = None
    anchor: str = ""  # the id of its review on the page


def _run_lines(found: Gathered) -> list[RunLine]:
    """Every run, readable or not, newest first; the newest REVIEW_LIMIT with their review."""
    runs: list[RunFacts | UnreadableRun] = [*found.runs, *found.unreadable_runs]
    runs.sort(key=lambda run: (-run.finished_at, run.run_uid))
    reviews = run_reviews(found, runs)
    lines = []
    for index, run in enumerate(runs, start=1):
        review = reviews.get(run.run_uid)
        anchor = f"review-{index}" if review is not None else ""
        if isinstance(run, UnreadableRun):
            lines.append(
                RunLine(run.finished_at, run.scenario_id, run.mode, run.percent, run.band, run.ending, "", None, "unreadable", review, anchor)
            )
        else:
            lines.append(
                RunLine(
                    run.finished_at, run.scenario_id, run.mode, run.percent, run.band, run.ending_title, run.outcome, len(run.path),
                    run.status, review, anchor,
                )
            )
    return lines
