"""The gamma spec added for fitted repair times: closed-form moments, YAML round trip, checks."""

import math

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from lines.distributions import Distribution, Gamma
from twin.runtime.samplers import make_sampler

ADAPTER = TypeAdapter(Distribution)


def test_gamma_draws_have_the_closed_form_mean_and_sd():
    spec = ADAPTER.validate_python({"dist": "gamma", "shape": 2.5, "scale": 4.0})
    assert isinstance(spec, Gamma)
    draw = make_sampler(spec, np.random.default_rng(3))
    sample = np.array([draw() for _ in range(100_000)])
    mean, sd = 2.5 * 4.0, math.sqrt(2.5) * 4.0
    assert spec.mean == pytest.approx(mean)
    assert abs(sample.mean() - mean) < 5 * sd / math.sqrt(len(sample))
    assert sample.std() == pytest.approx(sd, rel=0.02)


def test_gamma_reads_back_from_its_dump_and_refuses_a_zero_shape():
    spec = Gamma(shape=1.5, scale=2.0)
    assert ADAPTER.validate_python(spec.model_dump()) == spec
    with pytest.raises(ValidationError, match="shape"):
        ADAPTER.validate_python({"dist": "gamma", "shape": 0, "scale": 2.0})
