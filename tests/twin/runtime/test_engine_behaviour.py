"""Exact behaviour of the engine on small deterministic lines, worked out by hand."""

import math

import pytest
from scenario_builders import exp, line

from twin.experiments.kpis import station_rows
from twin.runtime.engine import DeadlockError, run_replication


def shares(result, name):
    station = next(s for s in result.stations if s.name == name)
    return {state: seconds / station.total_s for state, seconds in station.time_s.items()}


@pytest.mark.parametrize("buffer", [0, 1, 5])
def test_fixed_serial_line_runs_at_the_pace_of_its_slowest_station(buffer):
    # s2 takes 20 s: once the line is full, one unit leaves every 20 s, s1 idles 10 s a cycle
    scenario = line(
        [
            {"name": "s1", "cycle_time_s": 10, "next": "s2"},
            {"name": "s2", "cycle_time_s": 20, "buffer_capacity": buffer},
        ],
        horizon_days=10 / 24,
        warmup_h=1,
    )
    result = run_replication(scenario)
    assert result.finished == 10 * 3600 / 20
    assert shares(result, "s1")["working"] == pytest.approx(0.5)
    assert shares(result, "s1")["blocked"] == pytest.approx(0.5)
    assert shares(result, "s2")["working"] == pytest.approx(1.0)


def test_without_a_buffer_the_upstream_machine_holds_its_unit_until_it_is_taken():
    scenario = line(
        [
            {"name": "s1", "cycle_time_s": 10, "next": "s2"},
            {"name": "s2", "cycle_time_s": 20, "buffer_capacity": 0},
        ],
        horizon_days=200 / 86400,
    )
    trace = run_replication(scenario, trace=True).trace
    s1 = [(t, state) for t, station, _, state in trace if station == "s1"]
    # s1 works 0-10, hands over at once (s2 idle), works 10-20, then waits for s2 (busy
    # until 30), hands over at 30, works 30-40, waits until 50, ...
    assert s1[:6] == [
        (0.0, "working"),
        (20.0, "blocked"),
        (30.0, "working"),
        (40.0, "blocked"),
        (50.0, "working"),
        (60.0, "blocked"),
    ]


def test_shift_calendar_stops_work_off_shift_and_resumes_it_next_shift():
    scenario = line(
        [{"name": "press", "cycle_time_s": 60}],
        horizon_days=14,
        calendar={
            "shifts_per_day": 2,
            "shift_length_h": 8,
            "first_shift_start_h": 6,
            "days_per_week": 5,
            "breaks": [{"after_h": 4, "duration_min": 30}],
        },
    )
    result = run_replication(scenario)
    on_shift_h = 2 * 5 * 2 * 7.5  # two weeks of 5 days, 2 shifts of 7.5 working hours
    assert result.finished == on_shift_h * 60
    assert result.planned_time_s == on_shift_h * 3600
    assert shares(result, "press")["off_shift"] == pytest.approx(1 - on_shift_h / (14 * 24))


def test_planned_maintenance_every_n_cycles():
    scenario = line(
        [
            {
                "name": "cell",
                "cycle_time_s": 30,
                "maintenance": [{"name": "tip_dress", "every_cycles": 100, "duration_min": 5}],
            }
        ],
        horizon_days=33 / 24,  # 36 blocks of 100 cycles (3,000 s) + maintenance (300 s)
    )
    result = run_replication(scenario)
    assert result.finished == 3600
    assert shares(result, "cell")["maintenance"] == pytest.approx(300 / 3300)
    assert result.stations[0].maintenance_stops == 36


def test_changeovers_happen_only_when_the_product_changes():
    scenario = line(
        [{"name": "press", "cycle_time_s": 10, "changeover_min": 2}],
        sources=[
            {
                "name": "coils",
                "to": "press",
                "batch_size_units": 25,
                "products": [{"name": "roof", "share": 1}, {"name": "floor", "share": 1}],
            }
        ],
        horizon_days=2,
    )
    result = run_replication(scenario, trace=True)
    setups = sum(1 for _, _, _, state in result.trace if state == "setup")
    assert setups > 50  # the mix changes product after about every second batch
    assert result.stations[0].time_s["setup"] == pytest.approx(setups * 120)
    assert result.stations[0].processed == pytest.approx((2 * 86400 - setups * 120) / 10, abs=1)


