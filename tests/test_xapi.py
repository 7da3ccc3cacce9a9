"""A run as xAPI 1.0.3 statements (game/export/xapi.py): order, fixed ids, actor, score, choices, grades and rules."""

from __future__ import annotations

import uuid

import pytest

from game.export import xapi
from tests.store_helpers import BAD, BEST, GOOD, finished

RUN_UID = uuid.UUID(int=7).hex
HOME = "https://training.example.org/"


def facts(percent: float, band: str | None, started: float = 1000.0, finished_at: float = 1083.25) -> xapi.RunFacts:
    """Stored facts of a run with the given verdict."""
    return xapi.RunFacts(RUN_UID, started, finished_at, percent, band, "ranked", "default@1.0")


def statements(choices: list[str], band: str | None = "Gold", percent: float = 100.0, actor: xapi.Actor | None = None) -> list[dict]:
    """The statements of MINI played through `choices`."""
    session = finished(choices)
    return xapi.run_statements(facts(percent, band), session, session.scorecard(), actor or xapi.Actor("ann", HOME))


def test_a_run_gives_initialized_one_responded_per_reply_completed_and_passed():
    """The verbs come in order, with ADL's IRIs, and every statement shares the run's registration."""
    made = statements(BEST)
    assert [item["verb"]["id"] for item in made] == [xapi.ADL_VERB + verb for verb in ("initialized", "responded", "responded", "responded", "completed", "passed")]
    assert {item["context"]["registration"] for item in made} == {str(uuid.UUID(RUN_UID))}
    assert {item["version"] for item in made} == {"1.0.3"}


def test_statement_ids_are_fixed_by_the_run_and_the_place():
    """The same run always gives the same ids; another run gives other ids; every id is a UUID."""
    first, again = statements(BEST), statements(BEST)
    assert [item["id"] for item in first] == [item["id"] for item in again]
    assert first[0]["id"] == xapi.statement_id(RUN_UID, "initialized")
    assert first[2]["id"] == xapi.statement_id(RUN_UID, "reply/2")
    assert xapi.statement_id(uuid.UUID(int=8).hex, "initialized") != first[0]["id"]
    assert all(uuid.UUID(item["id"]) for item in first)
    assert len({item["id"] for item in first}) == len(first)


def test_a_uid_that_is_not_a_uuid_still_gives_a_fixed_registration():
    """A run uid that is not 32 hex digits is hashed into a UUID, the same each time."""
    assert xapi.registration("legacy-run") == xapi.registration("legacy-run")
    assert uuid.UUID(xapi.registration("legacy-run"))


def test_the_actor_is_an_account_unless_the_owner_chose_mbox():
    """An account on the home page named by the identity; mbox only when chosen and only for an address."""
    assert xapi.Actor("ann", HOME).to_json() == {"objectType": "Agent", "account": {"homePage": HOME, "name": "ann"}}
    assert xapi.Actor("ann@shop.example", HOME).to_json()["account"]["name"] == "ann@shop.example"
    assert xapi.Actor("ann@shop.example", HOME, "mbox").to_json() == {"objectType": "Agent", "mbox": "mailto:ann@shop.example"}
    assert "account" in xapi.Actor("ann", HOME, "mbox").to_json()  # not an address: still an account


def test_activity_iris_come_from_the_scenario_id_and_content_hash():
    """The scenario's IRI names its id and hash; each decision's IRI extends it with the node."""
    made = statements(BEST)
    session = finished(BEST)
    scenario = xapi.scenario_iri("mini", session.scenario.content_hash)
    assert made[0]["object"]["id"] == scenario == made[-1]["object"]["id"]
    assert made[1]["object"]["id"] == f"{scenario}:node:hello"
    assert xapi.scenario_iri("a b/c", "h") == "urn:service-dojo:scenario:a%20b%2Fc:h"


def test_the_attempt_result_has_the_score_success_and_duration():
    """Completed and passed carry raw 0-100, scaled, success from the band and the ISO 8601 duration."""
    made = statements(GOOD, band="Gold", percent=93.7)
    for item in made[-2:]:
        assert item["result"]["score"] == {"raw": 93.7, "min": 0, "max": 100, "scaled": 0.937}
        assert item["result"]["success"] is True
        assert item["result"]["duration"] == "PT1M23.25S"
    assert made[-2]["result"]["completion"] is True


def test_a_run_without_a_band_is_failed():
    """No band: the last statement is failed and success is false."""
    made = statements(BAD, band=None, percent=0.0)
    assert made[-1]["verb"]["id"] == xapi.ADL_VERB + "failed"
    assert made[-1]["result"]["success"] is False and made[-1]["result"]["score"]["scaled"] == 0.0


def test_each_reply_is_a_choice_interaction_with_its_grade_and_rules():
    """Choices are the replies on offer then; the response is the chosen id; grade, loss, better and rules are our extensions."""
    made = statements(BAD, band=None, percent=0.0)
    reply = made[1]
    definition = reply["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert sorted(choice["id"] for choice in definition["choices"]) == ["listen", "refuse"]
    assert reply["result"]["response"] == "refuse"
    extensions = reply["result"]["extensions"]
    assert extensions[xapi.EXTENSIONS["grade"]] in ("slip", "mistake", "blunder")
    assert extensions[xapi.EXTENSIONS["better"]] == "listen"
    assert extensions[xapi.EXTENSIONS["rules"]] and all(isinstance(rule, str) for rule in extensions[xapi.EXTENSIONS["rules"]])
    assert all(key.startswith(xapi.IRI_PREFIX) for key in extensions)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "PT0S"), (59.5, "PT59.50S"), (61, "PT1M1S"), (3600 + 120 + 3.456, "PT1H2M3.46S"), (-4, "PT0S")]
)
def test_durations_are_iso_8601(seconds, text):
    """Durations are written as ISO 8601, to the hundredth of a second."""
    assert xapi.duration(seconds) == text


def test_timestamps_are_utc():
    """Timestamps are ISO 8601 in UTC, to the millisecond."""
    assert xapi.timestamp(0.5) == "1970-01-01T00:00:00.500+00:00"


def test_a_chinese_scenario_tags_its_own_text_chinese_and_our_english_words_english():
    """A run of the Chinese flagship: its title and replies are in language maps tagged zh-Hans; the interaction's name, our
    own English words, is tagged en (a map never claims Chinese for English text)."""
    from game.engine.session import Session
    from game.play.catalog import load_entry
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    scenario = load_entry(BUNDLED_DIR / "angry-shoe-buyer.yaml", default_rubric(), "zh-Hans").scenario
    session = Session(scenario, seed=0)
    while not session.is_over:
        session.choose(session.offered[0].key)
    made = xapi.run_statements(facts(50.0, None), session, session.scorecard(), xapi.Actor("ann", HOME))
    assert set(made[0]["object"]["definition"]["name"]) == {"zh-Hans"}
    decision = made[1]["object"]["definition"]
    assert set(decision["name"]) == {"en"} and decision["name"]["en"].startswith("Reply at ")
    assert all(set(choice["description"]) == {"zh-Hans"} for choice in decision["choices"])
