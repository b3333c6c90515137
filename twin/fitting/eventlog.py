"""Reading an MES/andon event log: one row per machine state interval, checked row by row.

The documented format is a comma-separated UTF-8 file with the columns ``station``,
``machine``, ``state``, ``start`` and ``end`` (aliases in :mod:`twin.fitting.states`). Times are
ISO 8601 (``2026-03-02T06:00:00``, with or without ``T``, seconds, fractions or a UTC offset),
``DD.MM.YYYY HH:MM[:SS]``, or plain numbers of seconds. An empty ``end`` marks a state still open
when the log was written. Every problem is reported with the file line and column that hold it,
so a user can fix the export; nothing is read half.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lines.file_reader import FileFormatError, check_size, decode_text, read_bytes
from twin.fitting.states import COLUMN_ALIASES, COLUMN_OF, STATE_OF, describe_states, normalise

WHAT = "CSV event log"
_EPS_S = 1e-6
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "bars"}
_DOTTED = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")


class EventLogError(FileFormatError):
    """An event log that cannot be used; the message names the file, line and column."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(source, [problem], WHAT)


@dataclass(frozen=True)
class EventLog:
    """A checked event log: state intervals in seconds since the log's first timestamp.

    ``frame`` has the columns ``station``, ``machine``, ``state``, ``start_s``, ``end_s``,
    ``censored`` (the interval was still open when the log ended) and ``line`` (file line);
    ``origin`` is the wall-clock time of ``start_s = 0`` (None for logs in plain seconds).
    """

    frame: pd.DataFrame
    origin: pd.Timestamp | None
    source: str = "<event log>"

    @property
    def end_s(self) -> float:
        """When the log ends: the latest time it records [s]."""
        return float(self.frame["end_s"].max())

    @property
    def stations(self) -> tuple[str, ...]:
        """Station names in the order they first appear."""
        return tuple(dict.fromkeys(self.frame["station"]))


def read_event_log(source: str | os.PathLike[str] | bytes, name: str | None = None) -> EventLog:
    """Read and check an event log from a path or from the file's bytes (an upload).

    The bytes go through the project's one reader (size bound, directories, encoding: UTF-8
    with or without a byte-order mark), so a bad file reads as any other bad input does.
    """
    try:
        if isinstance(source, bytes):
            data, label = source, name or "<upload>"
            check_size(len(data), label, WHAT)
        else:
            label = name or str(source)
            data = read_bytes(source, WHAT)
        text = decode_text(data, label, WHAT)
    except FileFormatError as error:
        raise EventLogError(label, error.problems[0]) from None
    return parse_event_log(text, label)


def parse_event_log(text: str, source: str = "<event log>") -> EventLog:
    """Check the text of an event log and return its intervals."""
    rows = list(csv.reader(io.StringIO(text)))
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise EventLogError(source, "the file is empty (expected a header line and rows)")
    header, body = rows[0], rows[1:]
    columns = _columns(header, source)
    table = _table(header, body, columns, source)
    if table.empty:
        raise EventLogError(source, "line 1 is a header but no data rows follow it")
    labels = {name: header[index] for name, index in columns.items()}
    frame, origin = _times(table, labels, source)
    frame = _checked(frame, labels, source)
    return EventLog(frame, origin, source)


def _columns(header: list[str], source: str) -> dict[str, int]:
    """Which file column holds each documented column."""
    if len(header) == 1:
        for separator, word in _SEPARATORS.items():
            if separator in header[0]:
                raise EventLogError(
                    source, f"line 1: the header {header[0]!r} is one column: the columns are "
                    f"separated by {word}, expected commas (save as comma-separated CSV)"
                )
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        canonical = COLUMN_OF.get(normalise(cell))
        if canonical is None:
            continue
        if canonical in found:
            raise EventLogError(
                source, f"line 1, column {cell!r}: a second column for {canonical!r} "
                f"(the first is {header[found[canonical]]!r})"
            )
        found[canonical] = index
    missing = [name for name in ("station", "state", "start", "end") if name not in found]
    if missing:
        accepted = "; ".join(f"{m}: {', '.join(COLUMN_ALIASES[m])}" for m in missing)
        raise EventLogError(
            source, f"line 1: missing column(s) {', '.join(missing)} in header "
            f"{', '.join(header)} (accepted names: {accepted})"
        )
    return found


def _table(
    header: list[str], body: list[list[str]], columns: dict[str, int], source: str
) -> pd.DataFrame:
    """The raw cells of the data rows, each with its file line; blank lines are skipped."""
    records = []
    for offset, row in enumerate(body):
        line = offset + 2
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise EventLogError(
                source, f"line {line}: {len(row)} fields but the header has {len(header)} "
                "(a comma inside an unquoted value?)"
            )
        record: dict[str, str | int] = {name: row[index].strip() for name, index in columns.items()}
        record.setdefault("machine", "1")
        record["line"] = line
        records.append(record)
    frame = pd.DataFrame(records, columns=["station", "machine", "state", "start", "end", "line"])
    for name in ("station", "machine", "state", "start"):
        _no_blanks(frame, name, header[columns[name]] if name in columns else name, source)
    frame["state"] = [_state(v, line, header[columns["state"]], source)
                      for v, line in zip(frame["state"], frame["line"], strict=True)]
    return frame


