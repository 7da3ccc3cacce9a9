"""Bots that play a scenario many times: coverage, the score spread and the ending mix.

A bot picks one reply from those on offer, in the order the session shows them (as a
trainee sees them, shuffled by the run's seed). `random` picks uniformly; `coverage` picks
the reply chosen least often so far across all runs, so it walks into every corner;
the single-skill bots (`empathy-only`, `firm-only`, `listen-only`) pick, at each
decision, the reply whose tags earn the most in their one dimension. A scenario where a
single-skill bot reaches the top band can be won without the other skills, which is the
balance flaw they exist to expose.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine.analysis import Analysis, analyze
from game.engine.session import Session
from game.scenario.model import ChoiceSpec, Scenario
from scoring.scorer import Scorer

Bot = Callable[[Session, tuple[ChoiceSpec, ...], random.Random], ChoiceSpec]
SKILL_BOTS = {"empathy-only": "empathy", "firm-only": "refusal", "listen-only": "listening"}
BOT_NAMES = ("random", "coverage", *SKILL_BOTS)
# A safety net for scenarios with loops: a run this long is cut and counted as unfinished.
MAX_REPLIES_PER_RUN = 500


@dataclass
class SimulationResult:
    """What many runs of one bot showed."""

    scenario_id: str
    bot: str
    runs: int
    seed: int
    percents: list[float] = field(default_factory=list)
    bands: Counter[str] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    nodes_seen: set[str] = field(default_factory=set)
    choices_seen: set[str] = field(default_factory=set)
    unfinished: int = 0
    all_nodes: frozenset[str] = frozenset()
    choice_total: int = 0
    best_percent: float = 100.0

    @property
    def mean_percent(self) -> float:
        """The average overall percent of the finished runs."""
        return sum(self.percents) / len(self.percents) if self.percents else 0.0

    def to_json(self) -> dict[str, Any]:
        """The `dojo simulate --json` contract."""
        ordered = sorted(self.percents)

        def quantile(q: float) -> float:
            """The percent at fraction q of the sorted runs."""
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

        return {
            "scenario": self.scenario_id,
            "bot": self.bot,
            "runs": self.runs,
            "seed": self.seed,
            "mean_percent": round(self.mean_percent, 1),
            "spread": {"min": quantile(0.0), "p25": quantile(0.25), "median": quantile(0.5), "p75": quantile(0.75), "max": quantile(1.0)},
            "bands": dict(self.bands),
            "endings": dict(self.endings),
            "unfinished": self.unfinished,
            "node_coverage": round(len(self.nodes_seen) / len(self.all_nodes), 4) if self.all_nodes else 1.0,
            "choice_coverage": round(len(self.choices_seen) / self.choice_total, 4) if self.choice_total else 1.0,
            "nodes_missed": sorted(self.all_nodes - self.nodes_seen),
        }


def make_bot(name: str, scorer: Scorer) -> Bot:
    """The bot called `name` (one of BOT_NAMES); raises ValueError for others."""
    if name == "random":
        return lambda session, offered, rng: rng.choice(offered)
    if name == "coverage":
        counts: Counter[str] = Counter()

        def least_chosen(session: Session, offered: tuple[ChoiceSpec, ...], rng: random.Random) -> ChoiceSpec:
            """The reply chosen least often so far across all runs (ties at random)."""
            fewest = min(counts[choice.key] for choice in offered)
            pick = rng.choice([choice for choice in offered if counts[choice.key] == fewest])
            counts[pick.key] += 1
            return pick

        return least_chosen
    if name in SKILL_BOTS:
        dimension = SKILL_BOTS[name]
        behaviours = scorer.rubric.behaviours

        def points(choice: ChoiceSpec) -> int:
            """What a reply's tags earn in the bot's one dimension."""
            return sum(b.points for tag in choice.tags if (b := behaviours.get(tag)) and b.dimension == dimension)

        # max() keeps the first of equal replies: ties go to the order the session shows,
        # which its seed shuffles, so a bot never favours the authored order.
        return lambda session, offered, rng: max(offered, key=points)
    raise ValueError(f"unknown bot '{name}' (bots: {', '.join(BOT_NAMES)})")


def simulate(
    scenario: Scenario,
    scorer: Scorer,
    bot_name: str = "random",
    runs: int = 1000,
    seed: int = 0,
    analysis: Analysis | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Play `runs` runs with one bot; every run's seed derives from `seed`, so results repeat."""
    result_of_analysis = analysis or analyze(scenario, scorer)
    bot = make_bot(bot_name, scorer)
    rng = random.Random(seed)
    result = SimulationResult(
        scenario.id,
        bot_name,
        runs,
        seed,
        all_nodes=frozenset(scenario.nodes),
        choice_total=len(scenario.choices_by_key),
        best_percent=result_of_analysis.best.percent,
    )
    for index in range(runs):
        session = Session(scenario, seed=rng.randrange(2**31), scorer=scorer, clock=lambda: 0.0)
        for _ in range(MAX_REPLIES_PER_RUN):
            if session.is_over:
                break
            result.nodes_seen.add(session.node.id)  # type: ignore[union-attr]
            pick = bot(session, session.replies, rng)
            result.choices_seen.add(pick.key)
            session.choose(pick.key)
        if session.is_over:
            card = session.scorecard(result_of_analysis)
            result.percents.append(card.percent)
            result.bands[card.band or "none"] += 1
            result.endings[session.ending.id] += 1  # type: ignore[union-attr]
        else:
            result.unfinished += 1
        if progress is not None:
            progress(index + 1, runs)
    return result
