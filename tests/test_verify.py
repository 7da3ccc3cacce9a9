"""Tests for game.store.verify: replaying stored runs catches every kind of edited row."""

from __future__ import annotations

import json

import pytest

from game.store.keys import SealKey, legacy_seal
from game.store.names import identity
from game.store.tables import players, rubric_copies, runs, scenario_copies
from game.store.verify import LEGACY_SEALED, TOLERANCE, dumps, seal_of, seal_problem, sealed_text, verify_store
from tests.store_helpers import BAD, BEST, GOOD, MINI_TEXT, events_json, open_tmp, record, run_row, tamper


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture()
def store(tmp_path):
    """A store with two ranked runs (Ann good, Bob bad) and one practice run (Cy)."""
    store = open_tmp(tmp_path)
    record(store, "Ann", GOOD)
    record(store, "Bob", BAD)
    record(store, "Cy", GOOD, mode="practice")
    return store


def uid_of(store, player: str) -> str:
    """The run id of the player's (only) run."""
    from game.store.runs import list_runs

    return list_runs(store, player=player)[0].run_uid


def flagged(store, include_practice: bool = False) -> dict[str, str]:
    """Run a verification pass; returns run id -> problem for every flagged run."""
    report = verify_store(store, include_practice=include_practice)
    return {finding.run_uid: finding.problem for finding in report.flagged}


def test_clean_database_passes(store):
    """Untouched runs all replay to their stored scores; ranked only by default, all with include_practice."""
    report = verify_store(store)
    assert (report.checked, report.flagged, report.integrity, report.ok) == (2, [], "ok", True)
    assert verify_store(store, include_practice=True).checked == 3


def test_raised_score_is_caught(store):
    """Bob's 0% raised to 99% in the row is flagged with both numbers, and leaves the boards."""
    bob = uid_of(store, "Bob")
    tamper(store, bob, percent=99.0)
    assert flagged(store) == {bob: "stored score 99.0% but the replay scores 0.0%"}
    assert run_row(store, bob)["status"] == "flagged"


def test_tiny_float_noise_is_tolerated_but_more_is_not(store):
    """A difference under 1e-6 passes; one just over it is flagged."""
    ann = uid_of(store, "Ann")
    exact = run_row(store, ann)["percent"]
    tamper(store, ann, percent=exact + TOLERANCE / 4)
    assert "seal" in flagged(store)[ann]  # the number passes the tolerance; the seal does not
    tamper(store, ann, percent=exact + TOLERANCE * 10)
    assert "stored score" in flagged(store)[ann]


def test_changed_event_is_caught(store):
    """Swapping one chosen reply for another changes the replay and is flagged."""
    ann = uid_of(store, "Ann")
    events = events_json(store, ann)
    events[1]["choice"] = "ask/cave"
    tamper(store, ann, events=json.dumps(events))
    assert "stored score" in flagged(store)[ann]


def test_changed_event_time_is_caught_by_the_seal(store):
    """An edit that leaves the score alone (an event's time) is still caught."""
    ann = uid_of(store, "Ann")
    events = events_json(store, ann)
    events[0]["at"] += 3600
    tamper(store, ann, events=json.dumps(events))
    assert flagged(store) == {ann: "the row was edited after it was recorded (its seal does not match)"}


def test_impossible_events_are_caught(store):
    """Events that the scenario cannot replay (a reply not on offer) are flagged, not crashed on."""
    ann = uid_of(store, "Ann")
    tamper(store, ann, events=json.dumps([{"kind": "choose", "choice": "ask/firm", "at": 1.0}]))
    assert flagged(store)[ann].startswith("cannot be replayed")
    tamper(store, ann, events="not json")
    assert "not valid JSON" in flagged(store)[ann]
    tamper(store, ann, events=json.dumps([{"kind": "choose", "choice": "hello/listen", "at": 1.0}]))
    assert "stop before an ending" in flagged(store)[ann]


def test_edited_band_ending_and_summary_are_caught(store):
    """Band, ending and summary edits are each flagged."""
    ann = uid_of(store, "Ann")
    original = run_row(store, ann)
    tamper(store, ann, band="Platinum")
    assert "stored band Platinum" in flagged(store)[ann]
    tamper(store, ann, band=original["band"], ending="gone")
    assert "stored ending 'gone'" in flagged(store)[ann]
    summary = json.loads(original["summary"])
    summary["dimensions"]["listening"]["raw"] = 99
    tamper(store, ann, ending=original["ending"], summary=json.dumps(summary))
    assert "summary does not match" in flagged(store)[ann]


def test_mode_change_is_caught(store):
    """A practice run relabelled ranked (to reach the boards) is flagged."""
    cy = uid_of(store, "Cy")
    tamper(store, cy, mode="ranked")
    assert "seal" in flagged(store)[cy]


def test_run_moved_to_another_player_is_caught(store):
    """Giving Ann's run to Bob breaks its seal."""
    ann = uid_of(store, "Ann")
    with store.write() as connection:
        bob_id = connection.execute(players.select().where(players.c.name == "Bob")).first().id
    tamper(store, ann, player_id=bob_id)
    assert "seal" in flagged(store)[ann]


