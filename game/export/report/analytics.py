"""The report's figures, as pure functions over plain run facts (no store, no scenario files).

A run is a `RunFacts`: who played, the score, band and per-skill percents, how it ended,
and its path, the reply keys (`node/choice`) in the order they were made (replies taken
back with undo are not on the path; they are listed in `taken_back`). A saved session
that was never finished is an `UnfinishedFacts`.

Item analysis groups by the stable reply key, pooling every stored version of a
scenario. Keys are the scenario format's stable ids, so a run played before a typo fix or
a reworded line still counts for the same reply; splitting by content hash would cut a
class's forty runs into slivers too small to read after every small edit. The price is
that an author who gives an old id to a reply that now means something else mixes the
two; the report lists the versions pooled and how many runs each holds, so that case can
be seen (and the reply's text shown is the newest version's).

Definitions the report states in words as well:

- A *bad ending* is one whose outcome is walked-out, policy-broken or escalated (the
  rubric gives these nothing or takes points away).
- A run *ends early* when the customer walks out (outcome walked-out): the conversation
  stopped before anyone could resolve it. Where it ended is the node of its last reply.
- A run is *unfinished* when a save exists that never reached a recorded ending
  (abandoned, or still being played).
- The *discrimination index* of a reply is the classical upper-lower index: trainees
  are ranked by their mean score on the scenario; the top and the bottom 27% (at least
  one each) form two groups; for each trainee the choice rate is the share of their runs
  whose path holds the reply; the index is the upper group's mean rate minus the lower
  group's, from -1 to +1. Positive: strong trainees choose it more.

Only runs whose status is 'verified' count in any figure (`counting`): a flagged run
failed replay verification and its facts cannot be trusted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

BAD_OUTCOMES = frozenset({"walked-out", "policy-broken", "escalated"})
EARLY_OUTCOMES = frozenset({"walked-out"})
GROUP_SHARE = 0.27  # Kelley's 27%: the upper and lower groups of the classical index
STEADY_CHANGE = 5.0  # a fitted change smaller than this many points over the runs is "steady"
BIN_WIDTH = 10


@dataclass(frozen=True)
class RunFacts:
    """One finished run as the report needs it."""

    run_uid: str
    player: str
    scenario_id: str
    percent: float
    band: str | None
    ending: str
    outcome: str
    finished_at: float
    path: tuple[str, ...] = ()
    skills: Mapping[str, float | None] = field(default_factory=dict)
    cohort: str | None = None
    content_hash: str = ""
    mode: str = "ranked"
    status: str = "verified"
    taken_back: tuple[str, ...] = ()
    ending_title: str = ""


@dataclass(frozen=True)
class UnfinishedFacts:
    """A saved session that never reached a recorded ending."""

    player: str
    scenario_id: str
    at_node: str | None  # where it stands; None if it reached an ending but was not recorded
    replies: int
    updated_at: float


def node_of(key: str) -> str:
    """The node of a reply key `node/choice` (ids never contain '/')."""
    return key.partition("/")[0]


def counting(runs: Iterable[RunFacts]) -> list[RunFacts]:
    """The runs that count in figures: verified ones."""
    return [run for run in runs if run.status == "verified"]


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean, or None for no values."""
    items = list(values)
    return sum(items) / len(items) if items else None


# Choices at each decision ------------------------------------------------------------------


@dataclass
class NodeChoices:
    """How often each reply was made at one node."""

    node: str
    decisions: int = 0  # replies made here (a node met twice in a loop counts twice)
    runs_reaching: int = 0  # runs that made at least one reply here
    chosen: Counter[str] = field(default_factory=Counter)

    def rate(self, key: str) -> float:
        """The share of this node's decisions that went to `key` (0 when none were made)."""
        return self.chosen[key] / self.decisions if self.decisions else 0.0


