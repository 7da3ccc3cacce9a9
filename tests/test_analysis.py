"""Tests for game.engine.analysis: exact best/worst, maxima, reachability and the limit flag."""

from __future__ import annotations

import threading

import pytest

from game.engine.analysis import analyze
from game.engine.session import Session
from game.scenario.loader import load_scenario
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE, REPO


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(default_rubric())


def all_runs(scenario, limit=8):
    """Every playthrough of at most `limit` replies, by brute force."""
    runs = []
    frontier = [()]
    while frontier:
        path = frontier.pop()
        session = Session(scenario, events=())
        for reply in path:
            session.choose(reply)
        if session.is_over:
            runs.append(session)
        elif len(path) < limit:
            frontier += [path + (choice.key,) for choice in session.replies]
    return runs


def test_best_and_worst_match_brute_force(mini, scorer):
    """The analysis' best and worst totals equal the best and worst of every enumerated run."""
    result = analyze(mini.scenario, scorer)
    totals = []
    for session in all_runs(mini.scenario):
        card = session.scorecard(result)
        totals.append(card.raw_total)
    assert max(totals) == pytest.approx(result.best.total)
    assert min(totals) == pytest.approx(result.worst.total)


def test_best_path_replays_to_its_score(mini, scorer):
    """Playing the reported best choices reproduces the reported score and ending."""
    result = analyze(mini.scenario, scorer)
    session = Session(mini.scenario, scorer=scorer)
    for key in result.best.choices:
        session.choose(key)
    card = session.scorecard(result)
    assert session.ending.id == result.best.ending
    assert card.raw_total == pytest.approx(result.best.total)


def test_per_dimension_maxima_are_the_best_of_each_skill(mini, scorer):
    """Each dimension's maximum is the most any playthrough earns in it, and some run earns it."""
    result = analyze(mini.scenario, scorer)
    best_seen = {name: float("-inf") for name in result.dimension_maxima}
    for session in all_runs(mini.scenario):
        card = session.scorecard(result)
        for name, score in card.dimensions.items():
            best_seen[name] = max(best_seen[name], score.raw)
    assert best_seen == pytest.approx(result.dimension_maxima)


def test_targets_are_the_best_playthroughs_points(mini, scorer):
    """A ScoreCard's per-skill targets are what the best playthrough earns in each skill."""
    result = analyze(mini.scenario, scorer)
    assert dict(result.maxima.dimensions) == pytest.approx(result.best.points)
    assert result.maxima.total == pytest.approx(result.best.total)
    assert result.best.percent == 100.0


def test_reachable_endings_and_loops(mini, scorer):
    """All three endings are reachable; the loop makes the analysis depth-bounded."""
    result = analyze(mini.scenario, scorer)
    assert result.reachable_endings == {"fixed", "refunded", "gone"}
    assert result.reachable_nodes == {"hello", "ask"}


def test_state_limit_marks_an_estimate(scorer):
    """Past the state limit the result is flagged as an estimate."""
    scenario = load_scenario(EXAMPLE).scenario
    assert analyze(scenario, scorer).exact
    assert not analyze(scenario, scorer, state_limit=300).exact


def test_example_best_reaches_gold(scorer):
    """The example scenario's best path is Gold and its worst is far below."""
    result = analyze(load_scenario(EXAMPLE).scenario, scorer)
    assert result.best.percent >= 90
    assert result.worst.percent < 20
    data = result.to_json()
    assert {"scenario", "nodes", "decision_nodes", "endings", "best", "worst", "exact"} <= set(data)
    assert all(item["reachable"] for item in data["endings"].values())


def test_per_dimension_playthroughs_are_worked_out_on_request_and_match_their_paths(scorer):
    """The best and worst playthroughs, best_by_dimension and worst_by_dimension are graded only when
    read; each has every dimension, and its replies and points are those of the path its objective's
    chosen edges lead along."""
    result = analyze(load_scenario(EXAMPLE).scenario, scorer)
    playthroughs = result.best_by_dimension._playthroughs  # type: ignore[attr-defined]
    assert playthroughs is result.playthroughs and not playthroughs._found  # nothing graded yet
    assert result.best.choices and result.worst.choices
    assert set(playthroughs._found) == {0, 1 + len(scorer.dimension_names)}  # best and worst only
    search = result.graph._search  # type: ignore[union-attr]
    names = scorer.dimension_names
    assert list(result.best_by_dimension) == list(names) == list(result.worst_by_dimension)
    for d, name in enumerate(names):
        for found, objective in ((result.best_by_dimension, 1 + d), (result.worst_by_dimension, search.count + 1 + d)):
            choices, ending, points, _ = search.path(0, objective)
            assert (found[name].choices, found[name].ending, found[name].total) == (choices, ending, scorer.total(points))
    assert len(result.best_by_dimension) == len(names)
    assert repr(result.worst_by_dimension) == repr(dict(result.worst_by_dimension))


