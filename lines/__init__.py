"""What a line is: the scenario schema, its distributions, checks and YAML files (no SimPy).

The engine in ``twin`` runs what this package describes; builders of the two real routes
(welded body-in-white and giga-casting) produce scenarios from the parts catalog.
"""

from lines.distributions import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Normal,
    Triangular,
    Uniform,
    Weibull,
)
from lines.file_reader import FileFormatError
from lines.scenario_io import (
    ScenarioError,
    load_scenario,
    parse_scenario,
    scenario_from_dict,
    scenario_to_yaml,
)
from lines.spec import (
    EXIT,
    Break,
    FailureMode,
    MaintenancePlan,
    PowerDraw,
    ProductShare,
    Scenario,
    ShiftCalendar,
    Source,
    Station,
)

__all__ = [
    "EXIT",
    "Break",
    "Distribution",
    "Empirical",
    "Exponential",
    "FailureMode",
    "FileFormatError",
    "Fixed",
    "Gamma",
    "Lognormal",
    "MaintenancePlan",
    "Normal",
    "PowerDraw",
    "ProductShare",
    "Scenario",
    "ScenarioError",
    "ShiftCalendar",
    "Source",
    "Station",
    "Triangular",
    "Uniform",
    "Weibull",
    "load_scenario",
    "parse_scenario",
    "scenario_from_dict",
    "scenario_to_yaml",
]
