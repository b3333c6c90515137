"""The self-regenerating validation report (``make validate`` -> docs/validation.md).

Each check compares a simulated or fitted figure with something independent of the code that
produced it — a closed form of queueing theory, a published plant figure, the defect
generator's true probability, a hand computation — and computes its own verdict.
"""

from twin.validation.checks import Check
from twin.validation.report import render_report, run_checks

__all__ = ["Check", "render_report", "run_checks"]
