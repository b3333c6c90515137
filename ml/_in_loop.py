"""Fast per-shot scorers for the casting station: a compiled GLM form and a constant rate.

Calling scikit-learn once per shot costs ~1-5 ms (six calibrated boosted models); a plant-year
is 100k-400k shots per replication. ``InLoopScorer`` evaluates the quadratic logistic form
(``_glm.QuadraticLogit``) with a few small numpy calls instead. For a trained model that form is
fitted to the calibrated model's log-odds (distillation, see ``DefectModel``); for the true
generating process it is exact. We chose the GLM form over a lookup table because it is the
published shape of HPDC defect curves (sources §3.4), covers all 14 live features at once,
and extrapolates smoothly to a cold die, where a table would need a grid per live feature.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ml._generator import true_process
from ml._glm import QuadraticLogit, combine_scrap, sigmoid
from ml._schema import DEFECT_CLASSES, FEATURES
from ml._window import GeneratorSettings, ProcessWindow


class InLoopScorer:
    """Per-shot defect probabilities from a compiled quadratic logistic form (~5-10 us/call).

    Examples:
        >>> scorer = InLoopScorer.from_truth()
        >>> from ml._sampler import ShotSampler
        >>> x = ShotSampler(rng=0).draw(200.0, 1000, 110.0)
        >>> 0.0 < scorer.p_scrap(x) < 1.0
        True
    """

    def __init__(self, form: QuadraticLogit, classes: Sequence[str] = DEFECT_CLASSES,
                 scrap_form: QuadraticLogit | None = None,
                 features: Sequence[str] = FEATURES) -> None:
        self.form, self.scrap_form = form, scrap_form
        self.classes = tuple(classes)
        #: the inputs the model uses; rows are always in ``FEATURES`` order, the form has no
        #: terms in the others (so what the cell puts there does not matter)
        self.features = tuple(features)
        self._quad, self._lin = form.quadratic, form.linear
        self._center, self._inv_scale, self._b = form.center, form.inv_scale, form.intercept

    @classmethod
    def from_truth(cls, window: ProcessWindow | None = None,
                   settings: GeneratorSettings | None = None) -> InLoopScorer:
        """The generator's true probability, exactly (for tests and benchmarks)."""
        return cls(true_process(window, settings))

    def p_by_class(self, x: np.ndarray) -> np.ndarray:
        """Probability of each defect class for one feature row (``FEATURES`` order)."""
        z = (x - self._center) * self._inv_scale
        logit = (self._quad @ z + self._lin) @ z + self._b
        return 1.0 / (1.0 + np.exp(-logit))

    def p_scrap(self, x: np.ndarray) -> float:
        """Overall scrap probability ``1 - prod(1 - p_k)`` for one feature row."""
        z = (x - self._center) * self._inv_scale
        logit = (self._quad @ z + self._lin) @ z + self._b
        return 1.0 - float(np.prod(1.0 / (1.0 + np.exp(logit))))

    def p_by_class_batch(self, X: np.ndarray) -> np.ndarray:
        """Probabilities of each class for many rows, (n, F) -> (n, K)."""
        return sigmoid(self.form.logits(X))

    def p_scrap_batch(self, X: np.ndarray) -> np.ndarray:
        """Overall scrap probability for many rows, (n, F) -> (n,)."""
        return combine_scrap(self.p_by_class_batch(X))


class ScrapOnlyScorer(InLoopScorer):
    """The in-loop scorer of a model trained on the overall ``scrap`` label alone.

    Plant files such as KAMP say whether a shot was scrapped, not why; the cell still needs a
    cause for each reject (the X-ray sees some classes, not others). The scrap probability
    ``p`` is split as ``p_k = 1 - (1 - p)^w_k`` with the shares ``w_k`` of ``mix`` (default:
    sources §5.3, X), so ``1 - prod(1 - p_k)`` is exactly ``p``.
    """

    def __init__(self, form: QuadraticLogit, scrap_form: QuadraticLogit | None = None,
                 features: Sequence[str] = FEATURES, mix: dict[str, float] | None = None) -> None:
        super().__init__(form, ("scrap",), scrap_form=scrap_form, features=features)
        shares = mix or GeneratorSettings().defect_mix
        self.classes = tuple(shares)
        weights = np.array([shares[k] for k in self.classes], dtype=float)
        self._weights = weights / weights.sum()

    def p_by_class(self, x: np.ndarray) -> np.ndarray:
        """The scrap probability of one row split over the classes."""
        return 1.0 - (1.0 - self.p_scrap(x)) ** self._weights

    def p_by_class_batch(self, X: np.ndarray) -> np.ndarray:
        """The scrap probability of each row split over the classes, (n, F) -> (n, K)."""
        p = sigmoid(self.form.logits(X))[:, :1]
        return 1.0 - (1.0 - p) ** self._weights


class ConstantRateModel:
    """Same interface as ``InLoopScorer``, one fixed scrap rate: runs without a trained model.

    The rate is split over the classes by ``mix`` (default: sources §5.3 shares, X).

    Examples:
        >>> round(ConstantRateModel(0.05).p_scrap(np.zeros(14)), 6)
        0.05
    """

    def __init__(self, p: float = 0.05, mix: dict[str, float] | None = None) -> None:
        if not 0.0 <= p < 1.0:
            raise ValueError(f"scrap rate must be in [0, 1), got {p}")
        shares = mix or GeneratorSettings().defect_mix
        self.classes = tuple(shares)
        self.features: tuple[str, ...] = ()  # needs no input
        weights = np.array([shares[k] for k in self.classes], dtype=float)
        weights /= weights.sum()
        # p_k = 1 - (1 - p)^w_k makes 1 - prod(1 - p_k) exactly p.
        self._p_k = 1.0 - (1.0 - p) ** weights
        self.p = float(p)

    def p_by_class(self, x: np.ndarray) -> np.ndarray:
        """Fixed per-class probabilities."""
        return self._p_k.copy()

    def p_scrap(self, x: np.ndarray) -> float:
        """The fixed scrap rate."""
        return self.p

    def p_by_class_batch(self, X: np.ndarray) -> np.ndarray:
        """Fixed per-class probabilities for each row."""
        return np.tile(self._p_k, (np.asarray(X).shape[0], 1))

    def p_scrap_batch(self, X: np.ndarray) -> np.ndarray:
        """The fixed scrap rate for each row."""
        return np.full(np.asarray(X).shape[0], self.p)
