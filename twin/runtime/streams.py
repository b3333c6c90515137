"""Random streams: one independent generator per named element of the line.

Keys are hashed into ``SeedSequence(seed, spawn_key=(replication, crc32(name)...))``, so two
scenarios that share element names see the same draws (common random numbers).
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    """Independent random streams, one per named element of the line."""

    def __init__(self, seed: int, replication: int) -> None:
        self.seed = seed
        self.replication = replication

    def generator(self, *key: str | int) -> np.random.Generator:
        """The generator of the element named by ``key`` (e.g. station, machine, purpose)."""
        words = tuple(zlib.crc32(str(part).encode()) for part in key)
        sequence = np.random.SeedSequence(self.seed, spawn_key=(self.replication, *words))
        return np.random.Generator(np.random.PCG64(sequence))
