"""Round trip: simulate known distributions, export the event log, fit, recover them; the
fitted line simulates the same KPIs; censoring handling removes the bias of a cut log."""

import math

import pytest

from lines.scenario_io import scenario_from_dict
from twin.experiments import run_experiment
from twin.fitting import (
    cut_event_log,
    fit_event_log,
    fitted_scenario,
    parse_event_log,
    simulated_event_log,
)

QUANTITY = {"cycle": "cycle_time", "between": "time_between_failures", "repair": "time_to_repair"}
STATIONS = ("press", "trim")


@pytest.fixture(scope="module")
def known_fit(known_log):
    return fit_event_log(known_log, resamples=19, seed=0)


@pytest.mark.slow  # the 30-day log is simulated and fitted once (about 20 s)
@pytest.mark.parametrize("station", STATIONS)
@pytest.mark.parametrize("what", list(QUANTITY))
def test_every_true_parameter_lies_inside_its_confidence_interval(
    known_fit, known_truth, station, what
):
    family, truth = known_truth[station][what]
    qfit = known_fit.stations[station].quantities[QUANTITY[what]]
    fitted = qfit.candidates[family].parameters
    for name, value in truth.items():
        estimate = fitted[name]
        assert estimate.covers(value), (station, what, name, value, estimate)
        # and the interval is informative: narrower than +-25 % of the value
        assert estimate.high - estimate.low < 0.5 * value


@pytest.mark.slow
@pytest.mark.parametrize("station", STATIONS)
@pytest.mark.parametrize("what", list(QUANTITY))
def test_aic_picks_the_generating_family(known_fit, known_truth, station, what):
    qfit = known_fit.stations[station].quantities[QUANTITY[what]]
    assert qfit.chosen == known_truth[station][what][0]
    assert qfit.p_value > 0.05  # the Kaplan-Meier bootstrap does not reject the true family


@pytest.mark.slow
def test_machines_and_the_censored_last_rows_are_read_from_the_log(known_fit):
    press = known_fit.stations["press"]
    assert press.machines == 2
    # each machine's log ends inside one duration, so at most one censored row per machine
    for qfit in press.quantities.values():
        assert qfit.sample.censored.sum() <= 2


@pytest.mark.slow
def test_the_fitted_line_simulates_the_original_kpis_within_their_intervals(
    known_scenario, known_fit
):
    original = known_scenario.with_changes(horizon_days=5)
    fitted = fitted_scenario(known_fit, original)
    runs = [run_experiment(s, replications=6, seed=11).summary for s in (original, fitted)]
    for kpi, scope in (("throughput_uph", "line"), ("availability", "press"),
                       ("availability", "trim")):
        rows = [r[(r["kpi"] == kpi) & (r["scope"] == scope)].iloc[0] for r in runs]
        assert rows[0]["ci_low"] <= rows[1]["mean"] <= rows[0]["ci_high"], (kpi, scope, rows)
        assert rows[1]["ci_low"] <= rows[0]["mean"] <= rows[1]["ci_high"], (kpi, scope, rows)


@pytest.fixture(scope="module")
def many_machines_log():
    """40 robots with wear-out failures; the log is cut after 10 h, inside many up-times."""
    scenario = scenario_from_dict({
        "name": "robots", "horizon_days": 16 / 24,
        "sources": [{"name": "supply", "to": "robots"}],
        "stations": [{"name": "robots", "machines": 40, "cycle_time_s": 60, "failures": [{
            "time_between_failures_h": {"dist": "weibull", "shape": 2.0, "scale": 5.0},
            "time_to_repair_min": {"dist": "lognormal", "mean": 30, "sd": 15}}]}],
    })
    frame, _ = simulated_event_log(scenario, replication=0, seed=3)
    return cut_event_log(parse_event_log(frame.to_csv(index=False), "robots.csv"), 10 * 3600)


def test_cutting_the_log_does_not_bias_the_mtbf_when_censoring_is_handled(many_machines_log):
    true_mtbf_s = 5.0 * 3600 * math.gamma(1 + 1 / 2.0)
    handled, naive = (
        fit_event_log(many_machines_log, resamples=0, censoring=flag,
                      families=("weibull", "lognormal"))
        .stations["robots"].quantities["time_between_failures"]
        for flag in (True, False)
    )
    assert handled.sample.censored.sum() >= 20  # the cut really falls inside many up-times
    assert handled.candidates["weibull"].mean.covers(true_mtbf_s)
    # dropping the censored up-times keeps the short ones: MTBF far too low
    assert naive.candidates["weibull"].mean.high < true_mtbf_s
    assert naive.candidates["weibull"].mean.value < 0.8 * true_mtbf_s


def test_a_repair_cut_by_the_log_end_is_censored_and_the_mttr_stays_unbiased(many_machines_log):
    repair = fit_event_log(many_machines_log, resamples=0, families=("lognormal",)).stations[
        "robots"].quantities["time_to_repair"]
    assert repair.sample.censored.any()  # some robots were under repair at the cut
    assert repair.fit.mean.covers(30 * 60)


def test_a_line_on_shifts_gives_back_its_calendar_and_its_distributions():
    calendar = {"shifts_per_day": 2, "shift_length_h": 8, "first_shift_start_h": 6,
                "days_per_week": 5, "breaks": [{"after_h": 4, "duration_min": 30}]}
    scenario = scenario_from_dict({
        "name": "shifts", "horizon_days": 56, "calendar": calendar,
        "sources": [{"name": "supply", "to": "press"}],
        "stations": [{"name": "press", "machines": 2,
                      "cycle_time_s": {"dist": "normal", "mean": 60, "sd": 6},
                      "failures": [{"time_between_failures_h": {"dist": "weibull", "shape": 1.8,
                                                                "scale": 4.0},
                                    "time_to_repair_min": {"dist": "lognormal", "mean": 20,
                                                           "sd": 12}}]}],
    })
    frame, _ = simulated_event_log(scenario, seed=1)
    fit = fit_event_log(parse_event_log(frame.to_csv(index=False)), resamples=0)
    assert fit.calendar == scenario.calendar
    press = fit.stations["press"]
    # on shift 5 x (16 h - 2 x 30 min) = 75 h of the week's 168 h
    assert press.share("off_shift") == pytest.approx(1 - 75 / 168, abs=1e-6)
    # the clocks stop off shift: cycles and repairs cut by a shift end are joined again
    truth = {"cycle_time": ("normal", {"mean": 60, "sd": 6}),
             "time_between_failures": ("weibull", {"shape": 1.8, "scale": 4 * 3600}),
             "time_to_repair": ("lognormal", {"mean": 20 * 60, "sd": 12 * 60})}
    for quantity, (family, parameters) in truth.items():
        fitted = press.quantities[quantity].candidates[family].parameters
        for name, value in parameters.items():
            assert fitted[name].covers(value), (quantity, name, value, fitted[name])
