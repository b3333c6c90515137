"""``gigatwin check-defects MODEL NEW_SHOTS.csv``: is the model still good on newer shots?

Scores the model on the new shots (ROC AUC, Brier score, calibration in the large) against
its card's held-out scores, computes the population-stability index (PSI) of each input
against the training data, and says ``keep``, ``watch`` or ``retrain`` with the thresholds
of ``ml._drift`` (documented in ``docs/how-to/check_drift.md``). The new shots need the
model's features and the ``scrap`` label. ``--out DIR`` writes ``drift_scores.csv`` and
``drift_psi.csv``. Bad input exits with status 2 and nothing written. Exit status 0 for
every verdict (the verdict is the output, not an error).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from ml import (
    DriftReport,
    ModelFileError,
    ShotDataError,
    check_drift,
    full_matrix,
    load_model,
    read_shot_csv,
)
from twin.cli.errors import fail
from twin.cli.options import arguments, check_out_dir
from twin.outputs import RunMetadata, write_outputs


def drift_report(model_path: Path, shots: Path, kamp: bool = False) -> DriftReport:
    """Load the model and the new shots, then check; ``ValueError`` naming what is wrong."""
    model = load_model(model_path)
    card = model.metadata.get("card")
    if not card or not card.get("feature_reference"):
        raise ModelFileError(f"{model_path}: the model has no card with training-data bins; "
                             "retrain it with 'gigatwin train-defects --out' to check drift")
    frame = read_shot_csv(shots, "kamp" if kamp else None, allow_missing_features=True)
    lacking = [name for name in model.features if name not in frame.columns]
    if lacking:
        raise ShotDataError([f"missing feature columns the model uses: {', '.join(lacking)}"],
                            str(shots))
    p = model.p_scrap_batch(full_matrix(frame))
    return check_drift(p, frame["scrap"].to_numpy(int), frame, card)


def check_defects_command(
    ctx: typer.Context,
    model: Annotated[Path, typer.Argument(help="model file (.skops) made by train-defects")],
    shots: Annotated[Path, typer.Argument(help="newer per-shot CSV with a 'scrap' label")],
    kamp: Annotated[bool, typer.Option("--kamp", help="the CSV uses KAMP column names")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help="directory for drift_scores.csv and drift_psi.csv",
        callback=check_out_dir)] = None,
) -> None:
    """Score a defect model on newer shots (AUC, Brier, calibration, PSI); say if to retrain."""
    try:
        report = drift_report(model, shots, kamp)
    except ValueError as error:  # ModelFileError and ShotDataError are ValueErrors
        raise fail(str(error)) from None
    if out is not None:
        tables = {"drift_scores": pd.DataFrame([report.scores | {"verdict": report.verdict}]),
                  "drift_psi": report.psi}
        write_outputs(out, tables, RunMetadata("check-defects", arguments(ctx),
                                               details={"flags": report.flags}))
    typer.echo("\n".join(report.lines()))
