"""Fixtures for every test: commands record into a throw-away experiment store.

Without this, every ``gigatwin run`` in a test would write into the user's real store
(``~/.local/share/gigatwin/experiments.db``).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _throwaway_experiment_store(tmp_path_factory, monkeypatch):
    """Point ``GIGATWIN_STORE`` at a SQLite file of this test session's temporary folder."""
    folder = tmp_path_factory.getbasetemp() / "experiment_store"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("GIGATWIN_STORE", str(folder / "experiments.db"))


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a PostgreSQL server for the whole session (None when none can be started)."""
    from store_servers import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty experiment store: a SQLite file, then a fresh PostgreSQL database."""
    from store_servers import fresh_database, require

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = require(request.getfixturevalue("postgres_url"))
    with fresh_database(server) as url:
        yield url
