"""Runtime figures the mutation sample left unchecked, against hand computations (issue 18):
setup energy, the per-product cycle fallback, the active periods of a machine blocked at the
end of the warm-up, a line model built without asking for a trace, the die ages summed
at die damages, a calendar failure inside a cycle, a plant-year's hourly series, the random
streams a station, each failure mode and each die draw from (docs/background/engine.md), the
cycle the casting cell hands its defect model, the hour a deadlock message names, a source's
count of released units, and a kanban order placed as a waiting machine draws its kit."""

import numpy as np
import pytest
from scenario_builders import line

from twin.runtime.die_damage import DieDamageClock
from twin.runtime.engine import LineModel, run_replication
from twin.runtime.streams import Streams

POWER = {"working_kw": 10.0, "idle_kw": 2.0, "down_kw": 1.0, "off_shift_kw": 0.5}
CELL_BLOCK = {"shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
              "furnace": {"melt_rate_kg_h": 3_500.0, "holding_capacity_kg": 8_000.0},
              "defect_model": "constant", "constant_scrap_rate": 0.0, "warmup_shots": 0,
              "xray_sensitivity": 1.0}
"""A casting cell with no scrap of its own: the tests below replace its shot stream."""


def test_setup_draws_working_power():
    # two products in lots of one: most units need a 1-min changeover, booked as setup
    scenario = line(
        [{"name": "press", "cycle_time_s": 60.0, "changeover_min": 1.0, "power": POWER,
          "next": "exit"}],
        sources=[{"name": "supply", "to": "press", "batch_size_units": 1,
                  "products": [{"name": "A"}, {"name": "B"}]}],
        horizon_days=1 / 6, warmup_h=0,
    )
    station = run_replication(scenario, 0, 3).stations[0]
    t = station.time_s
    assert t["setup"] > 600.0  # the case exercises setup (about half the units change over)
    by_hand_kwh = (10.0 * (t["working"] + t["setup"]) + 2.0 * (t["blocked"] + t["starved"])
                   + 1.0 * (t["failed"] + t["maintenance"]) + 0.5 * t["off_shift"]) / 3600.0
    assert station.energy_kwh == pytest.approx(by_hand_kwh, rel=1e-12)
    # nothing else happens on this line: 4 h of working or setup power
    assert station.energy_kwh == pytest.approx(10.0 * 4.0, rel=1e-9)


def test_a_product_without_its_own_cycle_takes_the_station_cycle():
    scenario = line(
        [{"name": "cell", "cycle_time_s": 20.0, "cycle_time_s_by_product": {"A": 10.0},
          "next": "exit"}],
        # A is in the mix (a per-product cycle must name a released product) at a share so
        # small that this seed releases only B
        sources=[{"name": "supply", "to": "cell",
                  "products": [{"name": "A", "share": 1e-9}, {"name": "B"}]}],
        horizon_days=1000 / 86_400, warmup_h=0,
    )
    result = run_replication(scenario, 0, 1)
    # done at 20, 40, ..., 980 s (the one due at 1,000 s falls at the stop); at product A's
    # 10 s it would be 99
    assert result.finished == 49


def test_a_machine_blocked_at_the_end_of_the_warm_up_starts_no_active_period_there():
    # A (10 s) feeds B (100 s) with no buffer: A is unblocked when B takes its unit, at
    # 110 s, 210 s, ... (10 + 100 k); at the reset (1,000 s) A has been blocked since 920 s.
    scenario = line(
        [{"name": "a", "cycle_time_s": 10.0, "next": "b"},
         {"name": "b", "cycle_time_s": 100.0, "buffer_capacity": 0, "next": "exit"}],
        horizon_days=1000 / 86_400, warmup_h=1000 / 3600,
    )
    a = run_replication(scenario, 0, 1).stations[0]
    # measured [1000, 2000): unblocked at 1010, 1110, ..., 1910
    assert a.active_periods == 10
    assert a.time_s["working"] == pytest.approx(100.0)
    assert a.time_s["blocked"] == pytest.approx(900.0)


