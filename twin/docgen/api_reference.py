"""The Python API reference (docs/reference/python_api.md), generated from each ``__all__``.

Run ``python -m twin.docgen.api_reference`` (or ``make schema``) after changing a public API;
a test fails while the committed page differs from what this module generates.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import typing
from pathlib import Path

from twin.outputs.atomic import atomic_write_text

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "python_api.md"
PACKAGES = ("twin", "lines", "lines.routes", "parts_catalog", "ml", "twin.cost", "twin.comparison",
            "twin.outputs")


def summary(obj: object) -> str:
    """First line of an object's own docstring, or a short description of a constant."""
    if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
        doc = (inspect.getdoc(obj) or "").strip()
        return doc.splitlines()[0].replace("|", "\\|") if doc else ""
    if typing.get_origin(obj) is typing.Annotated:
        union = typing.get_args(obj)[0]
        return "one of " + ", ".join(f"`{t.__name__}`" for t in typing.get_args(union))
    return constant(obj)


def constant(obj: object) -> str:
    """A constant's value if it is a short string or tuple of strings, else its size."""
    if isinstance(obj, str):
        return f"`{obj!r}`"
    if isinstance(obj, Path):
        return "a directory of the installed package"
    if isinstance(obj, tuple) and all(isinstance(x, str) for x in obj) and len(obj) <= 8:
        return ", ".join(f"`{x}`" for x in obj)
    if isinstance(obj, tuple | dict):
        return f"{type(obj).__name__} of {len(obj)} items"
    return type(obj).__name__


def kind(obj: object) -> str:
    """``class``, ``function``, ``type`` (an annotated union) or ``constant``."""
    if inspect.isclass(obj):
        return "class"
    if inspect.isroutine(obj):
        return "function"
    return "type" if typing.get_origin(obj) is typing.Annotated else "constant"


def section(package: str) -> list[str]:
    """The table of one package: every name of its ``__all__`` with kind and summary."""
    module = importlib.import_module(package)
    lines = [f"## `{package}`", "", summary(module), "",
             "| name | kind | summary |", "|---|---|---|"]
    for name in sorted(module.__all__, key=str.lower):
        obj = getattr(module, name)
        lines.append(f"| `{name}` | {kind(obj)} | {summary(obj)} |")
    return [*lines, ""]


def render() -> str:
    """The whole reference page as Markdown."""
    lines = ["# Python API reference", "",
             "Generated from each package's `__all__` by "
             "`python -m twin.docgen.api_reference`; do not edit by hand.",
             "Import only these names: everything else is internal and may change.",
             "`help(name)` shows the full docstring with arguments and units.", ""]
    for package in PACKAGES:
        lines += section(package)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    atomic_write_text(PAGE, render())
    sys.stdout.write(f"wrote {PAGE}\n")
