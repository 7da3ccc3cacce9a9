"""Tests of game/scenario/string_table.py: tables are written and read back, and checked for missing, untranslated, stale and unknown rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.i18n import _ as translate, use_locale
from game.scenario.loader import Loaded
from game.scenario.string_table import (
    TableError,
    check,
    complete_texts,
    localized,
    parse_table,
    read_table,
    scenario_path_of,
    table_bytes,
    table_path,
    table_rows,
    tables_of,
)
from game.scenario.strings import source_strings
from tests.conftest import MINI, scenario_from


def _filled(loaded: Loaded) -> list[list[str]]:
    """A complete table for the scenario: every row translated."""
    rows = table_rows(loaded.scenario)
    return [rows[0]] + [[*row[:-1], f"译文{n}"] for n, row in enumerate(rows[1:])]


def _codes(loaded: Loaded, rows: list[list[str]]) -> list[str]:
    """The codes `check` reports for a table of these rows."""
    return [d.code for d in check(loaded.scenario, parse_table(table_bytes(rows), "t.csv"))]


def test_a_new_table_has_every_text_and_no_translation(mini: Loaded) -> None:
    """An exported table starts with the header, then one row per text with its source and hash and an empty translation."""
    rows = table_rows(mini.scenario)
    assert rows[0] == ["id", "context", "source", "hash", "translation"]
    strings = source_strings(mini.scenario)
    assert [row[0] for row in rows[1:]] == [s.id for s in strings]
    assert all(row[2] == s.text and row[3] == s.hash and row[4] == "" for row, s in zip(rows[1:], strings))


def test_the_file_is_utf8_with_a_bom_and_reads_back(mini: Loaded) -> None:
    """The bytes start with the UTF-8 byte-order mark, and reading them gives the same ids, hashes and translations (multi-line ones too)."""
    rows = _filled(mini)
    rows[1][-1] = "第一行\n第二行，带逗号"
    raw = table_bytes(rows)
    assert raw.startswith(b"\xef\xbb\xbf")
    table = parse_table(raw, "t.csv")
    assert [(r.id, r.hash, r.translation) for r in table.rows] == [(row[0], row[3], row[4]) for row in rows[1:]]
    assert parse_table(raw[3:], "t.csv").rows == table.rows


def test_a_complete_table_is_clean(mini: Loaded) -> None:
    """A table with every text translated for the current source reports nothing and gives every translation."""
    rows = _filled(mini)
    assert _codes(mini, rows) == []
    texts = complete_texts(mini.scenario, parse_table(table_bytes(rows), "t.csv"))
    assert texts is not None and texts["scenario:title"] == "译文0"


def test_missing_untranslated_and_unknown_rows_are_reported(mini: Loaded) -> None:
    """A row left out is DOJO603, an empty translation DOJO604, a row for an id the scenario lacks DOJO606 (a warning)."""
    rows = _filled(mini)
    del rows[2]
    rows[3][-1] = ""
    rows.append(["old-line.1", "", "gone", "00000000", "旧的"])
    codes = _codes(mini, rows)
    assert sorted(codes) == ["DOJO603", "DOJO604", "DOJO606"]
    found = check(mini.scenario, parse_table(table_bytes(rows), "t.csv"))
    assert [d.is_error for d in found if d.code == "DOJO606"] == [False]


def test_changing_one_source_line_makes_its_entry_stale(mini: Loaded) -> None:
    """After one line of the scenario changes, the table made for the old text reports exactly that entry as DOJO605."""
    rows = _filled(mini)
    changed = scenario_from(MINI.replace('"I want a refund."', '"I want a refund, now."'))
    found = check(changed.scenario, parse_table(table_bytes(rows), "t.csv"))
    assert [(d.code, d.message.split("'")[1]) for d in found] == [("DOJO605", "hello.1")]
    assert complete_texts(changed.scenario, parse_table(table_bytes(rows), "t.csv")) is None


def test_an_update_keeps_translations_and_their_old_hash(mini: Loaded) -> None:
    """Updating keeps each translation with the hash it was made for (so a changed source stays stale) and drops removed ids."""
    rows = _filled(mini)
    rows.append(["old-line.1", "", "gone", "00000000", "旧的"])
    old = parse_table(table_bytes(rows), "t.csv")
    changed = scenario_from(MINI.replace('"I want a refund."', '"I want a refund, now."'))
    updated = table_rows(changed.scenario, old)
    assert "old-line.1" not in [row[0] for row in updated]
    line = next(row for row in updated if row[0] == "hello.1")
    assert line[2] == "I want a refund, now." and line[4] == "译文5" and line[3] != source_strings(changed.scenario)[5].hash
    assert [d.code for d in check(changed.scenario, parse_table(table_bytes(updated), "t.csv"))] == ["DOJO605"]


def test_a_translation_over_a_limit_is_reported(mini: Loaded) -> None:
    """A title longer than a title may be, or a control character, is DOJO607."""
    rows = _filled(mini)
    rows[1][-1] = "长" * 201
    rows[2][-1] = "坏\x1b"
    assert _codes(mini, rows) == ["DOJO607", "DOJO607"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "empty"),
        (b"id,source\nx,y\n", "no column"),
        ("id,hash,translation\n甲,00000000,乙\n".encode("gbk"), "UTF-8"),
        (b"id,hash,translation\na,00000000,x\na,00000000,y\n", "has a row already"),
        (b'id,hash,translation\na,00000000,"open\n', "CSV"),
    ],
)
def test_a_file_that_is_not_a_table_is_dojo602(raw: bytes, problem: str) -> None:
    """An empty file, a header without the columns, another encoding, a repeated id or broken quoting is DOJO602, never a traceback."""
    with pytest.raises(TableError) as caught:
        parse_table(raw, "t.csv")
    assert caught.value.diagnostic.code == "DOJO602" and problem in caught.value.diagnostic.message


def test_an_unreadable_table_is_dojo601(tmp_path: Path) -> None:
    """A table that cannot be opened is DOJO601."""
    with pytest.raises(TableError) as caught:
        read_table(tmp_path / "none.csv")
    assert caught.value.diagnostic.code == "DOJO601"


def test_tables_live_in_a_language_folder_beside_the_scenario(tmp_path: Path) -> None:
    """A scenario's zh-Hans table is <folder>/zh-Hans/<name>.csv, and a table finds its scenario and language from there."""
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(MINI, encoding="utf-8")
    table = table_path(scenario, "zh-Hans")
    assert table == tmp_path / "zh-Hans" / "mini.csv"
    table.parent.mkdir()
    table.write_bytes(b"id,hash,translation\n")
    assert scenario_path_of(table) == (scenario, "zh-Hans")
    assert tables_of(scenario) == [table]
    assert scenario_path_of(tmp_path / "notes" / "mini.csv") is None


