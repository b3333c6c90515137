"""The ``gigatwin`` command line (Typer): one module per command, all thin over the public API."""

from twin.cli.app import app, main

__all__ = ["app", "main"]
