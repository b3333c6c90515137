"""``--defect-model PATH``: simulate the casting route with a model made by ``train-defects``.

Shared by the commands that run the casting route (``compare``; ``plan`` when it exists).
The model file is loaded once here with every check of ``ml.load_model`` so a bad file exits
with status 2 before any replication starts; a model file named in a route file
(``defect_model: my_model.skops``, relative to the route file) is checked the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lines.routes import CastingRouteSpec, RouteSpec, build_route_scenario
from lines.spec import Scenario
from parts_catalog import Catalog
from twin.cli.errors import fail
from twin.runtime.casting_cell import defect_scorer

DefectModelFile = Annotated[Path | None, typer.Option(
    "--defect-model", help="Defect model file (.skops) made by 'gigatwin train-defects --out'; "
    "replaces the casting route's defect_model.")]


def defect_models_or_fail(specs: dict[str, RouteSpec], scenarios: dict[str, Scenario],
                          model: Path | None, catalog: Catalog,
                          ) -> tuple[dict[str, RouteSpec], dict[str, Scenario]]:
    """Put ``model`` on the casting route (if given) and check every model file; exit 2 if bad."""
    specs, scenarios = dict(specs), dict(scenarios)
    if model is not None:
        for route, spec in specs.items():
            if isinstance(spec, CastingRouteSpec):
                try:
                    specs[route] = spec.with_changes(defect_model=str(model.resolve()))
                except ValueError as error:
                    raise fail(f"--defect-model: {error}") from None
                scenarios[route] = build_route_scenario(specs[route], catalog)
    for scenario in scenarios.values():
        check_models(scenario)
    return specs, scenarios


def check_models(scenario: Scenario) -> None:
    """Load each casting cell's model file once (cached for the runs); exit 2 if one is bad."""
    for station in scenario.stations:
        cell = station.casting_cell
        if cell is not None and cell.defect_model not in ("default", "constant"):
            try:
                defect_scorer(cell)
            except (ValueError, OSError) as error:  # ml.ModelFileError is a ValueError
                raise fail(f"station {station.name!r}: {error}") from None
