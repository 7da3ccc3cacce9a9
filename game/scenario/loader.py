"""Load a scenario file: read YAML with positions, validate the shape, compile the meaning.

`load_scenario` either returns a complete, immutable `Scenario` (with any warnings) or
raises `DiagnosticError` carrying every problem at file:line:col. Nothing is ever half
loaded: the runtime scenario is built only after every check has passed.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.i18n import N_, _, ngettext
from game.scenario.compile import compile_scenario
from game.scenario.diagnostics import Diagnostic, DiagnosticError
from game.scenario.folding import refold_document
from scoring.gcpause import gc_paused
from game.scenario import schema as schema_module
from game.scenario.model import Scenario
from game.scenario.schema import FORMAT_VERSION, ScenarioFile
from game.scenario.source import SourceDoc, read_yaml, read_yaml_file
from scoring.rubric import Rubric, default_rubric

SCENARIO_SUFFIXES = (".yaml", ".yml")
# Past this many shape errors the rest are counted, not listed (each costs a fuzzy match).
MAX_SHAPE_DIAGNOSTICS = 100
# A folder given to `dojo lint` is searched this deep and this wide at most (`dojo lint /`
# must not walk the whole disk, nor a 1,100-deep tree recurse out).
MAX_FOLDER_DEPTH = 32
MAX_FOLDER_ENTRIES = 20_000


@dataclass(frozen=True)
class Loaded:
    """A scenario that loaded, with the warnings found on the way."""

    scenario: Scenario
    warnings: tuple[Diagnostic, ...]
    doc: SourceDoc


def load_scenario(path: str | os.PathLike[str], rubric: Rubric | None = None) -> Loaded:
    """Load and check one scenario file; raises DiagnosticError with every error found."""
    return _finish(read_yaml_file(path), rubric or default_rubric())


def load_scenario_text(text: str | bytes, file: str = "<text>", rubric: Rubric | None = None) -> Loaded:
    """Load a scenario from text already in memory (tests, hot reload, stored copies)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return _finish(read_yaml(raw, file), rubric or default_rubric())


class FolderSearchError(Exception):
    """A folder given to search for scenarios that is too large or too deep to search (one line)."""


def scenario_files(paths: list[str]) -> list[Path]:
    """Expand files and folders into the scenario files they hold, sorted; folders are searched
    to a depth of MAX_FOLDER_DEPTH, looking at MAX_FOLDER_ENTRIES entries at most (both raise
    FolderSearchError), without following links to folders (a link loop is searched once)."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(_search(path))
        else:
            found.append(path)
    return found


def _search(top: Path) -> list[Path]:
    """The scenario files under `top`, walked with an explicit stack (no recursion), within the limits."""
    found: list[Path] = []
    seen = 0
    stack: list[tuple[Path, int]] = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # a folder that cannot be listed holds nothing we can lint
        seen += len(entries)
        if seen > MAX_FOLDER_ENTRIES:
            raise FolderSearchError(
                _("{folder} holds more than {limit} files and folders; point lint at the folder of your scenarios").format(
                    folder=top, limit=f"{MAX_FOLDER_ENTRIES:,}"
                )
            )
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_FOLDER_DEPTH:
                        raise FolderSearchError(
                            _("{folder} has folders nested deeper than {limit} levels; point lint at the folder of your scenarios").format(
                                folder=top, limit=MAX_FOLDER_DEPTH
                            )
                        )
                    stack.append((Path(entry.path), depth + 1))
                elif entry.name.endswith(SCENARIO_SUFFIXES) and entry.is_file():
                    found.append(Path(entry.path))
            except OSError:
                continue
    return found


def _finish(doc: SourceDoc, rubric: Rubric) -> Loaded:
    with gc_paused():  # validation and compile allocate heavily and make no cycles
        refold_document(doc)  # before the hash: it covers the text as the trainee reads it
        spec = validate_shape(doc)
        scenario, found = compile_scenario(spec, doc, rubric)
    found.sort(key=lambda d: (d.line, d.col))
    if scenario is None:
        raise DiagnosticError(found)
    return Loaded(scenario, tuple(found), doc)


def validate_shape(doc: SourceDoc) -> ScenarioFile:
    """Validate the data against the format's models; raises DiagnosticError at file:line:col."""
    data = doc.data
    if not isinstance(data, dict):
        line, col = doc.mark(())
        raise DiagnosticError(
            [Diagnostic.make("DOJO103", _("a scenario file must be a mapping of fields (format, id, title, ...)"), doc.file, line, col)]
        )
    version = data.get("format")
    if "format" in data and (type(version) is not int or version != FORMAT_VERSION):
        line, col = doc.mark(("format",))
        if type(version) is int:
            message = _("format {version} is not supported; this version of Service Dojo reads format {supported}").format(
                version=version, supported=FORMAT_VERSION
            )
        else:
            message = _("format must be the number {supported} (no quotes, no decimals), not {value}").format(
                supported=FORMAT_VERSION, value=json.dumps(version)
            )
        raise DiagnosticError([Diagnostic.make("DOJO104", message, doc.file, line, col)])
    try:
        return ScenarioFile.model_validate(data)
    except ValidationError as error:
        raise DiagnosticError(_diagnostics_from(error, doc)) from None


