"""The scenario's page, item analysis: choices at each decision, replies before bad endings,
replies that separate strong from weak trainees, and where runs end early or are abandoned.

Replies are grouped by their stable key across every stored version of the scenario
(see `analytics.py` for why); `catalog` merges the versions so that each node and reply
is shown with the newest version's text, and nodes come in story order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.export.report import analytics as stats
from game.export.report.analytics import RunFacts
from game.export.report.common import (
    ReportError,
    chart_id,
    histogram_chart,
    newest_first,
    page_context,
)
from game.export.report.gather import Filter, Gathered, Version, gather
from game.export.report.html import render
from game.export.report.svg import Bar, bar_chart, signed_chart
from game.i18n import N_, _
from game.scenario.model import ChoiceSpec, EndingSpec, NodeSpec, Scenario
from game.store.db import Store
from game.store.display import printable

TOP_ROWS = 10  # rows in the "before a bad ending" and "separating" lists
SEPARATES = 0.2  # an index at least this far from zero is read as separating trainees


@dataclass
class Catalog:
    """Every node, reply and ending across the stored versions, the newest version's text winning."""

    newest: Scenario
    nodes: dict[str, NodeSpec] = field(default_factory=dict)
    replies: dict[str, ChoiceSpec] = field(default_factory=dict)
    endings: dict[str, EndingSpec] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def catalog(versions: Iterable[Version]) -> Catalog:
    """The merged catalog of the versions (newest first), with nodes in story order."""
    ordered = newest_first(versions)
    book = Catalog(ordered[0].scenario)
    for version in ordered:
        scenario = version.scenario
        for node_id, node in scenario.nodes.items():
            book.nodes.setdefault(node_id, node)
        for key, choice in scenario.choices_by_key.items():
            book.replies.setdefault(key, choice)
        for ending_id, ending in scenario.endings.items():
            book.endings.setdefault(ending_id, ending)
    book.order = _story_order(book)
    return book


def _story_order(book: Catalog) -> list[str]:
    """Nodes breadth-first from the newest version's start, then any others by id."""
    order: list[str] = []
    queue = [book.newest.start]
    while queue:
        node_id = queue.pop(0)
        if node_id in order or node_id not in book.nodes:
            continue
        order.append(node_id)
        queue.extend(choice.next for choice in book.nodes[node_id].choices)
    return order + sorted(set(book.nodes) - set(order))


def scenario_report(store: Store, scenario_id: str, now: float | None = None) -> str:
    """Item analysis of one scenario: choices, bad endings, drop-off, discrimination."""
    found = gather(store, Filter(scenario=scenario_id))
    if not (found.runs or found.unreadable) or not found.versions:
        raise ReportError(_("no runs for scenario '{scenario}' in {where}").format(scenario=printable(scenario_id), where=store.where))
    book = catalog(found.versions.values())
    counted = stats.counting(found.runs)
    context = page_context(
        N_("Scenario"), _("{scenario} · Service Dojo scenario report").format(scenario=book.newest.title), store, found, now,
        [
            ("summary", N_("Summary")), ("outcomes", N_("Endings")), ("decisions", N_("Choices")), ("bad", N_("Before a bad ending")),
            ("separating", N_("Separating replies")), ("dropoff", N_("Drop-off")),
        ],
    )
    frequencies = stats.choice_frequencies(counted)
    scores = stats.trainee_scores(counted)
    decision_nodes = [node_id for node_id in book.order if book.nodes[node_id].is_decision or len(frequencies.get(node_id, stats.NodeChoices(node_id)).chosen) > 1]
    keys = [key for node_id in decision_nodes for key in _node_keys(book, frequencies, node_id)]
    index = stats.discrimination(counted, keys)
    bad_runs = sum(1 for run in counted if stats.is_bad(run))
    items = Items.of(counted, frequencies, index)
    early = stats.ended_early_at(counted)
    context.update(
        title=book.newest.title,
        scenario_id=scenario_id,
        trainee_count=len(scores),
        bad_runs=bad_runs,
        bad_share=stats.bad_rate(counted),
        unfinished_count=len(found.saves),
        early_count=sum(early.values()),
        figure_items=_scenario_figures(counted, scores, found, early),
        version_rows=_version_rows(found),
        ending_rows=(ending_rows := _ending_rows(counted, book)),
        ending_chart=bar_chart(
            "endings", [Bar(row["title"], row["share"] * 100, f"{row['runs']}  ({row['share'] * 100:.0f}%)") for row in ending_rows],
            _("Endings reached"), _("; ").join(_("{ending}: {runs} run(s)").format(ending=row["title"], runs=row["runs"]) for row in ending_rows),
        ),
        histogram_chart=histogram_chart([run.percent for run in counted], _("Score distribution of {scenario}").format(scenario=scenario_id)),
        decision_rows=[_decision_row(book, items, node_id, n) for n, node_id in enumerate(decision_nodes, 1)],
        discrimination_note=_("+1: only the strongest trainees choose it, −1: only the weakest")
        if index
        else _("+1: only the strongest trainees choose it, −1: only the weakest; not available with fewer than two trainees"),
        **_precursor_context(counted, book),
        **_separating_context(index, book, len(scores)),
        dropoff_rows=_dropoff_rows(book, frequencies, early, stats.unfinished_at(found.saves)),
        length_rows=sorted(stats.path_lengths(counted).items()),
    )
    return render("scenario.html", **context)


