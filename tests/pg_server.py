"""A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, listening only
on a Unix socket inside it, and stopped (and its folder removed) at the end.

The binaries are found on PATH (`initdb`), else in Debian's `/usr/lib/postgresql/*/bin` (where
`apt-get install postgresql` puts them, off PATH). The server refuses to run as root
(pitfalls.md): as root, the folder is given to the `postgres` user (Debian's package makes
it), else `nobody`, and the server's programs run as that user through `runuser`.
Durability is switched off (fsync, full-page writes) for tests, whose databases are thrown away
anyway, and kept for benchmarks (`durable=True`), so their figures are a real server's.

A test's empty database (`take_database`) is usually one an earlier test gave back
(`give_back`): its connections closed, renamed (so nothing of that test reaches it again, as
after a drop), and its `public` schema, which holds everything a store makes, dropped and made
again. That costs 15-30 ms, where creating a database copies template1 (7 MB) and took
80-260 ms, and dropping one 10-20 ms more: most of what a store test on PostgreSQL cost beyond
its SQLite run. A database the test changed in any other way (a setting, another schema, an
extension...) is dropped instead, so every database handed out is one `CREATE DATABASE`
would have made. `layout` and `clear_rows` let tests/store_helpers.py keep a store's tables
instead, emptied, when their structure is unchanged.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SPARE_DATABASES = 16  # emptied databases kept for the next tests (a test that made more drops the rest)
PORT = 5432  # only names the socket file, in the server's own folder: never clashes
USER = "dojo"


def find_bin_dir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return debian[-1].parent if debian else None


class Server:
    """One running server; `url(name)` addresses a database in it by name."""

    def __init__(self, bin_dir: Path, durable: bool = False):
        self.bin_dir = bin_dir
        self.durable = durable  # keep fsync and full-page writes (benchmarks), else off (tests)
        self.folder = Path(tempfile.mkdtemp(prefix="dojo-pg-"))
        self.data = self.folder / "data"
        self.runas: list[str] = []
        self.count = 0
        self.spare: list[str] = []  # emptied databases given back, for `take_database`
        self._held: dict[str, Any] = {}  # URL -> the connection `reclaim` keeps to it until it is emptied
        self._admin: Any = None
        if os.geteuid() == 0:
            owner = _unprivileged_user()
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.runas = ["runuser", "-u", owner.pw_name, "--"]

    def _run(self, *argv: str) -> None:
        done = subprocess.run([*self.runas, *argv], capture_output=True, text=True, check=False, cwd=self.folder)
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()} {done.stdout.strip()} {tail}")

    def start(self) -> None:
        """initdb, then start the server and wait until it accepts connections."""
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync")
        options = f"-k {self.folder} -p {PORT} -c listen_addresses='' -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "-t", "120", "start")

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg 3) for `database` on this server, over its Unix socket."""
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}&port={PORT}"

    def create_database(self) -> str:
        """A new empty database (from template1); its URL."""
        self.count += 1
        name = f"test_{os.getpid()}_{self.count}"
        self.admin().execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def take_database(self) -> str:
        """An empty database: one given back emptied (see `give_back`), else a new one; its URL."""
        return self.spare.pop() if self.spare else self.create_database()

    def give_back(self, url: str) -> None:
        """Keep a database from `take_database` for the next test, emptied (see `reclaim` and `empty`)."""
        reclaimed = self.reclaim(url)
        if reclaimed is not None:
            self.empty(reclaimed)

    def reclaim(self, url: str) -> str | None:
        """Take a database back from the test that used it; its new URL, or None when it was dropped instead.

        Every connection to it is closed (as DROP DATABASE ... WITH (FORCE) does), and it is
        renamed, so that nothing of the test that used it (a process still running) can reach
        it again, as after a drop. It is dropped instead when it differs from a new database
        outside its `public` schema (see the module docstring), when it was connected to again
        meanwhile. Until `empty` or `clear_rows`, one connection to it is kept for them and `layout`.
        """
        import psycopg

        admin = self.admin()
        if not self._close_connections(_name_of(url)):
            self.drop_database(url)
            return None
        self.count += 1
        name = f"test_{os.getpid()}_{self.count}"
        try:
            admin.execute(f'ALTER DATABASE "{_name_of(url)}" RENAME TO "{name}"')
        except psycopg.Error:  # connected to again meanwhile
            self.drop_database(url)
            return None
        self._held[self.url(name)] = self._connect(self.url(name))  # for the checks and the emptying that follow
        if not self._only_public_changed(name):
            self.drop_database(self.url(name))
            return None
        return self.url(name)

    def _close_connections(self, name: str) -> bool:
        """End every connection to database `name` until none is left; False when some still come after 5 s.

        Asked every millisecond (pg_terminate_backend's own wait, like ALTER DATABASE's, looks
        every 100 ms, which was most of what giving a database back cost), ending any new one
        too: a test's background thread may still be connecting again."""
        admin = self.admin()
        others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        deadline = time.monotonic() + 5
        while True:
            row = admin.execute(f"SELECT count(pg_terminate_backend(pid)) {others}", (name,)).fetchone()
            if not row or not row[0]:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.001)

    def empty(self, url: str) -> None:
        """Drop a reclaimed database's `public` schema with all it holds, make it again as a new database has it, and keep the
        database for `take_database` (or drop it, when SPARE_DATABASES are kept already)."""
        if len(self.spare) >= SPARE_DATABASES:
            self.drop_database(url)
            return
        with self._using(url, last=True) as connection:
            connection.execute(
                "BEGIN; DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner;"
                " GRANT USAGE ON SCHEMA public TO PUBLIC; COMMENT ON SCHEMA public IS 'standard public schema'; COMMIT"
            )
        self.spare.append(url)

    def layout(self, url: str) -> tuple[str, dict[str, tuple[int, float, int]]]:
        """What a database's `public` schema is made of, as one text (tables, columns, defaults, indexes,
        constraints, statistics objects, sequences, and any trigger, rule, policy, function or type),
        and the planner's size figures of each relation (pages, tuples, all-visible pages) by name."""
        with self._using(url) as connection:
            text = connection.execute(LAYOUT).fetchone()
            sizes = connection.execute(
                "SELECT relname, relpages, reltuples, relallvisible FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            ).fetchall()
        return str(text[0] if text else ""), {row[0]: (row[1], row[2], row[3]) for row in sizes}

    def clear_rows(self, url: str, sizes: dict[str, tuple[int, float, int]]) -> None:
        """Bring a reclaimed database's `public` tables back to how they were made: no rows, every sequence at its
        start, the tables' files emptied (VACUUM), no planner statistics, `sizes` (from `layout`) as the planner's
        size figures and no activity counted. Its schema must be unchanged (compare `layout`)."""
        with self._using(url, last=True) as connection:
            tables = [row[0] for row in connection.execute("SELECT quote_ident(relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")]
            with connection.transaction():
                connection.execute("SET LOCAL session_replication_role = replica")  # no foreign-key checks: every row goes
                for table in tables:
                    connection.execute(f"DELETE FROM public.{table}")
                connection.execute(
                    "SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
                    " WHERE c.relnamespace = 'public'::regnamespace"
                )
            if tables:
                connection.execute("VACUUM " + ", ".join(f"public.{table}" for table in tables))
            with connection.transaction():
                connection.execute("DELETE FROM pg_statistic WHERE starelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)")
                connection.execute(
                    "DELETE FROM pg_statistic_ext_data WHERE stxoid IN (SELECT oid FROM pg_statistic_ext WHERE stxnamespace = 'public'::regnamespace)"
                )
                for relation, (pages, tuples, visible) in sizes.items():
                    connection.execute(
                        "UPDATE pg_class SET relpages = %s, reltuples = %s, relallvisible = %s WHERE relnamespace = 'public'::regnamespace AND relname = %s",
                        (pages, tuples, visible, relation),
                    )
                connection.execute("SELECT pg_stat_reset_single_table_counters(oid) FROM pg_class WHERE relnamespace = 'public'::regnamespace")

    @contextmanager
    def _using(self, url: str, last: bool = False) -> Iterator[Any]:
        """A connection to the database at `url`: the one `reclaim` keeps (closed after, when `last`), else a new one closed after."""
        held = self._held.get(url)
        if held is None or held.closed:
            with self._connect(url) as connection:
                yield connection
            return
        try:
            yield held
        finally:
            if last:
                self._let_go(url)

    def _let_go(self, url: str) -> None:
        """Close the connection `reclaim` kept to `url`, if any."""
        held = self._held.pop(url, None)
        if held is not None:
            held.close()

    def _connect(self, url: str) -> Any:
        """An autocommit psycopg connection to the database at `url` (on this server)."""
        import psycopg

        return psycopg.connect(host=str(self.folder), port=PORT, user=USER, dbname=_name_of(url), autocommit=True)

    def _only_public_changed(self, name: str) -> bool:
        """True when database `name` differs from a new one (made from template1) at most inside its `public` schema."""
        database = self.admin().execute(
            "SELECT d.datallowconn AND NOT d.datistemplate AND d.datconnlimit = -1 AND d.datacl IS NULL"
            " AND d.datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
            " AND NOT EXISTS (SELECT FROM pg_db_role_setting s WHERE s.setdatabase = d.oid)"
            " FROM pg_database d WHERE d.datname = %s",
            (name,),
        ).fetchone()
        if not database or not database[0]:
            return False
        with self._using(self.url(name)) as connection:
            inside = connection.execute(
                "SELECT NOT EXISTS (SELECT FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg!_%' ESCAPE '!')"
                " AND (SELECT array_agg(extname) FROM pg_extension) = ARRAY['plpgsql']::name[]"
                " AND NOT EXISTS (SELECT FROM pg_largeobject_metadata)"
                " AND NOT EXISTS (SELECT FROM pg_event_trigger)"
                " AND NOT EXISTS (SELECT FROM pg_publication)"
                " AND NOT EXISTS (SELECT FROM pg_default_acl)"
            ).fetchone()
        return bool(inside and inside[0])

    def drop_database(self, url: str) -> None:
        """Drop a database made by `create_database`, whoever is still connected to it."""
        self._let_go(url)
        self.admin().execute(f'DROP DATABASE IF EXISTS "{_name_of(url)}" WITH (FORCE)')

    def admin(self) -> Any:
        """An autocommit psycopg connection to the `postgres` database (kept open)."""
        if self._admin is None or self._admin.closed:
            import psycopg

            self._admin = psycopg.connect(host=str(self.folder), port=PORT, user=USER, dbname="postgres", autocommit=True)
        return self._admin

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        if self._admin is not None:
            self._admin.close()
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


# Everything a `public` schema is made of, one line per part, sorted (see `Server.layout`).
LAYOUT = """
SELECT string_agg(line, E'\\n' ORDER BY line) FROM (
  SELECT concat_ws(' ', 'relation', c.relname, c.relkind, c.relpersistence, c.reloptions::text, c.relrowsecurity, c.relreplident,
                   c.relowner::regrole, c.relacl::text, c.relhasrules, c.relhastriggers) AS line
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'column', c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attisdropped,
                   pg_get_expr(d.adbin, d.adrelid), a.attstattarget, a.attcollation, a.attidentity, a.attgenerated, a.attstorage, a.attacl::text)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0
  UNION ALL
  SELECT concat_ws(' ', 'index', pg_get_indexdef(i.indexrelid), i.indisclustered, i.indisreplident)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'constraint', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'statistics', stxname, stxrelid::regclass, stxkeys::text, stxkind::text, stxstattarget)
    FROM pg_statistic_ext WHERE stxnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'sequence', c.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle)
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'owned', c.relname, d.refobjid::regclass, d.refobjsubid, d.deptype)
    FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
    WHERE d.classid = 'pg_class'::regclass AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' AND d.refclassid = 'pg_class'::regclass
  UNION ALL
  SELECT concat_ws(' ', 'trigger', t.tgrelid::regclass, t.tgname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT concat_ws(' ', 'rule', tablename, rulename) FROM pg_rules WHERE schemaname = 'public'
  UNION ALL
  SELECT concat_ws(' ', 'policy', tablename, policyname) FROM pg_policies WHERE schemaname = 'public'
  UNION ALL
  SELECT concat_ws(' ', 'function', p.oid::regprocedure) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'type', t.typname, t.typtype) FROM pg_type t
    WHERE t.typnamespace = 'public'::regnamespace AND t.typrelid = 0 AND t.typelem = 0
  UNION ALL
  SELECT concat_ws(' ', 'schema', nspowner::regrole, nspacl::text) FROM pg_namespace WHERE nspname = 'public'
) AS lines
"""


def _name_of(url: str) -> str:
    """The database name in a URL made by `Server.url`."""
    return url.split("@/", 1)[1].split("?", 1)[0]


def _unprivileged_user() -> pwd.struct_passwd:
    """The `postgres` user where the package made one, else `nobody`."""
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no 'postgres' or 'nobody' user to run PostgreSQL as")
