"""Closed forms of queueing theory that the engine is checked against."""

from __future__ import annotations

import math

import numpy as np


def mm1_sojourn_s(arrival_rate: float, mean_service_s: float) -> float:
    """Mean time in an M/M/1 station: 1 / (mu - lambda)."""
    return 1.0 / (1.0 / mean_service_s - arrival_rate)


def erlang_c_wait_s(arrival_rate: float, mean_service_s: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c station (Erlang C)."""
    a = arrival_rate * mean_service_s
    rho = a / servers
    top = a**servers / math.factorial(servers) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(servers)) + top)
    return p_wait / (servers / mean_service_s - arrival_rate)


def two_station_blocking(mean_1_s: float, mean_2_s: float, buffer: int) -> dict[str, float]:
    """Saturated exponential two-station line with a finite buffer and blocking after service.

    n = units done at station 1 but not at station 2 (in service there, in the buffer, or held
    blocked by station 1), 0..B+2: a birth-death chain with pi_n ~ (mu1/mu2)^n.
    """
    rho, top = mean_2_s / mean_1_s, buffer + 2
    weights = np.array([rho**n for n in range(top + 1)])
    pi = weights / weights.sum()
    return {"throughput_per_s": (1 - pi[0]) / mean_2_s, "starved_2": float(pi[0]),
            "blocked_1": float(pi[top])}


def availability(mtbf_s: float, mttr_s: float) -> float:
    """Long-run share of time up of an alternating renewal process."""
    return mtbf_s / (mtbf_s + mttr_s)
