"""The scenario list behind the picker (game/play/catalog.py)."""

from __future__ import annotations

from collections import namedtuple

import pytest

from game.play.catalog import CatalogError, Record, load_entry, load_folder, matching, records_from, skills_of
from scoring.rubric import default_rubric
from tests.conftest import EXAMPLE
from tests.test_tui_app import bundled

Run = namedtuple("Run", "scenario_id percent band")


def test_bundled_pack_loads_sorted_by_difficulty():
    """Every bundled scenario loads, easiest first, each with the bytes it was loaded from."""
    entries = bundled()
    assert len(entries) >= 5
    difficulties = [item.scenario.difficulty for item in entries]
    assert difficulties == sorted(difficulties)
    assert all(item.raw == item.path.read_bytes() for item in entries)


def test_a_bad_file_is_skipped_with_its_reason(tmp_path):
    """A broken scenario in a folder is reported, and the good one still loads."""
    (tmp_path / "bad.yaml").write_text("format: 1\nid: [oops\n", encoding="utf-8")
    good = bundled()[0]
    (tmp_path / "good.yaml").write_bytes(good.raw)
    entries, problems = load_folder(tmp_path, default_rubric())
    assert [item.scenario.id for item in entries] == [good.scenario.id]
    assert len(problems) == 1 and "bad.yaml" in problems[0]


def test_missing_file_is_a_catalog_error(tmp_path):
    """A file that does not exist is one clear error."""
    with pytest.raises(CatalogError, match="cannot read"):
        load_entry(tmp_path / "nope.yaml", default_rubric())


def test_skill_filter():
    """Filtering keeps only scenarios that train the skill; None keeps all."""
    entries = list(bundled())
    skills = skills_of(entries)
    assert "listening" in skills
    assert matching(entries, None) == entries
    assert all("composure" in item.scenario.skills for item in matching(entries, "composure"))


def test_records_keep_the_best_run_and_count_all():
    """Per scenario: the best percent and its band, and how many runs there were."""
    runs = [Run("a", 50.0, "Bronze"), Run("a", 91.0, "Gold"), Run("a", 70.0, None), Run("b", 10.0, None)]
    assert records_from(runs) == {"a": Record(91.0, "Gold", 3), "b": Record(10.0, None, 1)}


def test_entry_after_wraps_round_and_starts_over_for_an_unlisted_scenario():
    """The next scenario follows the list order, the last wraps to the first, and an unlisted one gives the first."""
    from game.play.catalog import entry_after

    entries = [item for item in bundled() if item.scenario.id != "late-birthday-parcel"]
    assert entry_after(entries, entries[0]) is entries[1]
    assert entry_after(entries, entries[-1]) is entries[0]
    outsider = load_entry(EXAMPLE, default_rubric())
    assert entry_after(entries[1:], outsider) is entries[1]


def test_records_and_saves_are_empty_without_a_store_or_when_it_fails():
    """No store, or a store that raises StoreError, means no records and no saves (the picker still shows)."""
    from game.play.catalog import player_records, saved_scenarios
    from game.store.errors import StoreError

    class Broken:
        def read(self):
            raise StoreError("disk gone")

    assert player_records(None, "Dana") == {} and saved_scenarios(None, "Dana") == set()
    assert player_records(Broken(), "Dana") == {} and saved_scenarios(Broken(), "Dana") == set()


def test_ranked_records_take_the_best_verified_ranked_run():
    """With ranked, the best is over verified ranked runs while every run is counted; a scenario only practised has no best."""
    from types import SimpleNamespace as Run

    runs = [
        Run(scenario_id="a", percent=100.0, band="Gold", mode="practice", status="verified"),
        Run(scenario_id="a", percent=60.0, band="Bronze", mode="ranked", status="verified"),
        Run(scenario_id="a", percent=99.0, band="Gold", mode="ranked", status="flagged"),
        Run(scenario_id="b", percent=90.0, band="Gold", mode="practice", status="verified"),
    ]
    assert records_from(runs, ranked=True) == {"a": Record(60.0, "Bronze", 3, True), "b": Record(None, None, 1, True)}
    assert records_from(runs)["a"] == Record(100.0, "Gold", 3)


def test_named_scenarios_load_in_the_order_asked_from_their_own_files(tmp_path, monkeypatch):
    """load_named reads only ID.yaml for each id asked (in that order); a file holding another id makes it read the folder."""
    import shutil

    from game.play import catalog
    from game.play.catalog import load_named
    from scenarios import BUNDLED_DIR
    from scoring.rubric import default_rubric

    read: list[str] = []
    real = catalog.load_entry
    monkeypatch.setattr(catalog, "load_entry", lambda path, rubric, locale=None: (read.append(path.name), real(path, rubric, locale))[1])
    entries = load_named(BUNDLED_DIR, ["wrong-fish-diner", "late-birthday-parcel", "no-such-scenario"], default_rubric())
    assert [entry.scenario.id for entry in entries] == ["wrong-fish-diner", "late-birthday-parcel"]
    assert read[:2] == ["wrong-fish-diner.yaml", "late-birthday-parcel.yaml"]
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(BUNDLED_DIR / "late-birthday-parcel.yaml", folder / "renamed.yaml")
    assert [entry.scenario.id for entry in load_named(folder, ["late-birthday-parcel"], default_rubric())] == ["late-birthday-parcel"]


def test_a_locale_offers_each_scenario_in_it_where_its_table_is_complete():
    """With zh-Hans the pack lists the scenarios with a complete Chinese table in Chinese (source bytes and hash kept), the rest as written."""
    from scenarios import BUNDLED_DIR

    english, _ = load_folder(BUNDLED_DIR, default_rubric())
    chinese, _ = load_folder(BUNDLED_DIR, default_rubric(), "zh-Hans")
    assert [e.path for e in english] != [] and {e.path for e in chinese} == {e.path for e in english}
    by_path = {e.path: e for e in english}
    translated = {e.scenario.id for e in chinese if e.scenario.locale == "zh-Hans"}
    assert {"angry-shoe-buyer", "haggling-client", "wrong-fish-diner"} <= translated
    for entry in chinese:
        source = by_path[entry.path]
        assert (entry.raw, entry.scenario.content_hash) == (source.raw, source.scenario.content_hash)
        if entry.scenario.id in translated:
            assert entry.scenario.title != source.scenario.title
        else:
            assert entry.scenario.title == source.scenario.title


def test_in_language_translates_from_the_scene_as_written_and_back():
    """An entry moved to Chinese plays its table's words and keeps the scene as written; moved back to English it is the
    scene as written again; a language with no table leaves the entry as it is."""
    from scenarios import BUNDLED_DIR

    from game.play.catalog import in_language

    english = load_entry(BUNDLED_DIR / "angry-shoe-buyer.yaml", default_rubric())
    chinese = in_language(english, "zh-Hans")
    assert chinese.scenario.locale == "zh-Hans" and chinese.as_written is english.scenario and chinese.raw == english.raw
    assert in_language(chinese, "en").scenario is english.scenario and in_language(chinese, "en").source is None
    assert in_language(english, "fr") is english and in_language(english, "en") is english
    assert load_entry(BUNDLED_DIR / "angry-shoe-buyer.yaml", default_rubric(), "zh-Hans").as_written.locale == "en"
