"""The engine trace written as an event log: one row per entry, each cycle its own row."""

from lines.scenario_io import scenario_from_dict
from twin.fitting import event_log_frame, parse_event_log, simulated_event_log, station_samples


def test_each_trace_entry_lasts_until_the_machines_next_one():
    trace = [(0.0, "a", 0, "working"), (10.0, "a", 0, "working"), (20.0, "a", 0, "failed"),
             (50.0, "a", 0, "working"), (5.0, "b", 0, "starved")]
    frame = event_log_frame(trace, 0.0, 60.0)
    a = frame[frame["station"] == "a"]
    assert list(a["state"]) == ["working", "working", "failed", "working"]
    assert list(a["start"]) == ["2026-01-05T00:00:00.000", "2026-01-05T00:00:10.000",
                                "2026-01-05T00:00:20.000", "2026-01-05T00:00:50.000"]
    assert a["end"].iloc[-1] == "2026-01-05T00:01:00.000"
    assert list(frame[frame["station"] == "b"]["start"]) == ["2026-01-05T00:00:05.000"]


def test_a_fixed_cycle_line_gives_exactly_its_cycles_and_count():
    scenario = scenario_from_dict({
        "name": "paced", "horizon_days": 1 / 24,
        "sources": [{"name": "s", "to": "a"}],
        "stations": [{"name": "a", "cycle_time_s": 30}]})
    frame, result = simulated_event_log(scenario)
    samples = station_samples(parse_event_log(frame.to_csv(index=False)))["a"]
    # 120 cycles start in the hour (0, 30, ..., 3570 s); the engine counts 119 finished (the
    # last ends at the horizon). The first row began with the log: dropped; the last row
    # reaches the log end: censored.
    assert result.finished == 119
    assert len(samples.cycle_s.values) == 119
    assert samples.cycle_s.censored.sum() == 1
    assert set(samples.cycle_s.values) == {30.0}