def _diagnostics_from(error: ValidationError, doc: SourceDoc) -> list[Diagnostic]:
    """Map pydantic errors to located diagnostics: one per mistake, at its most specific place.

    At most MAX_SHAPE_DIAGNOSTICS are reported (the last one says how many more there
    are): a file with 100,000 unknown fields must fail in a moment, not in minutes.
    """
    located: dict[tuple[str | int, ...], Any] = {}
    for problem in error.errors(include_url=False):
        path = _data_path(doc.data, problem["loc"], problem["type"])
        located.setdefault(path, problem)  # a union reports once per member; the first says enough
    context = _Context(located)
    kept = [(path, problem) for path, problem in located.items() if not _explained_elsewhere(path, problem, context)]
    shown = [_one_diagnostic(problem, path, doc) for path, problem in kept[:MAX_SHAPE_DIAGNOSTICS]]
    if len(kept) > MAX_SHAPE_DIAGNOSTICS:
        last, more = shown[-1], len(kept) - MAX_SHAPE_DIAGNOSTICS
        message = ngettext(
            "{message} (and {count} more problem not shown)", "{message} (and {count} more problems not shown)", more
        ).format(message=last.message, count=f"{more:,}")
        shown[-1] = Diagnostic.make(last.code, message, last.file, last.line, last.col)
    return sorted(shown, key=lambda d: (d.line, d.col))


class _Context:
    """What `_explained_elsewhere` needs about all the errors, indexed once (not per error)."""

    def __init__(self, located: dict[tuple[str | int, ...], Any]):
        # Unknown fields by the mapping they sit in; a few per mapping are enough for typos.
        self.unknown: dict[tuple[str | int, ...], list[str]] = {}
        # Every strict prefix of an error's path: an error there has a deeper one below it.
        self.above: set[tuple[str | int, ...]] = set()
        for path, problem in located.items():
            if problem["type"] == "extra_forbidden":
                names = self.unknown.setdefault(path[:-1], [])
                if len(names) < MAX_SHAPE_DIAGNOSTICS:
                    names.append(str(path[-1]))
            for depth in range(len(path)):
                self.above.add(path[:depth])


def _explained_elsewhere(path: tuple[str | int, ...], problem: Any, context: _Context) -> bool:
    """True for an error that another one already explains better.

    - A required field that is missing next to an unknown field spelt like it is one
      typo, which the unknown-field diagnostic names ("did you mean 'title'?").
    - A union (a line is text or a mapping) reports a complaint at the list and one at
      the item; the item is the place to fix, so the shallower complaint goes.
    """
    if problem["type"] == "missing":
        field, parent = str(path[-1]), path[:-1]
        return any(get_close_matches(other, [field], cutoff=0.7) for other in context.unknown.get(parent, ()))
    if problem["type"] == "extra_forbidden":
        return False
    return path in context.above


