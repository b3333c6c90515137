"""What an optimisation may change and must respect: ``--vary`` ranges and ``--constraint``s.

``cells=2..5`` or ``stations.weld.buffer_capacity=0..10`` is an integer range (both ends
integers), ``stations.press.cycle_time_s=40.0..60.0`` a real one; the path is a scenario
path (:mod:`lines.overrides`). ``demand_met_share>=0.95`` bounds a metric of the objective.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

NUMBER = r"[-+0-9.eE]+"
VARY = re.compile(rf"^\s*(?P<path>[^=\s]+)\s*=\s*(?P<low>{NUMBER})\s*\.\.\s*(?P<high>{NUMBER})\s*$")
CONSTRAINT = re.compile(rf"^\s*(?P<metric>\w+)\s*(?P<op>>=|<=)\s*(?P<bound>{NUMBER})\s*$")


@dataclass(frozen=True)
class Variable:
    """One setting the optimiser chooses, from ``low`` to ``high`` inclusive."""

    path: str
    low: float
    high: float
    integer: bool

    def suggest(self, trial: Any) -> int | float:
        """The value an Optuna trial proposes for this setting."""
        if self.integer:
            return int(trial.suggest_int(self.path, int(self.low), int(self.high)))
        return float(trial.suggest_float(self.path, self.low, self.high))


@dataclass(frozen=True)
class Constraint:
    """A bound on the mean of one metric, e.g. ``demand_met_share >= 0.95``."""

    metric: str
    op: Literal[">=", "<="]
    bound: float

    def violation(self, value: float) -> float:
        """How far ``value`` is on the wrong side of the bound (<= 0: satisfied)."""
        return self.bound - value if self.op == ">=" else value - self.bound

    def __str__(self) -> str:
        return f"{self.metric}{self.op}{self.bound:g}"


def parse_vary(text: str) -> Variable:
    """``PATH=LOW..HIGH`` -> a variable (integer when both ends are integers)."""
    found = VARY.match(text)
    if not found:
        raise ValueError(f"--vary {text!r}: expected PATH=LOW..HIGH, e.g. "
                         "stations.weld.buffer_capacity=0..10")
    low_text, high_text = found["low"], found["high"]
    low, high = float(low_text), float(high_text)
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ValueError(f"--vary {text!r}: LOW must be <= HIGH, both finite")
    integer = all(re.fullmatch(r"[-+]?\d+", t) for t in (low_text, high_text))
    return Variable(found["path"], low, high, integer)


def parse_constraint(text: str) -> Constraint:
    """``METRIC>=BOUND`` or ``METRIC<=BOUND`` -> a constraint."""
    found = CONSTRAINT.match(text)
    if not found or not math.isfinite(float(found["bound"])):
        raise ValueError(f"--constraint {text!r}: expected METRIC>=BOUND or METRIC<=BOUND, "
                         "e.g. demand_met_share>=0.95")
    op: Literal[">=", "<="] = ">=" if found["op"] == ">=" else "<="
    return Constraint(found["metric"], op, float(found["bound"]))
