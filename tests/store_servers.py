"""The databases the experiment-store tests run against: a SQLite file and a real PostgreSQL.

PostgreSQL comes from ``GIGATWIN_TEST_PG_URL`` (``.ci/run`` starts a throw-away server and
sets it); without it the tests start their own with ``.ci/postgres`` when Debian's
``postgresql`` is installed. If no server can be started the PostgreSQL tests are skipped
with the reason -- except under ``CI=1``, where they fail: CI must test the shared store.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PG_URL_ENV = "GIGATWIN_TEST_PG_URL"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """The URL of a PostgreSQL server: the given one, or one started here (None: no server).

    The server's folder sits directly in the system temp folder: the ``postgres`` user
    cannot reach into pytest's root-only temporary folders.
    """
    given = os.environ.get(PG_URL_ENV)
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="gigatwin-test-pg-"))
    script = REPO / ".ci" / "postgres"
    started = subprocess.run([str(script), "start", str(folder), str(_free_port())],
                             capture_output=True, text=True, timeout=120, check=False)
    if started.returncode != 0:
        yield None
        os.environ.setdefault("GIGATWIN_TEST_PG_REASON", started.stderr.strip()[-300:])
        return
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(script), "stop", str(folder)], capture_output=True, timeout=120,
                       check=False)


def require(server_url: str | None) -> str:
    """The server's URL, or skip (fail under CI=1) saying why there is none."""
    if server_url:
        return server_url
    reason = ("no PostgreSQL server: set GIGATWIN_TEST_PG_URL or install Debian's postgresql "
              f"({os.environ.get('GIGATWIN_TEST_PG_REASON', 'initdb not found')})")
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI=1 must run the PostgreSQL store tests")
    pytest.skip(reason)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server for one test (dropped afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"gigatwin_test_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
