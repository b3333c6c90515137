"""What-if: does a bigger buffer in front of the weld cell raise output, and by how much?

Scenario: the two-station line of ``two_station_line.yaml``: a press that jams every couple of
hours feeds a weld cell through a 3-unit buffer. A kaizen team wants to know what 0, 3, 6 or
12 buffer places would give, with confidence intervals, before moving any conveyor.
Covers: loading a scenario, a sweep with common random numbers, reading the tidy summary.
"""

from pathlib import Path

from lines import load_scenario
from twin import compare
from twin.experiments.sweeps import run_sweep

SEED = 2026
REPLICATIONS = 5
HORIZON_DAYS = 3.0  # measured days per replication
BUFFER_PLACES = [0, 3, 6, 12]  # units between press and weld
TODAY = 1  # index of today's layout (3 places) in BUFFER_PLACES

scenario = load_scenario(Path(__file__).with_name("two_station_line.yaml"))
scenario = scenario.with_changes(horizon_days=HORIZON_DAYS)
sweep = run_sweep(scenario, {"stations.weld.buffer_capacity": BUFFER_PLACES},
                  replications=REPLICATIONS, seed=SEED)

summary = sweep.summary.query("kpi == 'throughput_uph'")
print("buffer places | throughput [units/h] | 95 % CI        | gain vs today, paired [units/h]")
for i, (_, row) in enumerate(summary.iterrows()):
    # the points share their random numbers, so the paired gain is much sharper than the CIs
    gain = compare(sweep.experiments[TODAY], sweep.experiments[i]).set_index("kpi")
    gain = gain.loc["throughput_uph"]
    print(f"{row['stations.weld.buffer_capacity']:>13} | {row['mean']:>20.2f} | "
          f"[{row['ci_low']:.2f}, {row['ci_high']:.2f}] | "
          f"{gain['mean_difference']:+.2f} [{gain['ci_low']:+.2f}, {gain['ci_high']:+.2f}]")
