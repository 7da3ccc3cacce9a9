"""Who is playing: the name runs are recorded under, and their cohort and team; signing in a served player.

At a browser seat of `dojo serve` anyone can type any name, so a served player proves the
name with a PIN (`game.store.identity`): the first seat to use a name claims it, later
seats must give the same PIN. `sign_in` says, in one line for the screen, why not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.i18n import N_

if TYPE_CHECKING:
    from game.store.db import Store


# What `sign_in` says while the class's store is still opening: the welcome screen then
# waits and tries again by itself (a trainee who pressed Enter early is let in, not refused).
STORE_OPENING = N_("Opening the class's records; you are let in in a moment.")


@dataclass(frozen=True)
class Profile:
    """Who is playing: the name runs are recorded under, and their groups."""

    name: str
    cohort: str | None = None
    team: str | None = None


def sign_in(store: Store | None, profile: Profile, pin: str) -> str | None:
    """Claim or prove `profile.name` with `pin` on a served store; None when it may play, else why not."""
    from game.store.errors import StoreError
    from game.store.identity import sign_in as claim

    if store is None:
        return STORE_OPENING
    try:
        claim(store, profile.name, pin, profile.cohort, profile.team)
    except StoreError as error:
        return error.message[:1].upper() + error.message[1:] + "."
    return None
