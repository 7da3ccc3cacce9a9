"""Tests for game.store.official: the official pack, sealed with the owner's key; runs labelled by it; copies repaired from it."""

from __future__ import annotations

import pytest

from game.store.errors import StoreError
from game.store.keys import SealKey
from game.store.official import (
    bundled_pack,
    damaged_copies,
    official_pack_of,
    pack_from_paths,
    pack_from_texts,
    read_pack,
    repair_copies,
    same_pack,
    set_official,
)
from game.store.tables import official_pack, runs, scenario_copies
from scenarios import BUNDLED_DIR
from tests.store_helpers import BEST, MINI_TEXT, mini, open_tmp, record, run_row


pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


def test_a_new_store_serves_the_bundled_pack(tmp_path):
    """A fresh store's official pack is the bundled scenarios with the bundled rubric."""
    from game.store.db import open_store

    with open_store(str(tmp_path / "dojo.db")) as store:
        pack = official_pack_of(store)
    assert same_pack(pack, bundled_pack())
    assert pack.scenario_ids == tuple(sorted(path.stem for path in BUNDLED_DIR.glob("*.yaml")))


def test_setting_a_pack_relabels_every_run(tmp_path):
    """A MINI run is official while MINI is in the pack, custom once the pack is the bundled one."""
    store = open_tmp(tmp_path)
    run = record(store, "Ann", BEST)
    assert run_row(store, run.run_uid)["pack"] == "official"
    set_official(store, bundled_pack())
    assert run_row(store, run.run_uid)["pack"] == "custom"
    set_official(store, pack_from_texts([("mini.yaml", MINI_TEXT)], bundled_pack().rubric_text))
    assert run_row(store, run.run_uid)["pack"] == "official"


def test_a_pack_changed_without_the_key_is_refused(tmp_path):
    """An official_pack row added in the database, or a pack sealed with another key, does not check."""
    store = open_tmp(tmp_path)
    with store.write() as connection:
        connection.execute(official_pack.insert().values(content_hash="f" * 64, scenario_id="evil", file_name="e.yaml"))
    with pytest.raises(StoreError, match="changed outside dojo"):
        official_pack_of(store)
    with store.read() as connection, pytest.raises(StoreError, match="another seal key"):
        read_pack(connection, SealKey(b"z" * 40))


def test_a_pack_needs_loadable_files(tmp_path):
    """A file that does not load, or no file at all, cannot make a pack."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: [\n", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot join the official pack"):
        pack_from_paths([bad])
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="at least one"):
        pack_from_paths([tmp_path / "empty"])
    with pytest.raises(StoreError, match="cannot read"):
        pack_from_paths([tmp_path / "not-there.yaml"])


def test_damaged_copies_are_found_and_repaired_from_the_pack(tmp_path):
    """Finding 8: a copy with one changed byte is found damaged and restored from a pack file with its hash."""
    store = open_tmp(tmp_path)
    record(store, "Ann", BEST)
    content_hash = mini().scenario.content_hash
    with store.write() as connection:
        connection.execute(
            scenario_copies.update().where(scenario_copies.c.content_hash == content_hash).values(text=MINI_TEXT.replace("Mini", "Mimi"))
        )
    assert damaged_copies(store) == [content_hash]
    assert repair_copies(store, bundled_pack()) == ([], [content_hash])
    pack = pack_from_texts([("mini.yaml", MINI_TEXT)], bundled_pack().rubric_text)
    assert repair_copies(store, pack) == ([content_hash], [])
    assert damaged_copies(store) == []
    with store.read() as connection:
        assert connection.execute(runs.select()).first().status == "verified"
