"""The app's download sets, written by the CLI's one writer so a file name means one schema.

The What-if and Cost pages show the two routes run with the session's settings: the same
question ``gigatwin compare`` answers. Their "Download all" zip therefore holds the files
``gigatwin compare --out`` writes for the same runs (built by the same functions and written
by :func:`twin.outputs.write_experiments`: byte-identical tables), its ``metadata.json`` in
the one :class:`twin.outputs.RunMetadata` shape (``command`` is ``app``), and the session
file that reproduces them. Pure: no Streamlit here.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import yaml

from lines.routes import RouteSpec
from lines.scenario_io import scenario_to_yaml
from lines.vehicle import VehicleSpec
from parts_catalog import Catalog
from twin import ExperimentResult, comparison
from twin.cost import CostRates, cost_tables
from twin.lifecycle import lifecycle_from_costs, lifecycle_table
from twin.outputs import (
    RunMetadata,
    experiment_metadata,
    tables,
    write_experiments,
    write_outputs,
)
from twin.planning import PlanResult, plan_details, plan_tables
from twin.ui.session import SessionFile, session_yaml

__all__ = [
    "APP_COMMAND",
    "ZIP_NAME",
    "compare_tables",
    "compare_metadata",
    "download_all",
    "plan_download",
    "written_files",
    "zip_bytes",
]

APP_COMMAND = "app"
"""``metadata.json``'s ``command`` for files the app wrote."""
ZIP_NAME = "gigatwin_what_if.zip"
PLAN_ZIP_NAME = "gigatwin_plan.zip"
SESSION_NAME = "gigatwin_session.yaml"
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
"""Fixed member time: the same session gives the same zip, byte for byte."""


def compare_tables(
    specs: Mapping[str, RouteSpec], experiments: Mapping[str, ExperimentResult],
    catalog: Catalog, volume: float, rates: CostRates,
) -> dict[str, pd.DataFrame]:
    """The extra tables ``gigatwin compare --out`` writes beside the KPI tables, by CSV stem.

    ``routes``, ``comparison``, the cost tables and ``lifecycle``; the KPI tables
    (``summary``, ``replications``, ``stations``) are added by the writer.
    """
    runs = dict(experiments)
    routes = comparison.routes_table(catalog, runs)
    costs = comparison.route_costs(dict(specs), runs, catalog, volume, rates)
    table = comparison.comparison_table(runs, comparison.masses(routes), costs)
    model = costs.scenario
    life = lifecycle_from_costs(comparison.masses(routes), model, VehicleSpec(), catalog)
    return {"routes": routes, "comparison": comparison.csv_table(table),
            **cost_tables(model.welded, model.casting, model.rates),
            "lifecycle": lifecycle_table(life, catalog, experiments=runs)}


def compare_metadata(
    experiments: Mapping[str, ExperimentResult], session: SessionFile, page: str,
    volume: float, rates: CostRates,
) -> RunMetadata:
    """The one metadata shape for an app download set: the session as its arguments."""
    details = {"annual_volume_units": volume, "rates": rates.model_dump(mode="json"),
               "page": page}
    return experiment_metadata(dict(experiments), APP_COMMAND,
                               {"session": session.model_dump(mode="json")}, details)


def written_files(
    experiments: Mapping[str, ExperimentResult], extra_tables: Mapping[str, pd.DataFrame],
    metadata: RunMetadata,
) -> dict[str, bytes]:
    """Every file the CLI's writer writes for these runs, read back as bytes by name."""
    with tempfile.TemporaryDirectory(prefix="gigatwin-app-") as folder:
        out = Path(folder) / "out"
        paths = write_experiments(out, dict(experiments), label="route",
                                  extra_tables=dict(extra_tables), metadata=metadata)
        return {path.relative_to(out).as_posix(): path.read_bytes() for path in paths}


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A deflated zip of ``files`` (name -> bytes), members sorted, with a fixed time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def download_all(
    specs: Mapping[str, RouteSpec], experiments: Mapping[str, ExperimentResult],
    catalog: Catalog, session: SessionFile, page: str,
) -> bytes:
    """The "Download all" zip: ``compare --out``'s files, ``metadata.json``, the session."""
    cost = session.cost()
    extra = compare_tables(specs, experiments, catalog, cost["volume"], cost["rates"])
    metadata = compare_metadata(experiments, session, page, cost["volume"], cost["rates"])
    files = written_files(experiments, extra, metadata)
    files[SESSION_NAME] = session_yaml(session).encode("utf-8")
    return zip_bytes(files)


def plan_download(result: PlanResult, session: SessionFile) -> bytes:
    """The Overview's "Download all" zip: ``gigatwin plan --out``'s files and the session.

    The tables, scenarios and ``study.yaml`` are those ``plan`` writes; ``metadata.json``
    has the one shape with ``command: app`` and ``plan``'s details.
    """
    frames = {**tables(result.experiments, "route"),
              **{name.removesuffix(".csv"): table for name, table in plan_tables(result).items()}}
    files: dict[str, str | bytes] = {f"scenario_{route}.yaml": scenario_to_yaml(e.scenario)
                                     for route, e in result.experiments.items()}
    files["study.yaml"] = yaml.safe_dump(result.study.model_dump(mode="json"), sort_keys=False)
    metadata = experiment_metadata(result.experiments, APP_COMMAND,
                                   {"session": session.model_dump(mode="json")},
                                   {**plan_details(result), "page": "overview"})
    with tempfile.TemporaryDirectory(prefix="gigatwin-app-") as folder:
        out = Path(folder) / "out"
        found = {p.relative_to(out).as_posix(): p.read_bytes()
                 for p in write_outputs(out, frames, metadata, files)}
    found[SESSION_NAME] = session_yaml(session).encode("utf-8")
    return zip_bytes(found)