def test_a_line_model_keeps_no_trace_unless_asked():
    scenario = line([{"name": "cell", "cycle_time_s": 10.0, "next": "exit"}],
                    horizon_days=0.01, warmup_h=0)
    assert LineModel(scenario, Streams(0, 0)).trace is None
    assert LineModel(scenario, Streams(0, 0), trace=True).trace == []


def test_die_damage_clock_sums_the_die_ages_at_its_damages():
    # damages at die ages 10 and 30 shots, then the warm-up ends and one more at 5 shots: the
    # sums the mean age at a damage divides are 40 and then 5 shots, exactly
    class Die:
        shots_since_change, changes_seen, change_clock = 0, 0, None

    die = Die()
    clock = DieDamageClock(die, 1_000.0, 2.0, 1.0, np.random.default_rng(0))
    assert clock.age_sum_shots == 0.0
    for age in (10, 30):
        die.shots_since_change = age
        clock.begin()
    assert (clock.count, clock.age_sum_shots) == (2, 40.0)
    clock.reset_ages()
    die.shots_since_change = 5
    clock.begin()
    assert clock.age_sum_shots == 5.0


def test_calendar_failure_pauses_a_cycle_it_falls_in():
    # one machine, 70 s cycles, unlimited supply, no operating failures; a calendar failure
    # every 1 h of on-shift time, repaired in 10 min: down [3600 + 4200 k, 4200 + 4200 k).
    # In a 24 h day: 20 repairs (12,000 s) and 74,400 s up, so floor(74,400 / 70) = 1,062
    # cycles. The 52nd cycle of each hour is cut by the failure and ends after the repair; a
    # machine that ignored the failure inside a cycle would make 52 an interval, 1,074 a day.
    scenario = line(
        [{"name": "oven", "cycle_time_s": 70.0,
          "failures": [{"name": "trip", "basis": "calendar", "time_between_failures_h": 1.0,
                        "time_to_repair_min": 10.0}]}],
        horizon_days=1, warmup_h=0,
    )
    day_s, period_s, repair_s = 86_400.0, 3_600.0 + 600.0, 600.0
    down_s = (day_s // period_s) * repair_s  # the 21st failure would start after the day
    result = run_replication(scenario, 0, 0)
    assert result.finished == (day_s - down_s) // 70.0 == 1_062
    assert result.stations[0].time_s["failed"] == pytest.approx(down_s, abs=1e-6)
    assert result.stations[0].time_s["working"] == pytest.approx(day_s - down_s, abs=1e-6)


def test_a_plant_year_has_one_finished_count_per_hour():
    # a 70 s machine with unlimited supply for 365 days: 8,760 hours of 51 or 52 units
    # (3,600 / 70 = 51.4), floor(365 x 86,400 / 70) = 450,514 in all; a series sized short
    # would put the last hours' units into one slot (103)
    scenario = line([{"name": "press", "cycle_time_s": 70.0}], horizon_days=365, warmup_h=0)
    hourly = run_replication(scenario, 0, 0).finished_per_hour
    assert len(hourly) == 365 * 24
    assert sum(hourly) == (365 * 86_400) // 70 == 450_514
    assert set(hourly) == {51, 52}


def _documented_stream(seed: int, replication: int, *key: str | int) -> np.random.Generator:
    """The stream docs/background/engine.md documents for an element: ``SeedSequence(seed,
    spawn_key=(replication, crc32(name)...))``, written out here without ``Streams``."""
    import zlib

    words = tuple(zlib.crc32(str(part).encode()) for part in key)
    return np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(seed, spawn_key=(replication, *words))))


