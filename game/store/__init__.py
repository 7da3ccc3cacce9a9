"""Storage: players, runs, leaderboards, saved sessions and replay verification.

SQLAlchemy Core on SQLite by default (WAL, `BEGIN IMMEDIATE` for writes), or on PostgreSQL 15+
through psycopg 3 (a write lock per database, snapshot reads); the database is `dojo.db` in the
user's data directory unless `--db` or `DOJO_DB` says otherwise (a path or a SQLAlchemy URL).

Modules, one job each: `db` (the open Store and opening it), `location` (where the
database is), `file_check` (a file looked at before SQLite touches it, and moved aside),
`engines` (SQLite's pragmas and our BEGIN), `dialect` (what PostgreSQL does differently:
its write lock, snapshot reads, types and error kinds), `transfer` (a whole store copied to
another database, checked by replay), `upgrade` (the schema version kept up to date),
`migrations` (one step per schema version), `readonly` (the read-only fallback),
`error_kinds` and `error_messages` (a driver error's kind and its one clear message), `tables`,
`players`, `names` (the name rule and identities), `identity` (served players' PINs),
`keys` (the seal key, kept outside the database), `official` (the official pack, damaged
copies and their repair), `copies` (stored scenario and rubric texts), `analyses` (a
scenario's analysis, once and bounded), `runs` (recording and listing), `standings` (the
boards kept up to date), `ranking` (the board queries), `driver` (cached statements run
through the driver), `boards` (boards as shown), `sessions` (in-progress saves), `verify`
(replay and seal checks), `csv_export`, `windows` (UTC time windows), `display` (printing
stored text safely), `options` (the shared command-line options), `errors`, `files`
(writing every output file safely, and checking file names), `outbox` (runs and xAPI
statements waiting for the learning record store). What each board guarantees,
and against whom: docs/security.md.

This package imports nothing itself: the commands load SQLAlchemy only when they open a
store (`from game.store.db import open_store`).
"""

from __future__ import annotations
