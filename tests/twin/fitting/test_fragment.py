"""The fitted scenario: merged into a base (what changes, what stays), calendar, serial line."""

import numpy as np
import pytest

from lines.scenario_io import ScenarioError, scenario_from_dict
from twin.fitting import fit_event_log, fitted_scenario, parse_event_log

BASE = {
    "name": "base", "calendar": {"shifts_per_day": 3},
    "sources": [{"name": "supply", "to": "a"}],
    "stations": [
        {"name": "a", "cycle_time_s": 50, "next": "b", "buffer_capacity": 4,
         "failures": [{"name": "old", "time_between_failures_h": 10, "time_to_repair_min": 5}]},
        {"name": "b", "cycle_time_s": 20, "scrap_probability": 0.02},
    ],
}


def _log(days=3, off_shift=True, seed=0):
    """Station a: cycles of ~60 s from 06:00 to 22:00, off shift otherwise; no failures."""
    rng = np.random.default_rng(seed)
    rows = ["station,machine,state,start_s,end_s"]
    for day in range(days):
        t, end = day * 86400 + 6 * 3600, day * 86400 + 22 * 3600
        if off_shift:
            rows.append(f"a,1,off_shift,{day * 86400},{t}")
        while t < end - 120:
            cycle = float(rng.normal(60, 5))
            rows.append(f"a,1,working,{t:.3f},{t + cycle:.3f}")
            t += cycle
        rows.append(f"a,1,starved,{t:.3f},{end}")
        if off_shift:
            rows.append(f"a,1,off_shift,{end},{(day + 1) * 86400}")
    return parse_event_log("\n".join(rows), "a.csv")


def test_merging_replaces_the_logged_stations_fitted_fields_and_keeps_the_rest():
    fit = fit_event_log(_log(), resamples=0)
    merged = fitted_scenario(fit, scenario_from_dict(BASE))
    a = merged.station("a")
    assert a.cycle_time_s.dist == "normal"
    assert a.cycle_time_s.mean == pytest.approx(60, abs=0.5)
    assert a.buffer_capacity == 4  # not in the log: stays
    # the log shows no failure, too few to fit: the base's failure mode stays
    assert [mode.name for mode in a.failures] == ["old"]
    assert merged.station("b") == scenario_from_dict(BASE).station("b")


def test_the_calendar_seen_in_the_log_replaces_the_base_unless_told_to_keep_it():
    fit = fit_event_log(_log(), resamples=0)
    assert fit.calendar is not None
    assert fit.calendar.shifts_per_day == 2
    assert fit.calendar.first_shift_start_h == 6
    base = scenario_from_dict(BASE)
    assert fitted_scenario(fit, base).calendar == fit.calendar
    assert fitted_scenario(fit, base, calendar="base").calendar == base.calendar
    no_off_shift = fit_event_log(_log(off_shift=False), resamples=0)
    assert fitted_scenario(no_off_shift, base).calendar == base.calendar


def test_without_a_base_the_stations_form_a_serial_line_that_validates():
    scenario = fitted_scenario(fit_event_log(_log(days=1), resamples=0))
    assert [s.name for s in scenario.stations] == ["a"]
    assert scenario.sources[0].to == "a"


def test_a_station_the_base_lacks_is_refused_by_name():
    fit = fit_event_log(_log(days=1), resamples=0)
    base = dict(BASE, stations=[dict(BASE["stations"][1], name="z")],
                sources=[{"name": "supply", "to": "z"}])
    with pytest.raises(ScenarioError, match="station 'a', which the base does not"):
        fitted_scenario(fit, scenario_from_dict(base))
