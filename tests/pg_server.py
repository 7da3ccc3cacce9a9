"""A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, listening only
on a Unix socket inside it, and stopped (and its folder removed) at the end.

The binaries are found on PATH (`initdb`), else in Debian's `/usr/lib/postgresql/*/bin` (where
`apt-get install postgresql` puts them, off PATH). The server refuses to run as root
(pitfalls.md): as root, the folder is given to the `postgres` user (Debian's package makes
it), else `nobody`, and the server's programs run as that user through `runuser`.
Durability is switched off (fsync, full-page writes) for tests, whose databases are thrown away
anyway, and kept for benchmarks (`durable=True`), so their figures are a real server's.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

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

    def drop_database(self, url: str) -> None:
        """Drop a database made by `create_database`, whoever is still connected to it."""
        name = url.split("@/", 1)[1].split("?", 1)[0]
        self.admin().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

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


def _unprivileged_user() -> pwd.struct_passwd:
    """The `postgres` user where the package made one, else `nobody`."""
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no 'postgres' or 'nobody' user to run PostgreSQL as")
