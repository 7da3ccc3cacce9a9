"""Translation tables on disk: one CSV file per scenario and language, read, written and checked.

A table is a CSV file in UTF-8 with a byte-order mark (so Excel and WPS open the Chinese
right, and save it back as "CSV UTF-8"), one row per translatable text in story order,
with a header naming the columns:

    id,context,source,hash,translation

`id` is the text's stable id (`strings.py`), `context` says where it is and who says it,
`source` is the text in the scenario's own language and `hash` the hash of that source
text when the translation was made. Only `id`, `hash` and `translation` are read back;
other columns a manager adds (notes, a reviewer's name) are kept out of the way.

A table lives in a folder named after its language next to its scenario, under the
scenario file's name: `scenarios/zh-Hans/angry-shoe-buyer.csv` translates
`scenarios/angry-shoe-buyer.yaml`. `check` reports, with DOJO6xx codes (`TABLE_CODES`
in diagnostics.py), what keeps a table from being played: texts it lacks or leaves
untranslated, translations made for a source text that has since changed (stale), and
rows for ids the scenario no longer has.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from game.i18n import _
from game.scenario.diagnostics import Diagnostic
from game.scenario.model import Scenario
from game.scenario.strings import HASH_LENGTH, SourceString, source_strings, translate

COLUMNS = ("id", "context", "source", "hash", "translation")
REQUIRED = ("id", "hash", "translation")
TABLE_SUFFIX = ".csv"
MAX_TABLE_BYTES = 8 * 1024 * 1024  # the scenario file's own limit
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_HASH = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
# C0 and C1 controls except tab and line feed (a text may run over several lines), DEL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class TableError(Exception):
    """A table that cannot be read as a table; `diagnostic` says why and where."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Row:
    """One row of a table as read: its id, the hash it was made for, the translation and its line in the file."""

    id: str
    hash: str
    translation: str
    line: int
    source: str = ""


@dataclass(frozen=True)
class Table:
    """A table as read: its rows in file order."""

    file: str
    rows: tuple[Row, ...]

    def by_id(self) -> dict[str, Row]:
        """The rows by id (ids are unique: `read_table` refuses a repeated one)."""
        return {row.id: row for row in self.rows}


def is_locale(text: str) -> bool:
    """True for a language code as scenarios write them: 'zh-Hans', 'de', 'pt-BR'."""
    return bool(_LOCALE.match(text))


def table_path(scenario_path: str | os.PathLike[str], locale: str) -> Path:
    """Where the `locale` table of the scenario file is: `<folder>/<locale>/<file name>.csv`."""
    path = Path(scenario_path)
    return path.parent / locale / (path.stem + TABLE_SUFFIX)


def scenario_path_of(table: str | os.PathLike[str]) -> tuple[Path, str] | None:
    """The scenario file a table translates and the table's language, or None if it is not in a language folder next to one."""
    path = Path(table)
    locale = path.parent.name
    if not _LOCALE.match(locale):
        return None
    for suffix in (".yaml", ".yml"):
        candidate = path.parent.parent / (path.stem + suffix)
        if candidate.is_file():
            return candidate, locale
    return None


def tables_of(scenario_path: str | os.PathLike[str]) -> list[Path]:
    """Every table of the scenario file, in every language folder beside it, sorted."""
    path = Path(scenario_path)
    try:
        folders = sorted(entry for entry in path.parent.iterdir() if entry.is_dir() and _LOCALE.match(entry.name))
    except OSError:
        return []
    return [folder / (path.stem + TABLE_SUFFIX) for folder in folders if (folder / (path.stem + TABLE_SUFFIX)).is_file()]


