"""Hot reload for authors (game/play/watch.py): stamps, reload with lint findings, and replay."""

from __future__ import annotations

import os

from game.engine.session import Session
from game.play.watch import reload, replay, stamp
from scoring.rubric import default_rubric
from scoring.scorer import Scorer
from tests.conftest import EXAMPLE, IMPOSSIBLE

SCORER = Scorer(default_rubric())
PATH_START = ["invite", "paraphrase", "what-matters"]


def test_stamp_changes_when_the_file_is_saved_and_is_none_while_missing(tmp_path):
    """A save (new size or time) gives a new stamp; a missing file gives None."""
    path = tmp_path / "s.yaml"
    assert stamp(path) is None
    path.write_text("a", encoding="utf-8")
    first = stamp(path)
    path.write_text("ab", encoding="utf-8")
    os.utime(path, ns=(first.mtime_ns + 10**9, first.mtime_ns + 10**9))
    assert stamp(path) not in (None, first)


def test_reload_of_a_good_file_gives_the_entry_and_its_bytes(tmp_path):
    """A playable file reloads as an entry with exactly the bytes read, and no errors."""
    path = tmp_path / "draft.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    result = reload(path, SCORER)
    assert result.entry is not None and result.entry.raw == EXAMPLE.read_bytes()
    assert result.entry.scenario.id == "late-birthday-parcel" and result.errors == []


def test_reload_of_a_broken_file_gives_located_errors_and_no_entry(tmp_path):
    """A file with a dangling `next` gives no entry and an error at its line."""
    path = tmp_path / "draft.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("next: story", "next: nowhere-at-all", 1)
    path.write_text(text, encoding="utf-8")
    result = reload(path, SCORER)
    assert result.entry is None and result.errors
    line = text.splitlines().index(next(x for x in text.splitlines() if "nowhere-at-all" in x)) + 1
    assert any(d.line == line and "nowhere-at-all" in d.message for d in result.errors)


def test_reload_of_a_missing_file_is_a_finding_not_an_exception(tmp_path):
    """A file deleted mid-save reloads as one DOJO001 finding."""
    result = reload(tmp_path / "gone.yaml", SCORER)
    assert result.entry is None and [d.code for d in result.findings] == ["DOJO001"]


def test_reload_lints_with_the_analysis(tmp_path):
    """Findings only the state search can make (replies and nodes impossible in play) come with a reload, as dojo lint gives them."""
    import textwrap

    from game.engine.lint import lint_file

    path = tmp_path / "draft.yaml"
    path.write_text(textwrap.dedent(IMPOSSIBLE), encoding="utf-8")
    result = reload(path, SCORER)
    assert result.entry is not None and result.errors == []
    assert {"DOJO207", "DOJO202", "DOJO204"} <= {d.code for d in result.findings}
    assert [d.format() for d in result.findings] == [d.format() for d in lint_file(path, default_rubric())]


def test_replay_makes_the_same_replies_on_an_unchanged_scenario(tmp_path):
    """Replaying on the same scenario makes every reply again and ends in the same state."""
    result = reload(EXAMPLE, SCORER)
    old = Session(result.entry.scenario, seed=7, mode="practice", scorer=SCORER)
    for reply in PATH_START:
        old.choose(reply)
    again = replay(old, result.entry.scenario, SCORER)
    assert (again.made, again.wanted, again.stopped_at) == (3, 3, None)
    assert again.session.core_state == old.core_state and again.session.seed == 7
    assert again.summary() == "replayed 3 of 3 replies"


def test_replay_stops_at_the_first_reply_no_longer_offered(tmp_path):
    """A renamed reply stops the replay just before it, and the summary names it."""
    path = tmp_path / "draft.yaml"
    original = reload(EXAMPLE, SCORER).entry.scenario
    old = Session(original, seed=1, mode="practice", scorer=SCORER)
    for reply in PATH_START:
        old.choose(reply)
    text = EXAMPLE.read_text(encoding="utf-8").replace("id: paraphrase", "id: sum-up")
    text = text.replace("chose(paraphrase)", "chose(sum-up)").replace("paraphrase]", "sum-up]")
    path.write_text(text, encoding="utf-8")
    edited = reload(path, SCORER)
    assert edited.entry is not None, [d.format() for d in edited.errors]
    again = replay(old, edited.entry.scenario, SCORER)
    assert (again.made, again.wanted, again.stopped_at) == (1, 3, "paraphrase")
    assert [turn.choice.id for turn in again.session.turns] == ["invite"]
    assert '"paraphrase" is no longer offered' in again.summary()
