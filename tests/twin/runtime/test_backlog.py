"""The release schedule's inbox (``twin.runtime.backlog``): orders released lazily, counted as
if each had its own event. Checked against a deterministic line worked out by hand."""

import pytest
from scenario_builders import line

from twin.runtime.engine import run_replication

HORIZON_S = 3600.0
ARRIVAL_S, CYCLE_S = 60.0, 90.0


def _slow_station(warmup_h: float = 0.0, horizon_s: float = HORIZON_S):
    """Orders every 60 s into one machine of 90 s: the queue of orders grows by hand."""
    return line(
        [{"name": "cell", "cycle_time_s": CYCLE_S, "next": "exit"}],
        sources=[{"name": "orders", "to": "cell", "interarrival_s": ARRIVAL_S, "backlog": True}],
        horizon_days=horizon_s / 86_400, warmup_h=warmup_h,
    )


def _by_hand(horizon_s: float):
    """Order k (k = 1, 2, ...) is released at 60 k, starts at 60 + 90 (k - 1) and finishes
    90 s later; an order due exactly at the end is not yet released (the run stops first)."""
    released = [ARRIVAL_S * k for k in range(1, int(horizon_s // ARRIVAL_S) + 1)
                if ARRIVAL_S * k < horizon_s]
    starts = [ARRIVAL_S + CYCLE_S * i for i in range(len(released))]
    finishes = [start + CYCLE_S for start in starts]
    done = [f for f in finishes if f <= horizon_s]
    in_line_s = sum(min(f, horizon_s) - r for r, f in zip(released, finishes, strict=True))
    waiting_s = sum(min(s, horizon_s) - r for r, s in zip(released, starts, strict=True))
    lead_s = [f - r for r, f in zip(released, finishes, strict=True) if f <= horizon_s]
    # the queue is longest just after a release: orders out less those started before it
    longest = max(k - sum(s < r for s in starts) for k, r in enumerate(released, start=1))
    return len(released), len(done), in_line_s / horizon_s, waiting_s / horizon_s, lead_s, longest


def test_orders_released_without_events_are_counted_at_their_own_release_times():
    result = run_replication(_slow_station(), 0, 1)
    released, finished, wip_mean, waiting_mean, lead_s, longest = _by_hand(HORIZON_S)
    assert (result.released, result.created, result.finished) == (released, released, finished)
    assert result.wip_end == released - finished
    # the time integrals see each order from its release time, not from when it was looked at
    assert result.wip_mean_units == pytest.approx(wip_mean, rel=1e-12)
    assert result.wip_per_hour[0] == pytest.approx(wip_mean, rel=1e-12)
    station = result.stations[0]
    assert station.buffer_mean_units == pytest.approx(waiting_mean, rel=1e-12)
    assert station.buffer_max_units == longest
    assert result.order_backlog_units == released - finished - 1  # one order is on the machine
    assert result.lead_time_mean_s == pytest.approx(sum(lead_s) / len(lead_s), rel=1e-12)
    assert result.lead_time_max_s == pytest.approx(max(lead_s), rel=1e-12)


def test_hourly_wip_of_a_growing_queue_matches_the_hand_integral_hour_by_hour():
    result = run_replication(_slow_station(horizon_s=3 * HORIZON_S), 0, 1)
    hours = [_by_hand(h * HORIZON_S)[2] * h * HORIZON_S for h in (1, 2, 3)]
    # the integral over [0, h] counts the orders still in the line at h up to h: differences
    # of the cumulative integral give each hour's time-average WIP
    by_hour = [hours[0], hours[1] - hours[0], hours[2] - hours[1]]
    assert list(result.wip_per_hour) == pytest.approx([a / HORIZON_S for a in by_hour], rel=1e-12)


def test_an_order_due_exactly_at_the_end_of_the_warm_up_counts_in_the_measured_period():
    warm = run_replication(_slow_station(warmup_h=0.5), 0, 1)  # orders at 60 s ... 1800 s
    # measured period [1800, 5400): the orders at 1800, 1860, ..., 5340 are released in it
    assert warm.released == int(HORIZON_S // ARRIVAL_S)
