"""Same scenario and seed give the same numbers: serially, in a process pool, on Dask."""

import pytest
from scenario_builders import exp, line

from twin.experiments.executors import make_executor
from twin.experiments.replications import run_experiment
from twin.outputs.writer import write_experiments

SCENARIO = line(
    [
        {
            "name": "press",
            "cycle_time_s": exp(40),
            "next": "weld",
            "failures": [{"time_between_failures_h": exp(2), "time_to_repair_min": exp(10)}],
        },
        {
            "name": "weld",
            "machines": 2,
            "cycle_time_s": {"dist": "lognormal", "mean": 75, "sd": 9},
            "buffer_capacity": 3,
            "scrap_probability": 0.01,
        },
    ],
    horizon_days=1,
    warmup_h=2,
)
CSVS = ("summary.csv", "replications.csv", "stations.csv")


def csv_bytes(experiment, directory):
    write_experiments(directory, {"line": experiment})
    return {name: (directory / name).read_bytes() for name in CSVS}


def test_serial_and_process_pool_write_identical_csv_bytes(tmp_path):
    serial = run_experiment(SCENARIO, replications=4, seed=123)
    with make_executor("processes", workers=2) as pool:
        parallel = run_experiment(SCENARIO, replications=4, seed=123, executor=pool)
    assert csv_bytes(serial, tmp_path / "a") == csv_bytes(parallel, tmp_path / "b")


def test_another_seed_gives_other_numbers():
    a = run_experiment(SCENARIO, replications=2, seed=1).replications
    b = run_experiment(SCENARIO, replications=2, seed=2).replications
    assert not a["throughput_uph"].equals(b["throughput_uph"])


def test_replications_differ_from_each_other():
    reps = run_experiment(SCENARIO, replications=3, seed=5).replications
    assert reps["throughput_uph"].nunique() == 3


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_numbers():
    pytest.importorskip("dask.distributed")
    serial = run_experiment(SCENARIO, replications=4, seed=77)
    with make_executor("dask", workers=2) as client_executor:
        on_dask = run_experiment(SCENARIO, replications=4, seed=77, executor=client_executor)
    assert serial.replications.equals(on_dask.replications)
    assert serial.stations.equals(on_dask.stations)


def test_common_random_numbers_pair_a_change_with_its_baseline():
    # only the weld buffer changes: press failures and cycle draws are the same in both runs,
    # so the paired differences vary far less than the runs themselves
    from twin.experiments.replications import compare

    bigger = SCENARIO.model_validate(
        SCENARIO.model_dump()
        | {
            "stations": [
                SCENARIO.stations[0].model_dump(),
                SCENARIO.stations[1].model_dump() | {"buffer_capacity": 6},
            ]
        }
    )
    base = run_experiment(SCENARIO, replications=8, seed=11)
    alt = run_experiment(bigger, replications=8, seed=11)
    diff = compare(base, alt).set_index("kpi").loc["throughput_uph"]
    assert diff["sd"] < 0.5 * base.replications["throughput_uph"].std()
