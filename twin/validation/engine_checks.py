"""The engine against closed forms (same settings as tests/twin/test_queueing_theory.py)."""

from __future__ import annotations

from typing import Any

from lines.scenario_io import load_scenario
from lines.spec import Scenario
from twin.experiments.replications import run_experiment
from twin.runtime.engine import run_replication
from twin.validation.checks import Check, band_check, interval_check
from twin.validation.closed_forms import (
    availability,
    erlang_c_wait_s,
    mm1_sojourn_s,
    two_station_blocking,
)
from twin.validation.paths import EXAMPLES

AREA = "engine"


def _exp(mean: float) -> dict[str, Any]:
    return {"dist": "exponential", "mean": mean}


def _scenario(stations: list[dict[str, Any]], sources: list[dict[str, Any]],
              **top: Any) -> Scenario:
    return Scenario.model_validate({"name": "validation", "sources": sources,
                                    "stations": stations, **top})


def jackson_tandem() -> list[Check]:
    """Two M/M/1 stations in series: throughput and mean time in system."""
    lam, s1, s2 = 0.1, 6.0, 8.0
    scenario = _scenario(
        [{"name": "s1", "cycle_time_s": _exp(s1), "next": "s2"},
         {"name": "s2", "cycle_time_s": _exp(s2)}],
        [{"name": "arrivals", "to": "s1", "interarrival_s": _exp(1 / lam)}],
        horizon_days=8, warmup_h=2)
    reps = run_experiment(scenario, 10, seed=2024).replications
    w = mm1_sojourn_s(lam, s1) + mm1_sojourn_s(lam, s2)
    ref = "Jackson network: W = sum of 1/(mu_i - lambda)"
    return [
        interval_check(AREA, "tandem M/M/1: throughput", ref, lam * 3600,
                       reps["throughput_uph"], "units/h"),
        interval_check(AREA, "tandem M/M/1: mean time in system", ref, w,
                       reps["lead_time_mean_min"] * 60, "s"),
        interval_check(AREA, "tandem M/M/1: Little's law L = lambda W", ref, lam * w,
                       reps["wip_mean_units"], "units"),
    ]


def mmc_station() -> list[Check]:
    """An M/M/3 station at 83 % load: mean time in system (Erlang C)."""
    lam, mean_s, servers = 0.1, 25.0, 3
    scenario = _scenario(
        [{"name": "cell", "machines": servers, "cycle_time_s": _exp(mean_s)}],
        [{"name": "arrivals", "to": "cell", "interarrival_s": _exp(1 / lam)}],
        horizon_days=12, warmup_h=4)
    reps = run_experiment(scenario, 10, seed=7).replications
    expected = erlang_c_wait_s(lam, mean_s, servers) + mean_s
    return [interval_check(AREA, "M/M/3: mean time in system", "Erlang C", expected,
                           reps["lead_time_mean_min"] * 60, "s")]


def blocking_line() -> list[Check]:
    """Saturated two-station line, buffer of 2, blocking after service: exact throughput."""
    t1, t2, buffer = 10.0, 12.0, 2
    scenario = _scenario(
        [{"name": "m1", "cycle_time_s": _exp(t1), "next": "m2"},
         {"name": "m2", "cycle_time_s": _exp(t2), "buffer_capacity": buffer}],
        [{"name": "supply", "to": "m1"}], horizon_days=6, warmup_h=1)
    result = run_experiment(scenario, 10, seed=99)
    exact = two_station_blocking(t1, t2, buffer)
    blocked = result.stations.query("station == 'm1'")["blocked_share"]
    ref = "birth-death chain, pi_n ~ (mu1/mu2)^n"
    return [
        interval_check(AREA, "two stations, buffer 2: throughput", ref,
                       exact["throughput_per_s"] * 3600, result.replications["throughput_uph"],
                       "units/h"),
        interval_check(AREA, "two stations, buffer 2: station 1 blocked", ref,
                       exact["blocked_1"], blocked, "share"),
    ]


def failing_machine() -> list[Check]:
    """A saturated machine with Weibull failures and lognormal repairs: availability."""
    mtbf_h, mttr_min = 2.0, 15.0
    scenario = _scenario(
        [{"name": "press", "cycle_time_s": 60,
          "failures": [{"time_between_failures_h": {"dist": "weibull", "shape": 2.0,
                                                    "scale": mtbf_h / 0.886226925452758},
                        "time_to_repair_min": {"dist": "lognormal", "mean": mttr_min,
                                               "sd": 10.0}}]}],
        [{"name": "supply", "to": "press"}], horizon_days=40)
    stations = run_experiment(scenario, 10, seed=5).stations
    expected = availability(mtbf_h * 3600, mttr_min * 60)
    return [interval_check(AREA, "failures: availability", "MTBF / (MTBF + MTTR)", expected,
                           stations["availability"], "share")]


def time_split_closes() -> list[Check]:
    """Every station's time split sums to machines x horizon on the shipped body sub-line."""
    result = run_replication(load_scenario(EXAMPLES / "body_subline.yaml"), 0, 1)
    worst = max(abs(s.total_s / (s.machines * result.horizon_s) - 1) for s in result.stations)
    return [band_check(AREA, "time split sums to the horizon (worst station)",
                       "conservation of time", -1e-9, 1e-9, worst, "relative error")]


def engine_checks() -> list[Check]:
    """All engine checks."""
    return [*jackson_tandem(), *mmc_station(), *blocking_line(), *failing_machine(),
            *time_split_closes()]
