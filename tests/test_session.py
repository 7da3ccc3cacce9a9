"""Tests for game.engine.session: replay, undo, modes, variants, saving and restoring."""

from __future__ import annotations

import itertools

import pytest

from game.engine.session import Event, InvalidChoice, Session, SessionError, UndoNotAllowed
from tests.conftest import EXAMPLE
from game.scenario.loader import load_scenario


def ticking_clock():
    """A clock that advances one second per call, so event times are predictable."""
    counter = itertools.count(1000)
    return lambda: float(next(counter))


def test_opening_lines_and_replies(mini):
    """At the start the customer speaks, conditional lines are hidden and all unconditional replies show."""
    session = Session(mini.scenario)
    assert [line.text for line in session.lines] == ["I want a refund."]
    assert session.lines[0].speaker_name == "Customer"
    assert [choice.id for choice in session.replies] == ["listen", "refuse"]
    assert not session.is_over and session.ending is None


def test_choose_applies_effects_and_moves_on(mini):
    """A reply moves meters and variables and goes to its next node."""
    session = Session(mini.scenario)
    turn = session.choose("listen")
    assert turn.meters_before == {"anger": 50} and turn.meters_after == {"anger": 40}
    assert session.node.id == "ask"
    assert session.variables == {"heard": True}
    assert [c.id for c in session.replies] == ["firm", "again", "cave"]


def test_conditional_reply_hidden_until_its_condition_holds(mini):
    """'firm' needs the flag set by listening first."""
    session = Session(mini.scenario)
    session.choose("refuse")
    assert [c.id for c in session.replies] == ["again", "cave"]


def test_threshold_ends_the_scene(mini):
    """Anger reaching 100 jumps to the walk-out ending whatever the reply's next says."""
    session = Session(mini.scenario)
    session.choose("refuse")  # 80
    session.choose("again")  # 100 -> gone
    assert session.is_over and session.ending.id == "gone"
    assert session.replies == ()


def test_choose_rejects_replies_not_on_offer(mini):
    """An unknown or unavailable reply raises InvalidChoice naming what is on offer."""
    session = Session(mini.scenario)
    with pytest.raises(InvalidChoice, match="on offer: listen, refuse"):
        session.choose("firm")


def test_choose_after_the_end_is_refused(mini):
    """No replies can be made once an ending is reached."""
    session = Session(mini.scenario)
    session.choose("listen")
    session.choose("firm")
    with pytest.raises(InvalidChoice):
        session.choose("again")


def test_undo_in_practice_restores_the_previous_state(mini):
    """Undo takes back the last reply: node, meters, variables and score as before."""
    session = Session(mini.scenario, mode="practice")
    session.choose("listen")
    before = (session.core_state, session.points, [line.text for line in session.lines])
    session.choose("again")
    session.undo()
    assert (session.core_state, session.points, [line.text for line in session.lines]) == before
    assert [event.kind for event in session.events] == ["choose", "choose", "undo"]


def test_undo_in_ranked_is_not_allowed(mini):
    """Ranked mode has no undo."""
    session = Session(mini.scenario, mode="ranked")
    session.choose("listen")
    assert not session.can_undo
    with pytest.raises(UndoNotAllowed):
        session.undo()


def test_undo_with_nothing_to_undo(mini):
    """Undo at the very start explains there is nothing to undo."""
    with pytest.raises(UndoNotAllowed, match="nothing to undo"):
        Session(mini.scenario).undo()


def test_unknown_mode_is_refused(mini):
    """Only practice and ranked exist."""
    with pytest.raises(SessionError):
        Session(mini.scenario, mode="casual")  # type: ignore[arg-type]


def test_variants_least_recently_seen_first(mini):
    """Revisiting a node shows each variant once before any repeats."""
    session = Session(mini.scenario, seed=3)
    session.choose("listen")
    seen = [session.lines[0].text]
    session.choose("again")  # anger 65
    seen.append(session.lines[0].text)
    session.undo()
    assert sorted(set(seen)) == sorted(seen)


def test_variants_differ_between_seeds(mini):
    """Two seeds do not always read alike."""
    texts = set()
    for seed in range(12):
        session = Session(mini.scenario, seed=seed)
        session.choose("listen")
        texts.add(session.lines[0].text)
    assert len(texts) > 1


def test_same_seed_and_events_give_the_same_run(mini):
    """Replaying a session's events with its seed reproduces every line and score."""
    session = Session(mini.scenario, seed=7, clock=ticking_clock())
    for reply in ("listen", "again", "again", "firm"):
        session.choose(reply)
    again = Session(mini.scenario, seed=7, events=session.events)
    assert [turn.lines for turn in again.turns] == [turn.lines for turn in session.turns]
    assert again.points == session.points and again.ending == session.ending


