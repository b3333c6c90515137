"""The shot stream's compiled hot paths: a block's row coefficients, a shot's scrap risk, a cause.

A casting plant-year scores ~400,000 shots and draws the cause of ~20,000 scrapped ones. In
numpy each of those is several small calls; inside a running simulation a numpy call finds its
code and data evicted from the caches and costs several us (a cause drawn in six calls took
~28 us there against ~6 us on its own; benchmarks/bench_defect_share.py), and a plain-Python
shot ~1 us. Compiled with numba (``cache=True``: compiled once per machine, loaded once per
process), the same arithmetic in the same order is one call with no array created per shot.

The quadratic logits are written out as in ``ml._glm.QuadraticLogit`` (``b + L z + z' A z``
on ``z = (x - center) * inv_scale``); tests/ml compare every kernel with the batch form.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ml._schema import FEATURE_INDEX, FEATURES

LIVE: tuple[str, ...] = ("die_temp_c", "die_temp_prev1_c", "die_temp_prev2_c", "cycle_time_s",
                         "shots_since_die_change")
"""The inputs the cell supplies per shot, in the order of the kernels' live arguments."""
_DIE, _LAG1, _LAG2, _CYCLE, _AGE = (FEATURE_INDEX[name] for name in LIVE)
_LIVE_IDX = np.array([FEATURE_INDEX[name] for name in LIVE])
_DRAWN_IDX = np.array([k for k in range(len(FEATURES)) if k not in set(_LIVE_IDX.tolist())])

__all__ = ["LIVE", "STATE_SIZE", "draw_defect_class", "fold_age", "next_shot_risk", "row_parts",
           "shot_risk"]

# The stream's state for ``next_shot_risk``, one float array: the next row, the two earlier die
# temperatures, the age offset the fold assumed, the block's rows, whether a shot was made,
# the last shot's row index and live inputs, then the ``terms`` of the kernels (25).
NEXT, PREV1, PREV2, AGE_OFFSET, N_ROWS, HAS_PREV = range(6)
LAST_ROW, LAST_DIE, LAST_LAG1, LAST_LAG2, LAST_CYCLE, LAST_AGE = range(6, 12)
TERMS = 12
STATE_SIZE = TERMS + 25


@njit(cache=True, nogil=True)
def row_parts(rows: np.ndarray, center: np.ndarray, inv_scale: np.ndarray, A: np.ndarray,
              L: np.ndarray, b: float, parts: np.ndarray) -> None:
    """Per row with the live inputs at their centre: ``c_i`` and the live gradient ``g_i``.

    With ``z = z_drawn + z_live`` (disjoint columns, ``A`` symmetric) ``logit = c + g . z_live
    + z_live' A_ll z_live``, ``c = b + L z_drawn + z_drawn' A z_drawn`` and ``g = L_l + 2 (A
    z_drawn)_l``. ``parts`` (n, 6) receives ``c`` and ``g`` of the die temperature, its two
    lags, the cycle and the die age.
    """
    drawn, live = _DRAWN_IDX, _LIVE_IDX
    z = np.empty(drawn.shape[0])
    for i in range(rows.shape[0]):
        for d in range(drawn.shape[0]):
            f = drawn[d]
            z[d] = (rows[i, f] - center[f]) * inv_scale[f]
        c = b
        for d in range(drawn.shape[0]):
            f = drawn[d]
            az = 0.0
            for e in range(drawn.shape[0]):
                az += A[f, drawn[e]] * z[e]
            c += z[d] * (L[f] + az)
        parts[i, 0] = c
        for m in range(live.shape[0]):
            g = 0.0
            for d in range(drawn.shape[0]):
                g += A[drawn[d], live[m]] * z[d]
            parts[i, 1 + m] = L[live[m]] + 2.0 * g


@njit(cache=True, nogil=True)
def fold_age(parts: np.ndarray, age0: float, terms: np.ndarray, rows: np.ndarray,
             folded: np.ndarray) -> None:
    """Fold the die age of row ``j``, ``age0 + j``, into ``c_j`` and the other gradients.

    ``c + g_a z_a + q_aa z_a^2`` becomes the row's constant and ``g_l + q_la z_a`` its gradient
    of the die temperature, its two lags and the cycle; ``folded`` (n, 6) holds them and, last,
    the row's drawn cycle (``rows``' column). ``terms`` is :func:`shot_risk`'s.
    """
    m_age, s_age = terms[4], terms[9]
    q_da, q_1a, q_2a, q_ca, q_aa = terms[14], terms[18], terms[21], terms[23], terms[24]
    for j in range(parts.shape[0]):
        za = (age0 + j - m_age) * s_age
        folded[j, 0] = parts[j, 0] + za * (parts[j, 5] + q_aa * za)
        folded[j, 1] = parts[j, 1] + q_da * za
        folded[j, 2] = parts[j, 2] + q_1a * za
        folded[j, 3] = parts[j, 3] + q_2a * za
        folded[j, 4] = parts[j, 4] + q_ca * za
        folded[j, 5] = rows[j, _CYCLE]


@njit(cache=True, nogil=True)
def _sigmoid(logit: float) -> float:
    return 0.0 if logit < -700.0 else 1.0 / (1.0 + math.exp(-logit))


