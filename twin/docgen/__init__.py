"""Generators of the CLI and Python API reference pages (``python -m twin.docgen.<page>``)."""

__all__: list[str] = []