def test_playthroughs_with_the_same_replies_share_one_result(scorer):
    """Two objectives whose playthroughs make the same replies get the very same PathResult (in
    cold-call-decision-maker two of the twelve coincide)."""
    result = analyze(load_scenario(REPO / "scenarios" / "cold-call-decision-maker.yaml").scenario, scorer)
    every = [result.best, result.worst, *result.best_by_dimension.values(), *result.worst_by_dimension.values()]
    by_choices: dict[tuple[str, ...], object] = {}
    for found in every:
        assert by_choices.setdefault(found.choices, found) is found
    assert len(by_choices) < len(every)


def test_threads_asking_for_the_same_analysis_share_one_search(scorer, monkeypatch):
    """A second thread asking while the first searches waits for that search instead of starting its own."""
    from game.engine import analysis

    scenario = load_scenario(EXAMPLE, default_rubric()).scenario
    monkeypatch.setattr(analysis, "_CACHE", {})
    searching, release, second_waits = threading.Event(), threading.Event(), threading.Event()
    searches = []
    real_analyze, real_lock = analysis.analyze, analysis._key_lock

    def slow_analyze(*args, **kwargs):
        searches.append(threading.current_thread().name)
        searching.set()
        release.wait(120)
        return real_analyze(*args, **kwargs)

    def key_lock(key):
        if threading.current_thread().name == "second":
            second_waits.set()
        return real_lock(key)

    monkeypatch.setattr(analysis, "analyze", slow_analyze)
    monkeypatch.setattr(analysis, "_key_lock", key_lock)
    found = {}

    def ask(name):
        found[name] = analysis.cached_analysis(scenario, scorer)

    first = threading.Thread(target=ask, args=("first",), name="first")
    first.start()
    searching.wait(120)
    second = threading.Thread(target=ask, args=("second",), name="second")
    second.start()
    second_waits.wait(120)
    release.set()
    first.join(120)
    second.join(120)
    assert searches == ["first"] and found["first"] is found["second"]


# Property test: no playthrough beats the analysis' best ----------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from game.scenario.loader import load_scenario_text  # noqa: E402
from tests.strategies import scenario_data, scenario_yaml  # noqa: E402


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_data(max_nodes=6, loops=2), picks=st.lists(st.integers(0, 8), max_size=30))
def test_no_playthrough_beats_the_best(data, picks):
    """A random playthrough scores between the analysis' worst (when exact) and its best; the best replays."""
    scenario = load_scenario_text(scenario_yaml(data)).scenario
    scorer = Scorer(default_rubric())
    result = analyze(scenario, scorer)
    session = Session(scenario, scorer=scorer)
    for step in range(300):
        if session.is_over:
            break
        offered = session.replies
        session.choose(offered[picks[step] % len(offered) if step < len(picks) else 0].id)
    assert session.is_over
    card = session.scorecard(result)
    assert result.exact, "generated conditions compare counters with numbers, so the search is finite"
    assert card.raw_total <= result.best.total + 1e-6
    if result.worst_exact:
        assert card.raw_total >= result.worst.total - 1e-6
    replay = Session(scenario, scorer=scorer)
    for key in result.best.choices:
        replay.choose(key)
    assert replay.scorecard(result).raw_total == pytest.approx(result.best.total)


# A state holds only what can still change the rest of a run ---------------------------------

import random  # noqa: E402

import yaml  # noqa: E402

from game.engine.analysis import DEFAULT_STATE_LIMIT  # noqa: E402

