"""Safe persistence: skops with an explicit allow-list plus a JSON sidecar; never pickle.

Loading checks, in order: the sidecar exists and has the shape of ``ml._card.Sidecar``
(format tag, features, classes, versions, sha256, model card), its sha256 matches the model
file (tampering or a mismatched pair), every type the file asks for is in ``ALLOWED_TYPES``
(a foreign or malicious file), then the file's format tag is ours and its features are ones
the casting cell supplies (a subset of ``FEATURES``) and the sidecar's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
import skops
import skops.io as sio
from pydantic import ValidationError
from skops.io.exceptions import UntrustedTypesFoundException

from ml._card import FORMAT, Sidecar
from ml._glm import QuadraticLogit
from ml._schema import FEATURES
from ml._training import DefectModel

#: Types beyond skops' defaults that a GigaTwin model file may contain (skops 0.16,
#: scikit-learn 1.9: calibrated boosted trees; the GLM pipeline needs none). Anything else
#: makes ``load_model`` fail.
ALLOWED_TYPES: tuple[str, ...] = (
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
)

DEFAULT_MODEL = "default_defect_model.skops"
_FILE_MODE = 0o644  # mkstemp creates 0600; model files are shared package data


class ModelFileError(ValueError):
    """A model file or its sidecar is missing, tampered with, foreign or untrusted."""


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """The JSON metadata file beside a model file (``model.skops`` -> ``model.json``)."""
    return Path(path).with_suffix(".json")


def data_hash(frame: pd.DataFrame) -> str:
    """sha256 of the training data (features and labels, row order included)."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def file_sha256(path: str | os.PathLike[str]) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def versions() -> dict[str, str]:
    """Library versions the model was trained with (skops needs the same environment)."""
    return {"python": platform.python_version(), "numpy": np.__version__,
            "pandas": pd.__version__, "scikit-learn": sklearn.__version__,
            "skops": skops.__version__}


def _payload(model: DefectModel) -> dict:
    assert model.surrogate is not None, "untrained model"
    assert model.scrap_surrogate is not None, "untrained model"
    return {"format": FORMAT, "kind": model.kind, "features": list(model.features),
            "classes": list(model.classes), "estimators": list(model.estimators),
            "surrogate": model.surrogate.to_arrays(),
            "scrap_surrogate": model.scrap_surrogate.to_arrays()}


def save_model(model: DefectModel, path: str | os.PathLike[str],
               metadata: dict | None = None) -> Path:
    """Write the model (skops, compressed) and its sidecar atomically; return the model path.

    The sidecar holds features, classes, versions, the model file's sha256 and ``metadata``
    (e.g. training data hash and scores).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        sio.dump(_payload(model), tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        sidecar = {"format": FORMAT, "kind": model.kind, "features": list(model.features),
                   "classes": list(model.classes), "versions": versions(),
                   "model_sha256": file_sha256(tmp), **(model.metadata | (metadata or {}))}
        _write_text_atomic(sidecar_path(target), json.dumps(sidecar, indent=2, default=float))
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return target


def _write_text_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, _FILE_MODE)
    os.replace(tmp, path)


def read_sidecar(path: str | os.PathLike[str]) -> dict:
    """The metadata of a model file, shape-checked; ``ModelFileError`` if absent or malformed."""
    side = sidecar_path(path)
    try:
        raw = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelFileError(f"{path}: metadata sidecar {side.name} missing or unreadable "
                             f"({err}); a model is only loaded with its sidecar") from err
    try:
        Sidecar.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'top level'}: {e['msg']}"
                             for e in err.errors()[:5])
        raise ModelFileError(f"{path}: sidecar {side.name} is not a GigaTwin model sidecar "
                             f"({problems}); refusing to load") from None
    return raw


def load_model(path: str | os.PathLike[str]) -> DefectModel:
    """Load a model saved by ``save_model`` after integrity and allow-list checks.

    Raises:
        ModelFileError: missing file or sidecar, sha256 mismatch, untrusted types, or a file
            that is not a GigaTwin defect model for these features.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    meta = read_sidecar(path)
    if file_sha256(path) != meta.get("model_sha256"):
        raise ModelFileError(f"{path}: sha256 differs from its sidecar: the file was modified "
                             "or does not belong to this sidecar; refusing to load")
    payload = _load_trusted(path)
    model = _from_payload(path, payload, meta)
    model.metadata = meta
    return model


def _load_trusted(path: Path) -> object:
    # skops audits the file against the allow-list while it loads (one pass over the file's
    # tree); the untrusted types are listed, in a second pass, only for a refused file
    try:
        return sio.load(path, trusted=list(ALLOWED_TYPES))
    except UntrustedTypesFoundException:
        extra = sorted(set(sio.get_untrusted_types(file=path)) - set(ALLOWED_TYPES))
        raise ModelFileError(f"{path}: untrusted types outside the allow-list: "
                             f"{', '.join(extra)}; refusing to load") from None
    except Exception as err:  # skops raises several types for a non-skops file
        raise ModelFileError(f"{path}: not a readable skops file ({err})") from err


def _from_payload(path: Path, payload: object, meta: dict) -> DefectModel:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        found = type(payload).__name__
        raise ModelFileError(f"{path}: not a GigaTwin defect model (holds a {found} without "
                             f"the {FORMAT!r} format tag); refusing to load")
    features = check_features(path, payload.get("features"))
    if features != meta["features"]:
        raise ModelFileError(f"{path}: the model file's features {features} differ from its "
                             f"sidecar's {meta['features']}; refusing to load")
    surrogate, scrap = (_form(payload[key]) for key in ("surrogate", "scrap_surrogate"))
    return DefectModel(payload["kind"], tuple(payload["classes"]), list(payload["estimators"]),
                       surrogate, scrap_surrogate=scrap, features=tuple(features))


def check_features(path: str | os.PathLike[str], features: object) -> list[str]:
    """The model's features if the casting cell can supply them all, else ``ModelFileError``.

    The cell supplies every ``FEATURES`` column (live die state, drawn process variables);
    a model needing any other input cannot run in the loop.
    """
    if not isinstance(features, list) or not features:
        raise ModelFileError(f"{path}: the model file lists no features; refusing to load")
    unknown = [str(name) for name in features if name not in FEATURES]
    if unknown:
        raise ModelFileError(
            f"{path}: the model needs features the casting cell cannot supply: "
            f"{', '.join(unknown)} (the cell supplies {', '.join(FEATURES)}); refusing to load")
    if features != [name for name in FEATURES if name in features]:
        raise ModelFileError(f"{path}: features {features} are not in the package's order "
                             f"{list(FEATURES)}; refusing to load")
    return list(features)


def _form(arrays: dict) -> QuadraticLogit:
    return QuadraticLogit(**{k: np.asarray(v, float) for k, v in arrays.items()})


def default_model_path() -> Path:
    """Path of the pre-trained model shipped in ``ml/data``."""
    return Path(str(resources.files("ml") / "data" / DEFAULT_MODEL))


def load_default_model() -> DefectModel:
    """The shipped pre-trained model (generated data, 100,000 shots, seed 0)."""
    return load_model(default_model_path())