def test_edited_scenario_or_rubric_copy_is_damage_not_tampering(store):
    """A stored copy that no longer has its hash is reported damaged; its runs are unchecked, not flagged, and nothing is written."""
    with store.write() as connection:
        connection.execute(scenario_copies.update().values(text=MINI_TEXT.replace("refusal.cave", "refusal.give-reason")))
    report = verify_store(store)
    assert report.flagged == [] and len(report.unchecked) == 2 and not report.ok and not report.wrote
    assert report.damaged_copies and all("damaged" in text for text in report.damaged_copies)
    assert {run_row(store, uid_of(store, name))["status"] for name in ("Ann", "Bob")} == {"verified"}
    with store.write() as connection:
        connection.execute(scenario_copies.update().values(text=MINI_TEXT))
        connection.execute(rubric_copies.update().values(text="format: 1\nid: x\n"))
    report = verify_store(store)
    assert report.flagged == [] and all("rubric" in text for text in report.damaged_copies)


def test_a_fixed_row_is_restored(store):
    """A flagged run whose row is put right passes again and is counted as restored."""
    bob = uid_of(store, "Bob")
    tamper(store, bob, percent=99.0)
    verify_store(store)
    tamper(store, bob, percent=0.0)
    report = verify_store(store)
    assert report.ok and report.restored == 1
    assert run_row(store, bob)["status"] == "verified" and run_row(store, bob)["problem"] is None


def test_seal_problem_names_edits_other_keys_and_legacy_rows(store):
    """seal_problem passes an untouched row, and tells an edited row, another key's row and a legacy row apart."""
    row = {**run_row(store, uid_of(store, "Ann")), "identity": "ann"}
    key = SealKey(b"test-seal-key-0123456789abcdef0123456789abcdef")
    assert seal_problem(row, key) is None
    assert "edited" in (seal_problem({**row, "percent": 100.0}, key) or "")
    assert "another key" in (seal_problem(row, SealKey(b"x" * 40)) or "")
    assert "legacy" in (seal_problem({**row, "seal_key": "legacy"}, key) or "")


def test_pages_cover_every_run(tmp_path):
    """A pass with a small page size still checks every run exactly once."""
    store = open_tmp(tmp_path)
    for i in range(7):
        record(store, f"p{i}", BEST if i % 2 else GOOD)
    assert verify_store(store, page_size=3).checked == 7


def test_report_json_shape(store):
    """The JSON report has counts, flagged runs with reasons, and the integrity verdict."""
    tamper(store, uid_of(store, "Bob"), percent=99.0)
    data = verify_store(store).to_json()
    assert (data["checked"], data["passed"], data["integrity"]) == (2, 1, "ok")
    assert set(data["flagged"][0]) == {"run_id", "player", "scenario", "mode", "finished_at", "problem"}


def test_seal_depends_on_every_sealed_fact(store):
    """Changing any sealed field changes the seal."""
    row = dict(run_row(store, uid_of(store, "Ann")))
    row["identity"] = "ann"
    base = seal_of(row)
    assert base == row["seal"]
    for name, value in [("seed", 1), ("finished_at", 1.0), ("rubric_version", "2"), ("identity", "bob"), ("mode", "practice")]:
        assert seal_of({**row, name: value}) != base


def test_a_resealed_edit_without_the_key_is_caught(store):
    """Finding 3: re-sealing an edited row the old way (a sha256 of its facts, no key) no longer passes verify."""
    bob = uid_of(store, "Bob")
    row = {**run_row(store, bob), "identity": identity("Ann")}
    with store.write() as connection:
        ann_id = connection.execute(players.select().where(players.c.name == "Ann")).first().id
    # Re-own Bob's run as Ann, backdate it, and re-seal it as the old code did.
    row.update(finished_at=row["finished_at"] - 86_400, started_at=row["started_at"] - 86_400)
    forged = legacy_seal(sealed_text(row))
    tamper(store, bob, player_id=ann_id, finished_at=row["finished_at"], started_at=row["started_at"], seal=forged)
    assert "seal" in flagged(store)[bob]


def test_a_keyed_seal_is_an_hmac_not_a_plain_digest(store):
    """Finding 3: the stored seal is not the sha256 of the row's facts (which anyone could remake)."""
    row = {**run_row(store, uid_of(store, "Ann")), "identity": "ann", "player": "Ann"}
    assert row["seal"] not in (legacy_seal(sealed_text(row)), legacy_seal(dumps([row[name] for name in LEGACY_SEALED])))


def test_legacy_rows_are_reported_and_adopted_only_by_reseal(store):
    """Rows sealed before seals had a key stay 'legacy' (not verified) until the owner re-seals them after a replay."""
    with store.write() as connection:
        for row in connection.execute(runs.select()).mappings().all():
            player = connection.execute(players.select().where(players.c.id == row["player_id"])).first().name
            seal = legacy_seal(dumps([{**row, "player": player}[name] for name in LEGACY_SEALED]))
            connection.execute(runs.update().where(runs.c.id == row["id"]).values(seal=seal, seal_key="legacy", status="legacy"))
    report = verify_store(store)
    assert (report.legacy, report.flagged, report.resealed) == (2, [], 0)
    assert run_row(store, uid_of(store, "Ann"))["status"] == "legacy"
    adopted = verify_store(store, reseal=True)
    assert adopted.resealed == 2 and run_row(store, uid_of(store, "Ann"))["status"] == "verified"
    assert verify_store(store).ok


def test_a_database_sqlite_finds_damaged_is_never_written(store, monkeypatch):
    """Finding 8: when quick_check complains, verify reports what it finds but writes no flag into the file."""
    import game.store.verify as verify_module

    bob = uid_of(store, "Bob")
    tamper(store, bob, percent=99.0)
    monkeypatch.setattr(verify_module, "integrity", lambda _store: "*** in database main *** Page 7 is never used")
    report = verify_store(store)
    assert [finding.run_uid for finding in report.flagged] == [bob] and not report.wrote and not report.ok
    assert run_row(store, bob)["status"] == "verified"
