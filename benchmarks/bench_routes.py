"""Speed of a simulated year of each route, next to the engine's plain-SimPy baseline.

Prints the wall time of one replication-year of the welded and of the casting route, their
SimPy events per second, and the projected time of 10 replications of both routes on 2
worker processes (the issue's target: under 60 s on a 2-core machine). For comparison it
runs the hand-written SimPy serial line of ``bench_engine.py`` in the same process.
``--profile`` prints the top functions of each route (cProfile).

Run: ``python benchmarks/bench_routes.py [--days 365] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import hand_written  # noqa: E402

from lines.routes import (  # noqa: E402
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
)
from parts_catalog import load_catalog  # noqa: E402
from twin.runtime.casting_cell import default_scorer  # noqa: E402
from twin.runtime.engine import LineModel, Streams  # noqa: E402


def route_year(scenario, profile: bool) -> tuple[float, int, int]:
    """Wall time of one replication, SimPy events, good units."""
    model = LineModel(scenario, Streams(0, 0))
    start = time.perf_counter()
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(model.run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    else:
        model.run()
    return time.perf_counter() - start, next(model.env._eid), model.stats.finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    catalog = load_catalog()
    default_scorer()  # loaded once per worker process in real runs: not part of a replication
    routes = {
        "welded": build_welded_scenario(WeldedRouteSpec(horizon_days=args.days), catalog),
        "casting": build_casting_scenario(CastingRouteSpec(horizon_days=args.days), catalog),
    }
    print(f"{'route':>8} {'days':>5} {'wall s':>7} {'events':>10} {'events/s':>10} {'good':>8}")
    total = 0.0
    for name, scenario in routes.items():
        wall, events, good = route_year(scenario, args.profile)
        total += wall
        print(f"{name:>8} {args.days:>5g} {wall:>7.2f} {events:>10,} {events / wall:>10,.0f} "
              f"{good:>8,}")
    print(f"10 replications of both routes on 2 workers: ~{10 * total / 2:.1f} s (target < 60 s)")
    start = time.perf_counter()
    _, events = hand_written(10, 60.0)
    wall = time.perf_counter() - start
    print(f"plain SimPy baseline (10-station serial line, 60 days): {events / wall:,.0f} events/s")


if __name__ == "__main__":
    main()