def test_localized_plays_only_a_complete_table(tmp_path: Path, mini: Loaded) -> None:
    """The scenario comes translated when its table is complete; with an incomplete or no table there is no translation."""
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(MINI, encoding="utf-8")
    assert localized(mini.scenario, scenario, "zh-Hans") is None
    assert localized(mini.scenario, scenario, "en") is mini.scenario
    table = table_path(scenario, "zh-Hans")
    table.parent.mkdir()
    rows = _filled(mini)
    table.write_bytes(table_bytes(rows))
    translated = localized(mini.scenario, scenario, "zh-Hans")
    assert translated is not None and translated.title == "译文0" and translated.locale == "zh-Hans"
    rows[4][-1] = ""
    table.write_bytes(table_bytes(rows))
    assert localized(mini.scenario, scenario, "zh-Hans") is None


def test_in_chinese_an_untranslated_row_keeps_its_code_and_line(mini: Loaded) -> None:
    """DOJO604 in zh-Hans: same code and line, the message the translated template with the id and context as they are."""
    rows = _filled(mini)
    rows[1][-1] = ""
    table = parse_table(table_bytes(rows), "t.csv")
    [english] = check(mini.scenario, table)
    use_locale("zh-Hans")
    [chinese] = check(mini.scenario, table)
    assert (chinese.code, chinese.line) == (english.code, english.line) == ("DOJO604", 2)
    string = source_strings(mini.scenario)[0]
    expected = translate("'{id}' ({context}) is not translated yet").format(id=string.id, context=string.context)
    assert chinese.message == expected != english.message
