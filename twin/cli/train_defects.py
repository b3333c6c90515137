"""``gigatwin train-defects``: train the casting defect model and write its evaluation report.

Thin front door over ``ml``'s public API. A CSV that lacks some of ``ml.FEATURES`` is
trained on the features it has; the summary lists what is missing and what that costs in
held-out ROC AUC on the generator's data. The model card is stored in the sidecar. Bad
input (unreadable or invalid CSV, bad options) prints a clear message to stderr and exits
with code 2 before anything is written. The model file and its sidecar are written with a
temporary file and a rename; then the report (tables and ``metadata.json``) is staged and
moved into place only when every table is ready.

Regenerate the shipped default model with::

    gigatwin train-defects --shots 100000 --seed 0 --out ml/data/default_defect_model.skops
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lines.file_reader import FileFormatError, read_text
from ml import (
    ShotDataError,
    TrainingResult,
    fit_and_evaluate,
    missing_cost_sentence,
    read_shot_csv,
    save_model,
)
from twin.cli.errors import fail
from twin.cli.options import arguments, check_out_dir, check_out_file
from twin.outputs import RunMetadata, write_outputs

MIN_SHOTS = 2_000
MIN_DATA_SHOTS = 200
"""Fewest shots of a --data file: the held-out and calibration splits need both classes."""


class Kind(StrEnum):
    """Which classifier to train."""

    hgb = "hgb"
    glm = "glm"


def check_options(shots: int, out: Path | None) -> None:
    """Reject options that cannot work before any training starts."""
    if shots < MIN_SHOTS:
        raise fail(f"--shots must be at least {MIN_SHOTS} (got {shots})")
    if out is not None and out.suffix != ".skops":
        raise fail(f"--out must be a .skops file (got {out})")


def train(data: Path | None, kamp: bool, shots: int, seed: int, kind: Kind,
          threads: int, feature_cost_shots: int = 40_000) -> TrainingResult:
    """Read and validate the data if given, then train and evaluate."""
    try:
        if data is not None:
            read_text(data, "shot CSV")  # encoding: the line and column of a bad byte
        frame = None if data is None else read_shot_csv(data, "kamp" if kamp else None,
                                                        allow_missing_features=True)
        if frame is not None and len(frame) < MIN_DATA_SHOTS:
            raise fail(f"{data}: {len(frame)} shots; training needs at least {MIN_DATA_SHOTS} "
                       "(a quarter is held out and a part calibrates the model)")
        return fit_and_evaluate(frame, shots=shots, seed=seed, kind=kind.value,
                                n_threads=threads, feature_cost_shots=feature_cost_shots)
    except (ShotDataError, FileFormatError) as error:
        raise fail(str(error)) from None


def summary(result: TrainingResult) -> str:
    """Scrap scores of the model, its in-loop scorer and (if known) the true probability."""
    lines = [f"trained on {result.metadata['training_data']}"]
    for name, scores in result.metadata["scores_scrap"].items():
        lines.append(f"  {name:<20} scrap ROC AUC {scores['roc_auc']:.4f}  "
                     f"Brier {scores['brier_score']:.5f}")
    err = result.metadata["in_loop_abs_error_p_scrap"]
    lines.append(f"  in-loop scorer vs full model |dp_scrap|: mean {err['mean']:.4f}, "
                 f"p99 {err['p99']:.4f}, max {err['max']:.4f}")
    card = result.card
    if card.features_missing:
        lines.append(f"trained without {len(card.features_missing)} missing feature(s): "
                     f"{', '.join(card.features_missing)}")
        if card.missing_features_cost is not None:
            lines.append(missing_cost_sentence(card.missing_features_cost))
    return "\n".join(lines)


def save(result: TrainingResult, out: Path | None, report: Path | None,
         meta: RunMetadata) -> None:
    """Save the model with its sidecar, then the report tables with ``metadata.json``."""
    if out is not None:
        save_model(result.model, out)
    if report is not None:
        write_outputs(report, result.tables, meta)


def train_defects_command(
    ctx: typer.Context,
    data: Annotated[Path | None, typer.Option(
        "--data", help="per-shot CSV with the ml.FEATURES columns and labels")] = None,
    kamp: Annotated[bool, typer.Option(
        "--kamp", help="the CSV uses KAMP die-casting column names (KAMP lacks some "
        "features, e.g. vacuum and hydrogen: the model is trained on those it has and the "
        "report says what the others cost, see docs/how-to/own_defect_model.md)")] = False,
    shots: Annotated[int, typer.Option(
        "--shots", help=f"shots to generate when no --data is given (at least {MIN_SHOTS})",
        min=MIN_SHOTS)] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="random seed", min=0)] = 0,
    out: Annotated[Path | None, typer.Option(
        "--out", help="model file (.skops); its .json sidecar is written beside it",
        callback=check_out_file)] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", help="directory for evaluation, calibration, effects, window CSVs",
        callback=check_out_dir)] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="classifier")] = Kind.hgb,
    threads: Annotated[int, typer.Option("--threads", min=1, help="CPU threads")] = 1,
    feature_cost_shots: Annotated[int, typer.Option(
        "--feature-cost-shots", min=0, help="generated shots to measure what missing "
        "features cost in held-out AUC (0: skip)")] = 40_000,
) -> None:
    """Train the casting defect-probability model and report its held-out scores."""
    check_options(shots, out)
    result = train(data, kamp, shots, seed, kind, threads, feature_cost_shots)
    save(result, out, report, RunMetadata("train-defects", arguments(ctx), seed=seed,
                                          details=result.metadata))
    typer.echo(summary(result))


def register(app: typer.Typer) -> None:
    """Add the ``train-defects`` command to ``app``."""
    app.command("train-defects")(train_defects_command)
