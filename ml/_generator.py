r"""Physics-informed generator of per-shot HPDC data whose true defect probability is known.

Process (per shot ``t``; every magnitude is an assumption, X, exposed in ``ProcessWindow`` and
``GeneratorSettings``):

* Sampled variables: ``x_t = x* + d_t + e_t`` with white noise ``e_t ~ N(0, noise_sd^2)`` and an
  AR(1) drift ``d_t = rho d_{t-1} + u_t`` of stationary sd ``drift_sd`` (see ``_sampler``).
* Die temperature with thermal carry-over between shots (sources §3.4: lagged die
  temperatures predict the next shot, JKFS 2021, A):
  ``T_t = Teq_t + phi (T_{t-1} - Teq_t) + N(0, die_noise^2)`` where
  ``Teq_t = T* + k_c (cycle_t - cycle*) + k_s (spray_t - spray*) + 0.3 (melt_t - melt*)``
  (shorter cycles heat the die, spraying cools it). Before a shot a stop happens with
  probability ``stop_rate_per_shot``; the die then restarts cold (``cold_die_c``) and warms up
  over ~10-20 shots, which is how warm-up scrap arises. A die change after ``die_life_shots``
  (times U(0.6, 1)) resets the die age and also starts cold.
* Defects: for each class ``k`` independently, ``P_k = sigmoid(b_k + sum_i a_ik z_i +
  sum_i c_ik z_i^2 + sum_{i<j} d_ijk z_i z_j)`` with ``z_i = (x_i - x*_i) / s_i``: the published
  GLM form with linear and quadratic terms (Liu et al., NADCA 2018; sources §3.4, A) plus a
  few interactions. Overall scrap ``= 1 - prod_k (1 - P_k)``. Intercepts ``b_k`` are solved so
  that at the set-point, with normal noise and no warm-up, the scrap rate is 5 % with the defect
  mix of sources §5.3 (B/X).

Directions of the terms (``COEFFICIENTS`` below; source sources §3.3 unless noted):

============================ =========================================================
gas porosity                 vacuum mbar + strong, H2 + strong, intensification - ,
                             fast shot + , slow shot U (critical velocity), spray + (water),
                             cold die + (H2 pick-up below ~120-150 degC), biscuit U, melt + weak
shrinkage porosity           intensification - strong (69 % contribution, Tsoukalas 2004, A),
                             fast shot - , die temperature and its two lags + (hot spots),
                             melt + weak, biscuit U (thin biscuit cannot feed)
cold shut / misrun           melt - strong, die - strong, fast shot - strong, sleeve - ,
                             spray + (over-cooling), slow shot + weak, vacuum + weak
                             (back-pressure; 3.3 says poor venting raises cold shuts, the 3.6
                             table's "- weak" contradicts it, we follow 3.3), biscuit U,
                             melt x die interaction (both cold is worse than either)
hot tear                     melt + , die U, cycle - (short cycle = hot ejection),
                             intensification - weak, H2 + weak
soldering                    die + strong, fast shot + , melt + , spray - strong,
                             cycle - , intensification + weak, die age + (die wear)
dimensional                  die U, die step (T_t - T_{t-1})^2 + (non-uniform die),
                             spray U, cycle - , melt + weak, die age + weak
============================ =========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ml._glm import QuadraticLogit, combine_scrap, sigmoid
from ml._sampler import draw_process_block, initial_drift
from ml._schema import DEFECT_CLASSES, FEATURE_INDEX, FEATURES
from ml._window import SAMPLED, GeneratorSettings, ProcessWindow

_DIE, _P1 = "die_temp_c", "die_temp_prev1_c"

# Per class: linear a_i, quadratic c_i and interaction d_ij on standardised z (X magnitudes).
COEFFICIENTS: dict[str, dict[str, dict]] = {
    "gas_porosity": {
        "linear": {"vacuum_mbar": 0.9, "melt_hydrogen_ml_100g": 0.9,
                   "intensification_pressure_bar": -0.6, "fast_shot_speed_m_s": 0.5,
                   "spray_time_s": 0.3, _DIE: -0.3, "melt_temp_c": 0.2, "sleeve_temp_c": -0.2},
        "quadratic": {"slow_shot_speed_m_s": 0.5, "biscuit_thickness_mm": 0.2, _DIE: 0.15,
                      "fast_shot_speed_m_s": 0.1},
        "interactions": {("vacuum_mbar", "fast_shot_speed_m_s"): 0.2,
                         (_DIE, "spray_time_s"): -0.2},
    },
    "shrinkage_porosity": {
        "linear": {"intensification_pressure_bar": -1.0, "fast_shot_speed_m_s": -0.4,
                   _DIE: 0.2, _P1: 0.15, "die_temp_prev2_c": 0.1, "melt_temp_c": 0.2,
                   "biscuit_thickness_mm": -0.2},
        "quadratic": {"biscuit_thickness_mm": 0.25, "intensification_pressure_bar": 0.1},
        "interactions": {},
    },
    "cold_shut": {
        "linear": {"melt_temp_c": -0.9, _DIE: -0.8, "fast_shot_speed_m_s": -0.7,
                   "sleeve_temp_c": -0.3, "spray_time_s": 0.3, "slow_shot_speed_m_s": 0.15,
                   "vacuum_mbar": 0.15},
        "quadratic": {"biscuit_thickness_mm": 0.2, _DIE: 0.05},
        "interactions": {("melt_temp_c", _DIE): 0.15},
    },
    "hot_tear": {
        "linear": {"melt_temp_c": 0.5, _DIE: 0.2, "cycle_time_s": -0.5,
                   "intensification_pressure_bar": -0.2, "melt_hydrogen_ml_100g": 0.2},
        "quadratic": {_DIE: 0.2},
        "interactions": {},
    },
    "soldering": {
        "linear": {_DIE: 1.0, "fast_shot_speed_m_s": 0.5, "melt_temp_c": 0.3,
                   "spray_time_s": -0.8, "cycle_time_s": -0.4,
                   "intensification_pressure_bar": 0.2, "shots_since_die_change": 0.4},
        "quadratic": {},
        "interactions": {},
    },
    "dimensional": {
        "linear": {"cycle_time_s": -0.3, "melt_temp_c": 0.15, "shots_since_die_change": 0.2},
        # die U plus the die step (z_die - z_prev1)^2 = z_die^2 + z_prev1^2 - 2 z_die z_prev1
        "quadratic": {_DIE: 0.1 + 0.15, _P1: 0.15, "spray_time_s": 0.2},
        "interactions": {(_DIE, _P1): -0.3},
    },
}


def _class_form(spec: dict[str, dict]) -> tuple[np.ndarray, np.ndarray]:
    n_f = len(FEATURES)
    linear, quad = np.zeros(n_f), np.zeros((n_f, n_f))
    for name, a in spec["linear"].items():
        linear[FEATURE_INDEX[name]] = a
    for name, c in spec["quadratic"].items():
        quad[FEATURE_INDEX[name], FEATURE_INDEX[name]] = c
    for (first, second), d in spec["interactions"].items():
        i, j = FEATURE_INDEX[first], FEATURE_INDEX[second]
        quad[i, j] += d / 2
        quad[j, i] += d / 2
    return linear, quad


def _standardisation(window: ProcessWindow) -> tuple[np.ndarray, np.ndarray]:
    params = [window.parameter(name) for name in FEATURES]
    return np.array([p.setpoint for p in params]), 1.0 / np.array([p.scale for p in params])


def _uncalibrated_form(window: ProcessWindow) -> QuadraticLogit:
    forms = [_class_form(COEFFICIENTS[k]) for k in DEFECT_CLASSES]
    center, inv_scale = _standardisation(window)
    return QuadraticLogit(center, inv_scale, np.zeros(len(DEFECT_CLASSES)),
                          np.vstack([f[0] for f in forms]), np.stack([f[1] for f in forms]))


def class_targets(settings: GeneratorSettings) -> np.ndarray:
    """Per-class rates ``p_k = mix_k t`` with ``1 - prod(1 - p_k)`` equal to the mature rate."""
    mix = np.array([settings.defect_mix[k] for k in DEFECT_CLASSES])
    t = brentq(lambda t: combine_scrap(mix * t) - settings.mature_scrap_rate, 0.0, 1.0 / mix.max())
    return mix * t


def true_process(window: ProcessWindow | None = None,
                 settings: GeneratorSettings | None = None,
                 n_calibration: int = 50_000) -> QuadraticLogit:
    """The generator's true log-odds, intercepts solved for the mature scrap rate and mix.

    The intercepts are solved on a fixed-seed steady-state sample (no stops; die ages spread
    over the die life; the rare die change is negligible),
    so the same window and settings always give the same truth.
    """
    window, settings = window or ProcessWindow(), settings or GeneratorSettings()
    form = _uncalibrated_form(window)
    steady = settings.model_copy(update={"stop_rate_per_shot": 0.0})
    X = _simulate_features(n_calibration, window, steady, np.random.default_rng(20240605))[0]
    shape = form.logits(X)
    intercept = [_solve_intercept(shape[:, k], target)
                 for k, target in enumerate(class_targets(settings))]
    return QuadraticLogit(form.center, form.inv_scale, np.array(intercept), form.linear,
                          form.quadratic)


def _solve_intercept(shape: np.ndarray, target: float) -> float:
    """Intercept that makes the mean probability over the sample equal ``target``."""
    return brentq(lambda b: sigmoid(shape + b).mean() - target, -30.0, 10.0)


def _die_thermal_path(sampled: np.ndarray, window: ProcessWindow, settings: GeneratorSettings,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Die temperature, die age and die id per shot, with carry-over, stops and die changes."""
    n = sampled.shape[0]
    col = {name: i for i, name in enumerate(SAMPLED)}
    dev = sampled - [window.parameter(name).setpoint for name in SAMPLED]
    t_eq = (window.die_temp_c.setpoint + settings.die_per_cycle_s_c * dev[:, col["cycle_time_s"]]
            + settings.die_per_spray_s_c * dev[:, col["spray_time_s"]]
            + 0.3 * dev[:, col["melt_temp_c"]])
    noise = np.asarray(settings.die_noise_c * rng.standard_normal(n))
    stops = np.asarray(rng.random(n) < settings.stop_rate_per_shot)
    cold = np.asarray(rng.uniform(*settings.cold_die_c, size=n))
    lives = (settings.die_life_shots * rng.uniform(0.6, 1.0, size=n // 1000 + 2)).astype(int)
    return _thermal_loop(t_eq, noise, stops, cold, lives, settings.die_carry_over, rng)


def _thermal_loop(t_eq: np.ndarray, noise: np.ndarray, stops: np.ndarray, cold: np.ndarray,
                  lives: np.ndarray, phi: float, rng: np.random.Generator,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sequential part of the die path (a plain loop: ~1 us per shot)."""
    n = t_eq.shape[0]
    temp, age, die_id = np.empty(n), np.empty(n), np.empty(n, dtype=int)
    current, shots, die = float(t_eq[0]), int(rng.integers(0, lives[0])), 0
    for t in range(n):
        if shots >= lives[die % len(lives)]:
            die, shots, current = die + 1, 0, float(cold[t])
        elif stops[t]:
            current = float(cold[t])
        else:
            current = t_eq[t] + phi * (current - t_eq[t]) + noise[t]
        temp[t], age[t], die_id[t] = current, shots, die
        shots += 1
    return temp, age, die_id


def _simulate_features(n: int, window: ProcessWindow, settings: GeneratorSettings,
                       rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    sampled, _ = draw_process_block(window, rng, n, initial_drift(window, rng))
    temp, age, die_id = _die_thermal_path(sampled, window, settings, rng)
    X = np.zeros((n, len(FEATURES)))
    X[:, [FEATURE_INDEX[name] for name in SAMPLED]] = sampled
    X[:, FEATURE_INDEX[_DIE]] = temp
    X[:, FEATURE_INDEX[_P1]] = np.concatenate([temp[:1], temp[:-1]])
    X[:, FEATURE_INDEX["die_temp_prev2_c"]] = np.concatenate([temp[:1], temp[:1], temp[:-2]])[:n]
    X[:, FEATURE_INDEX["shots_since_die_change"]] = age
    return X, die_id


def generate_shots(n: int, *, seed: int = 0, window: ProcessWindow | None = None,
                   settings: GeneratorSettings | None = None) -> pd.DataFrame:
    """Generate ``n`` consecutive shots: features, ``die_id``, labels and true probabilities.

    Columns: ``FEATURES``, ``die_id``, ``defect_<class>`` and ``scrap`` (0/1), then
    ``p_true_<class>`` and ``p_true_scrap``: the best achievable prediction of each label.
    """
    window, settings = window or ProcessWindow(), settings or GeneratorSettings()
    rng = np.random.default_rng(seed)
    X, die_id = _simulate_features(n, window, settings, rng)
    p = sigmoid(true_process(window, settings).logits(X))
    labels = (rng.random(p.shape) < p).astype(int)
    frame = pd.DataFrame(X, columns=list(FEATURES))
    frame["shots_since_die_change"] = frame["shots_since_die_change"].astype(int)
    frame["die_id"] = die_id
    for k, name in enumerate(DEFECT_CLASSES):
        frame[f"defect_{name}"] = labels[:, k]
    frame["scrap"] = labels.max(axis=1)
    for k, name in enumerate(DEFECT_CLASSES):
        frame[f"p_true_{name}"] = p[:, k]
    frame["p_true_scrap"] = combine_scrap(p)
    return frame