def test_save_and_restore_round_trip(mini):
    """to_json/from_json restore the exact session, undo history included."""
    session = Session(mini.scenario, seed=5, clock=ticking_clock())
    session.choose("listen")
    session.choose("again")
    session.undo()
    restored = Session.from_json(session.to_json(), mini.scenario)
    assert restored.to_json() == session.to_json()
    assert restored.core_state == session.core_state
    assert restored.lines == session.lines


def test_restore_rejects_a_changed_scenario(mini):
    """A save made on another version of the scenario is refused with a clear message."""
    data = Session(mini.scenario).to_json()
    data["content_hash"] = "0" * 64
    with pytest.raises(SessionError, match="changed"):
        Session.from_json(data, mini.scenario)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("events"),
        lambda d: d.__setitem__("events", [{"kind": "choose", "choice": "hello/firm", "at": 1}]),
        lambda d: d.__setitem__("events", [{"kind": "undo", "choice": None, "at": 1}]),
        lambda d: d.__setitem__("events", [{"kind": "dance", "choice": None, "at": 1}]),
        lambda d: d.__setitem__("seed", "many"),
        lambda d: d.__setitem__("format", 99),
    ],
)
def test_restore_rejects_damaged_saves(mini, damage):
    """Damaged saves raise SessionError, never another exception."""
    data = Session(mini.scenario).to_json()
    damage(data)
    with pytest.raises(SessionError):
        Session.from_json(data, mini.scenario)


def test_events_cannot_replay_an_impossible_reply(mini):
    """An event naming a reply that is not on offer at that point is refused."""
    with pytest.raises(SessionError):
        Session(mini.scenario, events=[Event("choose", "ask/firm", 0.0)])


def test_scorecard_only_when_over(mini):
    """A scorecard needs an ending."""
    with pytest.raises(SessionError):
        Session(mini.scenario).scorecard()


def test_best_run_of_the_example_scores_gold():
    """The example's best path reaches Gold and a delighted ending."""
    scenario = load_scenario(EXAMPLE).scenario
    session = Session(scenario)
    for reply in ("invite", "paraphrase", "what-matters", "check-now", "honest-options", "small-gesture"):
        session.choose(reply)
    card = session.scorecard()
    assert session.ending.outcome.value == "delighted"
    assert card.band == "Gold"


def test_mood_curve_tracks_each_reply(mini):
    """The mood curve starts at the opening mood and has one point per reply."""
    session = Session(mini.scenario)
    session.choose("refuse")
    assert session.mood_curve == [0.5, pytest.approx(0.2)]


def test_conditional_line_with_its_own_speaker(mini):
    """The boss speaks up only once anger reaches 60, under his own name."""
    calm = Session(mini.scenario)
    calm.choose("listen")
    assert [line.speaker for line in calm.lines] == ["cus"]
    heated = Session(mini.scenario)
    heated.choose("refuse")
    assert [(line.speaker, line.speaker_name) for line in heated.lines] == [("cus", "Customer"), ("boss", "Boss")]


# Property tests: generated scenarios of any shape -------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from game.scenario.loader import load_scenario_text  # noqa: E402
from tests.strategies import scenario_data, scenario_yaml  # noqa: E402

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def play_to_the_end(session: Session, picks: list[int]) -> None:
    """Follow `picks` (indexes into the replies on offer), then the first reply, until an ending."""
    for step in range(400):
        if session.is_over:
            return
        offered = session.replies
        index = picks[step] % len(offered) if step < len(picks) else 0
        session.choose(offered[index].id)
    raise AssertionError("no ending after 400 replies")


@PROPERTY_SETTINGS
@given(data=scenario_data(), picks=st.lists(st.integers(0, 8), max_size=40), seed=st.integers(0, 2**31))
def test_generated_scenarios_load_play_and_replay_identically(data, picks, seed):
    """Any valid scenario loads, plays to an ending, and replays to the very same run."""
    scenario = load_scenario_text(scenario_yaml(data)).scenario
    session = Session(scenario, seed=seed)
    play_to_the_end(session, picks)
    card = session.scorecard()
    assert 0.0 <= card.percent <= 100.0
    again = Session.from_json(session.to_json(), scenario)
    assert [turn.lines for turn in again.turns] == [turn.lines for turn in session.turns]
    assert again.core_state == session.core_state and again.points == session.points
    assert again.scorecard().to_json() == card.to_json()


@PROPERTY_SETTINGS
@given(data=scenario_data(), picks=st.lists(st.integers(0, 8), min_size=1, max_size=30), seed=st.integers(0, 1000))
def test_undo_equals_never_having_chosen(data, picks, seed):
    """Choosing then undoing leaves exactly the state of a session that never made that reply."""
    scenario = load_scenario_text(scenario_yaml(data)).scenario
    session = Session(scenario, seed=seed)
    for pick in picks:
        if session.is_over:
            break
        offered = session.replies
        before = Session(scenario, seed=seed, events=session.events)
        session.choose(offered[pick % len(offered)].id)
        session.undo()
        assert session.core_state == before.core_state and session.lines == before.lines
        assert session.points == before.points
        session.choose(offered[pick % len(offered)].id)
