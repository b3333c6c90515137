"""A line with known distributions, simulated once with its event log written out."""

import pytest

from lines.scenario_io import scenario_from_dict
from twin.fitting import parse_event_log, simulated_event_log

KNOWN = {
    "press": {"cycle": ("normal", {"mean": 60.0, "sd": 6.0}),
              "between": ("weibull", {"shape": 1.8, "scale": 4.0 * 3600}),
              "repair": ("lognormal", {"mean": 20.0 * 60, "sd": 12.0 * 60})},
    "trim": {"cycle": ("normal", {"mean": 28.0, "sd": 3.0}),
             "between": ("weibull", {"shape": 1.5, "scale": 6.0 * 3600}),
             "repair": ("lognormal", {"mean": 15.0 * 60, "sd": 8.0 * 60})},
}
"""True generating distributions in seconds (the scenario below gives them in its units)."""


def known_line(days: float = 30.0) -> dict:
    """Two stations in series: normal cycles, Weibull failures, lognormal repairs."""
    return {
        "name": "known line", "horizon_days": days,
        "sources": [{"name": "supply", "to": "press"}],
        "stations": [
            {"name": "press", "machines": 2, "next": "trim", "buffer_capacity": 10,
             "cycle_time_s": {"dist": "normal", "mean": 60, "sd": 6},
             "failures": [{"time_between_failures_h": {"dist": "weibull", "shape": 1.8,
                                                       "scale": 4.0},
                           "time_to_repair_min": {"dist": "lognormal", "mean": 20, "sd": 12}}]},
            {"name": "trim", "cycle_time_s": {"dist": "normal", "mean": 28, "sd": 3},
             "failures": [{"time_between_failures_h": {"dist": "weibull", "shape": 1.5,
                                                       "scale": 6.0},
                           "time_to_repair_min": {"dist": "lognormal", "mean": 15, "sd": 8}}]},
        ],
    }


@pytest.fixture(scope="session")
def known_scenario():
    return scenario_from_dict(known_line())


@pytest.fixture(scope="session")
def known_log_csv(known_scenario):
    frame, _ = simulated_event_log(known_scenario, replication=0, seed=1)
    return frame.to_csv(index=False)


@pytest.fixture(scope="session")
def known_log(known_log_csv):
    return parse_event_log(known_log_csv, "known.csv")


@pytest.fixture(scope="session")
def known_truth():
    return KNOWN
