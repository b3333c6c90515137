"""How a line runs: the SimPy runtime of a scenario (machines, buffers, clocks, special stations).

``run_replication(scenario, replication, seed)`` builds the processes of one replication,
runs them and returns its measured totals as plain numbers (:class:`ReplicationResult`).
"""

from twin.runtime.engine import DeadlockError, LineModel, run_replication
from twin.runtime.results import TIME_SPLIT, ReplicationResult, StationResult
from twin.runtime.streams import Streams

__all__ = [
    "TIME_SPLIT",
    "DeadlockError",
    "LineModel",
    "ReplicationResult",
    "StationResult",
    "Streams",
    "run_replication",
]
