import math

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from lines.distributions import Distribution, Fixed
from twin.runtime.samplers import make_sampler

ADAPTER = TypeAdapter(Distribution)
N = 200_000

SPECS = [
    ({"dist": "exponential", "mean": 3.0}, 3.0, 3.0),
    ({"dist": "normal", "mean": 10.0, "sd": 2.0}, 10.0, 2.0),
    ({"dist": "lognormal", "mean": 10.0, "sd": 4.0}, 10.0, 4.0),
    ({"dist": "triangular", "low": 1.0, "mode": 2.0, "high": 6.0}, 3.0, math.sqrt(21 / 18)),
    ({"dist": "uniform", "low": 2.0, "high": 4.0}, 3.0, 2 / math.sqrt(12)),
    (
        {"dist": "weibull", "shape": 2.0, "scale": 5.0},
        5 * math.gamma(1.5),
        5 * math.sqrt(math.gamma(2) - math.gamma(1.5) ** 2),
    ),
    ({"dist": "empirical", "samples": [1.0, 2.0, 6.0]}, 3.0, math.sqrt(14 / 3)),
]


@pytest.mark.parametrize(("raw", "mean", "sd"), SPECS)
def test_sample_mean_and_sd_match_the_analytic_moments(raw, mean, sd):
    spec = ADAPTER.validate_python(raw)
    draw = make_sampler(spec, np.random.default_rng(7))
    sample = np.array([draw() for _ in range(N)])
    assert spec.mean == pytest.approx(mean, rel=1e-6)
    # 5 standard errors: a wrong distribution fails, sampling noise does not
    assert abs(sample.mean() - mean) < 5 * sd / math.sqrt(N)
    assert sample.std() == pytest.approx(sd, rel=0.02)
    assert sample.min() >= 0


def test_normal_is_truncated_at_zero_and_reports_the_truncated_mean():
    spec = ADAPTER.validate_python({"dist": "normal", "mean": 1.0, "sd": 2.0})
    draw = make_sampler(spec, np.random.default_rng(1))
    sample = np.array([draw() for _ in range(N)])
    assert sample.min() >= 0
    assert abs(sample.mean() - spec.mean) < 5 * sample.std() / math.sqrt(N)
    assert spec.mean > 1.0


def test_a_bare_number_means_a_fixed_value():
    spec = ADAPTER.validate_python(42)
    assert isinstance(spec, Fixed)
    draw = make_sampler(spec, np.random.default_rng(0), scale=60.0)
    assert [draw(), draw()] == [2520.0, 2520.0]


def test_scale_converts_units():
    spec = ADAPTER.validate_python({"dist": "exponential", "mean": 2.0})
    hours = make_sampler(spec, np.random.default_rng(3), scale=3600.0)
    plain = make_sampler(spec, np.random.default_rng(3))
    assert [hours() for _ in range(5)] == pytest.approx([3600 * plain() for _ in range(5)])


def test_same_seed_gives_the_same_draws():
    spec = ADAPTER.validate_python({"dist": "lognormal", "mean": 5.0, "sd": 1.0})
    a = make_sampler(spec, np.random.default_rng(11))
    b = make_sampler(spec, np.random.default_rng(11))
    assert [a() for _ in range(5000)] == [b() for _ in range(5000)]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"dist": "exponential", "mean": -1}, "mean"),
        ({"dist": "exponential", "mean": 0}, "mean"),
        ({"dist": "normal", "mean": 5, "sd": -1}, "sd"),
        ({"dist": "weibull", "shape": 0, "scale": 1}, "shape"),
        ({"dist": "triangular", "low": 3, "mode": 1, "high": 4}, "low <= mode <= high"),
        ({"dist": "uniform", "low": 4, "high": 4}, "low < high"),
        ({"dist": "empirical", "samples": []}, "samples"),
        ({"dist": "gamma", "mean": 3}, "gamma"),
        (-5, "value"),
    ],
)
def test_invalid_parameters_are_rejected_naming_the_problem(raw, field):
    with pytest.raises(ValidationError) as error:
        ADAPTER.validate_python(raw)
    assert field in str(error.value)
