"""A private PostgreSQL cluster for the tests: never the system's.

`initdb` into a temporary directory, `pg_ctl start` listening only on a Unix socket in that
directory (no TCP), fsync off (the data is thrown away), and `pg_ctl stop` (or the postmaster's
PID) at the end. PostgreSQL refuses to run as root: as root the cluster belongs to the
`postgres` user the Debian package creates, and its programs run through `runuser`.

`UGYFELKAPU_TEST_POSTGRESQL` may name an existing server instead (a libpq URL of a role that
may create databases); then nothing is started or stopped.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

EXISTING_SERVER_ENV = "UGYFELKAPU_TEST_POSTGRESQL"
ROLE = "test"


class ClusterUnavailable(RuntimeError):
    """PostgreSQL's programs are not installed (./dev test installs them)."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        on_path = shutil.which("initdb")
        if on_path is None:
            raise ClusterUnavailable("initdb not found: install the Debian package postgresql")
        return Path(on_path).parent
    return Path(found[-1]).parent


class PrivateCluster:
    """One cluster in a temporary directory, reached through its socket directory."""

    def __init__(self, *, durable: bool = False) -> None:
        # Tests throw the data away: fsync off. A benchmark keeps PostgreSQL's durable
        # defaults, to compare with SQLite's synchronous=FULL.
        self._durable = durable
        self._bin = _bin_dir()
        # Short path: a Unix socket path must stay under 108 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="ugypg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.log = self.dir / "log"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            ROLE,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self._bin / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr.strip()}")

    def start(self) -> None:
        options = f"-k {self.dir} -c listen_addresses='' -c max_connections=200"
        if not self._durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        except (RuntimeError, subprocess.TimeoutExpired):
            self._kill_postmaster()

    def restart(self) -> None:
        """Stop the server (dropping every connection) and start it again."""
        self.stop()
        self.start()

    def _kill_postmaster(self) -> None:
        pid_file = self.data / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{ROLE}@/{database}?host={quote(str(self.dir), safe='')}"

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """Where test databases are made: the private cluster, or the server the variable names."""

    def __init__(self, *, durable: bool = False) -> None:
        self._existing = os.environ.get(EXISTING_SERVER_ENV)
        self.cluster = None if self._existing else PrivateCluster(durable=durable)

    @property
    def admin_url(self) -> str:
        if self._existing:
            return self._existing
        assert self.cluster is not None
        return self.cluster.url()

    def url(self, database: str) -> str:
        if self.cluster is not None:
            return self.cluster.url(database)
        # The variable's url with the database replaced: the registry's config takes urls only.
        from urllib.parse import urlsplit, urlunsplit

        assert self._existing is not None
        parts = urlsplit(self._existing)
        if parts.scheme not in ("postgresql", "postgres"):
            raise ValueError(f"{EXISTING_SERVER_ENV} must be a postgresql:// url")
        return urlunsplit(parts._replace(path=f"/{database}"))

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict

        name = str(conninfo_to_dict(url)["dbname"])
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