def test_rework_and_scrap_are_booked_consistently():
    scenario = line(
        [
            {"name": "weld", "cycle_time_s": exp(20), "next": "gate"},
            {
                "name": "gate",
                "cycle_time_s": 5,
                "scrap_probability": 0.05,
                "rework_probability": 0.2,
                "rework_to": "repair",
            },
            {"name": "repair", "cycle_time_s": exp(60), "next": "gate"},
        ],
        horizon_days=5,
    )
    result = run_replication(scenario, seed=3)
    gate = next(s for s in result.stations if s.name == "gate")
    assert gate.processed == gate.good + gate.scrapped + gate.reworked
    assert gate.scrapped == result.scrapped
    assert gate.good == result.finished
    # each visit to the gate is a Bernoulli draw: shares within 4 binomial standard errors
    for count, p in ((gate.scrapped, 0.05), (gate.reworked, 0.2)):
        assert abs(count / gate.processed - p) < 4 * math.sqrt(p * (1 - p) / gate.processed)


def test_probabilistic_routing_splits_flow_in_the_given_shares():
    scenario = line(
        [
            {"name": "split", "cycle_time_s": 10, "next": {"left": 0.3, "right": 0.7}},
            {"name": "left", "cycle_time_s": 5},
            {"name": "right", "cycle_time_s": 5},
        ],
        horizon_days=3,
    )
    result = run_replication(scenario, seed=4)
    left = next(s for s in result.stations if s.name == "left").processed
    total = next(s for s in result.stations if s.name == "split").processed
    assert abs(left / total - 0.3) < 4 * math.sqrt(0.21 / total)


def test_assembly_waits_for_one_unit_of_each_input():
    scenario = line(
        [
            {"name": "floor", "cycle_time_s": 10, "next": "marriage"},
            {"name": "rear", "cycle_time_s": 20, "next": "marriage"},
            {
                "name": "marriage",
                "cycle_time_s": 5,
                "assembles": ["floor", "rear"],
                "buffer_capacity": 2,
            },
        ],
        sources=[{"name": "floor_blanks", "to": "floor"}, {"name": "rear_blanks", "to": "rear"}],
        horizon_days=10 / 24,
        warmup_h=1,
    )
    result = run_replication(scenario)
    assert result.finished == 10 * 3600 / 20  # paced by the slower input
    # one component disappears into each assembly (one assembly may straddle the window edge)
    assert abs(result.consumed - result.finished) <= 1
    assert result.wip_start + result.created == (
        result.finished + result.scrapped + result.consumed + result.wip_end
    )


def test_a_routing_loop_with_full_buffers_is_reported_as_a_deadlock():
    scenario = line(
        [
            {"name": "a", "cycle_time_s": 5, "buffer_capacity": 1, "next": "b"},
            {"name": "b", "cycle_time_s": 5, "buffer_capacity": 1, "next": {"a": 0.9, "exit": 0.1}},
        ],
        sources=[{"name": "arrivals", "to": "a", "interarrival_s": 1}],
        horizon_days=1,
    )
    with pytest.raises(DeadlockError, match="deadlocked"):
        run_replication(scenario)


def test_warm_up_statistics_are_discarded():
    stations = [
        {"name": "s1", "cycle_time_s": 10, "next": "s2"},
        {"name": "s2", "cycle_time_s": 20, "buffer_capacity": 1},
    ]
    short = run_replication(line(stations, horizon_days=1, warmup_h=1))
    long = run_replication(line(stations, horizon_days=1, warmup_h=30))
    assert short.finished == long.finished == 86400 / 20
    assert shares(short, "s1") == pytest.approx(shares(long, "s1"))


def test_trace_is_off_by_default_and_lists_state_changes_when_asked():
    scenario = line([{"name": "s1", "cycle_time_s": exp(10)}], horizon_days=0.1)
    assert run_replication(scenario).trace is None
    trace = run_replication(scenario, trace=True).trace
    assert trace
    assert all(state in {"working", "starved"} for _, _, _, state in trace)
    assert [t for t, *_ in trace] == sorted(t for t, *_ in trace)


def test_station_oee_is_availability_times_performance_times_quality():
    scenario = line(
        [
            {
                "name": "press",
                "cycle_time_s": 30,
                "scrap_probability": 0.1,
                "failures": [{"time_between_failures_h": exp(1), "time_to_repair_min": exp(6)}],
            }
        ],
        horizon_days=2,
    )
    row = station_rows(run_replication(scenario, seed=9))[0]
    assert row["oee"] == pytest.approx(row["availability"] * row["performance"] * row["quality"])
    assert row["quality"] == pytest.approx(0.9, abs=0.02)
    assert row["performance"] == pytest.approx(1.0)  # saturated: never blocked or starved