# What a field name looks like; anything else (spaces, a leading digit) is text cut off.
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def _one_diagnostic(problem: Any, path: tuple[str | int, ...], doc: SourceDoc) -> Diagnostic:
    kind = problem["type"]
    where = _describe(path)
    if kind == "missing":
        field = problem["loc"][-1]
        line, col = doc.mark(path)
        message = _("{where}: required field '{field}' is missing").format(where=where, field=field)
        return Diagnostic.make("DOJO101", message, doc.file, line, col)
    if kind == "missing_text":  # a reply with neither `text` nor `variants` (its message is schema.py's, translated there)
        line, col = doc.mark(path)
        return Diagnostic.make("DOJO101", _placed(f"{where}.text", problem["msg"]), doc.file, line, col)
    if kind == "extra_forbidden":
        field = str(problem["loc"][-1])
        line, col = doc.key_mark(path)
        close = get_close_matches(field, _ALL_FIELDS, n=1, cutoff=0.7)
        if close:
            message = _("unknown field '{field}'; did you mean '{close}'?").format(field=field, close=close[0])
        elif problem.get("input", 0) is None and not _FIELD_NAME.match(field):
            # `{text: I'm 71. Proud of it, too}`: in { } a comma ends the value, and the
            # rest becomes a key with no value. Authors never meant a field.
            message = _(
                "unknown field '{field}'; a comma inside {{ }} ends the text before it and makes the rest a field: "
                "put the whole text in quotes"
            ).format(field=field)
        else:
            message = _("unknown field '{field}'").format(field=field)
        return Diagnostic.make("DOJO102", message, doc.file, line, col)
    on_key = problem["loc"][-1] == "[key]"
    line, col = doc.key_mark(path) if on_key else doc.mark(path)
    if _is_asset(path):
        return Diagnostic.make("DOJO109", _placed(where, _asset_message(problem["input"])), doc.file, line, col)
    if kind == "control_character":
        return Diagnostic.make("DOJO111", _placed(where, problem["msg"]), doc.file, line, col)
    if path and path[-1] == "expression" and kind == "literal_error":
        return Diagnostic.make("DOJO160", _placed(where, _expression_message(problem["input"])), doc.file, line, col)
    too_big = _over_limit(problem, path)
    if too_big:
        return Diagnostic.make("DOJO108", _placed(where, too_big), doc.file, line, col)
    message = _library_message(problem)
    if len(path) >= 2 and path[-2] == "effects":
        # A union of four kinds: the first member's complaint would mislead.
        message = _("an effect is a number to add (+10, -5), true/false or a text to set, or {set: N}")
    elif len(path) >= 2 and path[-2] == "say":
        message = _("a line is a text, or a mapping with 'text' or 'variants', not {value}").format(value=_shown(problem["input"]))
    elif kind in _TYPE_MESSAGES:
        message = _(_TYPE_MESSAGES[kind]).format(value=_shown(problem["input"]))
    elif kind == "string_pattern_mismatch":
        pattern = _PATTERN_MESSAGES.get(problem["ctx"]["pattern"])
        message = _(pattern) if pattern is not None else message
        if on_key:
            message = _("'{key}': {problem}").format(key=problem["input"], problem=message)
    return Diagnostic.make("DOJO103", _placed(where, message), doc.file, line, col)


def _placed(where: str, problem: str) -> str:
    """A problem with the place in the file it is about: 'nodes.greeting.say[1]: ...'."""
    return _("{where}: {problem}").format(where=where, problem=problem)


