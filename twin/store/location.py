"""Where the experiment store lives: ``--store``, then ``GIGATWIN_STORE``, then a local file.

The embedded default needs no set-up: a SQLite file under the user's data folder
(``$XDG_DATA_HOME/gigatwin/experiments.db``, by default
``~/.local/share/gigatwin/experiments.db``). A team shares one store by pointing
``GIGATWIN_STORE`` (or ``--store``) at a PostgreSQL server, e.g.
``postgresql://user:password@host:5432/gigatwin``. A plain path means a SQLite file.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

STORE_ENV = "GIGATWIN_STORE"
"""Environment variable holding the store's URL or SQLite file path."""
STORE_FILE = "experiments.db"


def default_store_path() -> Path:
    """The SQLite file used when neither ``--store`` nor ``GIGATWIN_STORE`` is given."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gigatwin" / STORE_FILE


def resolve_store_url(given: str | None = None) -> str:
    """The store's URL: ``given``, else ``$GIGATWIN_STORE``, else the default SQLite file."""
    value = given or os.environ.get(STORE_ENV) or str(default_store_path())
    return as_url(value)


def as_url(value: str) -> str:
    """A database URL as it is, or a file path as a ``sqlite:///`` URL of its absolute path."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def display_url(url: str) -> str:
    """The URL with any password hidden (safe to print and to write into records)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url
