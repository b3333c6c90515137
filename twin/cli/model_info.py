"""``gigatwin model-info PATH``: a defect model file's card, after every integrity check.

The file is loaded exactly as a simulation would load it (``ml.load_model``: sidecar shape,
sha256, allow-listed types, features the casting cell can supply), so a file this command
shows is one ``defect_model: PATH`` accepts. A bad file exits with status 2 and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ml import ModelCard, ModelFileError, load_model
from twin.cli.errors import fail


def card_lines(path: Path) -> list[str]:
    """The lines ``model-info`` prints for a model file; ``ModelFileError`` if it is refused."""
    model = load_model(path)
    meta = model.metadata
    head = [f"model file       {path} (sha256 {meta['model_sha256'][:16]}..., checked)",
            "versions         " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items())]
    if meta.get("card") is None:
        return [*head, "no model card: the file predates cards; retrain it with "
                "'gigatwin train-defects --out' to get one"]
    return [*head, *ModelCard.model_validate(meta["card"]).lines()]


def model_info_command(
    path: Annotated[Path, typer.Argument(help="model file (.skops) made by train-defects")],
) -> None:
    """Show a defect model's card: training data, date, features, held-out scores."""
    try:
        lines = card_lines(path)
    except ModelFileError as error:
        raise fail(str(error)) from None
    typer.echo("\n".join(lines))
