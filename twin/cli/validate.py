"""``gigatwin validate FILE...``: check any of the project's files, its kind found from its content.

Kinds: line scenarios, route files, studies, rates files, claim examples, parts catalogs,
per-shot CSVs and defect-model files. Each file gets one line saying what it holds, or the
problems found (file, line or field); the exit status is 2 if any file is invalid.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from lines.file_reader import FileFormatError, parse_yaml, read_text, validate
from lines.routes import route_spec_from_dict
from lines.scenario_io import scenario_from_dict
from lines.study import study_from_dict
from ml import LABELS, load_model, read_shot_csv
from twin.cli.catalog_file import read_catalog
from twin.cli.errors import USER_ERROR_EXIT
from twin.cost import CostRates
from twin.cost.claims import ClaimExample

STUDY_KEYS = {"annual_demand_bodies", "operating_pattern", "equipment_policy", "run",
              "model_life_years"}
CATALOG_KEYS = {"materials", "routes", "include", "press_lines", "interfaces"}


def yaml_kind(raw: Any) -> str:
    """The kind of a parsed YAML file, from its top-level keys."""
    keys = set(raw) if isinstance(raw, dict) else set()
    if "route" in keys:
        return "route file"
    if "stations" in keys or "sources" in keys:
        return "scenario"
    if keys & STUDY_KEYS or {"welded", "casting"} <= keys:
        return "study"
    if {"claim", "levers"} <= keys:
        return "claim file"
    if keys & CATALOG_KEYS:
        return "catalog"
    if keys and keys <= set(CostRates.model_fields):
        return "rates file"
    return "unknown"


def describe_scenario(raw: dict, source: str) -> str:
    """One line about a valid scenario."""
    scenario = scenario_from_dict(raw, source)
    return (f"scenario {scenario.name!r}: {len(scenario.stations)} stations, "
            f"{len(scenario.sources)} sources, {scenario.horizon_days:g} days")


def describe_route(raw: dict, source: str) -> str:
    """One line about a valid route file."""
    spec = route_spec_from_dict(raw, source)
    return f"route file: {raw['route']} route {spec.name!r}, {spec.horizon_days:g} days"


def describe_study(raw: dict, source: str) -> str:
    """One line about a valid study."""
    study = study_from_dict(raw, source)
    return f"study {study.name!r}: {study.annual_demand_bodies:,.0f} bodies/yr"


def describe_rates(raw: dict, source: str) -> str:
    """One line about a valid rates file."""
    validate(CostRates, raw, source, "rates file")
    return f"rates file: {len(raw)} CostRates fields set"


def describe_claim(raw: dict, source: str) -> str:
    """One line about a valid claim example."""
    claim = validate(ClaimExample, raw, source, "claim file")
    return f"claim file {claim.name!r}: {len(claim.levers)} levers"


def describe_catalog(path: Path) -> str:
    """One line about a valid parts catalog (its includes and meshes checked too)."""
    catalog = read_catalog(path)
    return f"catalog: routes {', '.join(catalog.routes)}"


YAML_KINDS: dict[str, Callable[[dict, str], str]] = {
    "scenario": describe_scenario,
    "route file": describe_route,
    "study": describe_study,
    "rates file": describe_rates,
    "claim file": describe_claim,
}


def describe_yaml(path: Path) -> str:
    """What a YAML file holds, or a ``FileFormatError`` with its problems."""
    source = str(path)
    raw = parse_yaml(read_text(path, "YAML file"), source, "YAML file")
    kind = yaml_kind(raw)
    if kind == "catalog":
        return describe_catalog(path)
    if kind == "unknown":
        raise FileFormatError(source, [
            "cannot tell what kind of file this is: a scenario has stations:, a route file "
            "route:, a study annual_demand_bodies:, a catalog materials:, a claim claim: and "
            "levers:, a rates file only CostRates fields (see `gigatwin init`)"])
    return YAML_KINDS[kind](raw, source)


def describe_shot_csv(path: Path) -> str:
    """One line about a valid per-shot CSV (labels optional)."""
    read_text(path, "CSV file")  # encoding and binary checks with the position of a bad byte
    frame = read_shot_csv(path, require_labels=False)
    labelled = [c for c in LABELS if c in frame.columns]
    return f"shot CSV: {len(frame)} shots, labels {', '.join(labelled) or 'none'}"


def describe_model(path: Path) -> str:
    """One line about a loadable defect-model file (sidecar and sha256 checked)."""
    model = load_model(path)
    return f"defect model: {type(model).__name__}"


def describe(path: Path) -> str:
    """What the file at ``path`` holds; raises ``ValueError`` naming the file if invalid."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return describe_shot_csv(path)
    if suffix == ".skops":
        return describe_model(path)
    return describe_yaml(path)


def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Files to check (YAML, CSV or .skops).")],
) -> None:
    """Check project files (kind detected from their content); say what each holds."""
    bad = 0
    for path in files:
        try:
            typer.echo(f"{path}: ok, {describe(path)}")
        except ValueError as error:  # every reader's error is a ValueError naming the file
            bad += 1
            text = str(error)
            typer.echo(text if text.startswith(str(path)) else f"{path}: {text}", err=True)
    if bad:
        typer.echo(f"{bad} of {len(files)} files invalid", err=True)
        raise typer.Exit(code=USER_ERROR_EXIT)
