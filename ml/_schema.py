"""Per-shot process-data schema: canonical columns with units, valid ranges and labels.

Canonical names carry their unit (``melt_temp_c``). Where the public KAMP die-casting dataset
(sources §3.5, A-) has the variable, ``KAMP_COLUMN_MAP`` maps its column to ours so a
user's KAMP-style CSV can be read with ``read_shot_csv(path, column_map="kamp")``.
Valid ranges are physical plausibility bounds for aluminium HPDC (wider than the process
window of sources §3.2); a value outside them is a data or unit error, not a bad shot.
"""

from __future__ import annotations

import os
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator


class FeatureSpec(BaseModel):
    """One per-shot process variable: unit, plausible range and its KAMP counterpart."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: str = Field(description="canonical column name, unit as suffix")
    unit: str = Field(description="physical unit of the column")
    low: float = Field(description="lowest physically plausible value [unit]")
    high: float = Field(description="highest physically plausible value [unit]")
    description: str = ""
    kamp_name: str | None = Field(default=None, description="KAMP dataset column, if any")
    kamp_factor: float = Field(default=1.0, gt=0, description="multiply KAMP value to get unit")

    @model_validator(mode="after")
    def _ordered(self) -> FeatureSpec:
        if not self.low < self.high:
            raise ValueError(f"{self.name}: low {self.low} must be below high {self.high}")
        return self


def _spec(name: str, unit: str, low: float, high: float, description: str, **kw) -> FeatureSpec:
    return FeatureSpec(name=name, unit=unit, low=low, high=high, description=description, **kw)


# KAMP units are not documented (sources §3.5); speeds of 50-205 read as cm/s and
# cast_pressure of ~300 read as bar are our assumptions (X): check them against your machine.
FEATURE_SPECS: tuple[FeatureSpec, ...] = (
    _spec("melt_temp_c", "degC", 550, 850, "melt temperature at the sleeve",
          kamp_name="molten_temp"),
    _spec("die_temp_c", "degC", 20, 450, "die surface temperature before this shot",
          kamp_name="upper_mold_temp1"),
    _spec("die_temp_prev1_c", "degC", 20, 450, "die surface temperature one shot earlier"),
    _spec("die_temp_prev2_c", "degC", 20, 450, "die surface temperature two shots earlier"),
    _spec("sleeve_temp_c", "degC", 20, 500, "shot sleeve temperature",
          kamp_name="sleeve_temperature"),
    _spec("slow_shot_speed_m_s", "m/s", 0.02, 2.0, "phase-1 plunger speed",
          kamp_name="low_section_speed", kamp_factor=0.01),
    _spec("fast_shot_speed_m_s", "m/s", 0.3, 12.0, "phase-2 plunger speed",
          kamp_name="high_section_speed", kamp_factor=0.01),
    _spec("intensification_pressure_bar", "bar", 100, 1500, "phase-3 pressure on the metal",
          kamp_name="cast_pressure"),
    _spec("vacuum_mbar", "mbar", 1, 1013, "cavity pressure at fill (higher = poorer vacuum)"),
    _spec("melt_hydrogen_ml_100g", "mL/100g", 0.0, 0.8, "dissolved hydrogen in the melt"),
    _spec("spray_time_s", "s", 0.0, 40.0, "die spray and blow time"),
    _spec("biscuit_thickness_mm", "mm", 2, 150, "biscuit thickness",
          kamp_name="biscuit_thickness"),
    _spec("cycle_time_s", "s", 20, 900, "time since the previous shot",
          kamp_name="production_cycletime"),
    _spec("shots_since_die_change", "shots", 0, 2_000_000, "die age in shots"),
)

#: Model inputs, in the order of every feature row (``ShotSampler.draw`` and the scorers).
FEATURES: tuple[str, ...] = tuple(spec.name for spec in FEATURE_SPECS)
FEATURE_INDEX: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}
SPEC_BY_NAME: dict[str, FeatureSpec] = {spec.name: spec for spec in FEATURE_SPECS}

#: Defect classes, X-ray reject causes (sources §3.3 and 5.3).
DEFECT_CLASSES: tuple[str, ...] = (
    "gas_porosity", "shrinkage_porosity", "cold_shut", "hot_tear", "soldering", "dimensional",
)
#: Label columns: one 0/1 column per defect class plus the overall ``scrap`` label.
LABELS: tuple[str, ...] = tuple(f"defect_{k}" for k in DEFECT_CLASSES) + ("scrap",)
ID_COLUMNS: tuple[str, ...] = ("die_id",)

# passorfail = 1 read as "fail" (X: the KAMP coding as used in public notebooks).
KAMP_COLUMN_MAP: dict[str, str] = {
    **{spec.kamp_name: spec.name for spec in FEATURE_SPECS if spec.kamp_name},
    "mold_code": "die_id",
    "passorfail": "scrap",
}
_KAMP_FACTORS = {spec.name: spec.kamp_factor for spec in FEATURE_SPECS if spec.kamp_name}


class ShotDataError(ValueError):
    """Per-shot data failed validation; ``problems`` lists every issue found."""

    def __init__(self, problems: list[str], source: str = "shot data") -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}")


def label_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """Return the label columns to train on: every defect class if present, else ``scrap``."""
    per_class = tuple(f"defect_{k}" for k in DEFECT_CLASSES)
    if all(col in frame.columns for col in per_class):
        return per_class
    return ("scrap",)


def present_features(frame: pd.DataFrame) -> tuple[str, ...]:
    """The model features a frame has, in ``FEATURES`` order."""
    return tuple(f for f in FEATURES if f in frame.columns)


def missing_features(frame: pd.DataFrame) -> tuple[str, ...]:
    """The model features a frame lacks, in ``FEATURES`` order."""
    return tuple(f for f in FEATURES if f not in frame.columns)


def validate_shot_frame(frame: pd.DataFrame, *, require_labels: bool = True,
                        source: str = "shot data",
                        allow_missing_features: bool = False) -> pd.DataFrame:
    """Check columns, NaNs, ranges and labels; return a clean float frame or raise.

    Args:
        frame: per-shot data, one row a shot.
        require_labels: the frame must carry ``scrap`` or every ``defect_<class>`` label.
        source: names the data in error messages (e.g. the file path).
        allow_missing_features: accept a frame that lacks some ``FEATURES`` (a plant export
            rarely has them all); it must still have at least one.

    Raises:
        ShotDataError: listing every problem at once, so a user fixes a file in one pass.
    """
    problems = _missing_problems(frame, require_labels, allow_missing_features)
    for name in (f for f in FEATURES if f in frame.columns):
        problems += _column_problems(name, frame[name])
    for name in (c for c in LABELS if c in frame.columns):
        problems += _label_problems(name, frame[name])
    if problems:
        raise ShotDataError(problems, source)
    clean = frame.copy()
    present = list(present_features(frame))
    clean[present] = clean[present].astype(float)
    return clean


def _missing_problems(frame: pd.DataFrame, require_labels: bool,
                      allow_missing_features: bool = False) -> list[str]:
    problems = []
    missing = missing_features(frame)
    if len(missing) == len(FEATURES):
        problems.append(f"no feature column found; expected some of: {', '.join(FEATURES)}")
    elif missing and not allow_missing_features:
        problems.append(f"missing feature columns: {', '.join(missing)}")
    if require_labels and "scrap" not in frame.columns and label_columns(frame) == ("scrap",):
        problems.append("missing label: need 'scrap' or all of "
                        + ", ".join(f"defect_{k}" for k in DEFECT_CLASSES))
    if len(frame) == 0:
        problems.append("no rows")
    return problems


def _column_problems(name: str, column: pd.Series) -> list[str]:
    values = pd.to_numeric(column, errors="coerce")
    problems = []
    non_numeric = int(values.isna().sum() - column.isna().sum())
    if non_numeric:
        problems.append(f"{name}: {non_numeric} non-numeric value(s)")
    if column.isna().any():
        rows = _first_rows(column.isna())
        problems.append(f"{name}: {int(column.isna().sum())} missing value(s) (NaN), rows {rows}")
    spec = SPEC_BY_NAME[name]
    bad = values.notna() & ((values < spec.low) | (values > spec.high))
    if bad.any():
        problems.append(_range_message(spec, values, bad))
    return problems


def _range_message(spec: FeatureSpec, values: pd.Series, bad: pd.Series) -> str:
    msg = (f"{spec.name}: {int(bad.sum())} value(s) outside the plausible range "
           f"[{spec.low:g}, {spec.high:g}] {spec.unit} (seen {values[bad].min():g} to "
           f"{values[bad].max():g}), rows {_first_rows(bad)}")
    hint = _unit_hint(spec, float(values.median()))
    return f"{msg}; {hint}" if hint else msg


def _unit_hint(spec: FeatureSpec, median: float) -> str:
    """Guess a unit mix-up: a conversion that brings the median into range."""
    candidates = {"x1000": median / 1000, "x100": median / 100, "x10": median / 10,
                  "/10": median * 10, "/100": median * 100, "/1000": median * 1000}
    if spec.unit == "degC":
        candidates = {"kelvin": median - 273.15, "fahrenheit": (median - 32) / 1.8}
    for label, converted in candidates.items():
        if spec.low <= converted <= spec.high:
            return (f"wrong units? the median {median:g} looks like {label} "
                    f"(would be {converted:g} {spec.unit}); convert to {spec.unit}")
    return ""


def _label_problems(name: str, column: pd.Series) -> list[str]:
    values = pd.to_numeric(column, errors="coerce")
    if values.isna().any() or not values.isin([0, 1]).all():
        return [f"{name}: labels must be 0 or 1 (found {sorted(map(str, column.unique()))[:5]})"]
    return []


def _first_rows(mask: pd.Series, n: int = 5) -> str:
    rows = np.flatnonzero(mask.to_numpy())[:n].tolist()
    return ", ".join(map(str, rows)) + (", ..." if int(mask.sum()) > n else "")


def read_shot_csv(path: str | os.PathLike[str], column_map: Literal["kamp"] | dict[str, str]
                  | None = None, *, require_labels: bool = True,
                  allow_missing_features: bool = False) -> pd.DataFrame:
    """Read and validate a per-shot CSV; ``column_map="kamp"`` renames and converts KAMP columns.

    ``allow_missing_features=True`` accepts a file with only some of ``FEATURES`` (a model is
    then trained on what it has, see ``ml.train_defect_model``).

    Raises:
        ShotDataError: unreadable file, missing columns, NaNs, out-of-range values or bad labels.
    """
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError, pd.errors.ParserError) as err:
        raise ShotDataError([f"cannot read CSV: {err}"], str(path)) from err
    if len(frame.columns) == 1 and any(sep in str(frame.columns[0]) for sep in ";\t|"):
        raise ShotDataError([f"row 1 (header): one column {str(frame.columns[0])[:60]!r}: "
                             "the file is not comma-separated; save it as CSV with commas "
                             "(a spreadsheet's 'CSV UTF-8', not ';' or tab)"], str(path))
    if column_map == "kamp":
        frame = _from_kamp(frame)
    elif column_map:
        frame = frame.rename(columns=column_map)
    return validate_shot_frame(frame, require_labels=require_labels, source=str(path),
                               allow_missing_features=allow_missing_features)


def _from_kamp(frame: pd.DataFrame) -> pd.DataFrame:
    renamed = frame.rename(columns=KAMP_COLUMN_MAP)
    for name, factor in _KAMP_FACTORS.items():
        if name in renamed.columns and factor != 1.0:
            renamed[name] = pd.to_numeric(renamed[name], errors="coerce") * factor
    return renamed
