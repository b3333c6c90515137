"""Output analysis on the engine: coverage on M/M/1, warm-up from empty, determinism of stages."""

import pytest
from scenario_builders import exp, line

from twin.experiments import (
    kpi_interval,
    make_executor,
    recommend_warmup,
    replications_table,
    run_experiments,
    run_replications,
    run_to_precision,
    select_best,
    throughput_batch_means,
)
from twin.experiments.batch_means import calendar_cycle_h
from twin.experiments.precision import PrecisionRule

ARRIVAL_S, SERVICE_S = 60.0, 30.0
POWER = {"working_kw": 10.0, "idle_kw": 2.0, "down_kw": 0.0}
MM1 = line([{"name": "m", "cycle_time_s": exp(SERVICE_S), "power": POWER}],
           sources=[{"name": "arrivals", "to": "m", "interarrival_s": exp(ARRIVAL_S)}],
           horizon_days=0.5, warmup_h=1)
SOJOURN_MIN = 1 / (1 / SERVICE_S - 1 / ARRIVAL_S) / 60  # M/M/1: 1 / (mu - lambda) = 1 min
# energy per good unit, long run: (P_work rho + P_idle (1 - rho)) x mean interarrival
RHO = SERVICE_S / ARRIVAL_S
ENERGY_KWH_PER_UNIT = (10.0 * RHO + 2.0 * (1 - RHO)) * ARRIVAL_S / 3600


@pytest.mark.slow
def test_mm1_intervals_cover_the_known_sojourn_and_energy_ratio_at_95_percent(coverage_band):
    """200 macro-replications of 10 replications (12 h after a 1 h warm-up each)."""
    macro = 200
    covered = {"lead_time_mean_min": 0, "energy_kwh_per_unit": 0, "throughput_uph": 0}
    truth = {"lead_time_mean_min": SOJOURN_MIN, "energy_kwh_per_unit": ENERGY_KWH_PER_UNIT,
             "throughput_uph": 3600 / ARRIVAL_S}
    for seed in range(macro):
        table = replications_table(run_replications(MM1, 10, seed=1000 + seed))
        for kpi in covered:
            _, _, low, high, _ = kpi_interval(table, kpi)
            covered[kpi] += low <= truth[kpi] <= high
    low, high = coverage_band(macro)
    assert all(low <= count <= high for count in covered.values()), covered


def test_a_line_started_empty_gets_its_first_hours_cut():
    """30 ovens of 2 h (cv 0.5) from empty: the first hour makes a fifth of the steady output."""
    ovens = line([{"name": "oven", "machines": 30,
                   "cycle_time_s": {"dist": "lognormal", "mean": 7200, "sd": 3600}}],
                 horizon_days=8, warmup_h=0)
    found = recommend_warmup(ovens, replications=10, seed=0)
    assert 1 <= found.warmup_h <= 96
    assert not found.mser.at_search_limit
    assert found.average[0] < 0.4 * found.average[-1]
    table = found.series_table()
    assert table["in_warmup"].sum() == found.warmup_h
    assert len(table) == 192


def test_off_shift_hours_are_left_out_of_the_warmup_series():
    calendar = {"shifts_per_day": 2, "shift_length_h": 8.0, "days_per_week": 7}
    shifts = line([{"name": "m", "cycle_time_s": exp(40.0)}], horizon_days=3, warmup_h=0,
                  calendar=calendar)
    found = recommend_warmup(shifts, replications=2)
    assert all(hour % 24 < 16 for hour in found.hours)
    assert len(found.hours) == 3 * 16


VARIANTS = {f"buffer {b}": line(
    [{"name": "press", "cycle_time_s": exp(50.0), "next": "weld"},
     {"name": "weld", "cycle_time_s": exp(45.0), "buffer_capacity": b}],
    horizon_days=0.25, warmup_h=1, name=f"buffer {b}") for b in (1, 3, 10)}


@pytest.mark.slow
def test_precision_stops_at_the_same_point_serially_and_in_processes():
    rule = PrecisionRule(0.01, ("throughput_uph", "lead_time_mean_min"), initial=5, batch=4,
                         max_replications=80)
    serial, outcome = run_to_precision(VARIANTS, rule, seed=3)
    with make_executor("processes", workers=2) as pool:
        parallel, again = run_to_precision(VARIANTS, rule, seed=3, executor=pool)
    assert outcome.replications == again.replications
    assert outcome.achieved.equals(again.achieved)
    assert all(len(e.results) == outcome.replications for e in serial.values())
    assert (serial["buffer 1"].replications.equals(parallel["buffer 1"].replications))


def test_kn_on_simulated_variants_reuses_done_replications_and_picks_the_largest_buffer():
    first = run_experiments(VARIANTS, 10, seed=5)
    best, outcome, runs = select_best(VARIANTS, "throughput_uph", delta=2.0, n0=10, seed=5,
                                      done={k: e.results for k, e in first.items()})
    again = select_best(VARIANTS, "throughput_uph", delta=2.0, n0=10, seed=5, batch=7)
    assert best == "buffer 10"
    assert (best, outcome.replications) == (again[0], again[1].replications)
    assert runs["buffer 1"].results[:10] == first["buffer 1"].results


@pytest.mark.slow
def test_batch_means_on_one_long_mm1_run_covers_the_arrival_rate(coverage_band):
    """100 long runs (8 days after the warm-up): the interval covers 60 units/h ~95 %."""
    long_run = MM1.with_changes(horizon_days=8)
    results = [run_replications(long_run, 1, seed=500 + s)[0] for s in range(100)]
    found = [throughput_batch_means(r, long_run) for r in results]
    covered = sum(f.ci_low <= 3600 / ARRIVAL_S <= f.ci_high for f in found)
    low, high = coverage_band(100)
    assert low <= covered <= high


def test_batch_means_start_at_a_whole_calendar_cycle():
    weekdays = {"shifts_per_day": 2, "shift_length_h": 8.0, "days_per_week": 5}
    every_day = {**weekdays, "days_per_week": 7}
    assert calendar_cycle_h(MM1) == 1
    assert calendar_cycle_h(MM1.with_changes(calendar=weekdays)) == 168
    assert calendar_cycle_h(MM1.with_changes(calendar=every_day)) == 24
    week_line = MM1.with_changes(calendar=weekdays, horizon_days=7 * 21)
    found = throughput_batch_means(run_replications(week_line, 1)[0], week_line)
    assert found.batch_size % 168 == 0
    assert found.batches >= 10
