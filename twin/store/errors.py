"""The one error the store raises: what went wrong, naming the store (password hidden)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from twin.store.location import display_url


class StoreError(Exception):
    """The experiment store could not be opened, read or written.

    ``store`` is the store's URL with any password hidden; the message names it, so a user
    sees which store failed (a wrong ``GIGATWIN_STORE`` is the usual cause).
    """

    def __init__(self, url: str, reason: str) -> None:
        self.store = display_url(url)
        self.reason = reason
        super().__init__(f"experiment store {self.store}: {reason}")


class NotFoundError(StoreError):
    """No experiment with that id in the store."""


def reason_of(error: SQLAlchemyError) -> str:
    """The database's own first line of the error, without SQLAlchemy's boilerplate."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__
