"""The engine against closed forms of queueing theory.

Each test runs enough replications that the Student-t confidence interval is narrow, then
asserts that the closed-form value lies inside the 99.9 % interval and that the interval is
tight enough for the test to have teeth. With about twenty such assertions, the 99.9 % level
keeps the chance that a correct engine fails one (for some seed) near 2 %. Seeds are fixed:
the same run every time.
"""

import math

import numpy as np
import pytest
from scenario_builders import exp, line
from scipy import stats

from twin.experiments.replications import run_experiment
from twin.runtime.engine import run_replication
from twin.validation.closed_forms import erlang_c_wait_s, two_station_blocking

pytestmark = pytest.mark.slow


def assert_matches(values, theory, max_rel_half_width, confidence=0.999):
    data = np.asarray(values, dtype=float)
    n = len(data)
    half = stats.t.ppf(0.5 + confidence / 2, n - 1) * data.std(ddof=1) / math.sqrt(n)
    assert abs(data.mean() - theory) <= half, (
        f"closed form {theory:.5g} outside {confidence:.0%} CI "
        f"{data.mean():.5g} +/- {half:.3g} (n={n})"
    )
    assert half <= max_rel_half_width * abs(theory), f"CI too wide to test: +/- {half:.3g}"


def test_jackson_tandem_of_two_mm1_stations():
    lam, s1, s2 = 1 / 10, 6.0, 8.0
    scenario = line(
        [
            {"name": "s1", "cycle_time_s": exp(s1), "next": "s2"},
            {"name": "s2", "cycle_time_s": exp(s2)},
        ],
        sources=[{"name": "arrivals", "to": "s1", "interarrival_s": exp(1 / lam)}],
        horizon_days=8,
        warmup_h=2,
    )
    result = run_experiment(scenario, replications=10, seed=2024)
    reps, st = result.replications, result.stations
    sojourn_s = 1 / (1 / s1 - lam) + 1 / (1 / s2 - lam)  # Jackson: sum of M/M/1 sojourns
    assert_matches(reps["throughput_uph"], lam * 3600, 0.01)
    assert_matches(reps["lead_time_mean_min"] * 60, sojourn_s, 0.04)
    assert_matches(reps["wip_mean_units"], lam * sojourn_s, 0.04)
    assert_matches(st.query("station == 's1'")["utilisation"], lam * s1, 0.01)
    assert_matches(st.query("station == 's2'")["utilisation"], lam * s2, 0.01)
    # queue of s2 alone: Lq = rho^2 / (1 - rho)
    assert_matches(st.query("station == 's2'")["buffer_mean_units"], 0.8**2 / 0.2, 0.06)


def test_mmc_station_waiting_time_matches_erlang_c():
    lam, mean_service, servers = 1 / 10, 25.0, 3
    scenario = line(
        [{"name": "cell", "machines": servers, "cycle_time_s": exp(mean_service)}],
        sources=[{"name": "arrivals", "to": "cell", "interarrival_s": exp(1 / lam)}],
        horizon_days=12,
        warmup_h=4,
    )
    result = run_experiment(scenario, replications=10, seed=7)
    wait_s = erlang_c_wait_s(lam, mean_service, servers)
    assert_matches(result.replications["lead_time_mean_min"] * 60, wait_s + mean_service, 0.06)
    assert_matches(result.stations["buffer_mean_units"], lam * wait_s, 0.12)
    assert_matches(result.stations["utilisation"], lam * mean_service / servers, 0.01)


@pytest.mark.parametrize("buffer", [0, 2])
def test_saturated_two_station_line_with_finite_buffer_matches_birth_death_chain(buffer):
    t1, t2 = 10.0, 12.0
    exact = two_station_blocking(t1, t2, buffer)
    scenario = line(
        [
            {"name": "m1", "cycle_time_s": exp(t1), "next": "m2"},
            {"name": "m2", "cycle_time_s": exp(t2), "buffer_capacity": buffer},
        ],
        horizon_days=6,
        warmup_h=1,
    )
    result = run_experiment(scenario, replications=10, seed=99)
    st = result.stations
    assert_matches(result.replications["throughput_uph"], exact["throughput_per_s"] * 3600, 0.01)
    assert_matches(st.query("station == 'm1'")["blocked_share"], exact["blocked_1"], 0.05)
    assert_matches(st.query("station == 'm2'")["starved_share"], exact["starved_2"], 0.08)


