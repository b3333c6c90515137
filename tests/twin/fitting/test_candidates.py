"""Censored maximum likelihood against closed forms and scipy's own censored fit."""

import math

import numpy as np
import pytest
from scipy import stats

from lines.distributions import Gamma, Lognormal, Weibull
from twin.fitting import Sample, bootstrap_p_value, fit_candidate, fit_candidates


def _censored_weibull(n=400, seed=5):
    rng = np.random.default_rng(seed)
    life = 100 * rng.weibull(1.8, n)
    limit = rng.uniform(50, 250, n)  # random censoring times
    return Sample(np.minimum(life, limit), life > limit)


def test_exponential_is_the_closed_form_total_time_over_events_with_a_chi2_interval():
    sample = Sample(np.array([10.0, 20.0, 30.0, 40.0]), np.array([False, False, False, True]))
    fit = fit_candidate("exponential", sample)
    assert fit.mean.value == pytest.approx(100 / 3)
    assert fit.mean.low == pytest.approx(200 / stats.chi2.ppf(0.975, 8))
    assert fit.mean.high == pytest.approx(200 / stats.chi2.ppf(0.025, 6))
    assert fit.log_likelihood == pytest.approx(-3 * math.log(100 / 3) - 3)


@pytest.mark.parametrize(("family", "dist"), [("weibull", stats.weibull_min),
                                              ("lognormal", stats.lognorm),
                                              ("gamma", stats.gamma)])
def test_censored_fit_reaches_at_least_scipys_censored_likelihood(family, dist):
    sample = _censored_weibull()
    shape, _, scale = dist.fit(stats.CensoredData.right_censored(sample.values, sample.censored),
                               floc=0)
    theirs = (dist.logpdf(sample.values[~sample.censored], shape, 0, scale).sum()
              + dist.logsf(sample.values[sample.censored], shape, 0, scale).sum())
    ours = fit_candidate(family, sample)
    assert ours.log_likelihood >= theirs - 1e-6
    assert ours.aic == pytest.approx(4 - 2 * ours.log_likelihood)


def test_weibull_recovers_the_truth_with_censoring_and_dropping_censored_rows_does_not():
    sample = _censored_weibull()
    assert sample.censored.mean() > 0.15
    handled = fit_candidate("weibull", sample).parameters
    naive = fit_candidate("weibull", sample.uncensored()).parameters
    assert handled["scale"].covers(100)
    assert handled["shape"].covers(1.8)
    assert naive["scale"].high < 100


def test_specs_are_the_projects_own_in_the_fields_unit():
    sample = _censored_weibull()
    fits = fit_candidates(sample)
    weibull = fits["weibull"].to_spec(60.0)
    assert isinstance(weibull, Weibull)
    assert weibull.scale == pytest.approx(fits["weibull"].parameters["scale"].value / 60)
    assert isinstance(fits["lognormal"].to_spec(), Lognormal)
    assert isinstance(fits["gamma"].to_spec(), Gamma)
    assert fits["lognormal"].to_spec().mean == pytest.approx(fits["lognormal"].mean.value)


def test_the_bootstrap_p_value_rejects_a_wrong_family_and_rarely_the_true_one():
    """Over 10 censored Weibull samples: the exponential is rejected every time; the Weibull
    (the truth) at the 5 % level in at most 3 (binomial(10, 0.05) exceeds 3 with p < 0.1 %)."""
    wrong = right = 0
    for seed in range(10):
        sample = _censored_weibull(seed=seed)
        fits = fit_candidates(sample, ("exponential", "weibull"))
        wrong += bootstrap_p_value(fits["exponential"], sample, 19, seed) <= 0.05
        right += bootstrap_p_value(fits["weibull"], sample, 19, seed) <= 0.05
    assert wrong == 10
    assert right <= 3
