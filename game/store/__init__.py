"""Storage: players, runs, leaderboards, saved sessions and replay verification.

SQLAlchemy Core on SQLite by default (WAL, `BEGIN IMMEDIATE` for writes); the database is
`dojo.db` in the user's data directory unless `--db` or `DOJO_DB` says otherwise.

Modules, one job each: `db` (location, engine, schema version and migrations), `tables`,
`players`, `copies` (stored scenario and rubric texts), `runs` (recording and listing),
`ranking` (the board queries), `boards` (boards as shown), `sessions` (in-progress
saves), `verify` (replay checks), `csv_export`, `windows` (UTC time windows), `display`
(printing stored text safely), `options` (the shared command-line options), `errors`,
`files` (writing every output file safely, and checking file names).

This package imports nothing itself: the commands load SQLAlchemy only when they open a
store (`from game.store.db import open_store`).
"""

from __future__ import annotations