def read_table(path: str | os.PathLike[str]) -> Table:
    """Read a table file; TableError (DOJO601 unreadable, DOJO602 not a table) says what is wrong."""
    file = os.fspath(path)
    try:
        with open(file, "rb") as stream:
            raw = stream.read(MAX_TABLE_BYTES + 1)
    except OSError as error:
        raise TableError(Diagnostic.make("DOJO601", _("cannot read the table: {reason}").format(reason=error.strerror or error), file)) from None
    if len(raw) > MAX_TABLE_BYTES:
        raise TableError(Diagnostic.make("DOJO602", _("the table is larger than {limit} MB").format(limit=MAX_TABLE_BYTES // (1024 * 1024)), file))
    return parse_table(raw, file)


def parse_table(raw: bytes, file: str) -> Table:
    """A table from the bytes of a CSV file; TableError (DOJO602) if they are not one."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _("the table is not UTF-8 text: save it as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8 (Comma delimited))")
        raise TableError(Diagnostic.make("DOJO602", message, file, line)) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            message = _("the table is empty; it needs the header row {columns}").format(columns=",".join(COLUMNS))
            raise TableError(Diagnostic.make("DOJO602", message, file))
        names = [name.strip().lower() for name in header]
        missing = [name for name in REQUIRED if name not in names]
        if missing:
            message = _("the header row has no column {missing}; it must name the columns {columns}").format(
                missing=", ".join(repr(m) for m in missing), columns=",".join(COLUMNS)
            )
            raise TableError(Diagnostic.make("DOJO602", message, file, 1))
        where = {name: names.index(name) for name in COLUMNS if name in names}
        rows: list[Row] = []
        seen: dict[str, int] = {}
        line = reader.line_num + 1
        for record in reader:
            if not any(cell.strip() for cell in record):
                line = reader.line_num + 1
                continue

            def cell(name: str, record: list[str] = record) -> str:
                """The record's cell in column `name` ('' where the row is short)."""
                index = where.get(name)
                return record[index] if index is not None and index < len(record) else ""

            key = cell("id").strip()
            if key in seen:
                message = _("the id '{id}' has a row already (line {line}); keep one row per id").format(id=key, line=seen[key])
                raise TableError(Diagnostic.make("DOJO602", message, file, line))
            seen[key] = line
            rows.append(Row(key, cell("hash").strip().lower(), cell("translation"), line, cell("source")))
            line = reader.line_num + 1
    except csv.Error as error:
        raise TableError(Diagnostic.make("DOJO602", _("the table is not valid CSV: {error}").format(error=error), file, reader.line_num)) from None
    return Table(file, tuple(rows))


def table_rows(scenario: Scenario, old: Table | None = None) -> list[list[str]]:
    """The rows of a table for `scenario` in story order: new texts with an empty translation;
    with `old`, each kept translation keeps the hash it was made for (so a stale one stays stale
    until someone checks it) and rows for ids the scenario no longer has are dropped."""
    kept = old.by_id() if old is not None else {}
    rows = [list(COLUMNS)]
    for string in source_strings(scenario):
        row = kept.get(string.id)
        if row is not None and row.translation.strip():
            rows.append([string.id, string.context, string.text, row.hash or string.hash, row.translation])
        else:
            rows.append([string.id, string.context, string.text, string.hash, ""])
    return rows


def table_text(rows: list[list[str]]) -> str:
    """The CSV text of a table (without the byte-order mark, which `write_table` adds)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def table_bytes(rows: list[list[str]]) -> bytes:
    """The bytes of a table file: UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8."""
    return table_text(rows).encode("utf-8-sig")


def check(scenario: Scenario, table: Table) -> list[Diagnostic]:
    """What keeps the table from translating the scenario: DOJO603 missing, DOJO604 untranslated,
    DOJO605 stale, DOJO607 over a limit (errors), DOJO606 unknown id (a warning); in file order."""
    found: list[Diagnostic] = []
    rows = table.by_id()
    strings = source_strings(scenario)
    known = {string.id for string in strings}
    last_line = max((row.line for row in table.rows), default=1)
    for string in strings:
        row = rows.get(string.id)
        if row is None:
            message = _("'{id}' ({context}) has no row; add it with: dojo strings export SCENARIO --update TABLE").format(
                id=string.id, context=string.context
            )
            found.append(Diagnostic.make("DOJO603", message, table.file, last_line))
        elif not row.translation.strip():
            message = _("'{id}' ({context}) is not translated yet").format(id=string.id, context=string.context)
            found.append(Diagnostic.make("DOJO604", message, table.file, row.line))
        elif row.hash != string.hash:
            if _HASH.match(row.hash):
                template = _(
                    "'{id}': the source text changed since it was translated (made for hash {old}, the source's is now "
                    "{hash}); check the translation against the source column, then write {hash} in its hash column"
                )
            else:
                template = _(
                    "'{id}': the source text changed since it was translated (made without a valid hash, the source's is now "
                    "{hash}); check the translation against the source column, then write {hash} in its hash column"
                )
            message = template.format(id=string.id, old=row.hash, hash=string.hash)
            found.append(Diagnostic.make("DOJO605", message, table.file, row.line))
        else:
            problem = _limit_problem(string, row.translation)
            if problem:
                found.append(Diagnostic.make("DOJO607", _("'{id}': {problem}").format(id=string.id, problem=problem), table.file, row.line))
    for row in table.rows:
        if row.id not in known:
            message = _("'{id}' is not an id of scenario '{scenario}' (its text was removed or its id changed); remove the row").format(
                id=row.id, scenario=scenario.id
            )
            found.append(Diagnostic.make("DOJO606", message, table.file, row.line))
    found.sort(key=lambda d: (d.line, d.col))
    return found


def _limit_problem(string: SourceString, translation: str) -> str | None:
    """Why a translation cannot stand in for the source text (too long, a control character), else None."""
    if len(translation) > string.limit:
        return _("the translation has {count} characters; the limit here is {limit}").format(
            count=f"{len(translation):,}", limit=f"{string.limit:,}"
        )
    bad = _CONTROL.search(translation)
    if bad:
        return _("the translation holds the control character U+{code}; remove it").format(code=f"{ord(bad.group()):04X}")
    return None


def complete_texts(scenario: Scenario, table: Table) -> dict[str, str] | None:
    """The translations by id when the table is complete and current for the scenario (no error from `check`), else None."""
    if any(d.is_error for d in check(scenario, table)):
        return None
    rows = table.by_id()
    return {string.id: rows[string.id].translation for string in source_strings(scenario)}


def localized(scenario: Scenario, scenario_path: str | os.PathLike[str], locale: str) -> Scenario | None:
    """The scenario in `locale`: itself when written in it, translated when its table there is complete
    and current, else None (no table, or one `check` finds errors in; an unreadable one counts as none)."""
    if locale.casefold() == scenario.locale.casefold():
        return scenario
    path = table_path(scenario_path, locale)
    if not path.is_file():
        return None
    try:
        texts = complete_texts(scenario, read_table(path))
    except TableError:
        return None
    return None if texts is None else translate(scenario, texts, locale)
