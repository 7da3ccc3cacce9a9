"""Pause Python's cyclic garbage collector around bulk work that allocates many objects.

The cyclic GC runs every few thousand allocations and walks every young object each
time; loading a large YAML file or searching a scenario's state graph allocates
millions of small tuples that are never cyclic garbage, so the collector only costs time
(pitfalls.md: it doubles YAML load time; it adds about a third to analysis).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic GC inside the block; restore its previous state even on error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