def _library_message(problem: Any) -> str:
    """Pydantic's complaint for the checks it makes itself, in the active locale.

    Each template here writes the library's English word for word (so English output is
    what it always was) from the error's context; any other complaint is shown as the
    library words it, with our own "Value error, " prefix dropped (schema.py's messages
    are already translated where they are raised).
    """
    kind, ctx = problem["type"], problem.get("ctx") or {}
    try:
        if kind in ("literal_error", "enum"):
            return _("Input should be {expected}").format(expected=_one_of(str(ctx["expected"])))
        if kind == "greater_than_equal":
            return _("Input should be greater than or equal to {ge}").format(ge=ctx["ge"])
        if kind == "less_than_equal":
            return _("Input should be less than or equal to {le}").format(le=ctx["le"])
        if kind == "string_too_short":
            count = int(ctx["min_length"])
            return ngettext(
                "String should have at least {min_length} character", "String should have at least {min_length} characters", count
            ).format(min_length=count)
        if kind == "too_short" and ctx.get("field_type") in ("List", "Dictionary"):
            count, actual = int(ctx["min_length"]), ctx["actual_length"]
            if ctx["field_type"] == "List":
                template = ngettext(
                    "List should have at least {min_length} item after validation, not {actual_length}",
                    "List should have at least {min_length} items after validation, not {actual_length}",
                    count,
                )
            else:
                template = ngettext(
                    "Dictionary should have at least {min_length} item after validation, not {actual_length}",
                    "Dictionary should have at least {min_length} items after validation, not {actual_length}",
                    count,
                )
            return template.format(min_length=count, actual_length=actual)
    except (KeyError, TypeError, ValueError):
        pass  # a context of another shape than this version's: the library's own words
    return str(problem["msg"]).removeprefix("Value error, ")


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'")


def _one_of(expected: str) -> str:
    """Pydantic's list of allowed values, `'a', 'b' or 'c'`, joined the active locale's way."""
    values = _QUOTED.findall(expected)
    if len(values) < 2 or ", ".join(values[:-1]) + " or " + values[-1] != expected:
        return expected
    return _("{values} or {last}").format(values=", ".join(values[:-1]), last=values[-1])


# Words authors reach for, and the expression in the closed set that draws them.
_EXPRESSION_WORDS = {
    "furious": "angry", "mad": "angry", "cross": "annoyed", "irritated": "annoyed", "frustrated": "annoyed",
    "neutral": "calm", "happy": "relieved", "pleased": "relieved", "glad": "relieved", "smiling": "relieved",
    "ashamed": "embarrassed", "sheepish": "embarrassed", "anxious": "worried", "nervous": "worried",
    "upset": "sad", "hurt": "sad", "disappointed": "sad",
}


def _expression_message(value: Any) -> str:
    """Why an expression was refused: the closed set, and the nearest name if one is close."""
    known = ", ".join(schema_module.EXPRESSIONS)
    words = [*schema_module.EXPRESSIONS, *_EXPRESSION_WORDS]
    close = get_close_matches(value.lower(), words, n=1, cutoff=0.6) if isinstance(value, str) else []
    if close:
        message = _("{value} is not an expression the faces can show (known: {known}); did you mean '{close}'?")
    else:
        message = _("{value} is not an expression the faces can show (known: {known})")
    return message.format(value=_shown(value), known=known, close=_EXPRESSION_WORDS.get(close[0], close[0]) if close else "")


def _is_asset(path: tuple[str | int, ...]) -> bool:
    """True for a field that names a file: a cast member's portrait."""
    return len(path) == 3 and path[0] == "cast" and path[2] == "portrait"


def _asset_message(value: Any) -> str:
    """Why a portrait (or any file name) was refused, and what to write instead."""
    return _(
        "{value} is not a picture name: a portrait names a file in assets/portraits or the scenario's "
        "folder by its name alone, like 'ms-lin' for ms-lin.png (lowercase letters, digits, '-' and '_'; "
        "no folders, '..', drive letters, URLs or extensions)"
    ).format(value=_shown(value))


