"""Small experiments to record: a tiny two-station line, run for real (a few replications)."""

from __future__ import annotations

from lines.scenario_io import parse_scenario
from twin import run_experiments
from twin.outputs import experiment_metadata
from twin.store import entry_from_experiments

LINE = """
name: {name}
horizon_days: 0.25
sources: [{{name: supply, to: a}}]
stations:
  - {{name: a, cycle_time_s: {{dist: exponential, mean: 30}}, next: b}}
  - {{name: b, cycle_time_s: {{dist: exponential, mean: 32}}, buffer_capacity: {buffer}}}
"""


def experiments(replications=3, seed=0, buffer=2, name="store line"):
    scenario = parse_scenario(LINE.format(name=name, buffer=buffer))
    return run_experiments({scenario.name: scenario}, replications, seed)


def entry(found, tag=None, note=None, command="run"):
    metadata = experiment_metadata(found, command, {"replications": 3})
    return entry_from_experiments(metadata, found, tag=tag, note=note,
                                  overrides={"horizon_days": 0.25})


def record_many(url, new_entry, count):
    """Open the store in this process and record ``new_entry`` ``count`` times (a pool task)."""
    from twin.store import ExperimentStore

    store = ExperimentStore.open(url)
    try:
        return [store.record(new_entry) for _ in range(count)]
    finally:
        store.close()
