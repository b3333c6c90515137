"""Random-variate specifications: validated pydantic models of the distributions a line uses.

A scenario names each random quantity by a spec such as ``{dist: exponential, mean: 60}``; a bare
number means a fixed value. Values are in the unit of the field that holds the spec
(``cycle_time_s`` -> seconds). Each spec knows its mean and draws vectors of variates with a
NumPy generator; the engine turns specs into fast one-at-a-time samplers
(``twin.runtime.samplers``).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat, model_validator
from pydantic.functional_validators import BeforeValidator
from scipy import special, stats


class DistributionSpec(BaseModel):
    """Base of every distribution spec: a ``mean`` and vector draws from a NumPy generator."""

    # "mean" is both a field name users write and a property every spec has, so fields that
    # hold a mean are stored under another name and read/written under the alias "mean".
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True,
        allow_inf_nan=False,  # every parameter finite: infinity has no meaning in a spec
    )

    @model_validator(mode="after")
    def _finite_mean(self) -> DistributionSpec:
        # finite parameters can still overflow (a Gamma of shape 1e200 and scale 1e200)
        if not math.isfinite(self.mean):
            raise ValueError(f"the mean of this distribution is not a finite number ({self.mean})")
        return self

    @property
    def mean(self) -> float:
        """Expected value of the variate."""
        raise NotImplementedError

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` variates with ``rng``."""
        raise NotImplementedError


class Fixed(DistributionSpec):
    """A constant: every draw returns ``value``."""

    dist: Literal["fixed"] = "fixed"
    value: NonNegativeFloat = Field(description="The constant value, in the unit of the field.")

    @property
    def mean(self) -> float:  # noqa: D102
        return self.value

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return np.full(size, self.value)


class Exponential(DistributionSpec):
    """Exponential (memoryless) with the given mean; the usual model for random failures."""

    dist: Literal["exponential"] = "exponential"
    mean_: PositiveFloat = Field(alias="mean", description="Mean, in the unit of the field.")

    @property
    def mean(self) -> float:  # noqa: D102
        return self.mean_

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return rng.exponential(self.mean_, size)


class Normal(DistributionSpec):
    """Normal with ``mean`` and ``sd``, truncated at zero (negative draws are redrawn)."""

    dist: Literal["normal"] = "normal"
    mu: PositiveFloat = Field(alias="mean", description="Mean before truncation, field unit.")
    sd: NonNegativeFloat = Field(description="Standard deviation before truncation, field unit.")

    @property
    def mean(self) -> float:  # noqa: D102
        if self.sd == 0:
            return self.mu
        return float(stats.truncnorm(-self.mu / self.sd, np.inf, self.mu, self.sd).mean())

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        values = rng.normal(self.mu, self.sd, size)
        negative = values < 0
        while negative.any():
            values[negative] = rng.normal(self.mu, self.sd, int(negative.sum()))
            negative = values < 0
        return values


class Lognormal(DistributionSpec):
    """Lognormal given by the mean and sd of the variate itself (not of its logarithm)."""

    dist: Literal["lognormal"] = "lognormal"
    mu: PositiveFloat = Field(alias="mean", description="Mean of the variate, field unit.")
    sd: PositiveFloat = Field(description="Standard deviation of the variate, field unit.")

    @property
    def mean(self) -> float:  # noqa: D102
        return self.mu

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        sigma2 = math.log1p((self.sd / self.mu) ** 2)
        return rng.lognormal(math.log(self.mu) - sigma2 / 2, math.sqrt(sigma2), size)


class Triangular(DistributionSpec):
    """Triangular on [low, high] with the given mode; the usual expert-estimate shape."""

    dist: Literal["triangular"] = "triangular"
    low: NonNegativeFloat = Field(description="Minimum, field unit.")
    mode: NonNegativeFloat = Field(description="Most likely value, field unit.")
    high: PositiveFloat = Field(description="Maximum, field unit.")

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise ValueError(
                f"triangular needs low <= mode <= high and low < high, "
                f"got low={self.low}, mode={self.mode}, high={self.high}"
            )
        return self

    @property
    def mean(self) -> float:  # noqa: D102
        return (self.low + self.mode + self.high) / 3

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return rng.triangular(self.low, self.mode, self.high, size)


class Uniform(DistributionSpec):
    """Uniform on [low, high]."""

    dist: Literal["uniform"] = "uniform"
    low: NonNegativeFloat = Field(description="Minimum, field unit.")
    high: PositiveFloat = Field(description="Maximum, field unit.")

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low >= self.high:
            raise ValueError(f"uniform needs low < high, got low={self.low}, high={self.high}")
        return self

    @property
    def mean(self) -> float:  # noqa: D102
        return (self.low + self.high) / 2

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return rng.uniform(self.low, self.high, size)


class Weibull(DistributionSpec):
    """Weibull with ``shape`` k and ``scale`` lambda; k > 1 models wear-out failures."""

    dist: Literal["weibull"] = "weibull"
    shape: PositiveFloat = Field(description="Shape parameter k (dimensionless, > 0).")
    scale: PositiveFloat = Field(description="Scale parameter lambda, field unit.")

    @property
    def mean(self) -> float:  # noqa: D102
        return self.scale * float(special.gamma(1 + 1 / self.shape))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return self.scale * rng.weibull(self.shape, size)


class Gamma(DistributionSpec):
    """Gamma with ``shape`` k and ``scale`` theta (mean k x theta); often fits repair times."""

    dist: Literal["gamma"] = "gamma"
    shape: PositiveFloat = Field(description="Shape parameter k (dimensionless, > 0).")
    scale: PositiveFloat = Field(description="Scale parameter theta, field unit.")

    @property
    def mean(self) -> float:  # noqa: D102
        return self.shape * self.scale

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return rng.gamma(self.shape, self.scale, size)


class Empirical(DistributionSpec):
    """Resampling (with replacement) of measured values, e.g. logged cycle times."""

    dist: Literal["empirical"] = "empirical"
    samples: list[NonNegativeFloat] = Field(
        min_length=1, description="Observed values, field unit."
    )

    @property
    def mean(self) -> float:  # noqa: D102
        return float(np.mean(self.samples))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:  # noqa: D102
        return rng.choice(np.asarray(self.samples, dtype=float), size)


def _number_means_fixed(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return {"dist": "fixed", "value": value}
    return value


Distribution = Annotated[
    Fixed | Exponential | Normal | Lognormal | Triangular | Uniform | Weibull | Gamma | Empirical,
    Field(discriminator="dist"),
    BeforeValidator(_number_means_fixed),
]
"""Any supported distribution; a bare number is shorthand for ``{dist: fixed, value: ...}``."""
