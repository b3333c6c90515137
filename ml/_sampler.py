"""Per-shot process parameters: set-point + slow drift + white noise, drawn in numpy blocks.

The drift of each variable is an AR(1) process with time constant ``drift_shots`` (furnace and
hydraulics wander slowly; sources §3.2 quotes 15-40 degC shot-to-shot drift at the sleeve,
D, so we keep a smaller, assumed drift, X). The die temperature and die age are not drawn here:
the twin supplies them from the die's live thermal state.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from ml._schema import FEATURE_INDEX, FEATURES, SPEC_BY_NAME
from ml._window import SAMPLED, ProcessWindow

_SAMPLED_IDX = np.array([FEATURE_INDEX[name] for name in SAMPLED])
_DIE, _PREV1, _PREV2 = (FEATURE_INDEX[n] for n in
                        ("die_temp_c", "die_temp_prev1_c", "die_temp_prev2_c"))
_CYCLE, _AGE = FEATURE_INDEX["cycle_time_s"], FEATURE_INDEX["shots_since_die_change"]


def initial_drift(window: ProcessWindow, rng: np.random.Generator) -> np.ndarray:
    """Draw the drift state from its stationary distribution."""
    sd = np.array([window.parameter(name).drift_sd for name in SAMPLED])
    return sd * rng.standard_normal(len(SAMPLED))


def draw_process_block(window: ProcessWindow, rng: np.random.Generator, n: int,
                       drift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` shots of the sampled variables (columns in ``SAMPLED`` order).

    Returns:
        The (n, len(SAMPLED)) values, clipped to their plausible ranges, and the drift state
        after the last shot (pass it to the next block for a seamless continuation).
    """
    params = [window.parameter(name) for name in SAMPLED]
    noise = rng.standard_normal((n, len(SAMPLED))) * [p.noise_sd for p in params]
    innov = rng.standard_normal((n, len(SAMPLED)))
    drifts = np.empty_like(innov)
    for col, p in enumerate(params):
        rho = np.exp(-1.0 / p.drift_shots)
        step = innov[:, col] * p.drift_sd * np.sqrt(1.0 - rho**2)
        drifts[:, col], _ = lfilter([1.0], [1.0, -rho], step, zi=[rho * drift[col]])
    values = np.array([p.setpoint for p in params]) + drifts + noise
    low = [SPEC_BY_NAME[name].low for name in SAMPLED]
    high = [SPEC_BY_NAME[name].high for name in SAMPLED]
    return np.clip(values, low, high), drifts[-1].copy()


class ShotSampler:
    """Draw one shot's feature row at a time, fast, from pre-drawn numpy blocks.

    Same window and seed give the same sequence. The row is in ``FEATURES`` order and may be
    kept by the caller (a fresh block is allocated on each refill, rows are never reused).

    Examples:
        >>> s = ShotSampler(ProcessWindow(), np.random.default_rng(1))
        >>> x = s.draw(die_temp_c=195.0, shots_since_die_change=12, cycle_time_s=112.0)
        >>> x.shape == (len(FEATURES),)
        True
    """

    def __init__(self, window: ProcessWindow | None = None,
                 rng: np.random.Generator | int | None = None, block_size: int = 4096) -> None:
        self.window = window or ProcessWindow()
        self._rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self._block_size = block_size
        self._drift = initial_drift(self.window, self._rng)
        self._rows = np.empty((0, len(FEATURES)))
        self._next = 0
        self._prev1: float | None = None
        self._prev2: float | None = None

    def _refill(self) -> None:
        values, self._drift = draw_process_block(self.window, self._rng, self._block_size,
                                                 self._drift)
        self._rows = np.zeros((self._block_size, len(FEATURES)))
        self._rows[:, _SAMPLED_IDX] = values
        self._next = 0

    def draw(self, die_temp_c: float, shots_since_die_change: int,
             cycle_time_s: float | None = None) -> np.ndarray:
        """Return the next shot's feature row given the die's live state.

        Args:
            die_temp_c: die surface temperature before this shot [degC], from the twin.
            shots_since_die_change: die age [shots], from the twin.
            cycle_time_s: time since the previous shot [s]; ``None`` keeps the drawn value.
        """
        if self._next >= self._rows.shape[0]:
            self._refill()
        row = self._rows[self._next]
        self._next += 1
        row[_DIE] = die_temp_c
        row[_PREV1] = die_temp_c if self._prev1 is None else self._prev1
        row[_PREV2] = row[_PREV1] if self._prev2 is None else self._prev2
        self._prev2, self._prev1 = self._prev1, die_temp_c
        row[_AGE] = shots_since_die_change
        if cycle_time_s is not None:
            row[_CYCLE] = cycle_time_s
        return row
