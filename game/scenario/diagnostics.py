"""Located, coded findings about a scenario file: the one currency of the loader and lint.

Every problem an author can make is reported as a `Diagnostic` with a stable code
(`DOJO101`), a severity and a position in the file. `CODES` is the single registry of
codes; `docs/diagnostics.md` has one entry per code, and a test keeps the two in step.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is: errors stop a scenario from loading or playing well."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """One diagnostic code: its identifier, default severity and a short title."""

    code: str
    severity: Severity
    title: str


# Codes are grouped by hundreds: 0xx reading the file, 1xx the model's shape,
# 2xx the story graph, 3xx conditions and effects, 4xx scoring and balance.
_ALL = [
    # Reading the file
    Code("DOJO001", Severity.ERROR, "file cannot be read"),
    Code("DOJO002", Severity.ERROR, "file is not valid UTF-8 text"),
    Code("DOJO003", Severity.ERROR, "file is larger than the limit"),
    Code("DOJO004", Severity.ERROR, "YAML syntax error"),
    Code("DOJO005", Severity.ERROR, "duplicate key"),
    Code("DOJO006", Severity.ERROR, "forbidden or unknown YAML tag"),
    Code("DOJO007", Severity.ERROR, "aliases expand beyond the limit"),
    Code("DOJO008", Severity.ERROR, "nesting deeper than the limit"),
    Code("DOJO009", Severity.ERROR, "more than one YAML document in the file"),
    Code("DOJO010", Severity.ERROR, "file is empty"),
    # The model's shape
    Code("DOJO101", Severity.ERROR, "required field missing"),
    Code("DOJO102", Severity.ERROR, "unknown field"),
    Code("DOJO103", Severity.ERROR, "wrong type or value"),
    Code("DOJO104", Severity.ERROR, "unsupported format version"),
    Code("DOJO105", Severity.ERROR, "duplicate id"),
    Code("DOJO106", Severity.ERROR, "unknown cast member"),
    Code("DOJO107", Severity.ERROR, "meter range or start is inconsistent"),
    Code("DOJO108", Severity.ERROR, "scenario exceeds a size limit"),
    Code("DOJO109", Severity.ERROR, "portrait is not a file name in assets or the scenario's folder"),
    Code("DOJO110", Severity.WARNING, "portrait file not found"),
    Code("DOJO111", Severity.ERROR, "control character in text"),
    Code("DOJO160", Severity.ERROR, "unknown expression"),
    # The story graph
    Code("DOJO201", Severity.ERROR, "unknown next target"),
    Code("DOJO202", Severity.WARNING, "node can never be reached"),
    Code("DOJO203", Severity.ERROR, "node has no way to any ending"),
    Code("DOJO204", Severity.WARNING, "ending can never be reached"),
    Code("DOJO205", Severity.ERROR, "every reply in a node has a condition"),
    Code("DOJO206", Severity.ERROR, "unknown start node"),
    Code("DOJO207", Severity.WARNING, "reply can never be chosen"),
    Code("DOJO208", Severity.WARNING, "every line in a node has a condition"),
    # Conditions and effects
    Code("DOJO301", Severity.ERROR, "condition does not parse"),
    Code("DOJO302", Severity.ERROR, "unknown meter or variable"),
    Code("DOJO303", Severity.ERROR, "condition or effect has the wrong type"),
    Code("DOJO304", Severity.ERROR, "threshold names an unknown ending"),
    # Scoring and balance
    Code("DOJO401", Severity.WARNING, "reply has no tags"),
    Code("DOJO402", Severity.ERROR, "tag unknown to the rubric"),
    Code("DOJO403", Severity.ERROR, "best path cannot reach the top band"),
    Code("DOJO404", Severity.WARNING, "analysis stopped at its limit; results are estimates"),
    Code("DOJO405", Severity.ERROR, "skill is not a rubric dimension"),
    Code("DOJO406", Severity.ERROR, "a bot that reads only the form of replies reaches Bronze"),
    Code("DOJO407", Severity.WARNING, "the best reply is the longest at more than half of the decisions"),
    Code("DOJO408", Severity.ERROR, "a penalty pattern fires on the best path"),
    Code("DOJO409", Severity.WARNING, "a trained skill has fewer than three chances on the best path"),
    Code("DOJO410", Severity.WARNING, "the best reply is written in the same place at more than half of the decisions"),
    Code("DOJO420", Severity.WARNING, "a line's words and the face shown with it are far apart"),
]

CODES: dict[str, Code] = {code.code: code for code in _ALL}

# Translation tables (`dojo strings check`, game/scenario/string_table.py): findings about
# a CSV table beside a scenario, not about the scenario file, so they are kept apart from
# CODES (whose every entry has a linted YAML example); docs/diagnostics.md lists them in
# its "Translation tables" section, and a test keeps that table and this one in step.
TABLE_CODES: dict[str, Code] = {
    code.code: code
    for code in [
        Code("DOJO601", Severity.ERROR, "table file cannot be read"),
        Code("DOJO602", Severity.ERROR, "file is not a translation table"),
        Code("DOJO603", Severity.ERROR, "text missing from the table"),
        Code("DOJO604", Severity.ERROR, "text not translated yet"),
        Code("DOJO605", Severity.ERROR, "stale translation: the source text changed"),
        Code("DOJO606", Severity.WARNING, "row for an id the scenario does not have"),
        Code("DOJO607", Severity.ERROR, "translation breaks a limit of the format"),
        Code("DOJO608", Severity.ERROR, "table has no scenario beside it"),
    ]
}


@dataclass(frozen=True)
class Diagnostic:
    """A finding at file:line:col (1-based; 0 means the whole file)."""

    file: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str

    @classmethod
    def make(cls, code: str, message: str, file: str, line: int = 0, col: int = 0) -> Diagnostic:
        """Build a diagnostic whose severity is the code's default.

        Messages quote what the author wrote (a condition over several lines, a key with
        an escape in it), so line breaks and other control characters are shown escaped:
        a finding stays one line, and a terminal never receives an escape sequence.
        """
        known = CODES.get(code) or TABLE_CODES[code]
        return cls(file, line, col, code, known.severity, _one_line(message))

    def format(self) -> str:
        """The one-line form `path:line:col: CODE severity: message`."""
        return f"{self.file}:{self.line}:{self.col}: {self.code} {self.severity.value}: {self.message}"

    def to_json(self) -> dict[str, object]:
        """The JSON object form used by `dojo lint --json`."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @property
    def is_error(self) -> bool:
        """True for findings that make the scenario unusable."""
        return self.severity is Severity.ERROR


# C0 and C1 controls (tab kept), DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def _one_line(message: str) -> str:
    """`message` with every control character written as an escape (\\n, \\x1b, \\u2028)."""
    if not _CONTROL.search(message):
        return message
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), m.group().encode("unicode_escape").decode("ascii")), message)


class DiagnosticError(Exception):
    """Raised when a file cannot be turned into a scenario; carries every finding."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
