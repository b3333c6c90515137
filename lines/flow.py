"""Visits per finished unit: how often a good unit passes each station in the ideal flow.

The ideal flow follows the ``next`` routing with its probabilities and ignores scrap and rework
(they are losses, not design). Stations reached only by rework, and the stock side of a parts
supermarket (batches that replenish stock rather than become products), get 0 visits. An
assembly station's flow is that of its first input. Used to find the line's ideal cycle.
"""

from __future__ import annotations

import numpy as np

from lines.spec import EXIT, Scenario


def good_flow_visits(scenario: Scenario) -> dict[str, float]:
    """Expected visits of each station per unit leaving through the exit (traffic equations)."""
    names = [station.name for station in scenario.stations]
    index = {name: i for i, name in enumerate(names)}
    routing, to_exit = _routing(scenario, index)
    released = _released(scenario, index)
    flow = np.linalg.solve((np.eye(len(names)) - routing).T, released)
    finished = float(flow @ to_exit)
    if finished <= 0:
        return dict.fromkeys(names, 0.0)
    return {name: float(flow[i]) / finished for name, i in index.items()}


def _feeds_flow(scenario: Scenario, target: str, feeder: str) -> bool:
    """True unless ``feeder`` is a second or later input of the assembly ``target``."""
    inputs = scenario.station(target).assembles
    return not inputs or inputs[0] == feeder


def _released(scenario: Scenario, index: dict[str, int]) -> np.ndarray:
    released = np.zeros(len(index))
    for source in scenario.sources:
        replenishes = source.supermarket is not None and source.supermarket.role == "orders"
        if not replenishes and _feeds_flow(scenario, source.to, source.name):
            released[index[source.to]] += 1.0
    return released


def _routing(scenario: Scenario, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    routing, to_exit = np.zeros((len(index), len(index))), np.zeros(len(index))
    for station in scenario.stations:
        if station.supermarket is not None:
            continue  # batches go into stock: no product flow leaves here
        i = index[station.name]
        shares = {station.next: 1.0} if isinstance(station.next, str) else station.next
        for target, share in shares.items():
            if target == EXIT:
                to_exit[i] += share
            elif _feeds_flow(scenario, target, station.name):
                routing[i, index[target]] += share
    return routing, to_exit
