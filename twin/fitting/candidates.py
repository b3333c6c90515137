"""Candidate distributions fitted to censored durations by maximum likelihood (scipy.stats).

Each parametric candidate is fitted with its location fixed at zero (durations start at zero;
a free location makes the Weibull fit unstable). The log-likelihood is written out because
``nnlf`` does not take censored data: ``logpdf`` of the durations seen to their end plus
``logsf`` of the censored ones, and AIC = 2k - 2 ln L with k the free parameters. The
exponential has a closed form (total time / events) with an exact chi-square interval.
Confidence intervals of the other candidates come from the observed information (the
numerical Hessian of the log-likelihood), mapped to the project's parameters by the delta
method on a log scale, so an interval never includes a negative scale.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from lines.distributions import (
    DistributionSpec,
    Empirical,
    Exponential,
    Gamma,
    Lognormal,
    Normal,
    Weibull,
)
from twin.fitting.samples import Sample

PARAMETRIC = ("exponential", "weibull", "lognormal", "gamma", "normal")
FAMILIES = (*PARAMETRIC, "empirical")
CONFIDENCE = 0.95
EMPIRICAL_MAX_SAMPLES = 1000
"""An empirical spec keeps at most this many values (evenly spaced quantiles of the data)."""

_Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
_SCIPY = {
    "exponential": stats.expon,
    "weibull": stats.weibull_min,
    "lognormal": stats.lognorm,
    "gamma": stats.gamma,
    "normal": stats.norm,
}


@dataclass(frozen=True)
class Estimate:
    """A fitted figure with its confidence interval (``CONFIDENCE``)."""

    value: float
    low: float
    high: float

    def covers(self, truth: float) -> bool:
        """Whether ``truth`` lies inside the interval."""
        return self.low <= truth <= self.high


@dataclass(frozen=True)
class CandidateFit:
    """One family fitted to one sample, in the sample's unit (seconds).

    ``theta`` are the free scipy parameters on the fitting scale (logs of shape and scale;
    the normal's location as is), ``parameters`` the project spec's parameters with intervals.
    """

    family: str
    theta: tuple[float, ...]
    log_likelihood: float
    parameters: dict[str, Estimate]
    mean: Estimate
    samples: tuple[float, ...] = field(default=(), repr=False)

    @property
    def k(self) -> int:
        """Free parameters."""
        return len(self.theta)

    @property
    def aic(self) -> float:
        """Akaike information criterion, 2k - 2 ln L (NaN for the empirical candidate)."""
        return 2 * self.k - 2 * self.log_likelihood

    def frozen(self) -> stats.rv_continuous | None:
        """The fitted scipy distribution (None for the empirical candidate)."""
        if self.family == "empirical":
            return None
        return _SCIPY[self.family](*_scipy_args(self.family, np.asarray(self.theta)))

    def survival(self, t: np.ndarray) -> np.ndarray:
        """P(duration > t) under the fit."""
        dist = self.frozen()
        if dist is None:
            data = np.sort(np.asarray(self.samples))
            return 1.0 - np.searchsorted(data, t, side="right") / len(data)
        return dist.sf(t)

    def to_spec(self, unit_s: float = 1.0) -> DistributionSpec:
        """The fit as the project's distribution spec in a field of unit ``unit_s`` seconds."""
        p = {name: estimate.value / unit_s for name, estimate in self.parameters.items()}
        if self.family == "exponential":
            return Exponential(mean=p["mean"])
        if self.family == "weibull":
            return Weibull(shape=self.parameters["shape"].value, scale=p["scale"])
        if self.family == "lognormal":
            return Lognormal(mean=p["mean"], sd=p["sd"])
        if self.family == "gamma":
            return Gamma(shape=self.parameters["shape"].value, scale=p["scale"])
        if self.family == "normal":
            return Normal(mean=p["mean"], sd=p["sd"])
        return Empirical(samples=[value / unit_s for value in self.samples])


def log_likelihood(family: str, theta: np.ndarray, sample: Sample) -> float:
    """Log-likelihood of a family: logpdf of the complete durations + logsf of the censored."""
    dist = _SCIPY[family]
    args = _scipy_args(family, theta)
    values, censored = sample.values, sample.censored
    with np.errstate(all="ignore"):  # an optimiser's trial step may overflow: ln L is then -inf
        total = (dist.logpdf(values[~censored], *args).sum()
                 + dist.logsf(values[censored], *args).sum())
    return float(total) if np.isfinite(total) else -math.inf


def fit_candidate(family: str, sample: Sample, start: np.ndarray | None = None) -> CandidateFit:
    """Fit ``family`` to ``sample`` by maximum likelihood with right-censoring."""
    sample = _usable(sample)
    if sample.events < 2:
        raise ValueError(f"at least 2 complete durations are needed, got {sample.events}")
    if family == "exponential":
        return _exponential(sample)
    if family == "empirical":
        return _empirical(sample)
    theta = maximise(family, sample, start)
    ll = log_likelihood(family, theta, sample)
    cov = _covariance(lambda t: log_likelihood(family, t, sample), theta)
    derived = _DERIVED[family]
    parameters = {name: _estimate(lambda t, g=g: g(t), theta, cov) for name, g in derived.items()}
    return CandidateFit(family, tuple(theta), ll, parameters,
                        _estimate(_MEAN[family], theta, cov))


def fit_candidates(sample: Sample, families: tuple[str, ...] = FAMILIES) -> dict[str, CandidateFit]:
    """Every family that can be fitted to ``sample`` (a failed fit is left out)."""
    fits = {}
    for family in families:
        try:
            fits[family] = fit_candidate(family, sample)
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):
            continue
    return fits


