"""Registers the `fuzz` marker, so `pytest -m fuzz` selects the fuzz targets (and -m "not fuzz" skips them)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker (the suite runs with --strict-markers)."""
    config.addinivalue_line("markers", "fuzz: a hypothesis fuzz target (long runs: DOJO_FUZZ_EXAMPLES=20000)")
