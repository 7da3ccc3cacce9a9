"""The xAPI outbox in the store (game/store/outbox.py): settings, runs noted with their recording, statements filed once."""

from __future__ import annotations

import pytest

from game.store import outbox
from tests.store_helpers import BEST, open_tmp, record

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture
def store(tmp_path):
    """A fresh store."""
    opened = open_tmp(tmp_path)
    yield opened
    opened.close()


def statement(uid: str, place: int) -> dict:
    """A stand-in statement with a fixed id."""
    return {"id": f"00000000-0000-4000-8000-{place:012d}", "run": uid}


def test_without_an_lrs_no_run_is_noted(store):
    """A store with no LRS configured notes nothing when a run is recorded."""
    record(store, "Ann", BEST)
    assert outbox.runs_to_build(store) == []
    assert outbox.counts(store) == outbox.Counts(0, 0, 0)


def test_settings_default_to_an_account_on_the_default_home_page(store):
    """No LRS, trainees as accounts on the default home page, until the owner says otherwise."""
    assert outbox.settings(store) == outbox.XapiSettings(None, outbox.DEFAULT_HOME_PAGE, "account")
    kept = outbox.configure(store, lrs="http://lrs.test/xAPI/", home_page="https://learn.test/", actor="mbox")
    assert kept == outbox.XapiSettings("http://lrs.test/xAPI/", "https://learn.test/", "mbox")
    assert outbox.configure(store, home_page="https://other.test/").lrs == "http://lrs.test/xAPI/"  # None keeps a setting


def test_an_unknown_actor_kind_is_refused(store):
    """Only 'account' and 'mbox' are actor kinds."""
    with pytest.raises(ValueError):
        outbox.configure(store, actor="email")


def test_with_an_lrs_each_run_is_noted_in_its_own_recording(store):
    """Once an LRS is configured every recorded run waits to be made into statements, oldest first."""
    outbox.configure(store, lrs="http://lrs.test/xAPI/")
    runs = [record(store, "Ann", BEST).run_uid, record(store, "Bob", BEST).run_uid]
    assert outbox.runs_to_build(store) == runs
    assert outbox.counts(store).runs_waiting == 2


def test_statements_are_filed_once_and_sent_once(store):
    """Filing a run's statements twice (two pushers) keeps one copy; only acknowledged ones are marked sent; failures count attempts."""
    outbox.configure(store, lrs="http://lrs.test/xAPI/")
    uid = record(store, "Ann", BEST).run_uid
    made = [statement(uid, 1), statement(uid, 2)]
    assert outbox.file_statements(store, uid, made) == 2
    assert outbox.file_statements(store, uid, made) == 0
    assert outbox.runs_to_build(store) == []
    waiting = outbox.pending(store)
    assert [item.statement for item in waiting] == made
    outbox.note_failure(store, [made[0]["id"]], "the LRS answered 503")
    outbox.mark_sent(store, [made[1]["id"]])
    [left] = outbox.pending(store)
    assert (left.statement_id, left.attempts) == (made[0]["id"], 1)
    assert outbox.counts(store) == outbox.Counts(0, 1, 1)


def test_a_run_that_gives_no_statements_is_not_built_again(store):
    """A run filed with no statements (it did not replay) keeps why and is not tried again."""
    outbox.configure(store, lrs="http://lrs.test/xAPI/")
    uid = record(store, "Ann", BEST).run_uid
    outbox.file_statements(store, uid, [], problem="it does not replay")
    assert outbox.runs_to_build(store) == []
    assert outbox.counts(store) == outbox.Counts(0, 0, 0)