@njit(cache=True, nogil=True)
def _folded_risk(c: float, g_die: float, g_lag1: float, g_lag2: float, g_cycle: float,
                 terms: np.ndarray, die_c: float, lag1_c: float, lag2_c: float,
                 cycle_s: float) -> float:
    """``sigmoid(c + g . l + l' Q l)`` over the four live inputs other than the die age.

    ``terms``: the live inputs' centres (5), inverse scales (5) and ``Q`` (upper triangle,
    off-diagonals doubled, 15) in ``LIVE`` order. Horner form over the standardised inputs.
    """
    zd = (die_c - terms[0]) * terms[5]
    z1 = (lag1_c - terms[1]) * terms[6]
    z2 = (lag2_c - terms[2]) * terms[7]
    zc = (cycle_s - terms[3]) * terms[8]
    logit = (c
             + zd * (g_die + terms[10] * zd + terms[11] * z1 + terms[12] * z2 + terms[13] * zc)
             + z1 * (g_lag1 + terms[15] * z1 + terms[16] * z2 + terms[17] * zc)
             + z2 * (g_lag2 + terms[19] * z2 + terms[20] * zc)
             + zc * (g_cycle + terms[22] * zc))
    return _sigmoid(logit)


@njit(cache=True, nogil=True)
def shot_risk(folded: np.ndarray, i: int, terms: np.ndarray, die_c: float, lag1_c: float,
              lag2_c: float, cycle_s: float) -> float:
    """Scrap probability of row ``i`` with the age folded in (:func:`fold_age`)."""
    return _folded_risk(folded[i, 0], folded[i, 1], folded[i, 2], folded[i, 3], folded[i, 4],
                        terms, die_c, lag1_c, lag2_c, cycle_s)


@njit(cache=True, nogil=True)
def next_shot_risk(state: np.ndarray, folded: np.ndarray, die_c: float, age: float,
                   cycle_s: float) -> float:
    """The next shot's scrap probability, advancing ``state``; ``-1`` if Python must act first.

    The whole hot path of ``ShotStream.next`` in one call: the next row of the block, the die
    temperature's two lags, the cycle (``nan``: the row's drawn cycle, ``folded[:, 5]``) and
    :func:`shot_risk` on the age-folded coefficients. It returns ``-1`` without changing
    ``state`` when the block is used up or the age is not the one the fold assumed (a new
    block, a die change): the stream then draws or folds and calls again.
    """
    i = int(state[NEXT])
    if i >= state[N_ROWS] or age - i != state[AGE_OFFSET]:
        return -1.0
    if state[HAS_PREV] == 0.0:  # the first shot: the die was this warm before it
        lag1_c = lag2_c = die_c
    else:
        lag1_c, lag2_c = state[PREV1], state[PREV2]
    if cycle_s != cycle_s:
        cycle_s = folded[i, 5]
    state[NEXT] = i + 1
    state[PREV1], state[PREV2], state[HAS_PREV] = die_c, lag1_c, 1.0
    state[LAST_ROW], state[LAST_DIE], state[LAST_LAG1] = i, die_c, lag1_c
    state[LAST_LAG2], state[LAST_CYCLE], state[LAST_AGE] = lag2_c, cycle_s, age
    return shot_risk(folded, i, state[TERMS:], die_c, lag1_c, lag2_c, cycle_s)


@njit(cache=True, nogil=True)
def draw_defect_class(W: np.ndarray, rows: np.ndarray, center: np.ndarray,
                      inv_scale: np.ndarray, state: np.ndarray, u: float,
                      cumulative: np.ndarray) -> int:
    """Index of the class drawn by ``u`` from ``p_k`` of the last shot in ``state``.

    ``z`` is the shot's row standardised with its live inputs in place; ``logit_k = [z, 1] W_k
    [z, 1]``, ``p_k = sigmoid(logit_k)``. ``cumulative`` (K) receives the cumulative ``p_k``;
    the class is the first ``k`` whose cumulative sum exceeds ``u * sum p`` (the choice of
    ``bisect_right``), ``0`` if every ``p_k`` is 0.
    """
    i = int(state[LAST_ROW])
    die_c, lag1_c, lag2_c = state[LAST_DIE], state[LAST_LAG1], state[LAST_LAG2]
    cycle_s, age = state[LAST_CYCLE], state[LAST_AGE]
    n = rows.shape[1]
    zb = np.empty(n + 1)
    for f in range(n):
        zb[f] = (rows[i, f] - center[f]) * inv_scale[f]
    zb[_DIE] = (die_c - center[_DIE]) * inv_scale[_DIE]
    zb[_LAG1] = (lag1_c - center[_LAG1]) * inv_scale[_LAG1]
    zb[_LAG2] = (lag2_c - center[_LAG2]) * inv_scale[_LAG2]
    zb[_CYCLE] = (cycle_s - center[_CYCLE]) * inv_scale[_CYCLE]
    zb[_AGE] = (age - center[_AGE]) * inv_scale[_AGE]
    zb[n] = 1.0
    n_k = W.shape[0]
    total = 0.0
    for k in range(n_k):
        logit = 0.0
        for a in range(n + 1):
            row_a = 0.0
            for c in range(n + 1):
                row_a += W[k, a, c] * zb[c]
            logit += zb[a] * row_a
        total += _sigmoid(logit)
        cumulative[k] = total
    if not total > 0.0:
        return 0
    threshold = u * total
    for k in range(n_k):
        if cumulative[k] > threshold:
            return k
    return n_k - 1
