"""A What-if shared as a URL: the levers and run settings as query parameters, and back (pure).

``?cycle=120&cells=2&days=5`` opens the What-if page with those levers set; parameters not
in the URL keep the session's values. Query values are strings, so every one is parsed,
checked finite and against the form's bounds, and refused with the parameter named.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from twin.ui.levers import LEVERS

__all__ = ["RUN_PARAMETERS", "query_from_values", "share_query", "values_from_query"]

RUN_PARAMETERS = {"days": (0.5, 365.0, False), "replications": (2, 100, True),
                  "seed": (0, None, True)}
"""The What-if run settings a URL may set: (minimum, maximum or None, integer)."""
_BOUNDS = {lever.key: (lever.minimum, None, lever.integer) for lever in LEVERS} | RUN_PARAMETERS


def query_from_values(values: Mapping[str, float]) -> dict[str, str]:
    """The query parameters of a What-if's values (lever keys and run settings), form order."""
    out: dict[str, str] = {}
    for key, (_, _, integer) in _BOUNDS.items():
        if key in values:
            value = values[key]
            out[key] = str(int(value)) if integer else format(float(value), ".12g")
    return out


def share_query(values: Mapping[str, float]) -> str:
    """The ``?key=value&...`` part of the What-if's URL."""
    return "?" + "&".join(f"{k}={v}" for k, v in query_from_values(values).items())


def values_from_query(query: Mapping[str, str | list[str]]) -> dict[str, float]:
    """The lever and run values of a URL's query parameters (only those given).

    Raises:
        ValueError: naming every unknown parameter and every value that is not a finite
            number within its bounds, e.g. ``URL parameter cells: must be a whole number >= 1
            (got '0.5')``.
    """
    problems: list[str] = []
    values: dict[str, float] = {}
    for key, raw in query.items():
        text = raw[-1] if isinstance(raw, list) else raw
        if key not in _BOUNDS:
            problems.append(f"URL parameter {key}: unknown (the What-if parameters are "
                            f"{', '.join(_BOUNDS)})")
            continue
        minimum, maximum, integer = _BOUNDS[key]
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        bad_kind = not math.isfinite(number) or (integer and not number.is_integer())
        if bad_kind or number < minimum or (maximum is not None and number > maximum):
            kind = "a whole number" if integer else "a finite number"
            upper = f" and <= {maximum:g}" if maximum is not None else ""
            problems.append(f"URL parameter {key}: must be {kind} >= {minimum:g}{upper} "
                            f"(got {text!r})")
            continue
        values[key] = int(number) if integer else number
    if problems:
        raise ValueError("; ".join(problems))
    return values