def choice_frequencies(runs: Iterable[RunFacts]) -> dict[str, NodeChoices]:
    """Per node, the replies made there and how often."""
    nodes: dict[str, NodeChoices] = {}
    for run in runs:
        seen: set[str] = set()
        for key in run.path:
            node = node_of(key)
            entry = nodes.setdefault(node, NodeChoices(node))
            entry.decisions += 1
            entry.chosen[key] += 1
            if node not in seen:
                entry.runs_reaching += 1
                seen.add(node)
    return nodes


def taken_back(runs: Iterable[RunFacts]) -> Counter[str]:
    """How many times each reply was made and then taken back with undo (practice runs)."""
    return Counter(key for run in runs for key in run.taken_back)


# Bad endings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Precursor:
    """A reply and the bad endings that followed it."""

    key: str
    runs_with: int  # runs whose path holds the reply
    bad_with: int  # of those, runs that ended badly
    last_before_bad: int  # bad endings where it was the very last reply

    @property
    def rate(self) -> float:
        """The share of runs with this reply that ended badly."""
        return self.bad_with / self.runs_with if self.runs_with else 0.0


def is_bad(run: RunFacts) -> bool:
    """True when the run's ending is a bad one (see the module docstring)."""
    return run.outcome in BAD_OUTCOMES


def bad_rate(runs: Sequence[RunFacts]) -> float:
    """The share of runs that ended badly (0 for no runs)."""
    return sum(1 for run in runs if is_bad(run)) / len(runs) if runs else 0.0


def bad_ending_precursors(runs: Iterable[RunFacts]) -> list[Precursor]:
    """Replies followed by at least one bad ending, most bad endings first, then highest rate."""
    with_reply: Counter[str] = Counter()
    bad: Counter[str] = Counter()
    last: Counter[str] = Counter()
    for run in runs:
        keys = set(run.path)
        with_reply.update(keys)
        if is_bad(run):
            bad.update(keys)
            if run.path:
                last[run.path[-1]] += 1
    found = [Precursor(key, with_reply[key], bad[key], last[key]) for key in bad]
    return sorted(found, key=lambda item: (-item.bad_with, -item.rate, item.key))


# Where runs stop -----------------------------------------------------------------------------


def ended_early_at(runs: Iterable[RunFacts]) -> Counter[str]:
    """Per node, how many runs ended early (walkout) right after a reply made there."""
    return Counter(node_of(run.path[-1]) for run in runs if run.outcome in EARLY_OUTCOMES and run.path)


def unfinished_at(saves: Iterable[UnfinishedFacts]) -> Counter[str | None]:
    """Per node, how many unfinished saves stand there (None: at an ending, never recorded)."""
    return Counter(save.at_node for save in saves)


def path_lengths(runs: Iterable[RunFacts]) -> Counter[int]:
    """How many runs took each number of replies."""
    return Counter(len(run.path) for run in runs)


def ending_mix(runs: Iterable[RunFacts]) -> Counter[str]:
    """How many runs reached each ending (by ending id)."""
    return Counter(run.ending for run in runs)


# Discrimination ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Discrimination:
    """A reply's upper-lower index and the two group rates behind it."""

    index: float
    upper_rate: float
    lower_rate: float
    group_size: int


def trainee_scores(runs: Iterable[RunFacts]) -> dict[str, float]:
    """Each trainee's mean score over the given runs."""
    scores: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        scores[run.player].append(run.percent)
    return {player: sum(values) / len(values) for player, values in scores.items()}


