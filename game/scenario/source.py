"""Read one scenario YAML file into plain data with positions, or located diagnostics.

The reading itself is `scoring.safe_yaml`, the one hardened reader that rubrics share;
this module turns its coded problems (DOJO001-DOJO010) into the scenario's
`Diagnostic`s at file:line:col, so lint, the loader and the games report them alike.
"""

from __future__ import annotations

import os

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
    return DiagnosticError([Diagnostic.make(p.code, p.message, file, p.line, p.col) for p in err.problems])
