"""Tests for game.store.copies: scenario and rubric texts stored once and loaded back only if intact."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from game.store.copies import CopyCache, CopyError, DamagedCopy, as_text, default_rubric_text, put_rubric, put_scenario
from game.store.tables import rubric_copies, scenario_copies
from scoring.rubric import default_rubric, parse_rubric
from tests.store_helpers import MINI_TEXT, mini, open_tmp


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def stored(tmp_path):
    """A store holding MINI's text and the default rubric's."""
    store = open_tmp(tmp_path)
    loaded = mini()
    with store.write() as connection:
        for _ in range(2):  # the second put is a no-op
            put_scenario(connection, loaded.scenario, MINI_TEXT, "mini.yaml", 0.0)
            put_rubric(connection, default_rubric(), default_rubric_text(), 0.0)
    return store, loaded


def test_copies_are_stored_once_per_hash(tmp_path):
    """Putting the same scenario and rubric twice keeps one row each, with the exact text."""
    store, loaded = stored(tmp_path)
    with store.read() as connection:
        assert connection.execute(select(func.count()).select_from(scenario_copies)).scalar() == 1
        assert connection.execute(select(func.count()).select_from(rubric_copies)).scalar() == 1
        text = connection.execute(select(scenario_copies.c.text)).scalar()
    assert text == MINI_TEXT


def test_replayable_loads_the_stored_copy(tmp_path):
    """A stored copy loads to the same scenario (same hash) with the stored rubric's scorer."""
    store, loaded = stored(tmp_path)
    cache = CopyCache()
    with store.read() as connection:
        target = cache.replayable(connection, loaded.scenario.content_hash, default_rubric().digest)
        assert cache.replayable(connection, loaded.scenario.content_hash, default_rubric().digest) is target
    assert target.scenario.content_hash == loaded.scenario.content_hash
    assert target.scorer.rubric.digest == default_rubric().digest


def test_edited_scenario_copy_is_rejected(tmp_path):
    """A copy whose text was changed no longer matches its hash: it is a damaged copy and cannot be used."""
    store, loaded = stored(tmp_path)
    with store.write() as connection:
        connection.execute(scenario_copies.update().values(text=MINI_TEXT.replace("anger: +30", "anger: -30")))
    with store.read() as connection, pytest.raises(DamagedCopy, match="damaged"):
        CopyCache().replayable(connection, loaded.scenario.content_hash, default_rubric().digest)


def test_edited_rubric_copy_is_rejected(tmp_path):
    """A rubric copy with changed points has another digest and is refused as damaged."""
    store, loaded = stored(tmp_path)
    with store.write() as connection:
        connection.execute(rubric_copies.update().values(text=default_rubric_text().replace("points: +10", "points: +40", 1)))
    with store.read() as connection, pytest.raises(DamagedCopy, match="rubric copy .* damaged"):
        CopyCache().replayable(connection, loaded.scenario.content_hash, default_rubric().digest)


def test_missing_copies_are_reported(tmp_path):
    """An unknown hash or digest is a CopyError, as is a lookup without a connection."""
    store, loaded = stored(tmp_path)
    with store.read() as connection:
        with pytest.raises(CopyError, match="scenario copy .* is missing"):
            CopyCache().replayable(connection, "0" * 64, default_rubric().digest)
        with pytest.raises(CopyError, match="rubric copy .* is missing"):
            CopyCache().replayable(connection, loaded.scenario.content_hash, "f" * 16)
    with pytest.raises(CopyError, match="not loaded"):
        CopyCache().replayable(None, loaded.scenario.content_hash, default_rubric().digest)


def test_unloadable_copy_is_reported(tmp_path):
    """A copy that no longer parses gives a CopyError naming the first diagnostic."""
    store, loaded = stored(tmp_path)
    with store.write() as connection:
        connection.execute(scenario_copies.update().values(text="format: 1\nid: [broken"))
    with store.read() as connection, pytest.raises(CopyError, match="does not load"):
        CopyCache().replayable(connection, loaded.scenario.content_hash, default_rubric().digest)


def test_remember_checks_the_text_against_the_played_hash():
    """remember() accepts the text the scenario came from and refuses any other."""
    cache = CopyCache()
    loaded = mini()
    target = cache.remember(MINI_TEXT, "mini.yaml", default_rubric(), loaded.scenario.content_hash)
    assert cache.replayable(None, loaded.scenario.content_hash, default_rubric().digest) is target
    with pytest.raises(CopyError, match="does not match"):
        cache.remember(MINI_TEXT.replace("Tell me more.", "Go on."), "mini.yaml", default_rubric(), loaded.scenario.content_hash)


def test_rubric_text_is_parsed_and_checked():
    """The bundled rubric text parses to the bundled rubric; junk is a CopyError."""
    cache = CopyCache()
    assert cache.rubric_from_text(default_rubric_text()).digest == parse_rubric(default_rubric_text()).digest
    with pytest.raises(CopyError):
        cache.rubric_from_text("format: 1\n")


def test_as_text_requires_utf8():
    """Bytes are decoded as UTF-8; anything else is refused."""
    assert as_text("王".encode()) == "王"
    assert as_text("plain") == "plain"
    with pytest.raises(CopyError, match="not UTF-8"):
        as_text(b"\xff\xfe")
