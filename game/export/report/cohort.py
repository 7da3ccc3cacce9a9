"""The cohort's page: its board, skill averages, score distribution, trainees and scenarios.

The averages (skills, mean score, the distribution, each trainee's and each scenario's
figures) count ranked runs only: a practice run is played with coaching and undo, and
mixing it in lifts a cohort that practises a lot. `include_practice` (`dojo report
--cohort C --include-practice`) counts both, and the page says which it did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from game.export.report import analytics as stats
from game.export.report.analytics import RunFacts
from game.export.report.common import (
    ReportError,
    band_line,
    histogram_chart,
    page_context,
    scenario_titles,
    skill_order,
)
from game.export.report.gather import Filter, Gathered, cohort_players, gather
from game.export.report.html import render
from game.export.report.svg import Bar, bar_chart
from game.i18n import rubric_text
from game.store.db import Store
from game.store.display import printable


def cohort_report(store: Store, cohort: str, now: float | None = None, include_practice: bool = False) -> str:
    """The report on one cohort: the board, skill averages, trainees and scenarios (ranked runs only unless `include_practice`)."""
    from game.store.boards import BoardSpec, leaderboard

    members = cohort_players(store, cohort)
    found = gather(store, Filter(cohort=cohort)) if members else Gathered()
    if not (found.runs or found.unreadable):
        raise ReportError(f"no runs for cohort '{printable(cohort)}' in {store.where}")
    board = leaderboard(store, BoardSpec(cohort=cohort), limit=max(len(members), 1), now=now)
    every = stats.counting(found.runs)
    counted = every if include_practice else [run for run in every if run.mode == "ranked"]
    skills = skill_order(found)
    averages = stats.skill_averages(counted)
    context = page_context(
        "Cohort", f"Cohort {cohort} · Service Dojo cohort report", store, found, now,
        [("summary", "Summary"), ("board", "Board"), ("skills", "Skill averages"), ("trainees", "Trainees"), ("scenarios", "Scenarios")],
    )
    summaries = stats.trainee_summaries(counted)
    percents = [run.percent for run in counted]
    context.update(
        cohort=cohort,
        trainee_count=len(summaries),
        scenario_count=len({run.scenario_id for run in counted}),
        band_line=band_line(counted),
        averaged_line=averaged_line(every, counted, include_practice),
        figure_items=_cohort_figures(counted, summaries, found),
        board_rows=board.top,
        board_dropped=board.dropped,
        scenario_set=board.scenario_set,
        board_chart=bar_chart(
            "board", [Bar(entry.player, entry.percent, f"#{entry.rank}  {entry.percent:.1f}%") for entry in board.top],
            f"Board of cohort {cohort}", "Overall percent per trainee: " + "; ".join(f"{entry.rank}. {entry.player} {entry.percent:.1f}%" for entry in board.top),
        ),
        skill_rows=[{"title": title, "mean": averages[name].mean, "count": averages[name].count} for name, title in skills if name in averages],
        skill_chart=bar_chart(
            "skills", [Bar(title, averages[name].mean, f"{averages[name].mean:.1f}%") for name, title in skills if name in averages],
            f"Skill averages of cohort {cohort}", "; ".join(f"{title} {averages[name].mean:.1f}%" for name, title in skills if name in averages),
        ),
        histogram_chart=histogram_chart(percents, f"Score distribution of cohort {cohort}"),
        skill_columns=skills,
        trainee_rows=[_trainee_row(summary, skills, found.hidden) for summary in summaries],
        scenario_rows=_scenario_rows(counted, scenario_titles(found)),
        unfinished_line=_unfinished_line(found),
    )
    return render("cohort.html", **context)


def averaged_line(every: Sequence[RunFacts], counted: Sequence[RunFacts], include_practice: bool) -> str:
    """Which runs the averages count, in one sentence."""
    if include_practice:
        return f"Mean percent per skill over every counted run of the cohort, practice and ranked ({len(counted)} runs)."
    left_out = len(every) - len(counted)
    line = f"Mean percent per skill over the cohort's counted ranked runs ({len(counted)})"
    if left_out:
        return f"{line}; {left_out} practice run(s) are left out of every average on this page (dojo report --include-practice counts them)."
    return line + "."


def _cohort_figures(counted: Sequence[RunFacts], summaries: Sequence[stats.TraineeSummary], found: Gathered) -> list[tuple[str, str, str]]:
    """The key figures of a cohort's page."""
    average = stats.mean(run.percent for run in counted)
    return [
        ("Trainees", str(len(summaries)), "with runs"),
        ("Runs counted", str(len(counted)), ""),
        ("Mean score", "–" if average is None else f"{average:.1f}%", ""),
        ("Gold runs", str(sum(1 for run in counted if run.band == "Gold")), ""),
        ("Bad endings", f"{stats.bad_rate(counted) * 100:.0f}%", "of runs"),
        ("Unfinished", str(len(found.saves)), "saved sessions"),
    ]


def _trainee_row(summary: stats.TraineeSummary, skills: Sequence[tuple[str, str]], hidden: set[str]) -> dict[str, Any]:
    """One trainee's row in the cohort table."""
    bands = [("no band" if name == "none" else rubric_text(name), count) for name, count in sorted(summary.bands.items(), key=_band_order)]
    return {
        "player": summary.player,
        "hidden": summary.player in hidden,
        "runs": summary.runs,
        "mean": summary.mean,
        "best": summary.best,
        "latest": summary.latest,
        "bands": bands,
        "skills": [summary.skills[name].mean if name in summary.skills else None for name, _ in skills],
    }


def _band_order(item: tuple[str, int]) -> tuple[int, str]:
    """Gold, Silver, Bronze, other bands, then 'none'."""
    rank = {"Gold": 0, "Silver": 1, "Bronze": 2, "none": 4}
    return rank.get(item[0], 3), item[0]


def _scenario_rows(counted: Sequence[RunFacts], titles: dict[str, str]) -> list[dict[str, Any]]:
    """Per scenario: runs, trainees, mean score, share of bad endings."""
    by_scenario: dict[str, list[RunFacts]] = defaultdict(list)
    for run in counted:
        by_scenario[run.scenario_id].append(run)
    return [
        {
            "id": scenario_id,
            "title": titles.get(scenario_id, scenario_id),
            "runs": len(items),
            "trainees": len({run.player for run in items}),
            "mean": stats.mean(run.percent for run in items),
            "bad": stats.bad_rate(items),
        }
        for scenario_id, items in sorted(by_scenario.items())
    ]


def _unfinished_line(found: Gathered) -> str:
    """How many saves are unfinished, by how many trainees."""
    if not found.saves:
        return "No unfinished sessions."
    trainees = len({save.player for save in found.saves})
    return f"{len(found.saves)} unfinished session(s) by {trainees} trainee(s)."
