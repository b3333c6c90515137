"""Plain machines (callbacks, no process) behave exactly like process machines.

Each station draws from its own random stream, and continuous cycle times make simultaneous
events (the only place the two could differ: the order of work at one instant) almost
impossible, so a line run both ways must give the same numbers, not just close ones.
"""

import pytest
from scenario_builders import exp, line

import twin.runtime.engine as engine
from twin.runtime.engine import LineModel, run_replication
from twin.runtime.machine import Machine
from twin.runtime.plain_machine import PlainMachine
from twin.runtime.streams import Streams


def _tandem_with_blocking_scrap_rework_and_shifts():
    return line(
        [
            {"name": "s1", "cycle_time_s": exp(6.0), "next": "s2", "machines": 2},
            {"name": "s2", "cycle_time_s": exp(7.0), "buffer_capacity": 2, "next": "s3",
             "scrap_probability": 0.05, "rework_probability": 0.1},
            {"name": "s3", "cycle_time_s": exp(5.0), "buffer_capacity": 0,
             "failures": [{"name": "jam", "time_between_failures_h": exp(0.5),
                           "time_to_repair_min": exp(3.0)}]},
        ],
        sources=[{"name": "arrivals", "to": "s1", "interarrival_s": exp(8.0)}],
        horizon_days=2, warmup_h=1,
        calendar={"shifts_per_day": 2, "shift_length_h": 8, "days_per_week": 7,
                  "breaks": [{"after_h": 4, "duration_min": 30}]},
    )


def test_stations_without_interruptions_run_on_plain_machines():
    model = LineModel(_tandem_with_blocking_scrap_rework_and_shifts(), Streams(1, 0))
    kinds = {station.name: type(station.machines[0]) for station in model.stations}
    assert kinds == {"s1": PlainMachine, "s2": PlainMachine, "s3": Machine}


def test_plain_machines_give_the_numbers_of_process_machines(monkeypatch):
    scenario = _tandem_with_blocking_scrap_rework_and_shifts()
    plain = run_replication(scenario, 0, 11)
    monkeypatch.setattr(engine, "runs_plain", lambda station: False)
    process = run_replication(scenario, 0, 11)
    assert plain.finished > 0.6 * plain.released > 5_000  # a real run, not an empty line
    assert (plain.created, plain.finished, plain.scrapped) == (
        process.created, process.finished, process.scrapped)
    assert plain.finished_per_hour == process.finished_per_hour
    assert plain.lead_time_mean_s == pytest.approx(process.lead_time_mean_s, rel=1e-12)
    assert plain.wip_mean_units == pytest.approx(process.wip_mean_units, rel=1e-12)
    for a, b in zip(plain.stations, process.stations, strict=True):
        assert (a.processed, a.good, a.scrapped, a.reworked, a.active_periods) == (
            b.processed, b.good, b.scrapped, b.reworked, b.active_periods)
        assert a.time_s == pytest.approx(b.time_s, rel=1e-9, abs=1e-6)
        assert a.buffer_mean_units == pytest.approx(b.buffer_mean_units, rel=1e-12)
