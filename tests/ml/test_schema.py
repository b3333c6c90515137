import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from ml import (
    FEATURE_SPECS,
    FEATURES,
    KAMP_COLUMN_MAP,
    LABELS,
    ParameterWindow,
    ProcessWindow,
    ShotDataError,
    generate_shots,
    read_shot_csv,
    validate_shot_frame,
)

KAMP_NAMES = ("molten_temp", "low_section_speed", "high_section_speed", "cast_pressure",
              "biscuit_thickness", "sleeve_temperature", "upper_mold_temp1",
              "production_cycletime", "mold_code", "passorfail")


def test_every_feature_has_unit_and_range():
    for spec in FEATURE_SPECS:
        assert spec.unit
        assert spec.low < spec.high
    assert len(set(FEATURES)) == len(FEATURES)


def test_kamp_map_covers_the_public_column_names():
    assert set(KAMP_NAMES) <= set(KAMP_COLUMN_MAP)
    assert set(KAMP_COLUMN_MAP.values()) <= set(FEATURES) | set(LABELS) | {"die_id"}


def test_generated_data_passes_validation():
    frame = generate_shots(2_000, seed=3)
    assert validate_shot_frame(frame).shape == frame.shape


def test_bad_csv_gets_one_report_listing_every_problem(tmp_path):
    frame = generate_shots(300, seed=4).drop(columns=["vacuum_mbar"])
    frame.loc[5, "die_temp_c"] = np.nan
    frame["melt_temp_c"] += 273.15  # kelvin by mistake
    frame.loc[7, "scrap"] = 3
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ShotDataError) as info:
        read_shot_csv(path)
    message = str(info.value)
    assert "missing feature columns: vacuum_mbar" in message
    assert "die_temp_c: 1 missing value" in message
    assert "melt_temp_c" in message
    assert "kelvin" in message
    assert "scrap: labels must be 0 or 1" in message
    assert len(info.value.problems) == 4


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(ShotDataError, match="cannot read CSV"):
        read_shot_csv(tmp_path / "absent.csv")


def test_kamp_style_csv_maps_to_canonical_columns(tmp_path):
    canonical = generate_shots(500, seed=5)
    kamp = canonical.rename(columns={v: k for k, v in KAMP_COLUMN_MAP.items()})
    kamp["low_section_speed"] *= 100  # KAMP speeds read as cm/s
    kamp["high_section_speed"] *= 100
    kamp = kamp.drop(columns=[c for c in kamp.columns if c.startswith("defect_")])
    path = tmp_path / "kamp.csv"
    kamp.to_csv(path, index=False)
    frame = read_shot_csv(path, column_map="kamp")
    for name in FEATURES:
        np.testing.assert_allclose(frame[name], canonical[name], rtol=1e-12)
    assert (frame["scrap"] == canonical["scrap"]).all()


def test_kamp_file_without_our_extra_columns_says_which_are_missing(tmp_path):
    kamp = pd.DataFrame({"molten_temp": [700.0], "passorfail": [0]})
    path = tmp_path / "kamp.csv"
    kamp.to_csv(path, index=False)
    with pytest.raises(ShotDataError, match="vacuum_mbar"):
        read_shot_csv(path, column_map="kamp")


def test_process_window_is_frozen_and_range_checked():
    window = ProcessWindow()
    with pytest.raises(ValidationError):
        window.melt_temp_c = ParameterWindow(setpoint=1, scale=1, noise_sd=0)
    with pytest.raises(ValidationError, match="outside"):
        ProcessWindow(melt_temp_c=ParameterWindow(setpoint=300, scale=10, noise_sd=1))
    with pytest.raises(ValidationError):
        ProcessWindow(vacuum_mbar={"setpoint": 50, "scale": 20, "noise_sd": 1, "typo": 2})
