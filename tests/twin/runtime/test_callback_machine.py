"""Callback machines behave exactly like process machines.

Each station draws from its own random streams, and continuous times make simultaneous
events (the only place the two could differ: the order of work at one instant) almost
impossible, so a line run both ways must give the same numbers, not just close ones. The
line exercises every step a callback machine takes: changeovers between products, operating
failures inside cycles, maintenance by cycles and by hours, scrap, rework, blocking with a
zero buffer, and a shift calendar with breaks.
"""

import pytest
from scenario_builders import exp, line

import twin.runtime.engine as engine
from twin.runtime.callback_machine import CallbackMachine
from twin.runtime.engine import LineModel, run_replication
from twin.runtime.machine import Machine
from twin.runtime.streams import Streams

CALENDAR = {"shifts_per_day": 2, "shift_length_h": 8, "days_per_week": 7,
            "breaks": [{"after_h": 4, "duration_min": 30}]}


def _line_with_every_kind_of_step():
    jam = {"name": "jam", "time_between_failures_h": exp(0.5), "time_to_repair_min": exp(3.0)}
    return line(
        [
            {"name": "s1", "cycle_time_s": exp(6.0), "next": "s2", "machines": 2,
             "changeover_min": exp(2.0), "failures": [jam]},
            {"name": "s2", "cycle_time_s": exp(7.0), "buffer_capacity": 2, "next": "s3",
             "scrap_probability": 0.05, "rework_probability": 0.1,
             "maintenance": [{"name": "tips", "every_cycles": 200, "duration_min": exp(5.0)},
                             {"name": "clean", "every_h": 3.0, "duration_min": exp(10.0)}]},
            {"name": "s3", "cycle_time_s": exp(5.0), "buffer_capacity": 0, "next": "s4",
             "failures": [jam, {**jam, "name": "drive", "time_between_failures_h": exp(2.0)}]},
            {"name": "s4", "cycle_time_s": exp(4.0), "buffer_capacity": 3,
             "failures": [{**jam, "basis": "calendar"}]},
        ],
        sources=[{"name": "arrivals", "to": "s1", "interarrival_s": exp(8.0),
                  "products": [{"name": "a", "share": 0.6}, {"name": "b", "share": 0.4}],
                  "batch_size_units": 20}],
        horizon_days=3, warmup_h=1, calendar=CALENDAR,
    )


def test_machines_with_calendar_failures_stay_processes():
    model = LineModel(_line_with_every_kind_of_step(), Streams(1, 0))
    kinds = {station.name: type(station.machines[0]) for station in model.stations}
    assert kinds == {"s1": CallbackMachine, "s2": CallbackMachine, "s3": CallbackMachine,
                     "s4": Machine}


def test_callback_machines_give_the_numbers_of_process_machines(monkeypatch):
    scenario = _line_with_every_kind_of_step()
    fast = run_replication(scenario, 0, 11)
    monkeypatch.setattr(engine, "runs_on_callbacks", lambda station, calendar_failures: False)
    process = run_replication(scenario, 0, 11)
    assert fast.finished > 5_000  # a real run, not an empty line
    assert (fast.created, fast.finished, fast.scrapped, fast.released) == (
        process.created, process.finished, process.scrapped, process.released)
    assert fast.finished_per_hour == process.finished_per_hour
    assert fast.lead_time_mean_s == pytest.approx(process.lead_time_mean_s, rel=1e-12)
    assert fast.wip_mean_units == pytest.approx(process.wip_mean_units, rel=1e-12)
    for a, b in zip(fast.stations, process.stations, strict=True):
        assert (a.processed, a.good, a.scrapped, a.reworked, a.active_periods,
                a.maintenance_stops) == (b.processed, b.good, b.scrapped, b.reworked,
                                         b.active_periods, b.maintenance_stops)
        assert a.time_s == pytest.approx(b.time_s, rel=1e-9, abs=1e-6)
        assert a.buffer_mean_units == pytest.approx(b.buffer_mean_units, rel=1e-12)
    s1 = next(s for s in fast.stations if s.name == "s1")
    assert s1.time_s["setup"] > 0  # the changeovers really happened
    assert s1.time_s["failed"] > 0
    s2 = next(s for s in fast.stations if s.name == "s2")
    assert s2.maintenance_stops > 0


@pytest.mark.parametrize("route", ["casting", "welded"])
def test_a_route_gives_the_same_numbers_both_ways(monkeypatch, route):
    """The giga cell (die state, defect model, maintenance, die damage) and its finishing; the
    welded route's mix of both kinds of machine (presses fed by a supermarket's orders and the
    body line assembling kits with released orders stay processes)."""
    from lines.study import Study
    from parts_catalog import load_catalog
    from twin.planning.scenarios import demand_scenario

    study = Study()
    study = study.with_changes(run=study.run.model_copy(update={"horizon_days": 3,
                                                                 "warmup_h": 2}))
    spec = (study.casting.with_changes(defect_model="constant") if route == "casting"
            else study.welded)
    scenario = demand_scenario(study, route, spec, load_catalog(), 120_000)  # orders released
    if route == "welded":
        assert any(len(s.assembles) == 2 for s in scenario.stations)  # kits + orders
    fast = run_replication(scenario, 0, 5)
    monkeypatch.setattr(engine, "runs_on_callbacks", lambda station, calendar_failures: False)
    process = run_replication(scenario, 0, 5)
    assert fast.finished > 500
    assert (fast.finished, fast.scrapped) == (process.finished, process.scrapped)
    for a, b in zip(fast.stations, process.stations, strict=True):
        assert a.extras == pytest.approx(b.extras, rel=1e-12, abs=1e-9)
        assert a.time_s == pytest.approx(b.time_s, rel=1e-9, abs=1e-6)
