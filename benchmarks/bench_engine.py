"""Engine speed against a minimal hand-written SimPy model of the same serial line.

Both models run the same line (unlimited supply, N stations with exponential cycle times and
finite buffers with blocking after service) over the same horizon, in the same process, one
after the other and repeated; the report is the ratio of their best wall times, so machine
noise cancels out. Target: the engine is no slower than 1.25x the hand-written model.

Run: ``python benchmarks/bench_engine.py [--days D] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

import simpy

from lines.spec import Scenario
from twin.runtime.engine import LineModel, Streams

CYCLE_MEAN_S = 50.0
BUFFER_UNITS = 5


def serial_scenario(stations: int, days: float) -> Scenario:
    """An N-station serial line fed by an unlimited supply."""
    names = [f"s{i:02d}" for i in range(stations)]
    return Scenario.model_validate(
        {
            "name": f"serial-{stations}",
            "horizon_days": days,
            "sources": [{"name": "supply", "to": names[0]}],
            "stations": [
                {
                    "name": name,
                    "cycle_time_s": {"dist": "exponential", "mean": CYCLE_MEAN_S},
                    "buffer_capacity": None if i == 0 else BUFFER_UNITS,
                    "next": names[i + 1] if i + 1 < stations else "exit",
                }
                for i, name in enumerate(names)
            ],
        }
    )


def hand_written(stations: int, days: float, seed: int = 1) -> tuple[int, int]:
    """The textbook SimPy line: a process per station, Stores as buffers; (units, events)."""
    env = simpy.Environment()
    rng = random.Random(seed)
    stores = [simpy.Store(env, capacity=BUFFER_UNITS) for _ in range(stations - 1)]
    done = [0]

    def station(i: int):
        while True:
            if i > 0:
                yield stores[i - 1].get()
            yield env.timeout(rng.expovariate(1.0 / CYCLE_MEAN_S))
            if i + 1 < stations:
                yield stores[i].put(object())
            else:
                done[0] += 1

    for i in range(stations):
        env.process(station(i))
    env.run(until=days * 86_400.0)
    return done[0], _events(env)


def engine(stations: int, days: float, seed: int = 1) -> tuple[int, int]:
    """The same line through GigaTwin's engine. Returns (units, events)."""
    model = LineModel(serial_scenario(stations, days), Streams(seed, 0))
    model.run()
    return model.stats.finished, _events(model.env)


def _events(env: simpy.Environment) -> int:
    return next(env._eid)  # SimPy numbers every scheduled event; benchmark-only peek


def best_time(run, *args) -> tuple[float, tuple[int, int]]:
    """Wall time of one run (best of the caller's repeats is taken outside)."""
    start = time.perf_counter()
    out = run(*args)
    return time.perf_counter() - start, out


def peak_memory_mb(run, *args) -> float:
    """Peak traced Python memory of one run [MB]."""
    tracemalloc.start()
    run(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(
        f"serial line, exponential cycles (mean {CYCLE_MEAN_S:.0f} s), buffers of "
        f"{BUFFER_UNITS}, {args.days:g} days, best of {args.repeats}"
    )
    print(
        f"{'stations':>8} {'hand s':>8} {'engine s':>9} {'ratio':>6} "
        f"{'hand ev/s':>10} {'engine ev/s':>11} {'units h/e':>15}"
    )
    for stations in (10, 50):
        hand_runs = []
        engine_runs = []
        for _ in range(args.repeats):  # interleaved so drift in machine load hits both
            hand_runs.append(best_time(hand_written, stations, args.days))
            engine_runs.append(best_time(engine, stations, args.days))
        (t_hand, (u_hand, e_hand)) = min(hand_runs)
        (t_eng, (u_eng, e_eng)) = min(engine_runs)
        print(
            f"{stations:>8} {t_hand:>8.2f} {t_eng:>9.2f} {t_eng / t_hand:>6.2f} "
            f"{e_hand / t_hand:>10,.0f} {e_eng / t_eng:>11,.0f} {u_hand:>7}/{u_eng:<7}"
        )
    short, long_ = args.days / 4, args.days
    print(
        "memory with the horizon (engine, 10 stations): "
        f"{short:g} d -> {peak_memory_mb(engine, 10, short):.1f} MB, "
        f"{long_:g} d -> {peak_memory_mb(engine, 10, long_):.1f} MB"
    )


if __name__ == "__main__":
    main()
