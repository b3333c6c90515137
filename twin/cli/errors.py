"""The one way a command reports bad input: a message on stderr and exit status 2."""

from __future__ import annotations

import typer


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` to stderr and return the exit (status 2: bad input) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)
