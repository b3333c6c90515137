"""The event-log vocabulary: column names and machine states, with the aliases MES exports use.

Names are compared after trimming, lower-casing and turning spaces and hyphens into
underscores, so ``Start Time``, ``start-time`` and ``start_time`` are the same column.
"""

from __future__ import annotations

COLUMNS = ("station", "machine", "state", "start", "end")
"""The documented column names; ``machine`` may be left out (one machine per station)."""

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "station": ("station", "workstation", "work_center", "workcenter", "cell", "operation"),
    "machine": ("machine", "machine_id", "machine_index", "equipment", "asset", "unit"),
    "state": ("state", "status", "state_name", "event", "event_type", "mode"),
    "start": ("start", "start_time", "start_ts", "begin", "from", "start_s", "timestamp_start"),
    "end": ("end", "end_time", "end_ts", "stop", "finish", "to", "end_s", "timestamp_end"),
}

STATE_ALIASES: dict[str, tuple[str, ...]] = {
    "working": ("working", "running", "run", "producing", "production", "busy", "cycle"),
    "failed": ("failed", "down", "breakdown", "failure", "fault", "alarm", "repair", "stopped"),
    "setup": ("setup", "changeover", "set_up", "tool_change"),
    "maintenance": ("maintenance", "planned_maintenance", "pm", "service", "die_change"),
    "blocked": ("blocked", "output_blocked", "full", "blocked_downstream"),
    "starved": ("starved", "waiting", "idle", "no_material", "starved_upstream"),
    "off_shift": ("off_shift", "off", "no_shift", "closed", "break", "planned_stop"),
}
"""Canonical state -> the names accepted for it (the canonical name first)."""

STATES = tuple(STATE_ALIASES)


def normalise(name: str) -> str:
    """A column or state name in the form the alias tables use."""
    return "_".join(str(name).strip().lower().replace("-", " ").split())


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: canonical for canonical, aliases in table.items() for alias in aliases}


COLUMN_OF = _lookup(COLUMN_ALIASES)
STATE_OF = _lookup(STATE_ALIASES)


def describe_states() -> str:
    """The accepted state names, for an error message."""
    return "; ".join(
        f"{name} ({', '.join(aliases[1:])})" for name, aliases in STATE_ALIASES.items()
    )
