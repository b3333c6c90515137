"""Speed of a plant-year of each route with its longer chains, against the shorter ones.

For each route it times one replication-year with today's defaults ("long": the casting
finishing chain, insert refurbishments and die damage; the welded studs, adhesive, press
scrap and framing joints) and with those switched off ("short": the casting cell straight to
joining, no insert or damage stops; no stud, nut or adhesive time, no press scrap), both in
this run. It prints wall time, SimPy events, events per good body (and per shot for casting)
and the ratio long / short, next to the hand-written SimPy baseline of ``bench_engine.py``.

Run: ``python benchmarks/bench_route_chains.py [--days 365]``.
"""

from __future__ import annotations

import argparse
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

SHORT_CASTING = {"finishing_chain": False, "die_damage": None,
                 "insert_refurbishment_every_shots": None}
SHORT_WELDED = {"time_per_stud_s": 0.0, "time_per_projection_weld_s": 0.0,
                "adhesive_s_per_m": 0.0, "press_scrap_share": 0.0}


def year(scenario) -> tuple[float, int, int, int]:
    """Wall time, SimPy events, good units and shots (first station's units) of one run."""
    model = LineModel(scenario, Streams(0, 0))
    start = time.perf_counter()
    model.run()
    wall = time.perf_counter() - start
    first = model.stations[0] if scenario.stations[0].casting_cell else None
    shots = first.processed if first is not None else 0
    return wall, next(model.env._eid), model.stats.finished, shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365.0)
    args = parser.parse_args()
    catalog = load_catalog()
    default_scorer()  # loaded once per worker process in real runs: not part of a replication
    casting = CastingRouteSpec(horizon_days=args.days)
    weld = WeldedRouteSpec(horizon_days=args.days)
    runs = {
        ("casting", "short"): build_casting_scenario(casting.with_changes(**SHORT_CASTING),
                                                     catalog),
        ("casting", "long"): build_casting_scenario(casting, catalog),
        ("welded", "short"): build_welded_scenario(weld.with_changes(**SHORT_WELDED), catalog),
        ("welded", "long"): build_welded_scenario(weld, catalog),
    }
    print(f"{'route':>8} {'chain':>6} {'wall s':>7} {'events':>11} {'good':>8} "
          f"{'ev/body':>8} {'ev/shot':>8}")
    walls = {}
    for (route, chain), scenario in runs.items():
        wall, events, good, shots = year(scenario)
        walls[(route, chain)] = wall
        per_shot = f"{events / shots:>8.1f}" if shots else f"{'-':>8}"
        print(f"{route:>8} {chain:>6} {wall:>7.2f} {events:>11,} {good:>8,} "
              f"{events / max(good, 1):>8.1f} {per_shot}")
    for route in ("casting", "welded"):
        print(f"{route}: long / short wall time = "
              f"{walls[(route, 'long')] / walls[(route, 'short')]:.2f}")
    start = time.perf_counter()
    _, events = hand_written(10, 60.0)
    wall = time.perf_counter() - start
    print(f"plain SimPy baseline (10-station serial line, 60 days): {events / wall:,.0f} events/s")


if __name__ == "__main__":
    main()
