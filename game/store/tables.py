"""The database tables (SQLAlchemy Core) and the indexes the boards and lists rely on.

Times are stored as REAL seconds since the epoch, UTC by definition: they sort and
compare the same way on every database and need no time-zone handling in SQL.

These definitions are the *current* schema. A fresh database is created from them and
stamped with `SCHEMA_VERSION`; an older database is brought up to date by the
migrations in `migrations.py`, never by re-creating tables.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from game.store.dialect import big_integer, key_statistics

SCHEMA_VERSION = 7
APP_NAME = "service-dojo"

metadata = MetaData()

# key/value facts about the database itself: which application made it, schema version.
meta = Table(
    "dojo_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

players = Table(
    "players",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),  # as first typed: how the player is shown
    # What names are compared by (NFKC, case-folded; see names.identity): one player per identity.
    Column("identity", Text, nullable=False),
    Column("cohort", Text, nullable=True),  # the hire class
    Column("team", Text, nullable=True),
    Column("opted_out", Boolean, nullable=False, default=False),
    Column("created_at", Float, nullable=False),
    Column("pin_hash", Text, nullable=True),  # a served player's PIN, salted and hashed (identity.py)
    # Wrong PINs in a row, and until when the name is locked after too many (identity.py).
    Column("pin_failures", Integer, nullable=False, default=0, server_default="0"),
    Column("pin_locked_until", Float, nullable=True),
)
Index("ix_players_identity", players.c.identity, unique=True)
Index("ix_players_cohort", players.c.cohort)
Index("ix_players_team", players.c.team)

# The scenario file's raw text, once per content hash: a run keeps only the hash, so a
# million runs of one scenario do not keep a million copies, yet every run stays
# verifiable after the file is edited.
scenario_copies = Table(
    "scenario_copies",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("scenario_id", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("stored_at", Float, nullable=False),
)

# The rubric's YAML text, once per digest, so verification rebuilds the exact scorer.
rubric_copies = Table(
    "rubric_copies",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("rubric_id", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("stored_at", Float, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_uid", String(32), nullable=False, unique=True),
    Column("player_id", Integer, ForeignKey("players.id"), nullable=False),
    Column("scenario_id", Text, nullable=False),
    Column("content_hash", String(64), ForeignKey("scenario_copies.content_hash"), nullable=False),
    Column("rubric_id", Text, nullable=False),
    Column("rubric_version", Text, nullable=False),
    Column("rubric_digest", String(64), ForeignKey("rubric_copies.digest"), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("seed", big_integer(), nullable=False),
    Column("events", Text, nullable=False),  # JSON list, as Session.to_json() gives it
    Column("summary", Text, nullable=False),  # JSON: ScoreCard.to_json() plus the exact percent
    Column("percent", Float, nullable=False),  # full precision; the boards rank on it
    Column("band", Text, nullable=True),
    Column("ending", Text, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("finished_at", Float, nullable=False),
    Column("duration", Float, nullable=False),
    # 'verified' (counts on boards), 'flagged' (its replay or seal disagreed with what is
    # stored) or 'legacy' (sealed before seals had a key: not on boards until the owner adopts it)
    Column("status", String(16), nullable=False),
    # 'official' (its scenario and rubric are in the store's official pack) or 'custom'
    Column("pack", String(16), nullable=False),
    Column("problem", Text, nullable=True),  # why it was flagged
    Column("checked_at", Float, nullable=False),
    Column("seal", String(64), nullable=False),  # HMAC of the row's facts, see verify.seal_of
    Column("seal_key", String(16), nullable=False),  # the id of the key that sealed it (keys.SealKey.key_id)
)
# The board's driving index: equality on the first three columns, then the ranking order,
# so a top-N per scenario reads the index in order and stops early.
Index(
    "ix_runs_board",
    runs.c.scenario_id,
    runs.c.mode,
    runs.c.status,
    runs.c.pack,
    runs.c.percent.desc(),
    runs.c.finished_at,
    runs.c.id,
)
# A scenario board for a week or month: only that window's runs of the scenario are read.
Index("ix_runs_scenario_window", runs.c.scenario_id, runs.c.mode, runs.c.status, runs.c.pack, runs.c.finished_at)
Index("ix_runs_window", runs.c.mode, runs.c.status, runs.c.pack, runs.c.finished_at)  # the overall board, per window
# The overall board all time: each player's best per scenario, read in order, never sorted
# (it holds every column that query reads, so the table itself is not touched).
Index(
    "ix_runs_best",
    runs.c.mode,
    runs.c.status,
    runs.c.pack,
    runs.c.player_id,
    runs.c.scenario_id,
    runs.c.percent.desc(),
    runs.c.finished_at,
    runs.c.id,
)
Index("ix_runs_player", runs.c.player_id, runs.c.finished_at)  # `dojo runs --player`

# One in-progress session per player and scenario, rewritten after every reply.
sessions = Table(
    "sessions",
    metadata,
    Column("player_id", Integer, ForeignKey("players.id"), nullable=False),
    Column("scenario_id", Text, nullable=False),
    Column("content_hash", String(64), ForeignKey("scenario_copies.content_hash"), nullable=False),
    Column("rubric_digest", String(64), ForeignKey("rubric_copies.digest"), nullable=False),
    Column("state", Text, nullable=False),  # JSON, as Session.to_json() gives it
    Column("updated_at", Float, nullable=False),
    PrimaryKeyConstraint("player_id", "scenario_id"),
)

# Ranked attempts given up before their ending (schema 4, see abandoned.py): a saved ranked run
# the trainee started over, or that a new run of the scenario replaced. Kept, listed as
# abandoned (`dojo runs`, the trainee report), never on a board: it has no score.
abandoned_runs = Table(
    "abandoned_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("attempt_uid", String(32), nullable=False, unique=True),
    Column("player_id", Integer, ForeignKey("players.id"), nullable=False),
    Column("scenario_id", Text, nullable=False),
    Column("content_hash", String(64), ForeignKey("scenario_copies.content_hash"), nullable=False),
    Column("rubric_digest", String(64), ForeignKey("rubric_copies.digest"), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("seed", big_integer(), nullable=False),
    Column("events", Text, nullable=False),  # JSON list, as the save held it
    Column("replies", Integer, nullable=False),  # replies made before it was given up
    Column("started_at", Float, nullable=False),
    Column("abandoned_at", Float, nullable=False),
    Column("how", String(16), nullable=False),  # 'start-over' or 'replaced'
)
Index("ix_abandoned_player", abandoned_runs.c.player_id, abandoned_runs.c.abandoned_at)

# The store's official pack: the scenario contents (by hash) whose runs reach the official
# boards; the rubric's digest and the pack's seal are in `dojo_meta` (see official.py).
official_pack = Table(
    "official_pack",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("scenario_id", Text, nullable=False),
    Column("file_name", Text, nullable=False),
)

# What the analysis of a scenario under a rubric found, once per pair, at record time:
# 'ok' (within the bound), or 'too-costly' (past it: never analysed again; see analyses.py).
analyses = Table(
    "analyses",
    metadata,
    Column("content_hash", String(64), nullable=False),
    Column("rubric_digest", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("states", Integer, nullable=False),
    Column("targets", Text, nullable=False),  # JSON: the best playthrough's points per dimension and total
    Column("detail", Text, nullable=True),
    Column("analysed_at", Float, nullable=False),
    PrimaryKeyConstraint("content_hash", "rubric_digest"),
)

# The boards, kept up to date as runs are recorded (see standings.py): per pack ('official' or
# 'custom'), window ('all', 'week', 'month') and window start (0 for all time), each player's
# best counting run per scenario, and per player the sum of those bests. A board then reads
# ten rows of an index instead of every run; `standings.rebuild` recomputes them from the runs.
standings = Table(
    "standings",
    metadata,
    Column("pack", String(16), nullable=False),
    Column("window", String(8), nullable=False),
    Column("start", Float, nullable=False),
    Column("player_id", Integer, nullable=False),
    Column("scenario_id", Text, nullable=False),
    Column("run_id", Integer, nullable=False),
    Column("run_uid", String(32), nullable=False),
    Column("percent", Float, nullable=False),
    Column("band", Text, nullable=True),
    Column("finished_at", Float, nullable=False),
    PrimaryKeyConstraint("pack", "window", "start", "player_id", "scenario_id"),
)
Index(
    "ix_standings_board",
    standings.c.pack,
    standings.c.window,
    standings.c.start,
    standings.c.scenario_id,
    standings.c.percent.desc(),
    standings.c.finished_at,
    standings.c.run_id,
)

totals = Table(
    "totals",
    metadata,
    Column("pack", String(16), nullable=False),
    Column("window", String(8), nullable=False),
    Column("start", Float, nullable=False),
    Column("player_id", Integer, nullable=False),
    Column("points", Float, nullable=False),  # rounded to 6 places, so ties compare exactly
    Column("scenarios", Integer, nullable=False),
    Column("reached", Float, nullable=False),  # when the total was reached: the latest of the best runs
    PrimaryKeyConstraint("pack", "window", "start", "player_id"),
)
Index("ix_totals_board", totals.c.pack, totals.c.window, totals.c.start, totals.c.points.desc(), totals.c.reached, totals.c.player_id)
# PostgreSQL: how a board's pack, window and window start go together (dialect.py).
key_statistics(standings, "pack", "window", "start")
key_statistics(totals, "pack", "window", "start")

# A class (`dojo serve --class`): a name that is the cohort of everyone in it, a short join
# code, the mode and scenarios the trainer chose, and the trainer's live controls (a message
# for every trainee, the end of a round). See classes.py.
classes = Table(
    "classes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), nullable=False, unique=True),  # what trainees type to join
    Column("name", Text, nullable=False),  # as the trainer typed it: every member's cohort
    Column("identity", Text, nullable=False, unique=True),  # the name compared as names are (names.identity)
    Column("mode", String(16), nullable=False),
    Column("scenarios", Text, nullable=False),  # JSON list of scenario ids, in the trainer's order
    Column("trainer_token", String(64), nullable=True),  # sha256 of the trainer's current secret
    Column("opened_at", Float, nullable=False),
    Column("closed_at", Float, nullable=True),
    Column("round_ended_at", Float, nullable=True),  # set while a round is over (no new runs start)
    Column("message", Text, nullable=True),  # the trainer's latest message to everyone
    Column("message_at", Float, nullable=True),
    Column("message_seq", Integer, nullable=False, default=0, server_default="0"),  # counts messages sent
)

# Who is in a class and what they are doing now: one row per member, rewritten as they play.
class_seats = Table(
    "class_seats",
    metadata,
    Column("class_id", Integer, ForeignKey("classes.id"), nullable=False),
    Column("player_id", Integer, ForeignKey("players.id"), nullable=False),
    Column("state", String(16), nullable=False),  # 'joined', 'playing', 'finished' or 'left'
    Column("scenario_id", Text, nullable=True),  # the run in hand or just finished
    Column("turn", Integer, nullable=True),
    Column("mood", Text, nullable=True),  # the customer's face now (calm, annoyed, angry, ...)
    Column("band", Text, nullable=True),  # of the run just finished
    Column("percent", Float, nullable=True),
    Column("finished", Integer, nullable=False, default=0, server_default="0"),  # runs finished in the class
    Column("joined_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    PrimaryKeyConstraint("class_id", "player_id"),
)
Index("ix_class_seats_updated", class_seats.c.class_id, class_seats.c.updated_at)

# The runs played in a class (a run belongs to at most one class).
class_runs = Table(
    "class_runs",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("class_id", Integer, ForeignKey("classes.id"), nullable=False),
)
Index("ix_class_runs_class", class_runs.c.class_id)

# xAPI (schema 6, see outbox.py): the runs recorded while the store had a learning record store
# configured, each waiting to be turned into statements ...
xapi_runs = Table(
    "xapi_runs",
    metadata,
    Column("run_uid", String(32), primary_key=True),
    Column("queued_at", Float, nullable=False),
    Column("built_at", Float, nullable=True),  # when its statements went into the outbox
    Column("problem", Text, nullable=True),  # why it gave no statements (it did not replay)
)
Index("ix_xapi_runs_built", xapi_runs.c.built_at, xapi_runs.c.queued_at)

# ... and the outbox: every statement, fixed (id and body) when it was made, until the LRS took it.
xapi_outbox = Table(
    "xapi_outbox",
    metadata,
    Column("statement_id", String(36), primary_key=True),  # a UUID fixed at creation: a resend is harmless
    Column("run_uid", String(32), nullable=False),
    Column("place", Integer, nullable=False),  # its order within the run's statements
    Column("statement", Text, nullable=False),  # the JSON sent
    Column("queued_at", Float, nullable=False),
    Column("sent_at", Float, nullable=True),  # when the LRS acknowledged it (200/204, or 409: it had it)
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("last_error", Text, nullable=True),
)
Index("ix_xapi_outbox_pending", xapi_outbox.c.sent_at, xapi_outbox.c.queued_at, xapi_outbox.c.run_uid, xapi_outbox.c.place)
