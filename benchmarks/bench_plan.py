"""Speed of ``gigatwin plan`` on the default study: both routes sized for 250,000 bodies a
year, a plant-year x 10 replications each, with sizing, cost and risk, on 2 worker processes.

Reports the wall time of each stage (pilots and sizing, the runs at the demand, the cost of
every replication, risk, break-even) and the ratio of the whole plan to a fixed-equipment
comparison of the same horizon and replications (both routes as installed, unlimited supply)
timed in the same run, so machine noise cancels. Target: the plan under 60 s.

Run: ``python benchmarks/bench_plan.py [--days 365] [--replications 10] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import time

from lines.routes import build_route_scenario
from lines.study import Study
from parts_catalog import load_catalog
from twin.experiments import run_experiments
from twin.experiments.executors import make_executor
from twin.planning import breakeven_table, cost_draws, risk_summary
from twin.planning.costing import plan_rates
from twin.planning.plan import cost_replications, mean_inputs, run_at_demand, run_pilots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = Study()
    study = base.with_changes(run=base.run.model_copy(
        update={"horizon_days": args.days, "replications": args.replications}))
    catalog = load_catalog()
    with make_executor("processes", args.workers) as executor:
        # warm the workers (imports, defect model) so neither timing pays for it; the time it
        # takes is what a cold `gigatwin plan` pays on top of the plan
        t = time.perf_counter()
        run_experiments({"w": build_route_scenario(study.route_spec("casting").with_changes(
            horizon_days=0.1), catalog)}, args.workers, 0, executor)
        cold_s = time.perf_counter() - t
        stages: dict[str, float] = {}
        start = time.perf_counter()
        sizings, pilots = run_pilots(study, catalog, executor)
        stages["pilots and sizing"] = time.perf_counter() - start
        t = time.perf_counter()
        experiments = run_at_demand(study, catalog, sizings, executor)
        stages["runs at the demand"] = time.perf_counter() - t
        t = time.perf_counter()
        rates = plan_rates(study)
        _, comparisons = cost_replications(study, catalog, rates, sizings, experiments)
        stages["cost per replication"] = time.perf_counter() - t
        t = time.perf_counter()
        risk_summary(cost_draws(comparisons, study.run.risk_draws, study.run.seed))
        stages["risk (draws x replications)"] = time.perf_counter() - t
        t = time.perf_counter()
        breakeven_table(study, catalog, rates, mean_inputs(study, catalog, sizings, experiments),
                        pilots)
        stages["break-even (re-sized volumes)"] = time.perf_counter() - t
        plan_s = time.perf_counter() - start
        t = time.perf_counter()
        fixed = {r: build_route_scenario(study.route_spec(r), catalog)
                 for r in ("welded", "casting")}
        run_experiments(fixed, args.replications, study.run.seed, executor)
        compare_s = time.perf_counter() - t
    print(f"plan: {args.days:g} days x {args.replications} replications per route, "
          f"{args.workers} workers; sized: {sizings['casting'].spec.cells} cells, "
          f"takt {sizings['welded'].spec.takt_s:.1f} s")
    for name, seconds in stages.items():
        print(f"  {name:<32} {seconds:7.1f} s  ({seconds / plan_s:5.1%})")
    print(f"  {'whole plan':<32} {plan_s:7.1f} s  (target < 60 s)")
    print(f"starting the workers (imports, defect model), paid once by a cold run: {cold_s:.1f} s")
    print(f"fixed-equipment compare, same horizon and replications: {compare_s:.1f} s")
    print(f"ratio plan / compare: {plan_s / compare_s:.2f}")


if __name__ == "__main__":
    main()