def group_size(trainees: int) -> int:
    """The size of the upper (and lower) group: 27% rounded half up, at least 1, at most half."""
    return min(max(1, int(GROUP_SHARE * trainees + 0.5)), trainees // 2)


def discrimination(runs: Sequence[RunFacts], keys: Iterable[str] | None = None) -> dict[str, Discrimination]:
    """The upper-lower discrimination index of every reply (of `keys`, else every reply on a path).

    Empty when fewer than two trainees played: there is no upper and lower group.
    """
    scores = trainee_scores(runs)
    size = group_size(len(scores))
    if size < 1:
        return {}
    # Best first; a tie is settled by name so the groups never depend on dict order.
    ranked = sorted(scores, key=lambda player: (-scores[player], player))
    upper, lower = ranked[:size], ranked[-size:]
    rates = _choice_rates(runs)
    wanted = sorted(set(keys) if keys is not None else {key for run in runs for key in run.path})
    result = {}
    for key in wanted:
        high = sum(rates[player][key] for player in upper) / size
        low = sum(rates[player][key] for player in lower) / size
        result[key] = Discrimination(high - low, high, low, size)
    return result


def _choice_rates(runs: Iterable[RunFacts]) -> dict[str, dict[str, float]]:
    """Per trainee, the share of their runs whose path holds each reply (missing replies: 0)."""
    held: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for run in runs:
        total[run.player] += 1
        held[run.player].update(set(run.path))
    return {player: defaultdict(float, {key: n / total[player] for key, n in held[player].items()}) for player in total}


# Skills and scores over time -----------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """One skill's percents over a trainee's runs, oldest first, and the change fitted like with like.

    `slope` is the fitted change per repeat of the same scenario (`like_with_like`): only
    a later run of a scenario is compared with earlier runs of that scenario, so a run of a
    hard scenario after an easy one is not read as a fall. `span` is how many repeats the
    change is told over (on average, per scenario played more than once); None means the
    points are all one scenario, so the change runs from the first point to the last.
    """

    skill: str
    points: tuple[tuple[float, float], ...]  # (finished_at, percent)
    slope: float  # least-squares change per repeat of a scenario, in percentage points
    span: float | None = None

    @property
    def values(self) -> list[float]:
        """The percents in time order."""
        return [value for _, value in self.points]

    @property
    def repeats(self) -> float:
        """How many repeats the change is fitted over (0 when no scenario was played twice)."""
        return self.span if self.span is not None else float(max(len(self.points) - 1, 0))

    @property
    def change(self) -> float:
        """The fitted change from a scenario's first run to its latest."""
        return self.slope * self.repeats

    @property
    def direction(self) -> str:
        """'rising', 'falling' or 'steady' (a fitted change under 5 points), 'one run', or 'no repeat'."""
        if len(self.points) < 2:
            return "one run"
        if self.repeats == 0:
            return "no repeat"
        if abs(self.change) < STEADY_CHANGE:
            return "steady"
        return "rising" if self.change > 0 else "falling"


def slope(values: Sequence[float]) -> float:
    """The least-squares slope of `values` against their position (0 for fewer than two)."""
    return pooled_slope([values])


def pooled_slope(groups: Iterable[Sequence[float]]) -> float:
    """The least-squares slope against position within each group, one slope shared by all groups (0 if none has two values).

    Each group is centred on its own mean, so groups at different levels (an easy scenario
    and a hard one) do not make a slope by their order.
    """
    top = bottom = 0.0
    for values in groups:
        count = len(values)
        if count < 2:
            continue
        centre = (count - 1) / 2
        average = sum(values) / count
        top += sum((i - centre) * (value - average) for i, value in enumerate(values))
        bottom += sum((i - centre) ** 2 for i in range(count))
    return top / bottom if bottom else 0.0


def like_with_like(runs: Iterable[RunFacts]) -> dict[tuple[str, str], list[RunFacts]]:
    """The runs by (mode, scenario), each group oldest first: the runs a trend may compare."""
    groups: dict[tuple[str, str], list[RunFacts]] = defaultdict(list)
    for run in sorted(runs, key=lambda run: (run.finished_at, run.run_uid)):
        groups[(run.mode, run.scenario_id)].append(run)
    return dict(groups)


def modes(runs: Iterable[RunFacts]) -> list[str]:
    """The modes the runs were played in, ranked first (a report shows each mode apart)."""
    found = {run.mode for run in runs}
    return [mode for mode in ("ranked", "practice") if mode in found] + sorted(found - {"ranked", "practice"})


def _trend(name: str, runs: Iterable[RunFacts], value_of: Callable[[RunFacts], float | None]) -> Trend:
    """The trend of one value over `runs`, fitted within each (mode, scenario)."""
    ordered = sorted(runs, key=lambda run: (run.finished_at, run.run_uid))
    points = tuple((run.finished_at, value) for run in ordered if (value := value_of(run)) is not None)
    groups = [
        [value for run in items if (value := value_of(run)) is not None] for items in like_with_like(ordered).values()
    ]
    if len(groups) == 1:
        return Trend(name, points, pooled_slope(groups))
    repeated = [len(values) - 1 for values in groups if len(values) > 1]
    span = sum(repeated) / len(repeated) if repeated else 0.0
    return Trend(name, points, pooled_slope(groups), span)


def skill_trends(runs: Iterable[RunFacts], skills: Iterable[str] | None = None) -> dict[str, Trend]:
    """Per skill, its percent run by run (oldest first) and its change fitted like with like; runs where the skill had no score are skipped."""
    ordered = sorted(runs, key=lambda run: (run.finished_at, run.run_uid))
    names = list(skills) if skills is not None else _skill_names(ordered)
    trends = {}
    for name in names:
        trend = _trend(name, ordered, lambda run, name=name: run.skills.get(name))  # type: ignore[misc]
        if trend.points:
            trends[name] = trend
    return trends


def overall_trend(runs: Iterable[RunFacts]) -> Trend:
    """The overall percent run by run (oldest first) and its change fitted like with like."""
    return _trend("overall", runs, lambda run: run.percent)


def _skill_names(runs: Iterable[RunFacts]) -> list[str]:
    """Every skill any run scored, in first-seen order."""
    names: dict[str, None] = {}
    for run in runs:
        names.update(dict.fromkeys(run.skills))
    return list(names)


@dataclass(frozen=True)
class Average:
    """A mean and how many values it is over."""

    mean: float
    count: int


def skill_averages(runs: Iterable[RunFacts]) -> dict[str, Average]:
    """Per skill, the mean percent over the runs that scored it."""
    values: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        for name, value in run.skills.items():
            if value is not None:
                values[name].append(value)
    return {name: Average(sum(items) / len(items), len(items)) for name, items in values.items()}


def band_counts(runs: Iterable[RunFacts]) -> Counter[str]:
    """How many runs reached each band ('none' for runs below every band)."""
    return Counter(run.band or "none" for run in runs)


def score_histogram(values: Iterable[float], width: int = BIN_WIDTH) -> list[int]:
    """Counts of scores in bins of `width` points from 0 to 100 (100 falls in the last bin)."""
    bins = [0] * (100 // width)
    for value in values:
        index = min(max(int(value // width), 0), len(bins) - 1)
        bins[index] += 1
    return bins


@dataclass(frozen=True)
class TraineeSummary:
    """One trainee's runs in a set: how many, best, mean, latest, bands."""

    player: str
    runs: int
    best: float
    mean: float
    latest: float
    latest_at: float
    bands: Counter[str]
    skills: dict[str, Average]


def trainee_summaries(runs: Iterable[RunFacts]) -> list[TraineeSummary]:
    """Per trainee a summary, best mean score first (ties by name)."""
    by_player: dict[str, list[RunFacts]] = defaultdict(list)
    for run in runs:
        by_player[run.player].append(run)
    summaries = []
    for player, items in by_player.items():
        items.sort(key=lambda run: (run.finished_at, run.run_uid))
        percents = [run.percent for run in items]
        summaries.append(
            TraineeSummary(
                player,
                len(items),
                max(percents),
                sum(percents) / len(percents),
                items[-1].percent,
                items[-1].finished_at,
                band_counts(items),
                skill_averages(items),
            )
        )
    return sorted(summaries, key=lambda item: (-item.mean, item.player))