def _no_blanks(frame: pd.DataFrame, name: str, label: str, source: str) -> None:
    blank = frame[frame[name] == ""]
    if not blank.empty:
        line = blank["line"].iloc[0]
        raise EventLogError(source, f"line {line}, column {label!r}: empty value")


def _state(value: str, line: int, label: str, source: str) -> str:
    canonical = STATE_OF.get(normalise(value))
    if canonical is None:
        raise EventLogError(
            source, f"line {line}, column {label!r}: unknown state {value!r}; "
            f"known states (aliases): {describe_states()}"
        )
    return canonical


def _times(
    table: pd.DataFrame, labels: dict[str, str], source: str
) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """Start and end as seconds since the first start; an empty end is open."""
    numeric = _as_numbers(table["start"]) is not None and (
        _as_numbers(table["end"].replace("", np.nan).dropna()) is not None
    )
    if numeric:
        start = table["start"].astype(float).to_numpy()
        end = pd.to_numeric(table["end"].replace("", np.nan)).to_numpy(dtype=float)
        origin = None
        zero = float(np.min(start))
    else:
        start_t = _as_datetimes(table, "start", labels["start"], source)
        end_t = _as_datetimes(table, "end", labels["end"], source)
        origin = start_t.min()
        zero = 0.0
        start = (start_t - origin).dt.total_seconds().to_numpy()
        end = (end_t - origin).dt.total_seconds().to_numpy()
    frame = table.drop(columns=["start", "end"]).assign(start_s=start - zero, end_s=end - zero)
    return frame, origin


def _as_numbers(values: pd.Series) -> pd.Series | None:
    converted = pd.to_numeric(values, errors="coerce")
    return None if converted.isna().any() else converted


def _as_datetimes(table: pd.DataFrame, column: str, label: str, source: str) -> pd.Series:
    raw = table[column]
    parsed = pd.to_datetime(raw.where(raw != ""), format="ISO8601", errors="coerce", utc=True)
    for form in _DOTTED:
        missing = parsed.isna() & (raw != "")
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(raw[missing], format=form, errors="coerce", utc=True)
    bad = parsed.isna() & (raw != "")
    if bad.any():
        row = table[bad].iloc[0]
        raise EventLogError(
            source, f"line {row['line']}, column {label!r}: cannot read the time "
            f"{row[column]!r} (use ISO 8601 such as 2026-03-02T06:00:00, DD.MM.YYYY HH:MM:SS, "
            "or seconds; all rows in one format)"
        )
    return parsed


def _checked(frame: pd.DataFrame, labels: dict[str, str], source: str) -> pd.DataFrame:
    """Order per machine, refuse reversed and overlapping intervals, mark the open ones."""
    backwards = frame[frame["end_s"] < frame["start_s"] - _EPS_S]
    if not backwards.empty:
        row = backwards.iloc[0]
        raise EventLogError(
            source, f"line {row['line']}, column {labels['end']!r}: the end is "
            f"{row['start_s'] - row['end_s']:g} s before the start "
            f"(station {row['station']!r}, machine {row['machine']!r})"
        )
    frame = frame.sort_values(["station", "machine", "start_s", "line"], kind="stable")
    log_end = float(np.nanmax(np.r_[frame["end_s"].to_numpy(), frame["start_s"].to_numpy()]))
    parts = [_machine_checked(group, log_end, labels, source)
             for _, group in frame.groupby(["station", "machine"], sort=False)]
    return pd.concat(parts).sort_values(["start_s", "line"], kind="stable").reset_index(drop=True)


def _machine_checked(
    group: pd.DataFrame, log_end: float, labels: dict[str, str], source: str
) -> pd.DataFrame:
    starts, ends, lines = (group[c].to_numpy() for c in ("start_s", "end_s", "line"))
    states = group["state"].to_numpy()
    who = f"station {group['station'].iloc[0]!r} machine {group['machine'].iloc[0]!r}"
    open_rows = np.isnan(ends)
    if open_rows[:-1].any():
        line = lines[:-1][open_rows[:-1]][0]
        raise EventLogError(
            source, f"line {line}, column {labels['end']!r}: empty end (still open) but a "
            f"later row of {who} follows it"
        )
    overlap = np.flatnonzero(starts[1:] < ends[:-1] - _EPS_S)
    if overlap.size:
        i = overlap[0]
        raise EventLogError(
            source, f"line {lines[i + 1]}, column {labels['start']!r}: {who} starts "
            f"{states[i + 1]!r} {ends[i] - starts[i + 1]:g} s before the {states[i]!r} of line "
            f"{lines[i]} ends (overlapping states on one machine)"
        )
    ends = np.where(open_rows, log_end, ends)
    last = np.arange(len(ends)) == len(ends) - 1
    censored = open_rows | (last & (ends >= log_end - _EPS_S))
    return group.assign(end_s=ends, censored=censored)


def cut_event_log(log: EventLog, end_s: float) -> EventLog:
    """The log as if it had been exported at ``end_s``.

    Later rows are dropped; rows under way at ``end_s`` are cut there and marked censored.
    """
    frame = log.frame[log.frame["start_s"] < end_s]
    cut = frame["end_s"] >= end_s - _EPS_S
    frame = frame.assign(end_s=np.minimum(frame["end_s"], end_s), censored=cut)
    return EventLog(frame.reset_index(drop=True), log.origin, f"{log.source} (cut at {end_s:g} s)")
