"""How `dojo serve --class` tells each browser's app its class: environment variable names only.

Kept apart from classroom.py, which loads the store: `dojo play` reads these at start-up,
before its first paint, and must not pay for the database layer to do so.
"""

from __future__ import annotations

CLASS_ENV = "DOJO_CLASS"  # the join code a served app's class is found by
CLASS_NAME_ENV = "DOJO_CLASS_NAME"  # its name, for the welcome screen shown before the store is open
CLASS_SCENARIOS_ENV = "DOJO_CLASS_SCENARIOS"  # its scenario ids, comma-separated: the app loads only these
CLASS_LOCALE_ENV = "DOJO_CLASS_LOCALE"  # the language its trainee picked on the join page (e.g. zh-Hans)
