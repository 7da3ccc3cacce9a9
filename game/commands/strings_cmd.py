"""`dojo strings`: translation tables of scenarios; `export` writes or updates one, `check` finds what it lacks.

`dojo strings export SCENARIO --locale zh-Hans` writes `<folder>/zh-Hans/<file name>.csv`
(or `--out FILE`, '-' for standard output): every text in story order with its id, source
and hash, and an empty translation column. `--update TABLE` keeps the table's
translations (each with the hash it was made for, so a changed source shows as stale) and
drops rows for ids the scenario no longer has.

`dojo strings check [TABLE_OR_SCENARIO...]` reports DOJO6xx findings at file:line as
`dojo lint` does (missing, untranslated and stale texts, unknown ids); a scenario stands
for all its tables, a folder for all the scenarios in it, nothing for the bundled pack.
Exit 0 clean (warnings allowed), 1 findings, 2 a file that cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.i18n import N_, _
from game.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CommandError, add_json_option, load_or_fail, print_json, rubric_from
from game.scenario.diagnostics import Diagnostic, DiagnosticError
from game.scenario.loader import FolderSearchError, load_scenario, scenario_files
from game.scenario.string_table import (
    TABLE_SUFFIX,
    TableError,
    check,
    is_locale,
    read_table,
    scenario_path_of,
    table_bytes,
    table_path,
    table_rows,
    table_text,
    tables_of,
)
from game.store.files import STDOUT, check_name, write_output
from scoring.rubric import Rubric

NAME = "strings"
HELP = N_("translation tables of scenarios: export one for translators, check what one lacks")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Options of `dojo strings export` and `dojo strings check`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
    export = actions.add_parser("export", help=_("write a scenario's translation table (CSV, UTF-8) in story order"))
    export.add_argument("scenario", help=_("the scenario file"))
    # Here --locale is the table's language (any language a translator writes, e.g. de); messages follow the system's.
    export.add_argument(
        "--locale", dest="table_locale", metavar="LANG", required=True, help=_("the language of the translation, e.g. zh-Hans")
    )
    export.add_argument(
        "--out", metavar="FILE", help=_("where to write ('-' for standard output; default: <folder>/<locale>/<file name>.csv)")
    )
    export.add_argument("--update", metavar="TABLE", help=_("keep this table's translations, add new texts, drop removed ones"))
    checking = actions.add_parser("check", help=_("report missing, untranslated and stale texts of translation tables"))
    checking.add_argument("paths", nargs="*", metavar="TABLE_OR_SCENARIO", help=_("tables, scenarios or folders (default: the bundled pack)"))
    add_json_option(checking)


def execute(args: argparse.Namespace) -> int:
    """Export or check."""
    return _export(args) if args.action == "export" else _check(args)


def _export(args: argparse.Namespace) -> int:
    """Write the table; a table already at the default place is only replaced by --update."""
    if not is_locale(args.table_locale):
        raise CommandError(_("--locale '{locale}' is not a language code like 'zh-Hans', 'de' or 'pt-BR'").format(locale=args.table_locale))
    check_name(args.scenario, "read")
    scenario = load_or_fail(args.scenario, rubric_from(args)).scenario
    old = None
    if args.update:
        try:
            old = read_table(args.update)
        except TableError as error:
            raise CommandError(error.diagnostic.format(), EXIT_USAGE if error.diagnostic.code == "DOJO601" else EXIT_FINDINGS) from None
    rows = table_rows(scenario, old)
    destination = args.out or args.update or str(table_path(args.scenario, args.table_locale))
    if destination == STDOUT:
        print(table_text(rows), end="")
        return EXIT_OK
    if args.out is None and args.update is None:
        Path(destination).parent.mkdir(parents=True, exist_ok=True)
    data = table_bytes(rows).decode("utf-8")  # the text with its byte-order mark
    write_output(destination, lambda stream: stream.write(data), replace=bool(args.out or args.update))
    untranslated = sum(1 for row in rows[1:] if not row[-1])
    print(_("Wrote {path}: {count} text(s), {untranslated} to translate.").format(path=destination, count=len(rows) - 1, untranslated=untranslated))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    """Check every table named or found; print the findings and a summary line."""
    rubric = rubric_from(args)
    pairs, found = _tables(args.paths, rubric)
    if not pairs and not found:
        raise CommandError(
            _("no translation tables (<folder>/<locale>/<scenario>{suffix}) for {paths}").format(
                suffix=TABLE_SUFFIX, paths=", ".join(args.paths) or _("the bundled pack")
            )
        )
    for scenario_file, table in pairs:
        found += _check_one(scenario_file, table, rubric)
    if args.json:
        print_json([d.to_json() for d in found])
    else:
        for diagnostic in found:
            print(diagnostic.format())
        errors = sum(d.is_error for d in found)
        print(_("{tables} table(s) checked: {errors} error(s), {warnings} warning(s)").format(tables=len(pairs), errors=errors, warnings=len(found) - errors))
    if any(d.code == "DOJO601" for d in found):
        return EXIT_USAGE
    return EXIT_FINDINGS if any(d.is_error for d in found) else EXIT_OK


def _tables(paths: list[str], rubric: Rubric) -> tuple[list[tuple[Path, Path]], list[Diagnostic]]:
    """(scenario file, table) for every table the paths name, and DOJO601/DOJO608 for tables that name no scenario."""
    if not paths:
        from scenarios import BUNDLED_DIR

        paths = [str(BUNDLED_DIR)]
    paths = list(paths)  # a language folder given adds its tables to the end
    for name in paths:
        check_name(name, "check")
    pairs: list[tuple[Path, Path]] = []
    found: list[Diagnostic] = []
    scenario_names: list[str] = []
    for name in paths:
        path = Path(name)
        if path.suffix == TABLE_SUFFIX or (not path.is_dir() and not path.suffix.startswith(".y")):
            if not path.is_file():
                found.append(Diagnostic.make("DOJO601", _("cannot read the table: no such file"), name))
                continue
            owner = scenario_path_of(path)
            if owner is None:
                message = _("no scenario file for this table: a table lives at <scenario folder>/<locale>/<scenario file name>.csv")
                found.append(Diagnostic.make("DOJO608", message, name))
            else:
                pairs.append((owner[0], path))
        elif not path.exists():
            raise CommandError(_("no such file or folder: {names}").format(names=name))
        elif path.is_dir() and is_locale(path.name) and any(path.glob(f"*{TABLE_SUFFIX}")):
            paths += [str(table) for table in sorted(path.glob(f"*{TABLE_SUFFIX}"))]  # a language folder: its tables
        else:
            scenario_names.append(name)
    try:
        files = scenario_files(scenario_names) if scenario_names else []
    except FolderSearchError as error:
        raise CommandError(str(error)) from None
    for scenario_file in files:
        pairs += [(scenario_file, table) for table in tables_of(scenario_file)]
    return pairs, found


def _check_one(scenario_file: Path, table_file: Path, rubric: Rubric) -> list[Diagnostic]:
    """The findings of one table against its scenario (the scenario's own errors if it does not load)."""
    try:
        table = read_table(table_file)
    except TableError as error:
        return [error.diagnostic]
    try:
        scenario = load_scenario(scenario_file, rubric).scenario
    except DiagnosticError as error:
        message = _("the scenario {path} does not load, so the table cannot be checked: {problem}").format(
            path=scenario_file, problem=error.diagnostics[0].format()
        )
        return [Diagnostic.make("DOJO608", message, str(table_file))]
    return check(scenario, table)
