"""How the command line reports problems: bad input briefly, a bug with its traceback.

Bad input (a file, a field or an option) is a few lines on stderr and exit status 2; a bug
is its traceback, a line saying it is a bug and where to report it, and exit status 70.
"""

from __future__ import annotations

import sys
import traceback

import typer

USER_ERROR_EXIT = 2
"""Exit status of bad input (a file, a field or an option); the message says which."""
BUG_EXIT = 70
"""Exit status of a bug (``EX_SOFTWARE``); the traceback is printed with a note."""
BUG_REPORT = ("This is a bug in GigaTwin, not a problem with your input. Please report it with "
              "the command you ran and the traceback above (see 'Reporting a problem' in "
              "README.md).")


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` to stderr and return the exit (status 2: bad input) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=USER_ERROR_EXIT)


def is_user_error(error: BaseException) -> bool:
    """True for a file reader's ``FileFormatError``: the input's fault, even if uncaught.

    The reader module is looked up, not imported: if it was never loaded, nothing raised one.
    """
    reader = sys.modules.get("lines.file_reader")
    return reader is not None and isinstance(error, reader.FileFormatError)


def report_user_error(error: BaseException) -> int:
    """Print the error as bad input and return the exit status 2."""
    typer.echo(f"error: {error}", err=True)
    return USER_ERROR_EXIT


def report_bug() -> int:
    """Print the current exception's traceback and the line that says it is a bug; return 70."""
    traceback.print_exc()
    typer.echo(f"\ngigatwin: internal error. {BUG_REPORT}", err=True)
    return BUG_EXIT
