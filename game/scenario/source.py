"""Read one scenario YAML file into plain data with positions, or located diagnostics.

The reading itself is `scoring.safe_yaml`, the one hardened reader that rubrics share;
this module turns its coded problems (DOJO001-DOJO010) into the scenario's
`Diagnostic`s at file:line:col, so lint, the loader and the games report them alike.

`scoring` may not import `game` (so not `game.i18n`): its messages are English. Here each
is matched against the templates below, which write the reader's English with its
values as {placeholders}, and shown in the active locale; a message no template matches
(a new one in safe_yaml.py, a reason from the operating system) is shown as it is.
"""

from __future__ import annotations

import os
import re
from functools import cache

from game.i18n import N_, _
from game.i18n.templates import from_templates
from game.scenario.diagnostics import Diagnostic, DiagnosticError
from scoring import safe_yaml
from scoring.safe_yaml import MAX_DEPTH, MAX_EXPANDED_NODES, MAX_FILE_BYTES, SourceDoc

__all__ = ["MAX_DEPTH", "MAX_EXPANDED_NODES", "MAX_FILE_BYTES", "SourceDoc", "read_yaml", "read_yaml_file"]


def read_yaml(raw: bytes, file: str) -> SourceDoc:
    """Plain data and positions from the bytes of one YAML file; raises DiagnosticError."""
    try:
        return safe_yaml.read_yaml(raw, file)
    except safe_yaml.YamlError as err:
        raise _diagnostics(err, file) from None


def read_yaml_file(path: str | os.PathLike[str]) -> SourceDoc:
    """Read and parse a file: DOJO001 if it can't be read, DOJO003 if too large."""
    try:
        return safe_yaml.read_yaml_file(path)
    except safe_yaml.YamlError as err:
        raise _diagnostics(err, os.fspath(path)) from None


def _diagnostics(err: safe_yaml.YamlError, file: str) -> DiagnosticError:
    """The reader's problems as diagnostics of `file`."""
    return DiagnosticError([Diagnostic.make(p.code, translated(p.message), file, p.line, p.col) for p in err.problems])


# scoring/safe_yaml.py's messages, word for word, with the values they hold as {placeholders}.
_TEMPLATES = (
    N_("cannot read the file: it is a directory"),
    N_("cannot read the file: it is not a regular file"),
    N_("cannot read the file: {reason}"),
    N_("file is {size} MB; the limit is {limit} MB"),
    N_("file is over the limit of {limit} MB"),
    N_("file is {encoding} encoded; save it as UTF-8"),
    N_("byte 0x{byte} is not valid UTF-8; save the file as UTF-8"),
    N_("the file contains a NUL character (U+0000); if it is UTF-16, save it as UTF-8"),
    N_("control character U+{code} is not allowed in YAML; delete it"),
    N_("character U+{code} is not allowed in YAML; delete it"),
    N_("the file is not readable text: {reason}"),
    N_("tabs can't be used for indentation in YAML; use spaces"),
    N_("the file is empty: it holds no data, only comments or nothing"),
    N_("nesting is deeper than {limit} levels; flatten the structure"),
    N_("the file holds more than one YAML document; remove the '---' line and what follows"),
    N_("mapping keys must be plain names, not lists or mappings"),
    N_("mapping keys must be plain names, not aliases"),
    N_("unexpected YAML event {event}"),
    N_("merge keys ('<<') are not supported; write the fields out"),
    N_("more than {limit} duplicate keys; fix the ones reported above first"),
    N_("duplicate key {key} (first at line {line})"),
    N_("the value {value} doesn't fit its tag '{tag}'"),
    N_("the tag '{tag}' is not allowed: scenario files hold plain data only"),
    N_("the anchor '&{name}' is defined twice (first at line {line}); rename one"),
    N_("the alias '*{name}' has no anchor '&{anchor}' before it"),
    N_("the alias '*{name}' is inside the value it refers to, which would repeat forever"),
    N_("the alias '*{name}' takes the file past {limit} values once aliases are expanded"),
    N_("the file holds more than {limit} values (counting each alias as what it repeats)"),
    N_("ran out of memory reading the file"),
    N_("could not read the YAML ({error})"),
)
# A YAML syntax error (DOJO004) is the parser's complaint, where the construct it was
# reading began, and safe_yaml's plain-words help for the common complaints.
_SYNTAX = re.compile(r"(?P<problem>.+?)(?: \((?P<context>.+) that started at line (?P<line>\d+)\))?(?:: (?P<hint>.+))?", re.DOTALL)
_SYNTAX_TEMPLATES = {
    (True, True): N_("{problem} ({context} that started at line {line}): {hint}"),
    (True, False): N_("{problem} ({context} that started at line {line})"),
    (False, True): N_("{problem}: {hint}"),
}
# The parser's most common complaints and contexts, and safe_yaml's help for them, as
# format strings (a brace written twice) like every other message.
_PARSER_WORDS = (
    N_("mapping values are not allowed here"),
    N_("mapping values are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}}'"),
    N_("found unexpected end of stream"),
    N_("found character that cannot start any token"),
    N_("found unknown escape character"),
    N_("while scanning a simple key"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("while parsing a block node"),
    N_("a ': ' can't appear here; put quotes around a value that contains ': '"),
    N_("a key needs ': ' after it, or this line is indented wrongly"),
    N_("this line doesn't line up with the keys around it; check its indentation"),
    N_("this line doesn't line up with the list around it; check its indentation"),
    N_("a [ ] list is missing a ',' or its closing ']'"),
    N_("a {{ }} mapping is missing a ',' or its closing '}}'"),
    N_("the file ends before a quote or bracket is closed"),
    N_("this character can't start a value; put the value in quotes"),
    N_("remove the '%YAML' line; files are read as YAML 1.2"),
    N_("in double quotes a backslash starts an escape; use single quotes or '\\\\'"),
)


def translated(message: str) -> str:
    """One of the reader's English messages in the active locale (as it is when no template matches)."""
    return from_templates(message, _TEMPLATES) or _syntax_error(message)


def _syntax_error(message: str) -> str:
    """A YAML syntax error: the parser's words, where the construct began, and the help, each translated when known."""
    found = _SYNTAX.fullmatch(message)
    if found is None:
        return message
    words = {name: _parser_words(value) if name != "line" else value for name, value in found.groupdict().items() if value is not None}
    template = _SYNTAX_TEMPLATES.get(("context" in words, "hint" in words))
    if template is None:
        return words["problem"]
    return _(template).format(**words)


@cache
def _parser_templates() -> dict[str, str]:
    """Each of _PARSER_WORDS by the text it formats to."""
    return {template.format(): template for template in _PARSER_WORDS}


def _parser_words(text: str) -> str:
    """A complaint, context or help of the parser's in the active locale (as it is when unknown)."""
    template = _parser_templates().get(text)
    return _(template).format() if template is not None else text
