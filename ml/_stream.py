"""Fused per-shot path for the casting cell: draw the shot and score its scrap risk in ~1-2 us.

``ShotSampler.draw`` + ``InLoopScorer.p_scrap`` cost ~8 us a shot, dominated by numpy call
overhead on 14-element arrays; a plant-year at ~15 us/shot of SimPy needs ~1.5 us. So the
stream pre-draws a block of shots and, vectorised over the block, splits a single quadratic
form for overall scrap into what depends on the drawn variables and what on the five live
inputs (die temperature and its two lags, cycle time, die age):
``logit = c_i + g_i . l + l' Q l``. Per shot only the live part is evaluated, in plain floats.

The scrap-level form is fitted to ``1 - prod(1 - p_k)`` of the per-class form (another
distillation step; its error is measured in tests/ml and benchmarks/bench_ml.py). The exact
per-class probabilities of the last shot remain available through ``p_by_class()``;
``draw_class(u)`` draws the defect cause of a scrapped shot from them without rebuilding the
row (the same choice as a bisect over ``p_by_class()``; tests/ml).

**Runs between stops.** Given the cell's ``heating`` law (the next pre-shot die temperature
when the cell runs on without a stop), the stream predicts the live inputs of the next shots
(die temperature and its lags, die age + 1 a shot) and evaluates, in one numpy pass over that
run, everything but the cycle-time terms: ``logit = a_j + z_c (b_j + q z_c)``. A shot whose
die temperature and age equal the prediction exactly costs a few float operations; any other
shot (after a stop or a die change) takes the general path and starts a new run. When runs
keep breaking after a few shots (a cell idling between released orders), the stream scores
shot by shot until shots follow the heating law again; a block whose shots mostly come on
their own turns its row coefficients (``c_i``, ``g_i``, the drawn cycle) into one flat list in
one numpy pass, so such a shot is a closure over plain floats (``_live_scorer``). All paths
give the scrap form's probability of the shot's row (equal to ~1e-15; tests/ml).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from functools import cached_property
from itertools import accumulate
from typing import Any

import numpy as np

from ml._generator import generate_shots
from ml._glm import QuadraticLogit, fit_scrap_form
from ml._in_loop import ConstantRateModel, InLoopScorer
from ml._sampler import _SAMPLED_IDX, draw_process_block, initial_drift
from ml._schema import FEATURE_INDEX, FEATURES
from ml._window import ProcessWindow

LIVE: tuple[str, ...] = ("die_temp_c", "die_temp_prev1_c", "die_temp_prev2_c", "cycle_time_s",
                         "shots_since_die_change")
_LIVE_IDX = np.array([FEATURE_INDEX[name] for name in LIVE])
_CYCLE = FEATURE_INDEX["cycle_time_s"]
_FIT_SHOTS, _FIT_SEED = 60_000, 7
_RUN_MIN, _RUN_MAX = 16, 1024  # shots scored ahead in one numpy pass
_RUN_IDX = _LIVE_IDX[[0, 1, 2, 4]]  # live inputs a run predicts: die, its two lags, die age
# Shots of a block scored on their own after which its row coefficients become one flat list
# (a block-wide list costs more than a few shots on their own between runs use)
_FLAT_AFTER = 64
# A run that held fewer shots than this sends the stream back to shot-by-shot scoring until as
# many shots in a row follow the heating law: a cell idling between orders (a plan at the
# demand) stops after almost every shot, and a numpy pass per shot costs ~30 us.
_STREAK_TO_PLAN = 4


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

    Same window, scorer and seed give the same sequence (with or without ``heating``: it
    changes the speed, not the numbers). ``last_row()`` rebuilds the last shot's feature row
    (``FEATURES`` order) and ``p_by_class()`` scores it exactly per class.

    Examples:
        >>> stream = ShotStream(ConstantRateModel(0.05), rng=0)
        >>> stream.next(200.0, 10, 110.0)
        0.05
    """

    def __init__(self, scorer: InLoopScorer | ConstantRateModel,
                 window: ProcessWindow | None = None,
                 rng: np.random.Generator | int | None = None, block_size: int = 4096,
                 heating: Callable[[float], float] | None = None) -> None:
        """Set up the stream.

        Args:
            scorer: the in-loop scorer (or a constant rate).
            window: set-points and variability of the drawn process variables.
            rng: generator or seed of the drawn variables.
            block_size: shots drawn per numpy block.
            heating: the cell's law for the next pre-shot die temperature when it runs on
                without a stop [degC -> degC]; lets the stream score runs of shots in numpy
                passes. None: every shot takes the general path (same probabilities).
        """
        self.window, self.scorer = window or ProcessWindow(), scorer
        self._rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self._block_size, self._drift = block_size, initial_drift(self.window, self._rng)
        self._rows, self._next = np.empty((0, len(FEATURES))), 0
        self._drawn_cycle: list[float] = []
        self._prev1: float | None = None
        self._prev2: float | None = None
        self._live: tuple[Any, ...] = ()
        self._constant = scorer.p if isinstance(scorer, ConstantRateModel) else None
        self._heating = heating if self._constant is None else None
        # the run scored ahead: rows [start, end) of the block, the predicted die temperature
        # per shot (age: age0 + j), the logit without the cycle terms (a) and its slope (b)
        self._run_start = self._run_end = self._run_age0 = 0
        self._run_temp: list[float] = []
        self._run_a: list[float] = []
        self._run_b: list[float] = []
        self._run_len = _RUN_MIN
        self._cycle_center = self._cycle_inv = self._cycle_q = 0.0  # set by the first plan
        self._block_parts: np.ndarray | None = None
        self._flat: list[float] | None = None  # the block's row coefficients, 7 a row
        self._rows_on_their_own = 0  # shots of the block scored on their own so far
        self._class_rows: np.ndarray | None = None
        # shot-by-shot mode: shots in a row that followed the heating law, and the next
        # shot's die temperature and age if it follows it too
        self._streak = _STREAK_TO_PLAN
        self._expect_temp, self._expect_age = math.nan, -1

    @cached_property
    def _form(self) -> QuadraticLogit:
        scorer = self.scorer
        assert isinstance(scorer, InLoopScorer), "a constant-rate stream has no form"
        return scrap_form_for(scorer, self.window)

    @cached_property
    def _live_terms(self) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
        form = self._form
        quad = form.quadratic[0][np.ix_(_LIVE_IDX, _LIVE_IDX)]
        upper = tuple(float(q) for q in (np.triu(2 * quad, 1) + np.diag(np.diag(quad)))[
            np.triu_indices(len(LIVE))])
        return (tuple(form.center[_LIVE_IDX].tolist()), tuple(form.inv_scale[_LIVE_IDX].tolist()),
                upper)

    @cached_property
    def _cycle_terms(self) -> tuple[float, float, float]:
        """Centre, inverse scale and quadratic coefficient of the cycle time."""
        form = self._form
        return (float(form.center[_CYCLE]), float(form.inv_scale[_CYCLE]),
                float(form.quadratic[0][_CYCLE, _CYCLE]))

    def _refill(self) -> None:
        values, self._drift = draw_process_block(self.window, self._rng, self._block_size,
                                                 self._drift)
        rows = np.zeros((self._block_size, len(FEATURES)))
        rows[:, _SAMPLED_IDX] = values
        self._rows, self._next = rows, 0
        self._run_start = self._run_end = 0
        self._block_parts = None  # computed when the first run of the block is planned
        self._flat, self._rows_on_their_own = None, 0  # see ``_general``
        self._class_rows = None  # computed when the first cause of the block is drawn
        self._drawn_cycle = rows[:, _CYCLE].tolist()

    def _flat_coefficients(self) -> list[float]:
        """The block's row coefficients as one flat list, 7 a row (one numpy pass a block).

        Row ``i`` holds ``c_i`` (the logit with the live inputs at their centre), the live
        gradient ``g_i = L_l + 2 (A z_drawn)_l`` of the die temperature, its two lags, the
        cycle and the die age, and the drawn cycle time: what a shot on its own needs, so that
        it is scored in plain floats without touching numpy.
        """
        if self._block_parts is None:
            self._block_parts = self._drawn_parts()
        parts = self._block_parts
        l_die, l_lag1, l_lag2, l_age = self._run_linear
        coef = np.empty((parts.shape[0], 7))
        coef[:, 0] = parts[:, 0]
        coef[:, 1] = parts[:, 1] + l_die
        coef[:, 2] = parts[:, 2] + l_lag1
        coef[:, 3] = parts[:, 3] + l_lag2
        coef[:, 4] = parts[:, 5]  # the cycle's slope holds its linear term already
        coef[:, 5] = parts[:, 4] + l_age
        coef[:, 6] = self._rows[:, _CYCLE]
        self._flat = flat = coef.ravel().tolist()
        return flat

    def _row_coefficients(self, i: int) -> list[float]:
        """Row ``i`` of ``_flat_coefficients`` alone (the same sums in plain floats)."""
        if self._block_parts is None:
            self._block_parts = self._drawn_parts()
        logit, die, lag1, lag2, age, cycle_slope = self._block_parts[i].tolist()
        l_die, l_lag1, l_lag2, l_age = self._run_linear
        return [logit, die + l_die, lag1 + l_lag1, lag2 + l_lag2, cycle_slope, age + l_age,
                self._drawn_cycle[i]]

    @cached_property
    def _run_linear(self) -> list[float]:
        """Linear coefficients of the die temperature, its two lags and the die age."""
        return self._form.linear[0][_RUN_IDX].tolist()

    def next(self, die_temp_c: float, shots_since_die_change: int,
             cycle_time_s: float | None = None) -> float:
        """Draw the next shot given the die's live state and return its scrap probability.

        Args:
            die_temp_c: die surface temperature before this shot [degC], from the twin.
            shots_since_die_change: die age [shots], from the twin.
            cycle_time_s: the shot's machine cycle [s]; ``None`` keeps the drawn value. Pass
                the cycle, not an idle gap: a stop acts through the die temperature.
        """
        i = self._next
        if i < self._run_end:  # inside a run scored ahead (the hot path, kept inline)
            j = i - self._run_start
            if die_temp_c == self._run_temp[j] and shots_since_die_change == self._run_age0 + j:
                self._next = i + 1
                prev1 = self._prev1
                self._live = (i, die_temp_c, prev1, self._prev2, cycle_time_s,
                              shots_since_die_change)
                self._prev1, self._prev2 = die_temp_c, prev1
                zc = ((self._drawn_cycle[i] if cycle_time_s is None else cycle_time_s)
                      - self._cycle_center) * self._cycle_inv
                logit = self._run_a[j] + zc * (self._run_b[j] + self._cycle_q * zc)
                return 0.0 if logit < -700.0 else 1.0 / (1.0 + math.exp(-logit))
            self._run_missed(j)
        elif i == self._run_end > 0:  # the whole run held: look further ahead next time
            self._run_len = min(2 * self._run_len, _RUN_MAX)
            self._run_start = self._run_end = 0
        if i >= self._rows.shape[0]:
            self._refill()
            i = 0
        if self._prev1 is None or self._prev2 is None:  # first shot: the die was this warm
            self._prev1 = self._prev2 = die_temp_c
        if self._constant is not None:
            self._next = i + 1
            prev1, prev2 = self._prev1, self._prev2
            self._prev1, self._prev2 = die_temp_c, prev1
            self._live = (i, die_temp_c, prev1, prev2, cycle_time_s, shots_since_die_change)
            return self._constant
        if self._heating is not None:
            if self._streak >= _STREAK_TO_PLAN:
                self._plan_run(i, die_temp_c, shots_since_die_change)
                return self._in_run(i, 0, die_temp_c, shots_since_die_change, cycle_time_s)
            # shot by shot: count the shots in a row that followed the heating law
            if die_temp_c == self._expect_temp and shots_since_die_change == self._expect_age:
                self._streak += 1
            else:
                self._streak = 0
            self._expect_temp = self._heating(die_temp_c)
            self._expect_age = shots_since_die_change + 1
        return self._general(i, die_temp_c, shots_since_die_change, cycle_time_s)

    def _general(self, i: int, die_temp_c: float, age: int, cycle_time_s: float | None) -> float:
        """One shot on its own: the live part of the quadratic form in plain floats."""
        self._next = i + 1
        prev1, prev2 = self._prev1, self._prev2
        self._prev1, self._prev2 = die_temp_c, prev1
        flat, k = self._flat, 7 * i
        if flat is None:
            self._rows_on_their_own += 1
            if self._rows_on_their_own < _FLAT_AFTER:  # a few between runs: this row only
                flat, k = self._row_coefficients(i), 0
            else:  # most shots of this block come on their own (a cell idling between orders)
                flat = self._flat_coefficients()
        cycle = flat[k + 6] if cycle_time_s is None else cycle_time_s
        self._live = (i, die_temp_c, prev1, prev2, cycle, age)
        return self._score(flat, k, die_temp_c, prev1, prev2, cycle, age)

    @cached_property
    def _score(self) -> Callable[..., float]:
        """The scrap form's live part as a function of plain floats (see ``_live_scorer``)."""
        return _live_scorer(*self._live_terms)

    def _in_run(self, i: int, j: int, die_temp_c: float, age: int,
                cycle_time_s: float | None) -> float:
        """Shot ``j`` of the run scored ahead: add the cycle-time terms to ``a_j``."""
        self._next = i + 1
        prev1, prev2 = self._prev1, self._prev2
        self._prev1, self._prev2 = die_temp_c, prev1
        cycle = self._drawn_cycle[i] if cycle_time_s is None else cycle_time_s
        self._live = (i, die_temp_c, prev1, prev2, cycle, age)
        zc = (cycle - self._cycle_center) * self._cycle_inv
        logit = self._run_a[j] + zc * (self._run_b[j] + self._cycle_q * zc)
        return 0.0 if logit < -700.0 else 1.0 / (1.0 + math.exp(-logit))

    # -- runs between stops -------------------------------------------------------------------
    @cached_property
    def _live_quadratic(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Centre, inverse scale and terms of the four non-cycle live inputs.

        The inputs are the die temperature, its two lags and the die age; with
        ``M = [L_l | A_ll | 2 A_lc]`` one product ``z @ M`` gives all their terms, in the
        column order of the block's drawn parts.
        """
        form = self._form
        A, lin = form.quadratic[0], form.linear[0]
        self._cycle_center, self._cycle_inv, self._cycle_q = self._cycle_terms
        M = np.column_stack([lin[_RUN_IDX], A[np.ix_(_RUN_IDX, _RUN_IDX)], 2 * A[_RUN_IDX, _CYCLE]])
        return form.center[_RUN_IDX], form.inv_scale[_RUN_IDX], M

    def _drawn_parts(self) -> np.ndarray:
        """Per row of the block with the live inputs at their centre: the drawn parts.

        Columns: the logit, ``2 (A z)`` of the four non-cycle live inputs, and the cycle's
        slope ``L_c + 2 (A z)_c``; one numpy pass per block.
        """
        form = self._form
        Z = (self._rows - form.center) * form.inv_scale
        Z[:, _LIVE_IDX] = 0.0
        # einsum, not BLAS: a threaded matmul stalls when the cores are shared (measured:
        # ~14x slower per block on a loaded 2-core machine)
        ZA = np.einsum("nf,fg->ng", Z, form.quadratic[0])
        logit = form.intercept[0] + np.einsum("nf,f->n", Z, form.linear[0]) + np.einsum(
            "nf,nf->n", ZA, Z)
        return np.column_stack([logit, 2.0 * ZA[:, _RUN_IDX],
                                form.linear[0][_CYCLE] + 2.0 * ZA[:, _CYCLE]])

    def _plan_run(self, i: int, die_temp_c: float, age: int) -> None:
        """Score shot ``i`` and the next ones in one numpy pass, assuming no stop between.

        With ``z = z_drawn + z_live`` (disjoint columns, ``A`` symmetric) the logit is
        ``logit(z_drawn) + L_l z_l + 2 z_l (A z_drawn)_l + z_l' A_ll z_l``, and the cycle's
        slope ``L_c + 2 ((A z_drawn)_c + (A_lc z_l))``; the drawn parts come per block.
        """
        if self._block_parts is None:
            self._block_parts = self._drawn_parts()
        end = min(i + self._run_len, self._rows.shape[0])
        n = end - i
        heat, prev1, prev2 = self._heating, self._prev1, self._prev2
        assert heat is not None
        assert prev1 is not None
        assert prev2 is not None
        # the die temperatures before each shot, after the two before the run (its lags);
        # per planned shot only the heating law runs in Python, the rest is ~10 numpy calls;
        # once the law reaches its fixed point (a warm die: heat(T) == T) every later shot
        # has that temperature, exactly
        history = [prev2, prev1, die_temp_c]
        append, temp = history.append, die_temp_c
        for left in range(n - 1, 0, -1):
            heated = heat(temp)
            if heated == temp:
                history.extend([temp] * left)
                break
            temp = heated
            append(temp)
        center, inv, M = self._live_quadratic
        temps = np.array(history)
        z = np.empty((n, 4))
        z[:, 0], z[:, 1], z[:, 2] = temps[2:], temps[1:-1], temps[:-2]
        z[:, 3] = np.arange(age, age + n)
        z -= center
        z *= inv
        # (n, 4) @ (4, 6): too small for BLAS threads. Columns: logit + L_l z, the live
        # gradient 2 (A z_drawn)_l + A_ll z, the cycle's slope
        parts = self._block_parts[i:end] + z @ M
        a = parts[:, 0] + np.einsum("nk,nk->n", parts[:, 1:5], z)
        self._run_start, self._run_end, self._run_age0 = i, end, age
        self._run_temp, self._run_a = history[2:], a.tolist()
        self._run_b = parts[:, 5].tolist()

    def _run_missed(self, j: int) -> None:
        """A shot left the predicted run (a stop, a die change): adapt the look-ahead.

        Look about as far ahead as runs last (twice the last one): little is scored in vain.
        """
        self._run_start = self._run_end = 0
        self._run_len = max(_RUN_MIN, min(_RUN_MAX, 2 * j))
        if j < _STREAK_TO_PLAN:
            self._streak = 0

    def last_row(self) -> np.ndarray:
        """Feature row of the last shot drawn by ``next``."""
        i, *live = self._live
        row = self._rows[i].copy()
        row[_LIVE_IDX] = [row[_CYCLE] if v is None else v for v in live]
        return row

    def p_by_class(self) -> np.ndarray:
        """Exact per-class probabilities of the last shot (~6 us: call it only when needed)."""
        return self.scorer.p_by_class(self.last_row())

    def draw_class(self, u: float) -> int:
        """Index (in ``scorer.classes``) of the last shot's defect class, drawn by ``u``.

        The class is drawn with probability ``p_k / sum p`` of the exact per-class
        probabilities of the last shot's row, by inverse CDF: the first ``k`` whose cumulative
        sum exceeds ``u * sum p`` (the choice ``bisect`` over ``p_by_class()`` makes). For an
        ``InLoopScorer`` the probabilities are evaluated without rebuilding the row (~4 us
        against ~13 us); a constant rate's sums are fixed. ``0`` if every ``p_k`` is 0.

        Args:
            u: a uniform draw on [0, 1).
        """
        cumulative = self._class_cumulative()
        total = cumulative[-1]
        if not total > 0.0:
            return 0
        return min(bisect_right(cumulative, u * total), len(cumulative) - 1)

    def _class_cumulative(self) -> list[float]:
        """Cumulative per-class probabilities of the last shot, in class order."""
        if self._constant is not None:
            return self._constant_cumulative
        if type(self.scorer) is not InLoopScorer:  # a subclass may define p_k otherwise
            return list(accumulate(np.asarray(self.p_by_class(), dtype=float).ravel().tolist()))
        W, live_center, live_inv = self._class_terms
        i, *live = self._live
        if self._class_rows is None:  # the block's rows standardised, once per block
            form = self.scorer.form  # type: ignore[union-attr]
            self._class_rows = (self._rows - form.center) * form.inv_scale
        zb, outer = self._class_work
        zb[:-1] = self._class_rows[i]  # [z, 1]: the drawn inputs, as in ``p_by_class``
        zb[_LIVE_IDX] = [((self._rows[i, _CYCLE] if v is None else v) - c) * s
                         for v, c, s in zip(live, live_center, live_inv, strict=True)]
        # five numpy calls a draw: each costs several us when the simulation has evicted
        # numpy from the caches
        np.multiply.outer(zb, zb, out=outer)
        cumulative, total, exp = [], 0.0, math.exp
        for logit in W.dot(outer.ravel()).tolist():
            total += 0.0 if logit < -700.0 else 1.0 / (1.0 + exp(-logit))
            cumulative.append(total)
        return cumulative

    @cached_property
    def _constant_cumulative(self) -> list[float]:
        scorer = self.scorer
        assert isinstance(scorer, ConstantRateModel)
        return list(accumulate(scorer.p_by_class(np.zeros(len(FEATURES))).tolist()))

    @cached_property
    def _class_terms(self) -> tuple[Any, ...]:
        """The per-class form as ``W`` ((K, (F + 1)^2)), and the live inputs' centre and scale.

        ``logit_k = b_k + L_k z + z' A_k z = W_k . vec([z, 1] [z, 1]')``: row ``k`` of ``W``
        holds ``A_k``, then ``L_k`` in the last column and ``b_k`` in the corner.
        """
        form = self.scorer.form  # type: ignore[union-attr]
        n_k, n_f = form.intercept.shape[0], form.center.shape[0]
        W = np.zeros((n_k, n_f + 1, n_f + 1))
        W[:, :n_f, :n_f] = form.quadratic
        W[:, :n_f, n_f] = form.linear
        W[:, n_f, n_f] = form.intercept
        return (W.reshape(n_k, -1), form.center[_LIVE_IDX].tolist(),
                form.inv_scale[_LIVE_IDX].tolist())

    @cached_property
    def _class_work(self) -> tuple[np.ndarray, np.ndarray]:
        """Work arrays ``[z, 1]`` and its outer product (reused: no allocation a draw)."""
        n = len(FEATURES) + 1
        return np.ones(n), np.empty((n, n))


def _live_scorer(center: tuple[float, ...], inv: tuple[float, ...],
                 q: tuple[float, ...]) -> Callable[..., float]:
    """``score(coef, k, die, prev1, prev2, cycle, age) = sigmoid(c + g . l + l' Q l)``.

    ``coef[k:k + 6]`` holds ``c`` and ``g`` of the shot's row; ``Q`` (upper triangle ``q``) and
    the live inputs' centre and inverse scale are bound in the closure, so a call touches no
    attribute or numpy object (Horner form over the five standardised live inputs).
    """
    m0, m1, m2, m3, m4 = center
    s0, s1, s2, s3, s4 = inv
    q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14 = q
    exp = math.exp

    def score(coef: list[float], k: int, die: float, prev1: float, prev2: float, cycle: float,
              age: float) -> float:
        zd, z1 = (die - m0) * s0, (prev1 - m1) * s1
        z2, zc = (prev2 - m2) * s2, (cycle - m3) * s3
        za = (age - m4) * s4
        logit = (coef[k]
                 + zd * (coef[k + 1] + q0 * zd + q1 * z1 + q2 * z2 + q3 * zc + q4 * za)
                 + z1 * (coef[k + 2] + q5 * z1 + q6 * z2 + q7 * zc + q8 * za)
                 + z2 * (coef[k + 3] + q9 * z2 + q10 * zc + q11 * za)
                 + zc * (coef[k + 4] + q12 * zc + q13 * za)
                 + za * (coef[k + 5] + q14 * za))
        if logit < -700.0:
            return 0.0
        return 1.0 / (1.0 + exp(-logit))

    return score
