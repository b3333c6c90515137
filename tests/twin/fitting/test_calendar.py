"""The shift calendar read back from a log written from a known two-shift, five-day week."""

import pandas as pd

from twin.fitting import parse_event_log, shift_calendar


def _log_of_a_two_shift_week(weeks=2):
    """Monday 2026-03-02: on shift 06:00-22:00 Mon-Fri with a 30-min break at 09:00 and
    17:00; off shift the rest of the time (the two weekend days too)."""
    rows, day0 = [], pd.Timestamp("2026-03-02")
    for day in range(7 * weeks):
        start = day0 + pd.Timedelta(days=day)
        if day % 7 >= 5:
            rows.append(("off_shift", start, start + pd.Timedelta(days=1)))
            continue
        marks = [(0, "off_shift"), (6, "working"), (9, "off_shift"), (9.5, "working"),
                 (17, "off_shift"), (17.5, "working"), (22, "off_shift"), (24, None)]
        for (h0, state), (h1, _) in zip(marks, marks[1:], strict=False):
            rows.append((state, start + pd.Timedelta(hours=h0), start + pd.Timedelta(hours=h1)))
    lines = ["station,state,start,end"] + [f"a,{s},{b.isoformat()},{e.isoformat()}"
                                           for s, b, e in rows]
    return parse_event_log("\n".join(lines))


def test_shifts_days_and_breaks_are_read_from_the_off_shift_rows():
    calendar = shift_calendar(_log_of_a_two_shift_week())
    assert calendar is not None
    assert calendar.days_per_week == 5
    assert calendar.shifts_per_day == 2
    assert calendar.shift_length_h == 8
    assert calendar.first_shift_start_h == 6
    assert [(b.after_h, b.duration_min) for b in calendar.breaks] == [(3.0, 30.0)]


def test_a_log_without_off_shift_rows_is_24_7():
    log = parse_event_log("station,state,start_s,end_s\na,working,0,100\n")
    assert shift_calendar(log) is None
