"""Bots that play a scenario many times: coverage, the score spread, the bands and the ending mix.

A bot is shown each moment of a run as a `BotView` (game/engine/bots.py) and picks one
reply on offer. The built-in bots:

* `random` picks uniformly; `coverage` picks the reply chosen least often so far across
  all runs, so it walks into every corner.
* The single-skill bots (`empathy-only`, `firm-only`, `listen-only`) pick, at each
  decision, the reply whose tags earn the most in their one dimension, even when that
  is nothing at all. A scenario where one reaches the top band can be won without the
  other skills, which is the balance flaw they exist to expose.
* `skilled:P` plays the best reply on offer (the one worth most by the exact analysis,
  if the best is played afterwards) with probability P, and otherwise one of the others
  at random: a model of a trainee who knows the right answer a share P of the time.
* The form bots (`longest`, `shortest`, `warmest`, `most-concessions`, `first`, `last`)
  read only how replies are written or where they are listed (see game/engine/bots.py).
* `FILE.py:FUNCTION` is a bot written by a manager or researcher, given only the view.

Every random draw comes from the run's generator, seeded from `--seed`, so results
repeat. Ties are broken by that generator among the tied replies in order of id, never
by the order the replies are listed in: only `first` and `last` depend on that order.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine.analysis import Analysis, analyze
from game.engine.bots import (
    FORM_BOTS,
    BotError,
    BotView,
    ask_file_bot,
    load_file_bot,
    moment_seed,
    parse_skill,
    pick_most,
    Viewer,
)
from game.engine.session import Session
from game.i18n import _
from game.scenario.model import Scenario
from scoring.scorer import Scorer

# A built-in bot: sees the session (for what the view leaves out: tags, the analysis),
# the view and the run's generator; returns the id of a reply on offer.
Bot = Callable[[Session, BotView, random.Random], str]
SKILL_BOTS = {"empathy-only": "empathy", "firm-only": "refusal", "listen-only": "listening"}
BOT_NAMES = ("random", "coverage", *SKILL_BOTS, *FORM_BOTS)
SKILLED = "skilled"  # skilled:P, with P from 0 to 1
# Form bots lint plays (DOJO406): how replies are written, never where they are listed.
FORM_READERS = ("longest", "shortest", "warmest", "most-concessions")
# A safety net for scenarios with loops: a run this long is cut and counted as unfinished.
MAX_REPLIES_PER_RUN = 500
# Two replies worth this close to each other are equally good (sums of float points).
_SAME_WORTH = 1e-9


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
    band_names: tuple[str, ...] = ()  # the rubric's bands, best first

    @property
    def mean_percent(self) -> float:
        """The average overall percent of the finished runs."""
        return sum(self.percents) / len(self.percents) if self.percents else 0.0

    @property
    def median_percent(self) -> float:
        """The middle overall percent of the finished runs (the mean of the two middle ones for an even count)."""
        return statistics.median(self.percents) if self.percents else 0.0

    @property
    def band_shares(self) -> dict[str, float]:
        """The fraction of finished runs ending in each band, best first, then "none" (below every band)."""
        finished = len(self.percents)
        names = [*self.band_names, *sorted(set(self.bands) - {*self.band_names, "none"}), "none"]
        return {name: (self.bands[name] / finished if finished else 0.0) for name in names}

    def to_json(self) -> dict[str, Any]:
        """The `dojo simulate --json` contract (docs/authoring.md, 6.4)."""
        ordered = sorted(self.percents)

        def quantile(q: float) -> float:
            """The percent at fraction q of the sorted runs."""
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

        shares = self.band_shares
        return {
            "scenario": self.scenario_id,
            "bot": self.bot,
            "runs": self.runs,
            "seed": self.seed,
            "finished": len(self.percents),
            "mean": round(self.mean_percent, 1),
            "median": round(self.median_percent, 1),
            "min": quantile(0.0),
            "max": quantile(1.0),
            "mean_percent": round(self.mean_percent, 1),
            "spread": {
                "min": quantile(0.0),
                "p25": quantile(0.25),
                "median": round(self.median_percent, 1),
                "p75": quantile(0.75),
                "max": quantile(1.0),
            },
            "bands": {name: self.bands[name] for name in shares},
            "band_shares": {name: round(share, 4) for name, share in shares.items()},
            "endings": dict(self.endings.most_common()),
            "unfinished": self.unfinished,
            "node_coverage": round(len(self.nodes_seen) / len(self.all_nodes), 4) if self.all_nodes else 1.0,
            "choice_coverage": round(len(self.choices_seen) / self.choice_total, 4) if self.choice_total else 1.0,
            "nodes_missed": sorted(self.all_nodes - self.nodes_seen),
        }


def bot_names_text() -> str:
    """Every way to name a bot, for messages and help."""
    return ", ".join([*BOT_NAMES, f"{SKILLED}:P", "FILE.py:FUNCTION"])


def make_bot(name: str, scorer: Scorer, analysis: Analysis | None = None) -> Bot:
    """The bot called `name`: one of BOT_NAMES, `skilled:P` or `FILE.py:FUNCTION`.

    `skilled:P` needs the scenario's analysis. Raises BotError for a bad P or a bot file
    that cannot be loaded, and ValueError for a name that is none of these.
    """
    if name == "random":
        return lambda session, view, rng: rng.choice(sorted(view.reply_ids))
    if name == "coverage":
        counts: Counter[str] = Counter()

        def least_chosen(session: Session, view: BotView, rng: random.Random) -> str:
            """The reply chosen least often so far across all runs (ties at random)."""
            keys = {choice.id: choice.key for choice in session.replies}
            fewest = min(counts[keys[reply_id]] for reply_id in view.reply_ids)
            pick = rng.choice(sorted(reply_id for reply_id in view.reply_ids if counts[keys[reply_id]] == fewest))
            counts[keys[pick]] += 1
            return pick

        return least_chosen
    if name in SKILL_BOTS:
        return _single_skill(SKILL_BOTS[name], scorer)
    if name in FORM_BOTS:
        form = FORM_BOTS[name]
        return lambda session, view, rng: form(view, rng)
    if name == SKILLED or name.startswith(f"{SKILLED}:"):
        return _skilled(parse_skill(name), analysis)
    if ":" in name or name.endswith(".py"):
        function = load_file_bot(name)
        return lambda session, view, rng: ask_file_bot(function, name, view)
    raise ValueError(_("unknown bot '{name}' (bots: {bots})").format(name=name, bots=bot_names_text()))


def _single_skill(dimension: str, scorer: Scorer) -> Bot:
    """The reply whose tags earn the most in `dimension`; ties to the seeded generator, never to position."""
    behaviours = scorer.rubric.behaviours

    def pick(session: Session, view: BotView, rng: random.Random) -> str:
        tags = {choice.id: choice.tags for choice in session.replies}

        def points(reply_id: str) -> int:
            """What a reply's tags earn in the bot's one dimension."""
            return sum(b.points for tag in tags[reply_id] if (b := behaviours.get(tag)) and b.dimension == dimension)

        return pick_most(view.replies, lambda reply: points(reply.id), rng)

    return pick


def _skilled(skill: float, analysis: Analysis | None) -> Bot:
    """The best reply with probability `skill`, else one of the others uniformly at random."""
    graph = analysis.graph if analysis is not None else None
    if graph is None:
        raise BotError(_("bot '{bot}' needs the scenario's analysis, and there is none").format(bot=f"{SKILLED}:{skill:g}"))

    def pick(session: Session, view: BotView, rng: random.Random) -> str:
        ids = sorted(view.reply_ids)
        if len(ids) == 1:
            return ids[0]
        options = graph.options(session.core_state, session.score_state) or ()
        worth = {option.key: option.total for option in options}
        keys = {choice.id: choice.key for choice in session.replies}
        valued = [reply_id for reply_id in ids if keys[reply_id] in worth]
        if not valued:
            return rng.choice(ids)  # a moment the analysis never valued (past its state limit)
        top = max(worth[keys[reply_id]] for reply_id in valued)
        best = [reply_id for reply_id in valued if worth[keys[reply_id]] >= top - _SAME_WORTH]
        others = [reply_id for reply_id in ids if reply_id not in best]
        if not others or rng.random() < skill:
            return rng.choice(best)
        return rng.choice(others)

    return pick


def simulate(
    scenario: Scenario,
    scorer: Scorer,
    bot_name: str = "random",
    runs: int = 1000,
    seed: int = 0,
    analysis: Analysis | None = None,
    progress: Callable[[int, int], None] | None = None,
    bot: Bot | None = None,
    max_replies: int | None = None,
) -> SimulationResult:
    """Play `runs` runs with one bot; every run's seed derives from `seed`, so results repeat.

    `bot` is the bot to play (made by `make_bot(bot_name, ...)` when not given; `bot_name`
    labels the result either way). A file bot that misbehaves raises BotError. A run
    still going after `max_replies` replies (default MAX_REPLIES_PER_RUN) is cut and
    counted as unfinished.
    """
    result_of_analysis = analysis or analyze(scenario, scorer)
    player = bot or make_bot(bot_name, scorer, result_of_analysis)
    rng = random.Random(seed)
    result = SimulationResult(
        scenario.id,
        bot_name,
        runs,
        seed,
        all_nodes=frozenset(scenario.nodes),
        choice_total=len(scenario.choices_by_key),
        best_percent=result_of_analysis.best.percent,
        band_names=tuple(band.name for band in scorer.rubric.bands),
    )
    # A run's score depends only on its replies, so runs that made the same ones share it.
    cards: dict[tuple[str, ...], tuple[float, str]] = {}
    for index in range(runs):
        session = Session(scenario, seed=rng.randrange(2**31), scorer=scorer, clock=lambda: 0.0)
        viewer = Viewer()
        for __ in range(MAX_REPLIES_PER_RUN if max_replies is None else max_replies):
            if session.is_over:
                break
            result.nodes_seen.add(session.node.id)  # type: ignore[union-attr]
            view = viewer.view(session, moment_seed(session.seed, session.core_state.turn))
            pick = player(session, view, rng)
            turn = session.choose(pick)
            result.choices_seen.add(turn.choice.key)
        if session.is_over:
            keys = tuple(turn.choice.key for turn in session.turns)
            if keys not in cards:
                card = session.scorecard(result_of_analysis)
                cards[keys] = (card.percent, card.band or "none")
            percent, band = cards[keys]
            result.percents.append(percent)
            result.bands[band] += 1
            result.endings[session.ending.id] += 1  # type: ignore[union-attr]
        else:
            result.unfinished += 1
        if progress is not None:
            progress(index + 1, runs)
    return result
