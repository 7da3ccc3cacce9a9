"""Lint: every finding about a scenario file, from its bytes to its balance.

Loading already reports the file's syntax, shape, references, conditions, tags and the
static story graph. Lint adds what only the analysis can know: nodes, replies and
endings that the conditions make impossible in play, whether the best playthrough can
reach the top band at all, and whether the form of the replies gives the answers away:
a bot that reads only their length or wording reaching the lowest band (DOJO406), the
best reply being the longest at most decisions (DOJO407), or the best reply being written
in the same place among its replies at most decisions (DOJO410); and whether a line's
words and the face shown with it are far apart (DOJO420, game/engine/face_check.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from game.engine.analysis import Analysis, AnalysisError, analyze
from game.engine.bots import FORM_BOT_HELP, written_length
from game.engine.face_check import face_findings
from game.engine.rules import advance, available, initial_state, once_key
from game.engine.simulate import FORM_READERS, simulate
from game.i18n import N_, _, rubric_text
from game.scenario.diagnostics import Diagnostic, DiagnosticError
from game.scenario.loader import Loaded, load_scenario
from game.scenario.model import ChoiceSpec, Scenario
from game.i18n.templates import from_templates
from scoring.rubric import Rubric
from scoring.scorer import Scorer

# Lint must stay quick on huge drafts; past this many states it says "estimate".
LINT_STATE_LIMIT = 50_000
# A portrait `lin` is the picture lin.png (or .jpg) in assets/portraits or beside the scenario.
PICTURE_SUFFIXES = (".png", ".jpg")
# DOJO406: each form bot plays this many runs from this seed, so lint always says the same;
# `dojo simulate FILE --bot NAME --runs 20 --seed 406` shows the same figures. A run still
# going after FORM_CHECK_REPLIES replies (a bot going round a loop) is left unfinished.
FORM_CHECK_RUNS = 20
FORM_CHECK_SEED = 406
FORM_CHECK_REPLIES = 100
# game/engine/analysis.py's AnalysisError messages, word for word ({placeholders} for the
# values), so lint shows them in the active locale (game.i18n.templates.from_templates).
_ANALYSIS_MESSAGES = (
    N_("scenario '{scenario}': no playthrough can reach an ending"),
    N_(
        "scenario '{scenario}': the search stopped at max_turns ({turns} replies), which a reply condition doing "
        "arithmetic on turn or visits() needs before finding a playthrough that reaches an ending"
    ),
    N_("scenario '{scenario}': the search stopped at its limit of {limit} states before finding a playthrough that reaches an ending"),
)
# game/engine/bots.py's FORM_BOT_HELP, marked here too so DOJO406 reads whole in this catalog.
_FORM_BOT_WORDS = (
    N_("the reply with the most characters"),
    N_("the reply with the fewest characters"),
    N_("the reply with the most apology and empathy words"),
    N_("the reply with the most concession words"),
    N_("the first reply shown"),
    N_("the last reply shown"),
)


def lint_file(path: str | os.PathLike[str], rubric: Rubric, state_limit: int = LINT_STATE_LIMIT) -> list[Diagnostic]:
    """All findings for one file, in file order."""
    try:
        loaded = load_scenario(path, rubric)
    except DiagnosticError as error:
        return sorted(error.diagnostics, key=lambda d: (d.line, d.col))
    found = list(loaded.warnings)
    found += portrait_findings(loaded, Path(path).resolve().parent)
    found += analysis_findings(loaded, Scorer(rubric), state_limit)
    return sorted(found, key=lambda d: (d.line, d.col))


def portrait_dir() -> Path:
    """assets/portraits, where the bundled pictures live.

    Found by path, not by importing `assets`: it sits beside `game/` both in the source
    tree and when installed, and an editable install made before `assets` became a
    package cannot import it (a lint that crashed on ModuleNotFoundError).
    """
    return Path(__file__).resolve().parents[2] / "assets" / "portraits"


def portrait_findings(loaded: Loaded, folder: Path | None) -> list[Diagnostic]:
    """DOJO110 for each portrait with no picture in assets/portraits or `folder` (the scenario's).

    Only a warning: the window game draws a face instead. The schema already ensures a
    portrait is a bare name (DOJO109), so joining it to a folder cannot leave that folder.
    """
    places = [portrait_dir(), *([folder] if folder is not None else [])]
    found = []
    for key, person in loaded.scenario.cast.items():
        if person.portrait is None:
            continue
        names = [f"{person.portrait}{suffix}" for suffix in PICTURE_SUFFIXES]
        if any((place / name).is_file() for place in places for name in names):
            continue
        line, col = loaded.doc.mark(("cast", key, "portrait"))
        message = _(
            "portrait '{portrait}' of '{person}' has no picture {png} or {jpg} in assets/portraits "
            "or the scenario's folder; the window game will draw a face instead"
        ).format(portrait=person.portrait, person=key, png=names[0], jpg=names[1])
        found.append(Diagnostic.make("DOJO110", message, loaded.doc.file, line, col))
    return found


def analysis_findings(loaded: Loaded, scorer: Scorer, state_limit: int = LINT_STATE_LIMIT) -> list[Diagnostic]:
    """Findings that need the state search: impossible nodes, replies, endings; the top band."""
    doc, scenario = loaded.doc, loaded.scenario
    try:
        result = analyze(scenario, scorer, state_limit)
    except AnalysisError as error:
        line, col = doc.mark(("start",))
        message = from_templates(str(error), _ANALYSIS_MESSAGES) or str(error)
        return [Diagnostic.make("DOJO404" if error.estimate else "DOJO203", message, doc.file, line, col)]
    if not result.exact:
        return [
            Diagnostic.make(
                "DOJO404",
                _(
                    "analysis stopped after {states} states (or at max_turns {turns} in a loop); "
                    "reachability and the best score are estimates"
                ).format(states=f"{result.states:,}", turns=scenario.max_turns),
                doc.file,
                1,
                1,
            )
        ] + face_findings(loaded, None)
    # The static graph check already reported what no path reaches, at the same place.
    already = {(d.code, d.line, d.col) for d in loaded.warnings}
    return (
        _impossible(loaded, result, already)
        + _band_check(loaded, result, scorer)
        + _best_path_checks(loaded, result, scorer)
        + form_findings(loaded, result, scorer)
        + face_findings(loaded, result)
    )


def form_findings(loaded: Loaded, result: Analysis, scorer: Scorer) -> list[Diagnostic]:
    """DOJO406, DOJO407 and DOJO410: does the form of the replies give the answers away?

    A scenario whose best playthrough has no decision at all (a moment with two or more
    replies) gives every bot the same score, so there is no form to read and nothing is said.
    """
    decisions = best_path_decisions(loaded.scenario, result)
    if not decisions:
        return []
    return (
        form_bot_findings(loaded, result, scorer)
        + longest_best_findings(loaded, decisions)
        + same_place_findings(loaded, decisions)
    )


def best_path_decisions(scenario: Scenario, result: Analysis) -> list[tuple[str, ChoiceSpec, tuple[ChoiceSpec, ...]]]:
    """Along the best playthrough, each moment with two or more replies: (node, the best reply, the replies on offer)."""
    core = initial_state(scenario)
    found = []
    for key in result.best.choices:
        choice = scenario.choices_by_key[key]
        offered = available(scenario, core)
        if len(offered) >= 2:
            found.append((core.at, choice, offered))
        core = advance(scenario, core, choice)
    return found


def _impossible(loaded: Loaded, result: Analysis, already: set[tuple[str, int, int]]) -> list[Diagnostic]:
    doc, scenario = loaded.doc, loaded.scenario
    found = []
    for node_id in scenario.nodes:
        line, col = doc.key_mark(("nodes", node_id))
        if node_id not in result.reachable_nodes and ("DOJO202", line, col) not in already:
            message = _("node '{node}' is never reached in play: the conditions on every way in rule it out").format(node=node_id)
            found.append(Diagnostic.make("DOJO202", message, doc.file, line, col))
    for ending_id in scenario.endings:
        line, col = doc.key_mark(("endings", ending_id))
        if ending_id not in result.reachable_endings and ("DOJO204", line, col) not in already:
            message = _("ending '{ending}' is never reached in play: the conditions on every way in rule it out").format(ending=ending_id)
            found.append(Diagnostic.make("DOJO204", message, doc.file, line, col))
    for node_id in sorted(result.silent_nodes):
        line, col = doc.mark(("nodes", node_id, "say"))
        message = _("node '{node}' can be reached when none of its lines' conditions hold, so nobody speaks there").format(node=node_id)
        found.append(Diagnostic.make("DOJO208", message, doc.file, line, col))
    for node_id, node in scenario.nodes.items():
        if node_id not in result.reachable_nodes:
            continue  # its replies are unreachable for the reason already given
        for index, choice in enumerate(node.choices):
            if choice.key not in result.reachable_choices:
                line, col = doc.mark(("nodes", node_id, "choices", index, "when"))
                message = _("reply '{reply}' in '{node}' can never be chosen: its condition is never true there").format(
                    reply=choice.id, node=node_id
                )
                found.append(Diagnostic.make("DOJO207", message, doc.file, line, col))
    return found


def _band_check(loaded: Loaded, result: Analysis, scorer: Scorer) -> list[Diagnostic]:
    """The model answer must reach the top band and show every skill the scenario trains."""
    top = scorer.rubric.top_band
    line, col = loaded.doc.key_mark(("start",))
    missing = [name for name in result.maxima.skills if result.maxima.dimensions.get(name, 0.0) <= 0]
    if missing:
        message = _(
            "the best playthrough earns nothing in {skills}, which the scenario lists under "
            "'skills'; tag its best replies with those skills or drop them from 'skills'"
        ).format(skills=", ".join(missing))
        return [Diagnostic.make("DOJO403", message, loaded.doc.file, line, col)]
    if result.best.total <= 0 or result.best.band != top.name:
        # Each reply is graded against the best one on offer, so the best playthrough
        # is always 100%; a model answer that loses points overall has nothing right in it.
        if result.best.band:
            message = _(
                "the best playthrough reaches {band} and earns {points} points in all, "
                "so there is no right way through to grade runs against; give the best replies positive tags"
            )
        else:
            message = _(
                "the best playthrough reaches no band and earns {points} points in all, "
                "so there is no right way through to grade runs against; give the best replies positive tags"
            )
        message = message.format(band=rubric_text(result.best.band or ""), points=f"{result.best.total:g}")
        return [Diagnostic.make("DOJO403", message, loaded.doc.file, line, col)]
    return []


# A skill judged on fewer replies of the model answer than this flips bands on one click.
# Scenes whose best path passes fewer decision nodes than this are sketches or drills and
# are not checked (docs/diagnostics.md, DOJO409).
MIN_SKILL_CHANCES = 3


def _best_path_checks(loaded: Loaded, result: Analysis, scorer: Scorer) -> list[Diagnostic]:
    """DOJO408 for a penalty pattern the model answer sets off; DOJO409 for a thinly judged trained skill."""
    doc, scenario = loaded.doc, loaded.scenario
    found = []
    state = scorer.initial_state()
    for key in result.best.choices:
        choice = scenario.choices_by_key[key]
        state, step = scorer.step(state, choice.tags, once_key(scenario, choice))
        for item in step.items:
            if item.source == "pattern" and item.points < 0:
                node = scenario.nodes[choice.node]
                line, col = doc.mark(("nodes", choice.node, "choices", node.choices.index(choice), "tags"))
                message = _(
                    "reply '{reply}' on the best path sets off the pattern '{pattern}' ({rule}, {points}): "
                    "a model answer must not be penalised; change its tags or what comes before it"
                ).format(reply=choice.id, pattern=item.key, rule=item.rule, points=f"{item.points:+g}")
                found.append(Diagnostic.make("DOJO408", message, doc.file, line, col))
    if result.graph is None or not scenario.skills:
        return found
    reviews = scorer.review(result.graph.decisions(scenario, scorer, result.best.choices)) or []
    places = {key.split("/")[0] for key, review in zip(result.best.choices, reviews) if review is not None}
    if len(places) < MIN_SKILL_CHANCES:
        return found  # a sketch or a drill (going round a loop makes no scene longer): too short to judge
    line, col = doc.key_mark(("skills",))
    for skill in scenario.skills:
        chances = sum(1 for review in reviews if review is not None and skill in review.skills)
        if chances < MIN_SKILL_CHANCES:
            message = _(
                "'{skill}' is at stake in only {chances} of the best path's replies (at least {needed} are needed, "
                "or one reply decides the skill's percent and its band): add decisions where replies differ in it"
            ).format(skill=skill, chances=chances, needed=MIN_SKILL_CHANCES)
            found.append(Diagnostic.make("DOJO409", message, doc.file, line, col))
    return found
def form_bot_findings(loaded: Loaded, result: Analysis, scorer: Scorer) -> list[Diagnostic]:
    """DOJO406 for each form bot (longest, shortest, warmest, most-concessions) whose mean
    over FORM_CHECK_RUNS seeded runs reaches the rubric's lowest band."""
    lowest = min(scorer.rubric.bands, key=lambda band: band.min_percent)
    line, col = loaded.doc.key_mark(("title",))
    found = []
    for name in FORM_READERS:
        runs = simulate(
            loaded.scenario, scorer, name, FORM_CHECK_RUNS, FORM_CHECK_SEED, result, max_replies=FORM_CHECK_REPLIES
        )
        if runs.percents and runs.mean_percent >= lowest.min_percent:
            message = _(
                "the '{bot}' bot, which always picks {picks}, averages {percent}% "
                "over {runs} runs, at or above {band} ({band_percent}%), without reading what "
                "the replies say; write good and poor replies alike in length and wording"
            ).format(
                bot=name,
                picks=_(FORM_BOT_HELP[name]),
                percent=f"{runs.mean_percent:.1f}",
                runs=FORM_CHECK_RUNS,
                band=rubric_text(lowest.name),
                band_percent=f"{lowest.min_percent:g}",
            )
            found.append(Diagnostic.make("DOJO406", message, loaded.doc.file, line, col))
    return found


def longest_best_findings(loaded: Loaded, decisions: list[tuple[str, ChoiceSpec, tuple[ChoiceSpec, ...]]]) -> list[Diagnostic]:
    """DOJO407 when the best reply is longer than every other reply on offer at more than
    half of the best playthrough's decisions (see best_path_decisions)."""
    longest = [
        node
        for node, best, offered in decisions
        if all(written_length(other) < written_length(best) for other in offered if other.key != best.key)
    ]
    if 2 * len(longest) <= len(decisions):
        return []
    line, col = loaded.doc.key_mark(("start",))
    message = _(
        "the best reply is the longest on offer at {count} of the {total} decisions of the best "
        "playthrough ({nodes}), so the length of a reply gives the answer away; "
        "make some good replies short and some poor ones long"
    ).format(count=len(longest), total=len(decisions), nodes=", ".join(longest))
    return [Diagnostic.make("DOJO407", message, loaded.doc.file, line, col)]


# DOJO410 needs the best path to pass this many decision nodes: in a shorter scene the best
# reply is in "one place" by chance (with two replies it is always first or last).
MIN_PLACE_DECISIONS = 3


def same_place_findings(loaded: Loaded, decisions: list[tuple[str, ChoiceSpec, tuple[ChoiceSpec, ...]]]) -> list[Diagnostic]:
    """DOJO410 when the best reply is written first, or written last, among the replies on
    offer at more than half of the decision nodes the best playthrough passes.

    Play shuffles the replies, so no trainee sees the written order in a run; but it is the
    order of the file, of `dojo graph` and of every review of the scenario, and a habit
    there (the model answer always last) is a habit the author will carry into formats and
    front ends that do not shuffle.
    """
    # Each node once: going round a loop shows the same written order again, not a new habit.
    once = list({node: (best, offered) for node, best, offered in decisions}.items())
    if len(once) < MIN_PLACE_DECISIONS:
        return []
    places = {
        "first": [node for node, (best, offered) in once if offered[0].key == best.key],
        "last": [node for node, (best, offered) in once if offered[-1].key == best.key],
    }
    found = []
    line, col = loaded.doc.key_mark(("start",))
    for place, nodes in places.items():
        if 2 * len(nodes) > len(once):
            if place == "first":
                template = _(
                    "the best reply is written first among the replies on offer at {count} of the {total} decision "
                    "nodes of the best playthrough ({nodes}); play shuffles them, but the file, its graph "
                    "and every review of it show the habit: write the best reply in varying places"
                )
            else:
                template = _(
                    "the best reply is written last among the replies on offer at {count} of the {total} decision "
                    "nodes of the best playthrough ({nodes}); play shuffles them, but the file, its graph "
                    "and every review of it show the habit: write the best reply in varying places"
                )
            message = template.format(count=len(nodes), total=len(once), nodes=", ".join(nodes))
            found.append(Diagnostic.make("DOJO410", message, loaded.doc.file, line, col))
    return found
