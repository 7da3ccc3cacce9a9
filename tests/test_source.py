"""Tests for game.scenario.source: the shared reader's problems become located scenario diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.diagnostics import DiagnosticError, Severity
from game.scenario.source import read_yaml, read_yaml_file


def test_a_problem_becomes_a_diagnostic_of_the_file() -> None:
    """The reader's code, line and column reach the diagnostic, with the file name and the code's severity."""
    with pytest.raises(DiagnosticError) as caught:
        read_yaml(b"a: 1\na: 2\n", "drafts/dup.yaml")
    [found] = caught.value.diagnostics
    assert (found.file, found.line, found.col, found.code) == ("drafts/dup.yaml", 2, 1, "DOJO005")
    assert found.severity is Severity.ERROR


def test_a_file_that_cannot_be_read_names_its_path(tmp_path: Path) -> None:
    """A missing file is DOJO001 at the path given."""
    missing = tmp_path / "nope.yaml"
    with pytest.raises(DiagnosticError) as caught:
        read_yaml_file(missing)
    [found] = caught.value.diagnostics
    assert (found.file, found.code) == (str(missing), "DOJO001")


def test_good_yaml_reads_through() -> None:
    """Plain data and positions come back unchanged."""
    doc = read_yaml(b"title: Boots\nnodes: {a: 1}\n", "s.yaml")
    assert doc.data == {"title": "Boots", "nodes": {"a": 1}}
    assert doc.mark(("nodes", "a")) == (2, 12)
