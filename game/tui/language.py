"""Key bindings in the active language, for the footer.

Textual builds a node's bindings from its class's BINDINGS, which are evaluated once at
import, so their descriptions (what the footer shows beside each key) are English there:
they are marked `N_()` and `translate_bindings` gives a screen (or the app) a copy of its
bindings with each description translated, when the screen is built and again after the
language changes. The English bindings are kept on the node, so translating twice never
looks up a translation of a translation. Textual has no public way to change a binding's
description once made (its issue 5733, open; dynamic actions only show, hide or dim a key),
so the node's bindings map is replaced, the way Textual itself builds it, and the footer is
told with `refresh_bindings`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from game.i18n import N_, _

# The command palette's key, which Textual adds to every app and the footer shows ("^p palette").
PALETTE = N_("palette")
_ENGLISH = "_dojo_english_bindings"


def translate_bindings(node: DOMNode) -> None:
    """Show `node`'s key descriptions (and tooltips) in the active language; the footer redraws."""
    english: BindingsMap | None = getattr(node, _ENGLISH, None)
    if english is None:
        english = node._bindings.copy()
        setattr(node, _ENGLISH, english)
    keys = {
        key: [replace(binding, description=_(binding.description)) if binding.description else binding for binding in bindings]
        for key, bindings in english.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
    if node.is_attached:
        node.refresh_bindings()
