"""The round cost rates the cost tests work out by hand (importable: tests/ is on the test path).

Capital recovery factors at 10 % are written out, so a test's expected figure is arithmetic on
these numbers, not a call into the cost model.
"""

from twin.cost import CostRates

HAND_RATES = CostRates(
    cost_of_capital=0.10, equipment_life_years=10, building_life_years=20, tooling_life_years=5,
    electricity_usd_per_kwh=0.10, labour_usd_per_h=40, overhead_labour_ratio=0.5,
    maintenance_share_per_year=0.04, building_usd_per_m2=2000, working_capital_months=2,
)  # fmt: skip
CRF_10_5 = 0.26379748079474524  # 0.1 x 1.1^5 / (1.1^5 - 1)
CRF_10_10 = 0.16274539488251155  # 0.1 x 1.1^10 / (1.1^10 - 1)
CRF_10_20 = 0.11745962477254576  # 0.1 x 1.1^20 / (1.1^20 - 1)