# Tag pools for rich_draft: the apology, sympathy, refusal, promise and listening tags that the
# default rubric's patterns watch (a third apology, the same sympathy three times, caving after
# a firm no, arguing after the reason, solving before confirming, coming back as promised...).
APOLOGY = ["empathy.apologise", "empathy.apologise-for-inconvenience", "empathy.over-apologise"]
EMPATHY = ["empathy.acknowledge-feeling", "empathy.stock-phrase", "empathy.own-it", "empathy.thank-for-feedback", "empathy.lecture"]
REFUSAL = [
    "refusal.firm", "refusal.give-reason", "refusal.cave", "refusal.argue",
    "refusal.premature", "refusal.offer-alternative", "refusal.time-commitment", "refusal.curt",
]
LISTENING = [
    "listening.let-vent", "listening.paraphrase", "listening.open-question",
    "listening.clarify-need", "listening.interrupt", "listening.find-real-cause",
]
RESOLUTION = [
    "resolution.offer-options", "resolution.honest-promise", "resolution.follow-up", "resolution.product-knowledge",
    "resolution.fair-compensation", "resolution.verify-fix", "resolution.teach-care",
]
COMPOSURE = ["composure.stay-calm", "composure.rise-to-bait", "composure.patience"]


def rich_draft(seed: int, nodes: int = 16, replies: tuple[int, int] = (4, 4), tags: tuple[int, int] = (4, 5)) -> str:
    """A loop-free draft as a manager writes one: `nodes` nodes of `replies` replies, each reply
    with `tags` tags drawn from one apology, one sympathy, one refusal, one listening, one
    remedy and one composure tag, moving anger and trust; two flags set early and read by reply
    conditions later, and one reply offered only after an earlier reply (chose())."""
    rng = random.Random(seed)
    story = {}
    for i in range(nodes):
        choices = []
        for k in range(rng.randint(*replies)):
            later = [f"n{j}" for j in range(i + 1, min(nodes, i + 4))]
            target = rng.choice(later) if later and rng.random() < 0.85 else rng.choice(["sorted", "half", "upstairs", "gave-in"])
            pool = [rng.choice(group) for group in (APOLOGY, EMPATHY, REFUSAL, LISTENING, RESOLUTION, COMPOSURE)]
            rng.shuffle(pool)
            chosen_tags = sorted(set(pool[: rng.randint(*tags)]))
            effects: dict[str, object] = {"anger": rng.choice([-20, -10, 10, 20]), "trust": rng.choice([-10, 0, 10])}
            if i < 4 and k == 1:
                effects["apologised"] = True
            if 3 <= i < 8 and k == 2:
                effects["promised"] = True
            choices.append({"id": f"r{k}", "text": f"Reply {k} at {i}.", "tags": chosen_tags, "effects": effects, "next": target})
        if i == 9:
            choices[-1]["when"] = "apologised and trust >= 40"
        if i == 12:
            choices[-1]["when"] = "promised"
        if i == 13:
            choices[-1]["when"] = 'chose("n2/r1")'
        story[f"n{i}"] = {"say": [f"Line {i}."], "choices": choices}
    data = {
        "format": 1, "id": "rich-draft", "title": "Rich draft", "summary": "A loop-free draft with rich tags.",
        "difficulty": 2, "skills": ["listening", "empathy", "refusal"], "minutes": 5,
        "cast": {"cus": {"name": "Customer"}},
        "meters": {"anger": {"start": 50, "good": "low", "thresholds": [{"at_least": 100, "ending": "walked"}]}, "trust": {"start": 30}},
        "vars": {"apologised": False, "promised": False},
        "start": "n0",
        "nodes": story,
        "endings": {
            "sorted": {"outcome": "resolved", "title": "Sorted", "text": "She leaves satisfied."},
            "half": {"outcome": "partly-resolved", "title": "Half", "text": "Something is still open."},
            "upstairs": {"outcome": "escalated", "title": "Upstairs", "text": "The manager takes over."},
            "gave-in": {"outcome": "policy-broken", "title": "Gave in", "text": "A refund against policy."},
            "walked": {"outcome": "walked-out", "title": "Walked", "text": "She storms out."},
        },
    }
    return yaml.safe_dump(data, sort_keys=False)