def _node_keys(book: Catalog, frequencies: dict[str, stats.NodeChoices], node_id: str) -> list[str]:
    """A node's reply keys: the newest version's in authored order, then older ones chosen there."""
    keys = [choice.key for choice in book.nodes[node_id].choices]
    chosen = frequencies.get(node_id, stats.NodeChoices(node_id)).chosen
    return keys + sorted(key for key in chosen if key not in keys)


def _scenario_figures(counted: Sequence[RunFacts], scores: dict[str, float], found: Gathered, early: Counter[str]) -> list[tuple[str, str, str]]:
    """The key figures of a scenario's page."""
    average = stats.mean(run.percent for run in counted)
    return [
        (_("Runs counted"), str(len(counted)), ""),
        (_("Trainees"), str(len(scores)), ""),
        (_("Mean score"), "–" if average is None else f"{average:.1f}%", ""),
        (_("Bad endings"), f"{stats.bad_rate(counted) * 100:.0f}%", _("of runs")),
        (_("Walked out"), str(sum(early.values())), _("runs")),
        (_("Unfinished"), str(len(found.saves)), _("saved sessions")),
        (_("Versions"), str(len(found.versions)), _("pooled")),
    ]


def _version_rows(found: Gathered) -> list[dict[str, Any]]:
    """Per stored version: hash prefix, file, first stored, runs."""
    per_hash = Counter(run.content_hash for run in stats.counting(found.runs))
    return [
        {"hash": version.content_hash[:12], "file": version.file_name, "stored_at": version.stored_at, "runs": per_hash[version.content_hash]}
        for version in newest_first(found.versions.values())
    ]


def _ending_rows(counted: Sequence[RunFacts], book: Catalog) -> list[dict[str, Any]]:
    """Per ending reached: title, outcome, runs and share, most reached first."""
    mix = stats.ending_mix(counted)
    total = sum(mix.values()) or 1
    rows = []
    for ending_id, count in sorted(mix.items(), key=lambda item: (-item[1], item[0])):
        ending = book.endings.get(ending_id)
        outcome = ending.outcome.value if ending else "unknown"
        rows.append(
            {"id": ending_id, "title": ending.title if ending else ending_id, "outcome": outcome, "bad": outcome in stats.BAD_OUTCOMES, "runs": count, "share": count / total}
        )
    return rows


def _node_lines(book: Catalog, node: NodeSpec) -> list[tuple[str, str]]:
    """What is said at a node (first variant of each unconditional line; else the first line)."""
    lines = [line for line in node.lines if line.when is None] or list(node.lines[:1])
    cast = book.newest.cast
    return [(cast[line.speaker].name if line.speaker in cast else line.speaker, line.variants[0][1]) for line in lines if line.variants]


@dataclass(frozen=True)
class Items:
    """The per-reply figures of a scenario, computed once for every decision node."""

    frequencies: dict[str, stats.NodeChoices]
    index: dict[str, stats.Discrimination]
    undone: Counter[str]
    precursors: dict[str, stats.Precursor]
    with_reply: Counter[str]

    @classmethod
    def of(cls, counted: Sequence[RunFacts], frequencies: dict[str, stats.NodeChoices], index: dict[str, stats.Discrimination]) -> Items:
        """The figures of these runs."""
        return cls(
            frequencies,
            index,
            stats.taken_back(counted),
            {item.key: item for item in stats.bad_ending_precursors(counted)},
            Counter(key for run in counted for key in set(run.path)),
        )


