"""The study file: defaults, one owner for time and policy, and errors that name the field."""

import pytest

from lines.file_reader import FileFormatError
from lines.study import DEFAULT_STUDY, OperatingPattern, Study, load_study


def test_the_shipped_study_is_the_default_study_for_250k_bodies():
    study = load_study(DEFAULT_STUDY)
    assert study.annual_demand_bodies == 250_000
    assert study.model_dump(exclude={"description"}) == Study().model_dump(
        exclude={"description"})


def test_240_working_days_on_five_days_a_week_leave_21_weekday_holidays_spread_evenly():
    pattern = OperatingPattern(days_per_week=5, working_days_per_year=240)
    holidays = pattern.holidays()
    assert len(holidays) == 261 - 240
    assert all(day % 7 < 5 for day in holidays)  # holidays fall on working weekdays
    gaps = [b - a for a, b in zip(holidays, holidays[1:], strict=False)]
    assert max(gaps) - min(gaps) <= 7  # about every 17 days, never bunched
    assert pattern.calendar().working_days_per_year == 240


def test_more_working_days_than_the_weeks_allow_is_refused_with_the_limit():
    with pytest.raises(ValueError, match=r"exceeds the 260\.7 days"):
        OperatingPattern(days_per_week=5, working_days_per_year=300)


def test_the_route_blocks_may_not_set_the_calendar_horizon_or_warmup(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("casting: {calendar: {days_per_week: 7}}\nwelded: {horizon_days: 3}\n")
    with pytest.raises(FileFormatError) as error:
        load_study(path)
    message = str(error.value)
    assert str(path) in message
    assert "casting.calendar: the study sets it" in message
    assert "welded.horizon_days: the study sets it" in message


def test_the_model_life_owns_the_dies_life_so_rates_may_not_set_it():
    with pytest.raises(ValueError, match="tooling_life_years: the study's model_life_years"):
        Study.model_validate({"rates": {"tooling_life_years": 3}})


def test_an_unknown_field_and_a_wrong_type_are_reported_with_the_file_and_field(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("annual_demand_bodies: lots\noperating_pattern: {shifts: 2}\n")
    with pytest.raises(FileFormatError) as error:
        load_study(path)
    message = str(error.value)
    assert "annual_demand_bodies" in message
    assert "operating_pattern.shifts" in message


def test_the_route_spec_of_a_study_runs_on_the_study_calendar_and_horizon():
    study = Study().with_changes(run={"horizon_days": 30.0})
    spec = study.route_spec("casting")
    assert spec.horizon_days == 30.0
    assert spec.calendar == study.operating_pattern.calendar()
    assert len(spec.calendar.holidays) == 21


def test_the_committed_study_schema_is_current():
    import json
    from pathlib import Path

    committed = json.loads((Path(__file__).resolve().parents[2] / "lines/study.schema.json")
                           .read_text())
    assert committed == Study.model_json_schema(), "run: make schema"