def test_a_rich_draft_needs_far_fewer_states_and_every_value_stays(scorer):
    """A 16-node draft whose replies carry 4-5 tags each, with a chose() condition: before states
    held only what can still change the rest of a run, its analysis searched 30,061 states (the
    code before this test, default rubric); now at most a tenth of that (1,212 when written). The
    best and worst totals, the points of every playthrough reported, and what every reply on
    offer is worth in every one of the 30,061 states are those of the search that forgets nothing."""
    scenario = load_scenario_text(rich_draft(8)).scenario
    reference = analyze(scenario, scorer, forget=False)
    result = analyze(scenario, scorer)
    assert reference.exact and result.exact
    assert result.states * 10 <= reference.states
    assert (result.best.total, result.worst.total) == (reference.best.total, reference.worst.total)
    assert (result.best.choices, result.worst.choices) == (reference.best.choices, reference.worst.choices)
    for name in reference.best_by_dimension:
        assert result.best_by_dimension[name].points == reference.best_by_dimension[name].points
        assert result.worst_by_dimension[name].points == reference.worst_by_dimension[name].points
    assert result.dimension_maxima == reference.dimension_maxima and result.maxima == reference.maxima
    assert reference.graph is not None and result.graph is not None
    states = list(reference.graph.states())
    assert len(states) == reference.states
    for core, score in states:
        assert result.graph.options(core, score) == reference.graph.options(core, score)


def test_a_draft_of_390_000_states_stays_exact_under_the_default_limit(scorer):
    """The same kind of draft (another seed) needed 390,610 states before a state held only what
    can still change the rest of a run: past the default limit of 200,000, so the analysis was an
    estimate. Now it is exact, in a few thousand states (5,240 when written)."""
    scenario = load_scenario_text(rich_draft(1)).scenario
    result = analyze(scenario, scorer)
    assert result.exact
    assert result.states * 20 <= DEFAULT_STATE_LIMIT


def test_state_parts_name_what_multiplies_the_states(scorer):
    """The report of what the states are made of names the rich draft's meters and the scorer's
    pattern memory, each with how many values it takes and a factor of at least 1."""
    result = analyze(load_scenario_text(rich_draft(8)).scenario, scorer)
    parts = {(part.kind, part.name): part for part in result.state_parts()}
    assert {("meter", "anger"), ("meter", "trust")} <= set(parts)
    assert any(kind == "pattern" for kind, _ in parts)
    assert all(part.values > 1 and part.factor >= 1.0 for part in parts.values())
    factors = [part.factor for part in result.state_parts()]
    assert factors == sorted(factors, reverse=True)
    assert result.to_json()["state_parts"][0]["factor"] == round(factors[0], 2)


def test_state_parts_and_search_errors_read_in_chinese(scorer):
    """In Chinese the parts are named in Chinese, a pattern by its rubric title's translation, and a
    search that finds no ending says so in Chinese (its English stays in the exception's args)."""
    from game.engine.analysis import AnalysisError
    from game.i18n import rubric_text, use_locale
    from tests.test_lint import NO_EXIT_IN_PLAY  # a loop that never moves a meter: no playthrough can end

    result = analyze(load_scenario_text(rich_draft(8)).scenario, scorer)
    english = {(part.kind, part.name): part.label for part in result.state_parts()}
    assert english[("meter", "anger")] == "meter anger"
    use_locale("zh-Hans")
    parts = {(part.kind, part.name): part for part in result.state_parts()}
    assert parts[("meter", "anger")].label == "指标 anger"
    pattern = next(part for (kind, _name), part in parts.items() if kind == "pattern")
    title = rubric_text(scorer.rubric.patterns[pattern.name].title)
    assert title != scorer.rubric.patterns[pattern.name].title  # the rubric's catalog translates it
    assert pattern.label == f"行为模式 {pattern.name}（{title}）"
    if ("all", "scorer") in parts:
        assert parts[("all", "scorer")].label == "评分器记住的全部内容合计（行为模式和已计分）"
    with pytest.raises(AnalysisError) as caught:
        analyze(load_scenario_text(NO_EXIT_IN_PLAY).scenario, scorer)
    assert str(caught.value) == "剧本 'no-exit'：没有任何一种玩法能到达结局"
    assert caught.value.args[0] == "scenario 'no-exit': no playthrough can reach an ending"


# Property test: an ending's shared values are what that ending earns ---------------------------

