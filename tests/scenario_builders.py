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


SIZING_LINE_YAML = """
name: sizing line
horizon_days: 1
warmup_h: 0
sources: [{name: supply, to: press}]
stations:
  - {name: press, cycle_time_s: {dist: exponential, mean: 60}, next: trim}
  - {name: trim, cycle_time_s: 5, buffer_capacity: 0}
"""
"""The optimisation tests' line with an optimum known by hand: a press of m parallel machines
(exponential 60 s cycles: 60 m units/h) feeding a 5 s trim station through b buffer places.
At a demand of 90 units/h, m = 1 cannot meet it and m = 2 can; a buffer only adds cost."""
