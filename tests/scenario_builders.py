"""Small builders of scenarios for the tests (importable: tests/ is on the test path)."""

from __future__ import annotations

from typing import Any

from lines.spec import Scenario


def line(
    stations: list[dict[str, Any]], sources: list[dict[str, Any]] | None = None, **top: Any
) -> Scenario:
    """A scenario from station dicts; by default an unlimited supply feeds the first station."""
    sources = sources or [{"name": "supply", "to": stations[0]["name"]}]
    return Scenario.model_validate(
        {"name": top.pop("name", "test line"), "sources": sources, "stations": stations, **top}
    )


def exp(mean: float) -> dict[str, Any]:
    """An exponential distribution spec."""
    return {"dist": "exponential", "mean": mean}
