"""Share of a casting-route plant-year spent in the defect model (target: under 10 %).

One replication of the shipped casting route (``lines/scenarios``' defaults: 3 cells, 365
days) is run twice per repeat, in the same process and order-alternated: with the shipped
model (``defect_model: default``) and with the constant-rate model (``constant``). Both draw
the same shot stream (``ml.ShotStream``), so the only difference is the scoring. The share is
``(t_model - t_constant) / t_model`` of the process CPU time (``time.process_time``: other
jobs on the shared 2-core machine do not inflate it the way they inflate wall time), from the
fastest of the repeats of each; wall times are printed alongside. Once-per-process costs (the
model's load, its scrap form's fit, loading the compiled kernels of ``ml._compiled``) are paid
by a one-day warm-up before the timed runs, as a worker process pays them once per study.

``--setting`` picks the plant-year: ``route`` (default: the route's own calendar, unlimited
supply), ``study`` (the default ``Study``'s casting line with 3 cells on its calendar, cells
running through breaks with relief crews, unlimited supply) or ``demand`` (the same line
releasing the study's annual demand: ``twin.planning.scenarios.demand_scenario``, as a plan runs
it; the cells idle between orders and their dies cool before most shots).

Run: ``python benchmarks/bench_defect_share.py [--days 365] [--repeats 3]
[--setting route|study|demand]``.
"""

from __future__ import annotations

import argparse
import time

from lines.routes import CastingRouteSpec, build_casting_scenario
from lines.study import Study
from parts_catalog import load_catalog
from twin.planning.scenarios import demand_scenario, route_scenario
from twin.runtime.casting_cell import default_scorer
from twin.runtime.engine import LineModel, Streams


def scenario_for(setting: str, defect_model: str, days: float, catalog):
    """The plant-year of ``setting`` (see the module docstring) with ``defect_model``."""
    if setting == "route":
        return build_casting_scenario(
            CastingRouteSpec(horizon_days=days, defect_model=defect_model), catalog)
    study = Study()
    spec = study.casting.with_changes(cells=3, defect_model=defect_model)
    if setting == "study":
        return route_scenario(study, "casting", spec, catalog, horizon_days=days)
    study = study.with_changes(run=study.run.model_copy(update={"horizon_days": days}))
    return demand_scenario(study, "casting", spec, catalog, study.annual_demand_bodies)


def year(defect_model: str, days: float, catalog, setting: str = "route") -> tuple[float, float,
                                                                                    int]:
    """CPU and wall time of one replication [s] and its good castings."""
    scenario = scenario_for(setting, defect_model, days, catalog)
    model = LineModel(scenario, Streams(0, 0))
    cpu, wall = time.process_time(), time.perf_counter()
    model.run()
    return time.process_time() - cpu, time.perf_counter() - wall, model.stats.finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--setting", choices=("route", "study", "demand"), default="route")
    args = parser.parse_args()
    catalog = load_catalog()
    default_scorer()  # loaded once per worker process in real runs: not part of a replication
    year("default", 1.0, catalog, args.setting)  # warm caches (the scrap form of the shipped model)
    times: dict[str, list[float]] = {"default": [], "constant": []}
    for rep in range(args.repeats):
        for kind in (("default", "constant") if rep % 2 == 0 else ("constant", "default")):
            cpu, wall, good = year(kind, args.days, catalog, args.setting)
            times[kind].append(cpu)
            print(f"repeat {rep + 1}: {kind:<8} CPU {cpu:7.2f} s  wall {wall:7.2f} s  "
                  f"{good:,} good castings", flush=True)
    model, constant = min(times["default"]), min(times["constant"])
    share = (model - constant) / model
    print(f"casting route ({args.setting}), {args.days:g} days, fastest of {args.repeats} (CPU): "
          f"shipped model "
          f"{model:.2f} s, constant rate {constant:.2f} s -> defect model share {share:.1%} "
          f"(target < 10 %)")


if __name__ == "__main__":
    main()
