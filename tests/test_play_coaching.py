"""Practice coaching as a view (game/play/coaching.py): the grade, each behaviour with its rule, the author's note, the one-line form."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.engine.analysis import cached_analysis
from game.engine.review import last_row
from game.engine.session import Session
from game.i18n import rubric_text, use_locale
from game.play.coaching import EMPTY, NO_BEHAVIOUR, CoachItem, CoachingView, coaching_view, signed
from scoring.rubric import default_rubric
from tests.conftest import MINI, scenario_from
from tests.test_play_controller import entry


def turn_of(choice: str):
    """The Turn made by `choice` at the start of the example scenario."""
    session = Session(entry("late-birthday-parcel").scenario, seed=0)
    return session.choose(choice)


def test_items_carry_points_rule_ids_and_the_authors_note():
    """'invite' earns LIS-1 and LIS-6 points, each a behaviour with its tag and signed points, and ends with the author's note."""
    view = coaching_view(turn_of("invite"))
    behaviours = [item for item in view.items if item.kind == "behaviour"]
    assert [item.tag for item in behaviours[:2]] == ["LIS-1", "LIS-6"]
    assert behaviours[0].points > 0 and behaviours[0].tone == 1 and behaviours[0].points_text.startswith("+")
    note = view.items[-1]
    assert note.kind == "note" and note.tag == "Coach" and "room to talk" in note.title and note.points_text == ""


def test_behaviours_are_named_by_their_rubric_title_not_their_tag():
    """Each behaviour item is titled as the rubric titles its tag, and its skill by the skill's title."""
    turn = turn_of("invite")
    rubric = default_rubric()
    view = coaching_view(turn, rubric=rubric)
    shown = [item for item in view.items if item.kind == "behaviour"]
    tags = [found.key for found in turn.result.items if found.source == "behaviour"]
    assert [item.title for item in shown[: len(tags)]] == [rubric.behaviours[tag].title for tag in tags]
    assert shown[0].dimension == rubric.dimensions["listening"].title


def test_a_behaviour_without_a_title_is_named_by_its_tag():
    """Scored under a rubric whose behaviours have no titles, the coaching shows the tag itself."""
    rubric = default_rubric()
    untitled = rubric.model_copy(update={"behaviours": {tag: item.model_copy(update={"title": None}) for tag, item in rubric.behaviours.items()}})
    turn = turn_of("invite")
    first = next(item for item in coaching_view(turn, rubric=untitled).items if item.kind == "behaviour")
    assert first.title == turn.result.items[0].key


def test_in_chinese_the_coaching_shows_the_catalogs_words():
    """In zh-Hans a reply's behaviour title, rule statement and explanation are the rubric catalog's Chinese."""
    turn = turn_of("invite")
    rubric = default_rubric()
    tag = turn.result.items[0].key
    behaviour = rubric.behaviours[tag]
    english = (behaviour.title or "", rubric.rule_title(behaviour.rule), behaviour.explain)
    use_locale("zh-Hans")
    translated = tuple(rubric_text(text) for text in english)
    assert all(zh != en for zh, en in zip(translated, english))
    first = next(item for item in coaching_view(turn, rubric=rubric).items if item.kind == "behaviour")
    assert (first.title, first.rule_title, first.explain) == translated
    assert first.dimension == rubric_text(rubric.dimensions[behaviour.dimension].title) != rubric.dimensions[behaviour.dimension].title


def test_the_reply_is_the_wording_shown():
    """The view quotes the reply as the trainee saw it (a drawn variant), not the first wording written."""
    worded = MINI.replace("text: Tell me more.", 'variants: ["Tell me more.", "Go on, I am listening.", "What happened?"]', 1)
    turn = Session(scenario_from(worded).scenario, seed=1).choose("listen")
    assert turn.text != turn.choice.text
    assert coaching_view(turn).reply == turn.text


def test_the_grade_leads_and_names_the_better_reply():
    """Given the reply's review, the first item is its grade (short of the best: tone -1) naming the better reply; the one-line form starts with it."""
    session = Session(scenario_from(MINI).scenario)
    turn = session.choose("refuse")
    review = last_row(session, cached_analysis(session.scenario, session.scorer))
    assert review is not None and review.grade == "blunder"
    view = coaching_view(turn, review)
    grade = view.items[0]
    assert grade.kind == "grade" and grade.tag == "Grade" and grade.tone == -1
    assert grade.title.startswith("blunder, ") and "Better here: Tell me more." in grade.title
    assert view.compact.startswith("COACH  ·  u undoes  ·  " + review.words)


def test_the_compact_line_names_each_rule_with_its_words():
    """The one-line form lists every behaviour's points, rule ID and words, never bare codes."""
    view = coaching_view(turn_of("invite"))
    first = next(item for item in view.items if item.kind == "behaviour")
    assert "+10 LIS-1" in view.compact and f"LIS-1 {first.heading}" in view.compact and "LIS-6" in view.compact


def test_before_any_reply_there_is_only_the_hint_and_no_undo():
    """Before the first reply the view is empty, says what will appear, and neither its title nor its one line offers undo."""
    view = coaching_view(None)
    assert view.empty and view.items == () and view.hint == EMPTY
    assert "undo" not in view.title and "undo" not in view.compact
    assert "u undoes" in coaching_view(turn_of("invite")).title


def test_a_reply_with_nothing_to_say_says_so():
    """A reply with no behaviour, grade or note shows the 'no rubric behaviour' note instead of items."""
    view = CoachingView("Hello.", (), None)
    assert view.hint == NO_BEHAVIOUR and view.compact.endswith("no rubric behaviour on that reply")


@given(st.floats(min_value=-50, max_value=50, allow_nan=False))
def test_a_behaviours_tone_follows_the_sign_of_its_points(points):
    """A behaviour is good (+1) with points gained, short (-1) with points lost, neutral (0) otherwise; signed() always carries the sign."""
    tone = 1 if points > 0 else -1 if points < 0 else 0
    item = CoachItem("behaviour", tone, points, "t", "listening", "", "", "")
    assert item.tag == "listening" and item.heading == "t"
    text = signed(points)
    assert text[0] in "+-"


def test_signed_points_read_as_whole_or_one_decimal():
    """Whole points show no decimals, others one."""
    assert signed(3) == "+3" and signed(-2) == "-2" and signed(1.5) == "+1.5"
