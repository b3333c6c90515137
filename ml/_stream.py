"""Fused per-shot path for the casting cell: draw the shot and score its scrap risk in ~1 us.

``ShotSampler.draw`` + ``InLoopScorer.p_scrap`` cost ~8 us a shot, dominated by numpy call
overhead on 14-element arrays; a plant-year at ~15 us/shot of SimPy needs ~1.5 us. So the
stream pre-draws a block of shots and, once per block, splits a single quadratic form for
overall scrap into what depends on the drawn variables and what on the live inputs (die
temperature and its two lags, cycle time, die age): ``logit = c_i + g_i . l + l' Q l``.

**One pass a block.** The die age grows by one a shot between die changes, so at the block's
first shot the stream knows the age of every later row (``age_0 + j``) and folds its terms
into the row coefficients too: per row ``c_i`` and the gradient of the die temperature, its
two lags and the cycle. A shot is then one compiled call over that row (``ml._compiled``),
creating no array; a die change mid-block folds the rest of the block again. (Scoring runs
between stops ahead in numpy passes was measured slower: a plant-year's cells stop every ~50
shots, and a pass cost more than it saved.)

The scrap-level form is fitted to ``1 - prod(1 - p_k)`` of the per-class form (another
distillation step; its error is measured in tests/ml and benchmarks/bench_ml.py). The exact
per-class probabilities of the last shot remain available through ``p_by_class()``;
``draw_class(u)`` draws the defect cause of a scrapped shot from them in one compiled call
(the same choice as a bisect over ``p_by_class()``; tests/ml). Every shot gets the scrap
form's probability of its row (equal to ~1e-15; tests/ml).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate
from typing import Any

import numpy as np

from ml import _compiled as kernels
from ml._compiled import (
    _LIVE_IDX,
    LIVE,
    draw_defect_class,
    fold_age,
    next_shot_risk,
    row_parts,
)
from ml._generator import generate_shots
from ml._glm import QuadraticLogit, fit_scrap_form
from ml._in_loop import ConstantRateModel, InLoopScorer
from ml._sampler import _SAMPLED_IDX, draw_process_block, initial_drift
from ml._schema import FEATURE_INDEX, FEATURES
from ml._window import ProcessWindow

_CYCLE = FEATURE_INDEX["cycle_time_s"]
_FIT_SHOTS, _FIT_SEED = 60_000, 7
# Folds of the die age a block allows before its shots take the age as a live input: the
# cell's die ages by one a shot and a die change is rare, so a fold serves thousands of
# shots; a caller giving ages out of step would otherwise refold every shot.
_MAX_FOLDS = 4


class _ScrapFormCache:
    """Scrap forms per per-class form, fitted once on generated shots (warm-ups included)."""

    def __init__(self) -> None:
        self._forms: dict[int, tuple[QuadraticLogit, QuadraticLogit]] = {}

    def get(self, form: QuadraticLogit, window: ProcessWindow) -> QuadraticLogit:
        hit = self._forms.get(id(form))
        if hit is None or hit[0] is not form:
            X = generate_shots(_FIT_SHOTS, seed=_FIT_SEED, window=window)[list(FEATURES)]
            hit = (form, fit_scrap_form(form, X.to_numpy(float)))
            self._forms[id(form)] = hit
        return hit[1]


_CACHE = _ScrapFormCache()


def scrap_form_for(scorer: InLoopScorer, window: ProcessWindow | None = None) -> QuadraticLogit:
    """The overall-scrap form of a scorer: its own if it carries one, else fitted and cached."""
    own = getattr(scorer, "scrap_form", None)
    return own if own is not None else _CACHE.get(scorer.form, window or ProcessWindow())


class ShotStream:
    """Draw each shot and return its scrap probability in one fast call (the cell's hot path).

    Same window, scorer and seed give the same sequence. ``last_row()`` rebuilds the last
    shot's feature row (``FEATURES`` order) and ``p_by_class()`` scores it exactly per class.

    Examples:
        >>> stream = ShotStream(ConstantRateModel(0.05), rng=0)
        >>> stream.next(200.0, 10, 110.0)
        0.05
    """

    def __init__(self, scorer: InLoopScorer | ConstantRateModel,
                 window: ProcessWindow | None = None,
                 rng: np.random.Generator | int | None = None, block_size: int = 4096) -> None:
        """Set up the stream.

        Args:
            scorer: the in-loop scorer (or a constant rate).
            window: set-points and variability of the drawn process variables.
            rng: generator or seed of the drawn variables.
            block_size: shots drawn per numpy block.
        """
        self.window, self.scorer = window or ProcessWindow(), scorer
        self._rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self._block_size, self._drift = block_size, initial_drift(self.window, self._rng)
        self._rows, self._next, self._n_rows = np.empty((0, len(FEATURES))), 0, 0
        self._prev1: float | None = None  # the constant rate's lags (the model's: in _state)
        self._prev2 = 0.0  # read only once a shot has set _prev1
        self._constant_live: tuple[Any, ...] = ()
        self._constant = scorer.p if isinstance(scorer, ConstantRateModel) else None
        rows = 0 if self._constant is not None else block_size  # a constant rate scores none
        self._parts = np.empty((rows, 6))  # per row: c_i and g_i (``row_parts``)
        self._folded = np.empty((rows, 6))  # the same with the age folded in, and the cycle
        self._parts_ready = False  # ``_parts`` holds this block's rows
        self._folds = 0  # folds of this block so far
        # next row, lags, age offset, ... (``ml._compiled``): shared with the compiled path
        self._state = np.zeros(kernels.STATE_SIZE)
        self._state[kernels.AGE_OFFSET] = math.nan

    @cached_property
    def _form(self) -> QuadraticLogit:
        scorer = self.scorer
        assert isinstance(scorer, InLoopScorer), "a constant-rate stream has no form"
        return scrap_form_for(scorer, self.window)

    @cached_property
    def _terms(self) -> np.ndarray:
        """The kernels' ``terms``: the live inputs' centres, inverse scales and ``Q``.

        ``Q`` as its upper triangle with the off-diagonals doubled: 5 + 5 + 15 values in
        ``LIVE`` order.
        """
        form = self._form
        quad = form.quadratic[0][np.ix_(_LIVE_IDX, _LIVE_IDX)]
        upper = (np.triu(2 * quad, 1) + np.diag(np.diag(quad)))[np.triu_indices(len(LIVE))]
        return np.concatenate([form.center[_LIVE_IDX], form.inv_scale[_LIVE_IDX], upper])

    @property
    def _live(self) -> tuple[Any, ...]:
        """The last shot: its row in the block, die temperature, its two lags, cycle, age."""
        if self._constant is not None:
            return self._constant_live
        state = self._state
        if not state[kernels.HAS_PREV]:
            return ()
        i, *live = state[kernels.LAST_ROW:kernels.LAST_AGE + 1].tolist()
        return (int(i), *live)

    def _refill(self) -> None:
        values, self._drift = draw_process_block(self.window, self._rng, self._block_size,
                                                 self._drift)
        rows = np.zeros((self._block_size, len(FEATURES)))
        rows[:, _SAMPLED_IDX] = values
        self._rows, self._next, self._n_rows = rows, 0, self._block_size
        self._parts_ready, self._folds = False, 0  # computed when the block's first shot asks
        state = self._state
        state[kernels.NEXT], state[kernels.N_ROWS] = 0, self._block_size
        state[kernels.AGE_OFFSET] = math.nan

    def next(self, die_temp_c: float, shots_since_die_change: int,
             cycle_time_s: float | None = None) -> float:
        """Draw the next shot given the die's live state and return its scrap probability.

        Args:
            die_temp_c: die surface temperature before this shot [degC], from the twin.
            shots_since_die_change: die age [shots], from the twin.
            cycle_time_s: the shot's machine cycle [s]; ``None`` keeps the drawn value. Pass
                the cycle, not an idle gap: a stop acts through the die temperature.
        """
        if self._constant is not None:
            return self._constant_next(die_temp_c, shots_since_die_change, cycle_time_s)
        p = next_shot_risk(self._state, self._folded, die_temp_c, shots_since_die_change,
                           math.nan if cycle_time_s is None else cycle_time_s)
        if p >= 0.0:
            return p
        return self._next_after_stop(die_temp_c, shots_since_die_change, cycle_time_s)

    def _constant_next(self, die_temp_c: float, age: int, cycle_time_s: float | None) -> float:
        """A constant rate: draw the row (for ``last_row``) and return the rate."""
        i = self._next
        if i >= self._n_rows:
            self._refill()
            i = 0
        prev1 = self._prev1
        if prev1 is None:  # the first shot: the die was this warm before it
            prev1 = prev2 = die_temp_c
        else:
            prev2 = self._prev2
        self._next = i + 1
        self._prev1, self._prev2 = die_temp_c, prev1
        if cycle_time_s is None:
            cycle_time_s = float(self._rows[i, _CYCLE])
        self._constant_live = (i, die_temp_c, prev1, prev2, cycle_time_s, age)
        assert self._constant is not None
        return self._constant

    def _next_after_stop(self, die_temp_c: float, age: int, cycle_time_s: float | None) -> float:
        """What the compiled path leaves to Python: a new block, a fold, or ages out of step.

        A new block is drawn when the last is used up, its row coefficients made once, and
        the age folded in; past ``_MAX_FOLDS`` folds a block's shot folds its own row alone at
        its age (the same sums), so the compiled path scores and advances every shot.
        """
        state = self._state
        if state[kernels.NEXT] >= state[kernels.N_ROWS]:
            self._refill()
        i = int(state[kernels.NEXT])
        if not self._parts_ready:
            form = self._form
            row_parts(self._rows, form.center, form.inv_scale, form.quadratic[0], form.linear[0],
                      float(form.intercept[0]), self._parts)
            state[kernels.TERMS:] = self._terms
            self._parts_ready = True
        state[kernels.AGE_OFFSET] = age - i
        alone = self._folds >= _MAX_FOLDS
        if not alone:
            self._folds += 1
            fold_age(self._parts, float(age - i), self._terms, self._rows, self._folded)
        else:  # only row i holds this age's fold: the next shot comes back here too
            row = slice(i, i + 1)
            fold_age(self._parts[row], float(age), self._terms, self._rows[row],
                     self._folded[row])
        p = next_shot_risk(state, self._folded, die_temp_c, age,
                           math.nan if cycle_time_s is None else cycle_time_s)
        if alone:
            state[kernels.AGE_OFFSET] = math.nan
        return p

    def last_row(self) -> np.ndarray:
        """Feature row of the last shot drawn by ``next``."""
        i, *live = self._live
        row = self._rows[i].copy()
        row[_LIVE_IDX] = live
        return row

    def p_by_class(self) -> np.ndarray:
        """Exact per-class probabilities of the last shot (~6 us: call it only when needed)."""
        return self.scorer.p_by_class(self.last_row())

    def draw_class(self, u: float) -> int:
        """Index (in ``scorer.classes``) of the last shot's defect class, drawn by ``u``.

        The class is drawn with probability ``p_k / sum p`` of the exact per-class
        probabilities of the last shot's row, by inverse CDF: the first ``k`` whose cumulative
        sum exceeds ``u * sum p`` (the choice ``bisect`` over ``p_by_class()`` makes). For an
        ``InLoopScorer`` the probabilities are evaluated from the row in one compiled call
        (``ml._class_draw``); a constant rate's sums are fixed. ``0`` if every ``p_k`` is 0.

        Args:
            u: a uniform draw on [0, 1).
        """
        if self._constant is None and type(self.scorer) is InLoopScorer:
            return self._draw_exact(u)
        cumulative = self._class_cumulative()
        total = cumulative[-1]
        if not total > 0.0:
            return 0
        return min(bisect_right(cumulative, u * total), len(cumulative) - 1)

    def _draw_exact(self, u: float) -> int:
        """``draw_class`` of an ``InLoopScorer``: the compiled per-class form of the last row."""
        W, center, inv, cumulative = self._class_terms
        return draw_defect_class(W, self._rows, center, inv, self._state, float(u), cumulative)

    def _class_cumulative(self) -> list[float]:
        """Cumulative per-class probabilities of the last shot, in class order."""
        if self._constant is not None:
            return self._constant_cumulative
        if type(self.scorer) is not InLoopScorer:  # a subclass may define p_k otherwise
            return list(accumulate(np.asarray(self.p_by_class(), dtype=float).ravel().tolist()))
        self._draw_exact(0.0)
        return self._class_terms[3].tolist()

    @cached_property
    def _constant_cumulative(self) -> list[float]:
        scorer = self.scorer
        assert isinstance(scorer, ConstantRateModel)
        return list(accumulate(scorer.p_by_class(np.zeros(len(FEATURES))).tolist()))

    @cached_property
    def _class_terms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The per-class form ``W`` (K, F + 1, F + 1), centres, scales and a work array (K).

        ``logit_k = b_k + L_k z + z' A_k z = [z, 1] W_k [z, 1]``: ``W_k`` holds ``A_k``, then
        ``L_k`` in the last column and ``b_k`` in the corner.
        """
        form = self.scorer.form  # type: ignore[union-attr]
        n_k, n_f = form.intercept.shape[0], form.center.shape[0]
        W = np.zeros((n_k, n_f + 1, n_f + 1))
        W[:, :n_f, :n_f] = form.quadratic
        W[:, :n_f, n_f] = form.linear
        W[:, n_f, n_f] = form.intercept
        return (W, np.ascontiguousarray(form.center, dtype=float),
                np.ascontiguousarray(form.inv_scale, dtype=float), np.empty(n_k))
