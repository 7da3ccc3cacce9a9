"""Emptying the outbox into a real LRS (game/export/xapi_push.py): Ralph on 127.0.0.1 with its file-system backend."""

from __future__ import annotations

import json

import pytest

from game.export import lrs
from game.export.xapi import EXTENSIONS, registration, statement_id
from game.export.xapi_push import build_waiting, push
from game.store import outbox
from game.store.tables import xapi_outbox
from tests.ralph_helpers import Ralph, running_ralph
from tests.store_helpers import BAD, BEST, GOOD, open_tmp, record

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    """A Ralph LRS for this file's tests (each reads back only its own runs), stopped at the end."""
    with running_ralph(tmp_path_factory.mktemp("ralph")) as server:
        yield server


@pytest.fixture
def store(tmp_path, ralph):
    """A store that keeps Ralph as its LRS."""
    opened = open_tmp(tmp_path)
    outbox.configure(opened, lrs=ralph.url, home_page="https://training.example.org/")
    yield opened
    opened.close()


def stored(ralph: Ralph, run_uid: str) -> list[dict]:
    """What the LRS holds for the run, by its registration, oldest first."""
    answer = lrs.get_json(ralph.target, f"registration={registration(run_uid)}&ascending=true")
    return answer["statements"]


def test_a_recorded_run_reaches_the_lrs_and_reads_back_field_by_field(store, ralph):
    """Every statement of a run is stored by Ralph as sent: ids, verbs, actor, registration, score, choices, grades."""
    run = record(store, "Ann", BEST)
    report = push(store, ralph.target)
    assert (report.built, report.sent, report.waiting, report.problem) == (6, 6, 0, None)
    got = {item["id"]: item for item in stored(ralph, run.run_uid)}
    places = ["initialized", "reply/1", "reply/2", "reply/3", "completed", "verdict"]
    assert set(got) == {statement_id(run.run_uid, place) for place in places}
    first, *replies, done, verdict = [got[statement_id(run.run_uid, place)] for place in places]
    for item in got.values():
        assert item["actor"] == {"objectType": "Agent", "account": {"homePage": "https://training.example.org/", "name": "ann"}}
        assert item["context"]["registration"] == registration(run.run_uid)
    assert [item["verb"]["id"].rsplit("/", 1)[1] for item in (first, *replies, done, verdict)] == [
        "initialized", "responded", "responded", "responded", "completed", "passed"
    ]
    assert first["object"]["id"] == done["object"]["id"] == verdict["object"]["id"]
    assert first["object"]["id"].endswith(f"mini:{run.content_hash}")
    assert verdict["result"]["score"] == {"raw": 100.0, "min": 0, "max": 100, "scaled": 1.0}
    assert verdict["result"]["success"] is True and done["result"]["completion"] is True
    assert verdict["result"]["extensions"][EXTENSIONS["band"]] == "Gold"
    assert verdict["result"]["extensions"][EXTENSIONS["status"]] == "verified"
    assert [item["result"]["response"] for item in replies] == BEST
    for item in replies:
        definition = item["object"]["definition"]
        assert definition["interactionType"] == "choice"
        assert item["result"]["response"] in [choice["id"] for choice in definition["choices"]]
        assert item["result"]["extensions"][EXTENSIONS["grade"]] == "best"
        assert item["context"]["contextActivities"]["parent"][0]["id"] == first["object"]["id"]


def test_a_run_without_a_band_is_failed(store, ralph):
    """A run that reaches no band is sent as failed, success false, raw score 0 and scaled 0."""
    run = record(store, "Bob", BAD)
    push(store, ralph.target)
    verdict = [item for item in stored(ralph, run.run_uid) if item["id"] == statement_id(run.run_uid, "verdict")][0]
    assert verdict["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed"
    assert (verdict["result"]["success"], verdict["result"]["score"]["scaled"]) == (False, 0.0)


def test_the_lrs_down_mid_class_loses_nothing(store, ralph):
    """Runs recorded while the LRS is down wait in the outbox; after it restarts one push sends them, each exactly once."""
    first = record(store, "Ann", BEST)
    assert push(store, ralph.target).sent == 6
    ralph.stop()
    during = [record(store, "Bob", GOOD), record(store, "Cy", BAD)]
    pauses: list[float] = []
    report = push(store, ralph.target, tries=3, first_pause=0.5, sleep=pauses.append)
    assert (report.sent, report.waiting) == (0, 10)
    assert report.problem is not None and pauses == [0.5, 1.0]  # backoff: each pause twice the one before
    ralph.start()
    report = push(store, ralph.target)
    assert (report.sent, report.waiting, report.problem) == (10, 0, None)
    assert len(stored(ralph, first.run_uid)) == 6
    assert [len(stored(ralph, run.run_uid)) for run in during] == [5, 5]
    assert push(store, ralph.target).sent == 0  # nothing sent twice


def test_a_statement_the_lrs_already_has_counts_as_sent(store, ralph):
    """An acknowledgement lost on the way (the LRS has the statements, the outbox says unsent): a resend is a 409, marked sent, none duplicated."""
    run = record(store, "Ann", BEST)
    push(store, ralph.target)
    with store.write() as connection:
        connection.execute(xapi_outbox.update().values(sent_at=None))
    record(store, "Bob", GOOD)  # a batch mixing new statements and known ones
    report = push(store, ralph.target)
    assert (report.sent, report.waiting, report.problem) == (11, 0, None)
    assert len(stored(ralph, run.run_uid)) == 6


def test_wrong_credentials_are_not_retried_and_nothing_is_marked(store, ralph):
    """A 401 stops the push at once (no retries that cannot help) and every statement stays waiting."""
    record(store, "Ann", BEST)
    pauses: list[float] = []
    report = push(store, lrs.LrsTarget(ralph.url, "dojo-test", "wrong"), sleep=pauses.append)
    assert (report.sent, report.waiting, pauses) == (0, 6, [])
    assert "401" in (report.problem or "")



def test_ralph_refuses_a_statement_that_breaks_the_rules_and_it_stays_waiting(store, ralph):
    """A control: an actor with no identifier gets a 4xx from Ralph (so its 200s mean our statements pass its xAPI checks); not retried, not marked."""
    uid = record(store, "Ann", BEST).run_uid
    build_waiting(store)
    with store.write() as connection:
        row = connection.execute(xapi_outbox.select().where(xapi_outbox.c.run_uid == uid, xapi_outbox.c.place == 0)).one()
        broken = json.loads(row.statement) | {"actor": {"objectType": "Agent", "name": "no identifier"}}
        connection.execute(xapi_outbox.update().where(xapi_outbox.c.statement_id == row.statement_id).values(statement=json.dumps(broken)))
    pauses: list[float] = []
    report = push(store, ralph.target, sleep=pauses.append)
    assert (report.sent, report.waiting, pauses) == (0, 6, [])
    assert report.problem is not None and "answered 4" in report.problem
