"""Benchmark of the defect model: training time, per-shot cost in the loop, share of a plant-year.

Run: ``python benchmarks/bench_ml.py [--shots 100000] [--year-shots 350000]``. Prints
timings and ratios; asserts nothing (the machine is shared, timings vary).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import simpy
from sklearn.metrics import brier_score_loss, roc_auc_score

from ml import (
    FEATURES,
    ShotSampler,
    ShotStream,
    generate_shots,
    load_default_model,
    surrogate_error,
    train_defect_model,
)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def per_call_us(fn, n):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def bench_training(shots):
    train, t_gen = timed(generate_shots, shots, seed=0)
    test = generate_shots(50_000, seed=1)
    print(f"generate {shots} shots: {t_gen:.2f} s")
    X, y, truth = test[list(FEATURES)].to_numpy(), test["scrap"], test["p_true_scrap"]
    print(f"truth     scrap AUC {roc_auc_score(y, truth):.4f}  "
          f"Brier {brier_score_loss(y, truth):.5f}")
    for kind in ("hgb", "glm"):
        model, t_fit = timed(train_defect_model, train, kind=kind, n_threads=1)
        p = model.p_scrap_batch(X)
        err = surrogate_error(model, X)
        print(f"{kind:<9} scrap AUC {roc_auc_score(y, p):.4f}  Brier {brier_score_loss(y, p):.5f}"
              f"  train {t_fit:.1f} s (1 thread)  in-loop |dp| mean {err['mean']:.4f}"
              f" p99 {err['p99']:.4f} max {err['max']:.4f}")


def bench_in_loop(n):
    model = load_default_model()
    scorer, sampler = model.in_loop_scorer(), ShotSampler(rng=1)
    x = sampler.draw(200.0, 1000, 110.0)
    draw_us = per_call_us(lambda: sampler.draw(200.0, 1000, 110.0), n)
    scrap_us = per_call_us(lambda: scorer.p_scrap(x), n)
    class_us = per_call_us(lambda: scorer.p_by_class(x), n)
    full_us = per_call_us(lambda: model.p_by_class_batch(x[None, :]), 200)
    stream = ShotStream(scorer, rng=3)
    stream.next(200.0, 1000, 110.0)
    stream_us = per_call_us(lambda: stream.next(200.0, 1000, 110.0), n)
    X = np.array([sampler.draw(200.0, 1000, 110.0) for _ in range(20_000)])
    _, t_batch = timed(model.p_scrap_batch, X)
    _, t_fast_batch = timed(scorer.p_scrap_batch, X)
    print(f"ShotSampler.draw            {draw_us:8.2f} us/shot")
    print(f"InLoopScorer.p_scrap        {scrap_us:8.2f} us/shot")
    print(f"InLoopScorer.p_by_class     {class_us:8.2f} us/shot")
    print(f"ShotStream.next (fused)     {stream_us:8.2f} us/shot")
    print(f"sklearn predict_proba, 1 row{full_us:8.0f} us/shot  ({full_us / scrap_us:.0f}x slower)")
    print(f"sklearn predict_proba batch {t_batch / len(X) * 1e6:8.2f} us/shot (20k rows)")
    print(f"InLoopScorer batch          {t_fast_batch / len(X) * 1e6:8.2f} us/shot (20k rows)")
    return draw_us + scrap_us, stream_us, full_us


def casting_cell(env, n_shots, rng, decide):
    """A bare SimPy casting cell: one timeout per shot, die thermal update, scrap decision."""
    die, scrap = 200.0, 0
    for shot in range(n_shots):
        yield env.timeout(110.0)
        die = 200.0 + 0.82 * (die - 200.0) + rng.normal(0.0, 3.0)
        scrap += rng.random() < decide(die, shot)
    return scrap


def simpy_us_per_shot(n, decide):
    env, rng = simpy.Environment(), np.random.default_rng(0)
    env.process(casting_cell(env, n, rng, decide))
    _, t = timed(env.run)
    return t / n * 1e6


def bench_plant_year(year_shots, step_us, stream_us, full_us):
    scorer = load_default_model().in_loop_scorer()
    sampler, stream = ShotSampler(rng=2), ShotStream(scorer, rng=2)
    n = 100_000
    bare = simpy_us_per_shot(n, lambda die, shot: 0.05)
    step = simpy_us_per_shot(n, lambda die, shot: scorer.p_scrap(sampler.draw(die, shot, 110.0)))
    fused = simpy_us_per_shot(n, lambda die, shot: stream.next(die, shot, 110.0))
    print(f"bare SimPy cell (measured) {bare:6.2f} us/shot; with draw+p_scrap {step:.2f}; "
          f"with ShotStream {fused:.2f}")
    for ml_us, path in ((step_us, "draw + p_scrap"), (stream_us, "ShotStream"),
                        (full_us, "sklearn per shot")):
        share = ml_us / (15.0 + ml_us)
        print(f"plant-year {year_shots} shots, {path:<16}: ML {year_shots * ml_us / 1e6:7.2f} s"
              f" of {year_shots * (15.0 + ml_us) / 1e6:7.2f} s (15 us/shot cell) = {share:.1%}")
    print(f"measured in bare SimPy: ML share draw+p_scrap {(step - bare) / step:.1%}, "
          f"ShotStream {(fused - bare) / fused:.1%}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shots", type=int, default=100_000)
    parser.add_argument("--year-shots", type=int, default=350_000)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    if not args.skip_training:
        bench_training(args.shots)
    bench_plant_year(args.year_shots, *bench_in_loop(100_000))


if __name__ == "__main__":
    main()
