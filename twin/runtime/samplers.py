"""Fast samplers: a distribution spec turned into a zero-argument callable for the hot loop.

Samplers draw blocks of variates with NumPy and hand them out one at a time, because one NumPy
call per draw would cost more than the SimPy event it feeds. Each sampler owns its generator, so
the draws of one element of the line never shift those of another (common random numbers).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import partial

import numpy as np

from lines.distributions import DistributionSpec, Fixed

Sampler = Callable[[], float]

_FIRST_BLOCK = 64
_MAX_BLOCK = 4096


def _blocks(
    spec: DistributionSpec, rng: np.random.Generator, scale: float
) -> Iterator[list[float]]:
    size = _FIRST_BLOCK
    while True:
        yield (spec.draw(rng, size) * scale).tolist()
        size = min(size * 2, _MAX_BLOCK)


def make_sampler(spec: DistributionSpec, rng: np.random.Generator, scale: float = 1.0) -> Sampler:
    """Return a zero-argument callable drawing from ``spec``, each value multiplied by ``scale``.

    ``scale`` converts the field's unit to seconds (3600 for a field in hours).
    """
    if isinstance(spec, Fixed):
        return partial(next, itertools.repeat(spec.value * scale))
    stream = itertools.chain.from_iterable(_blocks(spec, rng, scale))
    return partial(next, stream)
