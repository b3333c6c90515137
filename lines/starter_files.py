"""Commented starting files (scenario, route, study) that validate as they are written.

A route or study file is generated from its spec's defaults, every field preceded by its
description, so the starter never drifts from the schema. A scenario starter is a small
hand-written line (two stations, a buffer, failures) that shows the common fields.
"""

from __future__ import annotations

import json
import textwrap

import yaml
from pydantic import BaseModel

from lines.routes import ROUTE_KINDS
from lines.study import STUDY_OWNED, Study

WIDTH = 96
FLOW_STYLE_CHARS = 70
"""A nested block whose JSON is shorter than this is written on one line (``{dist: ...}``)."""

SCENARIO_STARTER = """\
# A line scenario for `gigatwin run FILE` (fields: `gigatwin schema`, docs/reference/scenario.md).
# Two stations with a small buffer between them and an unlimited supply: the smallest line
# that shows blocking, starving and the bottleneck moving with failures.
name: my line
description: A press feeding a weld cell through a 3-unit buffer.
horizon_days: 7        # measured run after the warm-up [days of 24 h]
warmup_h: 8            # discarded warm-up [h]
# calendar: {shifts_per_day: 2, shift_length_h: 8, days_per_week: 5}   # omit: 24/7
sources:
  - name: supply       # unlimited supply; give interarrival_s for an arrival process
    to: press
stations:
  - name: press
    machines: 1
    cycle_time_s: {dist: lognormal, mean: 50, sd: 5}   # a bare number means fixed [s]
    next: weld
    failures:
      - name: die_jam
        time_between_failures_h: {dist: exponential, mean: 2}
        time_to_repair_min: {dist: lognormal, mean: 12, sd: 6}
    power: {working_kw: 250, idle_kw: 40, down_kw: 20}
  - name: weld
    cycle_time_s: {dist: triangular, low: 50, mode: 55, high: 65}
    buffer_capacity: 3   # units in front of the station; omit for unlimited
    scrap_probability: 0.005
    failures:
      - name: robot_fault
        time_between_failures_h: {dist: exponential, mean: 8}
        time_to_repair_min: {dist: exponential, mean: 10}
    power: {working_kw: 60, idle_kw: 10, down_kw: 5}
"""


def commented_yaml(model: BaseModel, exclude: frozenset[str] = frozenset(),
                   indent: int = 0) -> list[str]:
    """The model's fields as YAML lines, each preceded by its description as a comment."""
    data = model.model_dump(mode="json", by_alias=True)
    pad = " " * indent
    lines: list[str] = []
    for name, info in type(model).model_fields.items():
        key = info.serialization_alias or info.alias or name
        if name in exclude or key not in data:
            continue
        if info.description:
            lines += [f"{pad}# {row}" for row in textwrap.wrap(info.description,
                                                                WIDTH - indent - 2)]
        value = getattr(model, name)
        if isinstance(value, BaseModel) and len(json.dumps(data[key])) > FLOW_STYLE_CHARS:
            lines.append(f"{pad}{key}:")
            lines += commented_yaml(value, indent=indent + 2)
        else:
            text = yaml.safe_dump({key: data[key]}, default_flow_style=True, sort_keys=False,
                                  width=10_000, allow_unicode=True).strip()
            lines.append(pad + text.removeprefix("{").removesuffix("}"))
    return lines


def route_starter(route: str) -> str:
    """A commented route file with the shipped defaults of ``route`` (welded or casting)."""
    spec = ROUTE_KINDS[route]()
    header = [f"# A {route} route file for `gigatwin compare --{route} FILE` (defaults shown;",
              "# the sources of the figures: docs/background/sources.md).",
              "# Which route the file describes; a file is refused where another is expected.",
              f"route: {route}"]
    return "\n".join(header + commented_yaml(spec)) + "\n"


def study_starter() -> str:
    """A commented study file with the defaults (the routes leave time to the study)."""
    study = Study()
    lines = ["# A study: both routes at one demand, with one operating pattern and rates",
             "# (defaults shown; sources of the figures: docs/background/sources.md)."]
    for name in ("name", "description", "annual_demand_bodies", "model_life_years"):
        lines += _one_field(study, name)
    lines += _block(study, "operating_pattern") + _block(study, "run")
    lines += _one_field(study, "equipment_policy")
    for route in ("welded", "casting"):
        lines += [f"# {Study.model_fields[route].description}", f"{route}:"]
        lines += commented_yaml(getattr(study, route), frozenset(STUDY_OWNED), indent=2)
    lines += _one_field(study, "rates")
    return "\n".join(lines) + "\n"


def _one_field(model: BaseModel, name: str) -> list[str]:
    info = type(model).model_fields[name]
    keep = frozenset(type(model).model_fields) - {name}
    return commented_yaml(model, exclude=keep) if info else []


def _block(model: BaseModel, name: str) -> list[str]:
    info = type(model).model_fields[name]
    return [f"# {info.description}", f"{name}:", *commented_yaml(getattr(model, name), indent=2)]


STARTERS = ("scenario", "route", "study")
"""The kinds ``gigatwin init`` writes."""
