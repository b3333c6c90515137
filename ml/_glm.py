"""Quadratic logistic form shared by the true generator and the in-loop surrogate.

``logit p_k = b_k + L_k . z + z' A_k z`` with ``z = (x - x*) / s``: the published GLM with linear
and quadratic terms per variable (Liu et al., NADCA 2018; sources §3.4, A) plus pairwise
interactions (off-diagonal entries of the symmetric ``A_k``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class QuadraticLogit:
    """Per-class quadratic log-odds over standardised features, vectorised and single-row."""

    center: np.ndarray
    inv_scale: np.ndarray
    intercept: np.ndarray
    linear: np.ndarray
    quadratic: np.ndarray

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return self.center.shape[0]

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of every class for each row of ``X`` (n, F) -> (n, K)."""
        Z = (np.asarray(X, dtype=float) - self.center) * self.inv_scale
        out = Z @ self.linear.T + self.intercept
        for k, A in enumerate(self.quadratic):
            out[:, k] += np.einsum("nf,nf->n", Z @ A, Z)
        return out

    def logit_one(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of every class for one feature row: a handful of small numpy calls."""
        z = (x - self.center) * self.inv_scale
        return (self.quadratic @ z + self.linear) @ z + self.intercept

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Plain arrays, for persistence."""
        return {name: getattr(self, name) for name in
                ("center", "inv_scale", "intercept", "linear", "quadratic")}


def embed_form(form: QuadraticLogit, index: list[int], center: np.ndarray,
               inv_scale: np.ndarray) -> QuadraticLogit:
    """The form over more features: its own at positions ``index``, no terms in the others.

    A model trained on some features then takes full rows; the values of the other
    features do not change its log-odds at all.
    """
    if len(index) == center.shape[0]:
        return form
    n_k, n_f = form.intercept.shape[0], center.shape[0]
    linear, quad = np.zeros((n_k, n_f)), np.zeros((n_k, n_f, n_f))
    linear[:, index] = form.linear
    quad[np.ix_(range(n_k), index, index)] = form.quadratic
    return QuadraticLogit(center.copy(), inv_scale.copy(), form.intercept.copy(), linear, quad)


def quadratic_basis(Z: np.ndarray) -> np.ndarray:
    """Columns ``z_i`` then ``z_i z_j`` for ``i <= j``, the design matrix of the GLM form."""
    i, j = np.triu_indices(Z.shape[1])
    return np.hstack([Z, Z[:, i] * Z[:, j]])


def from_basis_coefficients(theta: np.ndarray, intercept: np.ndarray, center: np.ndarray,
                            inv_scale: np.ndarray) -> QuadraticLogit:
    """Build the symmetric form from per-class coefficients on ``quadratic_basis`` columns."""
    n_f = center.shape[0]
    i, j = np.triu_indices(n_f)
    quad = np.zeros((theta.shape[0], n_f, n_f))
    halves = np.where(i == j, 1.0, 0.5)
    quad[:, i, j] = theta[:, n_f:] * halves
    quad[:, j, i] = theta[:, n_f:] * halves
    return QuadraticLogit(center, inv_scale, np.asarray(intercept, float), theta[:, :n_f], quad)


def fit_quadratic_logit(X: np.ndarray, target_logits: np.ndarray, weights: np.ndarray,
                        center: np.ndarray, inv_scale: np.ndarray,
                        ridge: float = 1e-6) -> QuadraticLogit:
    """Weighted least squares of target log-odds on the quadratic basis, one class at a time.

    Used to compile any probability model into the fast GLM form (distillation).
    """
    design = quadratic_basis((X - center) * inv_scale)
    design = np.hstack([np.ones((design.shape[0], 1)), design])
    thetas = [_weighted_ridge(design, target_logits[:, k], weights[:, k], ridge)
              for k in range(target_logits.shape[1])]
    theta = np.vstack(thetas)
    return from_basis_coefficients(theta[:, 1:], theta[:, 0], center, inv_scale)


def _weighted_ridge(design: np.ndarray, y: np.ndarray, w: np.ndarray, ridge: float) -> np.ndarray:
    sw = np.sqrt(w)[:, None]
    gram = (design * sw).T @ (design * sw)
    gram += ridge * np.trace(gram) / gram.shape[0] * np.eye(gram.shape[0])
    return np.linalg.solve(gram, (design * sw).T @ (y * sw[:, 0]))


def sigmoid(logit: np.ndarray) -> np.ndarray:
    """Logistic function, overflow-safe."""
    return 0.5 * (1.0 + np.tanh(0.5 * logit))


def combine_scrap(p_by_class: np.ndarray) -> np.ndarray:
    """Overall scrap ``1 - prod(1 - p_k)`` over the last axis (defects independent given x)."""
    return 1.0 - np.prod(1.0 - p_by_class, axis=-1)


def fit_scrap_form(form: QuadraticLogit, X: np.ndarray) -> QuadraticLogit:
    """One quadratic form for overall scrap, fitted to ``1 - prod(1 - p_k)`` of ``form`` on ``X``.

    Feeds the fused per-shot path (``ShotStream``); its error is measured, not assumed.
    """
    p = np.clip(combine_scrap(sigmoid(form.logits(X))), 1e-9, 1 - 1e-9)
    return fit_quadratic_logit(X, np.log(p / (1 - p))[:, None], (p * (1 - p))[:, None],
                               form.center, form.inv_scale)
