"""Tests for scoring.gcpause: the collector is off inside the block and restored after, even on error."""

from __future__ import annotations

import gc

import pytest

from scoring.gcpause import gc_paused


def test_collector_paused_inside_and_restored_after():
    """Inside the block the cyclic GC is off; afterwards it is on again."""
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error():
    """An exception inside the block still re-enables the collector."""
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled():
    """If the caller had the GC off, the block leaves it off."""
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