def _over_limit(problem: Any, path: tuple[str | int, ...]) -> str | None:
    """The DOJO108 message for a value over one of the format's limits, else None.

    Unions (an effect, a variable) report the first member's complaint, so a number or
    a text too long for the member it fits is recognised by its value, not its error.
    """
    kind, value, ctx = problem["type"], problem["input"], problem.get("ctx") or {}
    if kind == "string_too_long":
        return _("this text has {count} characters; the limit is {limit}").format(count=f"{len(value):,}", limit=f"{ctx['max_length']:,}")
    if kind == "too_long":
        template = _("{count} entries; the limit is {limit}") if isinstance(value, dict) else _("{count} items; the limit is {limit}")
        return template.format(count=f"{len(value):,}", limit=f"{ctx['max_length']:,}")
    if isinstance(value, dict) and len(path) >= 2 and path[-2] == "effects":
        value = value.get("set")  # {set: N}
    if type(value) is int and abs(value) > schema_module.MAX_NUMBER:
        return _("{value} is out of range: numbers in a scenario lie between -{limit} and {limit}").format(
            value=_shown(value), limit=f"{schema_module.MAX_NUMBER:,}"
        )
    in_union = len(path) >= 2 and path[-2] in ("effects", "vars")
    if in_union and isinstance(value, str) and len(value) > schema_module.MAX_SHORT_TEXT:
        return _("a text value has at most {limit} characters; this one has {count}").format(
            limit=schema_module.MAX_SHORT_TEXT, count=f"{len(value):,}"
        )
    return None


# Plain words for the type errors managers meet most, instead of the library's ({value}: what was written).
_TYPE_MESSAGES = {
    "int_type": N_("expected a whole number, not {value}"),
    "int_parsing": N_("expected a whole number, not {value}"),
    "string_type": N_("expected text, not {value}"),
    "bool_type": N_("expected true or false, not {value}"),
    "list_type": N_("expected a list, not {value}"),
    "dict_type": N_("expected a mapping of fields, not {value}"),
    "model_type": N_("expected a mapping of fields, not {value}"),
    "model_attributes_type": N_("expected a mapping of fields, not {value}"),
}


def _shown(value: Any) -> str:
    """A value as the author wrote it in YAML, shortened."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


# Plain words for the patterns in schema.py, instead of the regular expressions.
_PATTERN_MESSAGES = {
    r"^[a-z0-9][a-z0-9_-]*$": N_("ids use lowercase letters, digits, '-' and '_', and start with a letter or digit"),
    r"^[a-z_][a-z0-9_]*$": N_("meter and variable names use lowercase letters, digits and '_' (a '-' would read as minus in conditions)"),
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": N_("a locale looks like 'en', 'en-GB' or 'zh-CN'"),
}


def _data_path(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[str | int, ...]:
    """The place in the file a pydantic location names.

    Parts that exist in the data are followed. Other parts are the labels pydantic gives
    a union's members ('bool', 'SetEffect', 'list[...]'), which are no place in the file,
    except the last part of a missing or unknown field: that is the field's own name.
    """
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif index == len(loc) - 1 and kind in ("missing", "extra_forbidden"):
            path.append(part)
    if "effects" in path:
        # Whatever went wrong inside one effect, the effect as a whole is what to fix.
        path = path[: path.index("effects") + 2]
    return tuple(path)


def _describe(path: tuple[str | int, ...]) -> str:
    if not path:
        return _("the scenario")
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _field_names(models: list[type[BaseModel]]) -> list[str]:
    names: set[str] = set()
    for model in models:
        names.update(model.model_fields)
    return sorted(names)


_ALL_FIELDS = _field_names(
    [obj for obj in vars(schema_module).values() if isinstance(obj, type) and issubclass(obj, BaseModel)]
)