from game.engine.rules import mood  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_data(max_nodes=6, loops=2), forget=st.booleans())
def test_every_ending_state_is_valued_as_its_own_ending_and_mood(data, forget):
    """Each state at an ending (its values worked out once per ending and mood meter, and shared) has
    exactly the values, and the points along, that scoring its own ending and final mood gives."""
    scenario = load_scenario_text(scenario_yaml(data)).scenario
    scorer = Scorer(default_rubric())
    search = analyze(scenario, scorer, forget=forget).graph._search  # type: ignore[union-attr]
    assert search.terminal
    for state in search.terminal:
        core = search.cores[search.state_core[state]]
        points = scorer.finish(scenario.endings[core.at].outcome.value, mood(scenario, core)).points
        assert search.value[state] == search.totals(points)
        assert search.full().value[state] == search.objectives(points)
        assert search.along[state] == points
    assert search.endings == {search.cores[search.state_core[state]].at for state in search.terminal}


# The search's successor is the rules' advance, narrowed ----------------------------------------

from game.engine.rules import advance, available  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_data(max_nodes=6, loops=2), forget=st.booleans())
def test_successor_is_the_normal_state_after_advance(data, forget):
    """In every core state searched, the replies the search offers (worked out once per node and what
    its reply conditions read) are `available`'s, and each one's successor (worked out once per meters
    and variables) equals normal(advance(...)), with the scorer's input of that move."""
    scenario = load_scenario_text(scenario_yaml(data)).scenario
    search = analyze(scenario, Scorer(default_rubric()), forget=forget).graph._search  # type: ignore[union-attr]
    for core in list(search.cores):
        offered = available(scenario, core)
        assert core.at not in scenario.nodes or search._offer(core)[0] == offered
        for choice in offered:
            after, number = search.successor(core, choice)
            expected = search.normal(advance(scenario, core, choice))
            assert after == expected
            assert number == search.input_of[choice.key][search.horizon_at[expected.at]]


def test_successor_matches_on_a_rich_draft_with_chose_and_flags(scorer):
    """The same holds on the rich draft (flags, chose(), a threshold ending), with and without forgetting."""
    scenario = load_scenario_text(rich_draft(8)).scenario
    for forget in (True, False):
        search = analyze(scenario, scorer, forget=forget).graph._search  # type: ignore[union-attr]
        for core in search.cores[:3000]:
            offered = available(scenario, core)
            assert core.at not in scenario.nodes or search._offer(core)[0] == offered
            for choice in offered:
                assert search.successor(core, choice)[0] == search.normal(advance(scenario, core, choice))



from game.engine.rules import StateEnv  # noqa: E402
from tests.conftest import tiny_scenario  # noqa: E402

# A node whose one line is said only while anger is over 60; replies move anger both ways.
MOODY = tiny_scenario(
    "moody",
    """
nodes:
  hello:
    say: [{when: anger > 60, text: "I want a refund."}]
    choices:
      - {id: calm, text: Calm down., tags: [listening.let-vent], effects: {anger: -20}, next: hello}
      - {id: poke, text: Hm., tags: [listening.let-vent], effects: {anger: +20}, next: hello}
      - {id: leave, text: Bye., tags: [listening.open-question], next: done}
endings:
  done: {outcome: resolved, title: Done, text: It is over.}
""",
    anger=70,
)


def test_silence_is_worked_out_per_node_and_the_values_its_lines_read(scorer):
    """A node's silence, remembered per node and the meters its lines' conditions read, is what its lines say
    in every state: states there that differ in those meters (silent or not) are told apart, whatever the order."""
    scenario = load_scenario_text(MOODY).scenario
    search = analyze(scenario, scorer, forget=False).graph._search  # type: ignore[union-attr]
    assert search.silent == {"hello"}
    met = [core for core in search.cores if core.at == "hello"]
    outcomes = set()
    for core in [*met, *reversed(met), *(met[0]._replace(meters=(anger,)) for anger in range(0, 101, 10))]:
        said = any(line.when.evaluate(StateEnv(scenario, core)) for line in scenario.nodes["hello"].lines)  # type: ignore[union-attr]
        assert search._silent(core) is not said
        outcomes.add(said)
    assert outcomes == {True, False}  # both met, so a memo that ignored the values read would fail