def _exponential_draws(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    """``n`` exponential draws in the samplers' blocks of 64, 128, 256, ..."""
    out, size = [], 64
    while sum(len(block) for block in out) < n:
        out.append(rng.exponential(mean, size))
        size = min(2 * size, 4096)
    return np.concatenate(out)[:n]


def test_a_station_draws_its_cycles_from_its_documented_stream():
    # one machine, never starved nor blocked: unit k is done at the sum of the first k cycle
    # draws of the stream keyed (station, "cycle"); count those done within 2 h by hand
    scenario = line([{"name": "press", "cycle_time_s": {"dist": "exponential", "mean": 60.0},
                      "next": "exit"}], horizon_days=2 / 24, warmup_h=0)
    draws = _exponential_draws(_documented_stream(5, 2, "press", "cycle"), 60.0, 1_000)
    by_hand = int(np.searchsorted(np.cumsum(draws), 7_200.0, side="right"))
    assert 90 < by_hand < 150  # about 120 units of 60 s
    assert run_replication(scenario, 2, 5).finished == by_hand


def test_each_failure_mode_draws_its_failures_and_repairs_from_its_own_stream():
    # two operating-basis modes on one machine with a 30 s cycle, never starved nor blocked;
    # both repair in an exponential 10 min, so only their streams tell them apart. By hand:
    # mode m fails at the cumulative operating time of its own TTF draws (key station,
    # machine, mode, "ttf"); the failures of both modes in order of operating time; each
    # repair is the next draw of its mode's ttr stream, and the clock of operating time stops
    # while it lasts, so failure k begins at its operating time plus the repairs before it.
    modes = {"jam": 1.5, "tool": 2.5}  # mean time between failures [h]
    scenario = line([{"name": "press", "cycle_time_s": 30.0, "next": "exit", "failures": [
        {"name": name, "time_between_failures_h": {"dist": "exponential", "mean": mtbf},
         "time_to_repair_min": {"dist": "exponential", "mean": 10.0}}
        for name, mtbf in modes.items()]}], horizon_days=2.0, warmup_h=0)
    events = []
    for name, mtbf in modes.items():
        ttf = _exponential_draws(_documented_stream(1, 0, "press", 0, name, "ttf"), mtbf, 200)
        ttr = _exponential_draws(_documented_stream(1, 0, "press", 0, name, "ttr"), 10.0, 200)
        events += [(op_s, name, k) for k, op_s in enumerate(np.cumsum(ttf * 3600.0))]
        modes[name] = ttr * 60.0  # type: ignore[assignment]
    expected, down_s = [], 0.0
    for op_s, name, k in sorted(events):
        start = op_s + down_s
        if start >= 2 * 86_400.0:
            break
        expected.append((start, modes[name][k]))  # type: ignore[index]
        down_s += modes[name][k]  # type: ignore[index]
    assert len({name for _, name, _ in sorted(events)[:len(expected)]}) == 2
    model = LineModel(scenario, Streams(1, 0), trace=True)
    model.run()
    trace = [(t, state) for t, _, _, state in model.trace]
    seen = [(t, nxt - t) for (t, state), (nxt, _) in zip(trace, trace[1:], strict=False)
            if state == "failed"]
    assert len(seen) == len(expected) - (trace[-1][1] == "failed")
    np.testing.assert_allclose(seen, expected[:len(seen)], rtol=1e-9, atol=1e-6)


class _RecordingStream:
    """A stand-in shot stream: keeps the generator it is given and the cycles it is handed."""

    def __init__(self, made: list, rng: np.random.Generator) -> None:
        self.rng, self.cycles = rng, []
        made.append(self)

    def next(self, die_temp_c, shots_since_die_change, cycle_time_s=None) -> float:
        self.cycles.append(cycle_time_s)
        return 0.0

    def p_by_class(self) -> list[float]:
        return [1.0]


def _record_streams(monkeypatch) -> list[_RecordingStream]:
    """Make casting cells build recording streams; the list of those made."""
    import ml

    made: list[_RecordingStream] = []
    monkeypatch.setattr(ml, "ShotStream", lambda scorer, rng: _RecordingStream(made, rng))
    return made


def test_the_casting_cell_scores_each_shot_at_its_own_machine_cycle(monkeypatch):
    # a cell at a fixed 95 s (the defect generator's nominal cycle is 110 s): the stream must
    # be handed 95 s for every shot, as the model's cycle-time input, not left to its own draw
    made = _record_streams(monkeypatch)
    cell = CELL_BLOCK
    scenario = line([{"name": "cell", "cycle_time_s": 95.0, "casting_cell": cell}],
                    sources=[{"name": "shots", "to": "cell"}], horizon_days=0.5, warmup_h=0)
    run_replication(scenario, 0, 0)
    (stream,) = made
    assert len(stream.cycles) == pytest.approx(43_200 / 95, abs=2)  # a shot every 95 s, 12 h
    assert set(stream.cycles) == {95.0}


def test_a_deadlock_is_reported_at_the_hour_of_the_last_state_change():
    # a routing loop whose buffers fill (test_engine_behaviour's case, slowed 600-fold so it
    # freezes hours in): the message names the hour the line froze, the last state change
    # the trace recorded, within the 10-day run
    import re

    from twin.runtime.engine import DeadlockError

    scenario = line(
        [{"name": "a", "cycle_time_s": 3_000, "buffer_capacity": 1, "next": "b"},
         {"name": "b", "cycle_time_s": 3_000, "buffer_capacity": 1,
          "next": {"a": 0.9, "exit": 0.1}}],
        sources=[{"name": "arrivals", "to": "a", "interarrival_s": 600}], horizon_days=10)
    model = LineModel(scenario, Streams(0, 0), trace=True)
    with pytest.raises(DeadlockError) as raised:
        model.run()
    hours = float(re.search(r"deadlocked at t = ([0-9.]+) h", str(raised.value)).group(1))
    assert 1.0 < hours < 240.0
    assert hours == pytest.approx(model.trace[-1][0] / 3600.0, abs=0.005)


def test_a_source_counts_each_unit_it_releases():
    # one release every 100 s to a 10 s station that never blocks it: units at 100, 200, ...,
    # 900 s within the 1,000 s run (the one due at 1,000 s falls at the stop), 9 in all
    scenario = line([{"name": "press", "cycle_time_s": 10.0, "next": "exit"}],
                    sources=[{"name": "supply", "to": "press", "interarrival_s": 100.0}],
                    horizon_days=1000 / 86_400, warmup_h=0)
    result = run_replication(scenario, 0, 0)
    assert result.released == 9
    assert result.finished == 9


def test_each_die_draws_its_shots_from_its_documented_stream(monkeypatch):
    # the shot stream of machine m of casting cell "cell" is keyed (cell, m, "shots"):
    # the generator each die's stream is given draws what that documented key gives
    made = _record_streams(monkeypatch)
    cell = CELL_BLOCK
    scenario = line([{"name": "cell", "cycle_time_s": 95.0, "machines": 2,
                      "casting_cell": cell}],
                    sources=[{"name": "shots", "to": "cell"}], horizon_days=0.01, warmup_h=0)
    LineModel(scenario, Streams(3, 1))
    assert len(made) == 2
    for machine, stream in enumerate(made):
        expected = _documented_stream(3, 1, "cell", machine, "shots").random(4)
        np.testing.assert_array_equal(stream.rng.random(4), expected)


def test_a_kit_drawn_as_its_stock_arrives_reorders_at_the_reorder_point():
    # the kanban rule: order a batch when stock plus on order falls to the reorder point.
    # One part a kit, none on the shelf, reorder point 1, batches of 2. At the start stock 0
    # + on order 0 <= 1: one batch ordered. A machine waits for a kit; the batch of 2
    # arrives and the waiting machine draws one at once: stock 1 + on order 0 <= 1, so a
    # second batch is ordered right then (two orders in all)
    from types import SimpleNamespace

    import simpy

    from twin.runtime.supermarket import KitInbox

    orders: list[str] = []
    rule = SimpleNamespace(initial_units=0, reorder_point_units=1, batch_units=2)
    market = SimpleNamespace(env=simpy.Environment(), spec=SimpleNamespace(parts={"p": rule}),
                             order=orders.append)
    inbox = KitInbox(market, {"p": 1}, SimpleNamespace(create=lambda name: name))
    inbox.start()
    assert orders == ["p"]
    waiting = inbox.wait_get()
    inbox.receive("p", 2)
    assert waiting.triggered
    assert inbox.stock("p") == 1
    assert orders == ["p", "p"]
