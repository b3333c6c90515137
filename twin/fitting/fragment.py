"""The fitted line as a scenario: the picked distributions on the stations, ready to run.

With a base scenario, each logged station of the base gets its fitted machine count, cycle time
and one failure mode (operating basis: the log's times between failures are working time),
replacing the failure modes it had (a field the log has too few durations for keeps the base's
value); stations the log does not show stay as they were. The
log's shift calendar replaces the base's only when the log marks off-shift time (or pass
``calendar="base"`` to keep it). Without a base, the stations are put in a serial line, in
the order the log first shows them, fed by an unlimited supply: a starting point to edit.
Either way the result is validated like any scenario file.
"""

from __future__ import annotations

from typing import Any, Literal

from lines.scenario_io import ScenarioError, scenario_from_dict, scenario_to_yaml
from lines.spec import EXIT, Scenario
from twin.fitting.report import LogFit, StationFit

FAILURE_MODE = "breakdown"


def station_block(station: StationFit) -> dict[str, Any]:
    """The scenario fields fitted for one station (only those the log supports)."""
    block: dict[str, Any] = {"name": station.station, "machines": station.machines}
    q = station.quantities
    if q["cycle_time"] is not None:
        block["cycle_time_s"] = _dump(q["cycle_time"])
    between, repair = q["time_between_failures"], q["time_to_repair"]
    if between is not None and repair is not None:
        block["failures"] = [{
            "name": FAILURE_MODE,
            "time_between_failures_h": _dump(between),
            "time_to_repair_min": _dump(repair),
            "basis": "operating",
        }]
    return block


def fitted_scenario(
    fit: LogFit, base: Scenario | None = None, calendar: Literal["log", "base"] = "log"
) -> Scenario:
    """The fitted stations merged into ``base``, or a serial line of them if there is none."""
    blocks = [station_block(s) for s in fit.stations.values()]
    raw = _merged(base, blocks) if base is not None else _serial(fit, blocks)
    if fit.calendar is not None and (base is None or calendar == "log"):
        raw["calendar"] = fit.calendar.model_dump(mode="json")
    return scenario_from_dict(raw, source=f"fit of {fit.source}")


def fragment_yaml(scenario: Scenario, fit: LogFit) -> str:
    """The scenario as YAML, headed by a comment saying where its numbers come from."""
    header = (f"# Fitted by `gigatwin fit` from {fit.source}: stations "
              f"{', '.join(fit.stations)}.\n# Run it with `gigatwin run <this file>`.\n")
    return header + scenario_to_yaml(scenario)


def _dump(qfit: Any) -> dict[str, Any]:
    return qfit.fit.to_spec(qfit.unit_s).model_dump(mode="json")


def _merged(base: Scenario, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    raw = base.model_dump(mode="json")
    names = {station["name"]: station for station in raw["stations"]}
    unknown = [block["name"] for block in blocks if block["name"] not in names]
    if unknown:
        raise ScenarioError(
            f"base scenario {base.name!r}",
            [f"the event log has station {name!r}, which the base does not "
             f"(its stations: {', '.join(names)})" for name in unknown],
        )
    for block in blocks:
        names[block["name"]].update(block)
    return raw


def _serial(fit: LogFit, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    missing = [block["name"] for block in blocks if "cycle_time_s" not in block]
    if missing:
        raise ScenarioError(f"fit of {fit.source}", [
            f"station {name!r}: no cycle time could be fitted (too few working rows); "
            "give a --base scenario that has one" for name in missing])
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        block["next"] = EXIT if following is None else following["name"]
    return {
        "name": f"fitted line ({fit.source})",
        "description": "Stations fitted from an event log, in series in log order.",
        "sources": [{"name": "supply", "to": blocks[0]["name"]}],
        "stations": blocks,
    }