def _decision_row(book: Catalog, items: Items, node_id: str, number: int) -> dict[str, Any]:
    """One decision node: its lines, each reply's figures and the choice-share chart."""
    entry = items.frequencies.get(node_id, stats.NodeChoices(node_id))
    index, undone, with_reply = items.index, items.undone, items.with_reply
    replies: list[dict[str, Any]] = []
    for key in _node_keys(book, items.frequencies, node_id):
        choice = book.replies.get(key)
        bad = items.precursors.get(key)
        replies.append(
            {
                "id": key.partition("/")[2],
                "text": choice.text if choice else _("(reply not in any stored version)"),
                "chosen": entry.chosen[key],
                "rate": entry.rate(key),
                "runs_with": with_reply[key],
                "bad_with": bad.bad_with if bad else 0,
                "bad_rate": bad.rate if bad else 0.0,
                "index": index[key].index if key in index else None,
                "taken_back": undone[key],
            }
        )
    chart = bar_chart(
        chart_id("node", number), [Bar(f"{row['id']}: {row['text']}", row["rate"] * 100, f"{row['chosen']}  ({row['rate'] * 100:.0f}%)") for row in replies],
        _("Replies chosen at node {node}").format(node=node_id),
        _("; ").join(_("{reply}: chosen {count} time(s)").format(reply=row["id"], count=row["chosen"]) for row in replies),
    )
    return {"id": node_id, "decisions": entry.decisions, "runs_reaching": entry.runs_reaching, "lines": _node_lines(book, book.nodes[node_id]), "replies": replies, "chart": chart}


def _reply_text(book: Catalog, key: str) -> str:
    """A reply's text from the newest version holding it."""
    choice = book.replies.get(key)
    return choice.text if choice else ""


def _precursor_context(counted: Sequence[RunFacts], book: Catalog) -> dict[str, Any]:
    """The rows and chart of "replies before a bad ending"."""
    top = stats.bad_ending_precursors(counted)[:TOP_ROWS]
    rows: list[dict[str, Any]] = [
        {"key": item.key, "text": _reply_text(book, item.key), "runs_with": item.runs_with, "bad_with": item.bad_with, "rate": item.rate, "last": item.last_before_bad}
        for item in top
    ]
    chart = bar_chart(
        "precursors",
        [
            Bar(row["key"], row["rate"] * 100, _("{bad} of {runs}  ({share})").format(bad=row["bad_with"], runs=row["runs_with"], share=f"{row['rate'] * 100:.0f}%"))
            for row in rows
        ],
        _("Share of runs with each reply that ended badly"),
        _("; ").join(_("{reply}: {bad} of {runs}").format(reply=row["key"], bad=row["bad_with"], runs=row["runs_with"]) for row in rows),
    )
    return {"precursor_rows": rows, "precursor_chart": chart}


def _reading(value: float) -> str:
    """The index in words."""
    if value >= 2 * SEPARATES:
        return _("stronger choose it much more")
    if value >= SEPARATES:
        return _("stronger choose it more")
    if value <= -2 * SEPARATES:
        return _("weaker choose it much more")
    if value <= -SEPARATES:
        return _("weaker choose it more")
    return _("hardly separates")


def _separating_context(index: dict[str, stats.Discrimination], book: Catalog, trainees: int) -> dict[str, Any]:
    """The rows, chart and explanation of "replies that separate strong from weak trainees"."""
    if not index:
        line = _("The discrimination index needs counted runs from at least two trainees.")
        return {"discrimination_line": line, "separating_rows": [], "separating_chart": ""}
    size = next(iter(index.values())).group_size
    line = _(
        "Trainees are ranked by their mean score on this scenario; the upper and lower groups are the top and bottom "
        "{size} of {trainees} trainee(s). A reply's rate is the share of a trainee's runs that made it."
    ).format(size=size, trainees=trainees)
    if trainees < 10:
        line += _(" With fewer than 10 trainees, read the index as a rough guide.")
    ranked = sorted((item for item in index.items() if item[1].index != 0), key=lambda item: (-abs(item[1].index), item[0]))[:TOP_ROWS]
    rows: list[dict[str, Any]] = [
        {"key": key, "text": _reply_text(book, key), "index": item.index, "upper": item.upper_rate, "lower": item.lower_rate, "reading": _reading(item.index)}
        for key, item in ranked
    ]
    chart = signed_chart(
        "separating", [Bar(row["key"], row["index"], f"{row['index']:+.2f}") for row in rows],
        _("Discrimination index per reply"), _("; ").join(f"{row['key']}: {row['index']:+.2f}" for row in rows),
    )
    return {"discrimination_line": line, "separating_rows": rows, "separating_chart": chart}


def _dropoff_rows(
    book: Catalog, frequencies: dict[str, stats.NodeChoices], early: Counter[str], unfinished: Counter[str | None]
) -> list[dict[str, Any]]:
    """Per node where a run walked out or a save stands: runs reaching it, walkouts, unfinished saves."""
    nodes = [node for node in book.order if early[node] or unfinished[node]]
    nodes += sorted(node for node in set(early) | {n for n in unfinished if n is not None} if node not in book.order)
    rows: list[dict[str, Any]] = [
        {"node": node, "reaching": frequencies[node].runs_reaching if node in frequencies else 0, "early": early[node], "unfinished": unfinished[node]}
        for node in nodes
    ]
    if unfinished[None]:
        rows.append({"node": None, "reaching": 0, "early": 0, "unfinished": unfinished[None]})
    return rows