def maximise(
    family: str, sample: Sample, start: np.ndarray | None = None, tolerance: float = 1e-7
) -> np.ndarray:
    """The maximum-likelihood ``theta`` of ``family`` for ``sample``.

    scipy's fit to the complete durations is the start; BFGS on the censored likelihood
    then makes the censored rows count.
    """
    if not sample.censored.any() and family != "weibull":
        return _start(family, sample)  # scipy's MLE: closed form (lognormal, normal) or exact
    if start is None:
        start = _start(family, sample)
    scale = max(1.0, abs(log_likelihood(family, start, sample)))
    with np.errstate(all="ignore"):
        result = optimize.minimize(
            lambda t: -log_likelihood(family, t, sample) / scale, start, method="BFGS",
            options={"gtol": tolerance, "maxiter": 400},
        )
    result.fun *= scale
    return np.asarray(result.x if result.fun <= -log_likelihood(family, start, sample) else start)


def _usable(sample: Sample) -> Sample:
    """Drop zero-length censored durations: they carry no information."""
    keep = (sample.values > 0) | ~sample.censored
    return Sample(sample.values[keep], sample.censored[keep])


def _start(family: str, sample: Sample) -> np.ndarray:
    complete = sample.values[~sample.censored]
    if family == "normal":
        loc, scale = stats.norm.fit(complete)
        return np.array([loc, math.log(scale)])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # e.g. gamma on near-constant data
        shape, _, scale = _SCIPY[family].fit(np.maximum(complete, 1e-12), floc=0)
    return np.log([shape, scale])


def _scipy_args(family: str, theta: np.ndarray) -> tuple[float, ...]:
    if family == "normal":
        return (theta[0], math.exp(theta[1]))
    if family == "exponential":
        return (0.0, math.exp(theta[0]))
    return (math.exp(theta[0]), 0.0, math.exp(theta[1]))


def _lognormal_mean(t: np.ndarray) -> float:
    return math.exp(t[1] + math.exp(2 * t[0]) / 2)


def _lognormal_sd(t: np.ndarray) -> float:
    return _lognormal_mean(t) * math.sqrt(math.expm1(math.exp(2 * t[0])))


_DERIVED: dict[str, dict[str, Callable[[np.ndarray], float]]] = {
    "weibull": {"shape": lambda t: math.exp(t[0]), "scale": lambda t: math.exp(t[1])},
    "lognormal": {"mean": _lognormal_mean, "sd": _lognormal_sd},
    "gamma": {"shape": lambda t: math.exp(t[0]), "scale": lambda t: math.exp(t[1])},
    "normal": {"mean": lambda t: float(t[0]), "sd": lambda t: math.exp(t[1])},
}
_MEAN: dict[str, Callable[[np.ndarray], float]] = {
    "weibull": lambda t: math.exp(t[1]) * special.gamma(1 + math.exp(-t[0])),
    "lognormal": _lognormal_mean,
    "gamma": lambda t: math.exp(t[0] + t[1]),
    "normal": lambda t: float(t[0]),
}


def _covariance(ll: Callable[[np.ndarray], float], theta: np.ndarray) -> np.ndarray:
    """Inverse of the observed information (minus the Hessian of ln L), by central differences."""
    n = len(theta)
    h = 1e-4 * np.maximum(1.0, np.abs(theta))
    hessian = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            ei, ej = np.eye(n)[i] * h[i], np.eye(n)[j] * h[j]
            hessian[i, j] = (ll(theta + ei + ej) - ll(theta + ei - ej)
                             - ll(theta - ei + ej) + ll(theta - ei - ej)) / (4 * h[i] * h[j])
    return np.linalg.inv(-hessian)


def _estimate(g: Callable[[np.ndarray], float], theta: np.ndarray, cov: np.ndarray) -> Estimate:
    """g(theta) with a delta-method interval on the log scale (linear if g can be <= 0)."""
    value = g(theta)
    log_scale = value > 0
    f = (lambda t: math.log(g(t))) if log_scale else g
    h = 1e-6 * np.maximum(1.0, np.abs(theta))
    grad = np.array([(f(theta + e) - f(theta - e)) / (2 * e[i])
                     for i, e in enumerate(np.diag(h))])
    se = math.sqrt(max(float(grad @ cov @ grad), 0.0))
    if log_scale:
        return Estimate(value, value * math.exp(-_Z * se), value * math.exp(_Z * se))
    return Estimate(value, value - _Z * se, value + _Z * se)


def _exponential(sample: Sample) -> CandidateFit:
    """Closed form: mean = total observed time / complete durations; chi-square interval."""
    total, events = float(sample.values.sum()), sample.events
    mean = total / events
    alpha = 1 - CONFIDENCE
    estimate = Estimate(mean, 2 * total / stats.chi2.ppf(1 - alpha / 2, 2 * events + 2),
                        2 * total / stats.chi2.ppf(alpha / 2, 2 * events))
    ll = -events * math.log(mean) - total / mean
    return CandidateFit("exponential", (math.log(mean),), ll, {"mean": estimate}, estimate)


def _empirical(sample: Sample) -> CandidateFit:
    """The complete durations themselves, thinned to evenly spaced quantiles.

    Censored durations cannot be resampled, and there is no likelihood, so no AIC.
    """
    complete = np.sort(sample.values[~sample.censored])
    if len(complete) > EMPIRICAL_MAX_SAMPLES:
        complete = np.quantile(complete, np.linspace(0, 1, EMPIRICAL_MAX_SAMPLES))
    mean = float(complete.mean())
    half = _Z * float(complete.std(ddof=1)) / math.sqrt(len(complete))
    estimate = Estimate(mean, mean - half, mean + half)
    return CandidateFit("empirical", (), math.nan, {}, estimate,
                        tuple(float(v) for v in complete))