@pytest.mark.parametrize(
    ("ttf", "ttr"),
    [
        ({"dist": "exponential", "mean": 2.0}, {"dist": "exponential", "mean": 15.0}),
        (
            {"dist": "weibull", "shape": 2.0, "scale": 2.0 / math.gamma(1.5)},
            {"dist": "lognormal", "mean": 15.0, "sd": 10.0},
        ),
    ],
)
def test_operating_failures_give_availability_mtbf_over_mtbf_plus_mttr(ttf, ttr):
    mtbf_s, mttr_s, cycle_s = 2.0 * 3600, 15.0 * 60, 60.0
    scenario = line(
        [
            {
                "name": "press",
                "cycle_time_s": cycle_s,
                "failures": [{"time_between_failures_h": ttf, "time_to_repair_min": ttr}],
            }
        ],
        horizon_days=40,
    )
    result = run_experiment(scenario, replications=10, seed=5)
    availability = mtbf_s / (mtbf_s + mttr_s)
    assert_matches(result.stations["availability"], availability, 0.015)
    assert_matches(result.replications["throughput_uph"], availability * 3600 / cycle_s, 0.015)


def test_calendar_failures_also_strike_an_idle_machine():
    mtbf_h, mttr_min = 3.0, 20.0
    scenario = line(
        [
            {
                "name": "oven",
                "cycle_time_s": 30.0,
                "failures": [
                    {
                        "basis": "calendar",
                        "time_between_failures_h": exp(mtbf_h),
                        "time_to_repair_min": exp(mttr_min),
                    }
                ],
            }
        ],
        sources=[{"name": "arrivals", "to": "oven", "interarrival_s": exp(120.0)}],
        horizon_days=160,
    )
    result = run_experiment(scenario, replications=10, seed=8)
    down_share = mttr_min / 60 / (mtbf_h + mttr_min / 60)
    assert_matches(result.stations["failed_share"], down_share, 0.06)
    # the machine works only a quarter of the time, so most failures hit it while starved
    assert result.stations["starved_share"].mean() > 0.5


def test_littles_law_holds_in_every_replication():
    scenario = line(
        [
            {"name": "a", "cycle_time_s": exp(40.0), "next": "b"},
            {"name": "b", "machines": 2, "cycle_time_s": exp(70.0), "buffer_capacity": 4},
        ],
        sources=[{"name": "arrivals", "to": "a", "interarrival_s": exp(50.0)}],
        horizon_days=5,
        warmup_h=2,
    )
    for replication in range(3):
        r = run_replication(scenario, replication, seed=1)
        throughput_per_s = r.finished / r.horizon_s
        # exact up to the units in the line at the start and end of the measured period
        edge = max(r.wip_start, r.wip_end) / r.finished
        assert r.wip_mean_units == pytest.approx(
            throughput_per_s * r.lead_time_mean_s, rel=0.005 + edge
        )


def test_calendar_failures_also_pause_setups_and_maintenance_stops():
    # the failure clock runs whatever the machine does: a long maintenance stop does not hide
    # the down time, so the failed share stays MTTR / (MTBF + MTTR)
    scenario = line(
        [{"name": "cell", "cycle_time_s": 60,
          "maintenance": [{"every_cycles": 10, "duration_min": 60}],
          "failures": [{"basis": "calendar", "time_between_failures_h": exp(1.0),
                        "time_to_repair_min": exp(30.0)}]}],
        horizon_days=60,
    )
    result = run_experiment(scenario, replications=8, seed=21)
    assert_matches(result.stations["failed_share"], 0.5 / 1.5, 0.08)  # the bug gave 0.20
