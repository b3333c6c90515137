"""State intervals keep the given line order for any station name (``twin.ui.tables``)."""

from __future__ import annotations

from twin.ui import tables


def test_state_intervals_keep_line_order_for_a_station_name_ending_in_a_space():
    # station names are free text; "weld " (a trailing space) is listed first, "press" second,
    # so its machine "weld  #1" comes first although "p" sorts before "w"
    trace = [(0.0, "press", 0, "working"), (0.0, "weld ", 0, "starved"),
             (1800.0, "weld ", 0, "working")]
    frame = tables.state_intervals(trace, 0.0, 3600.0, stations=["weld ", "press"])
    rows = [tuple(r) for r in frame.itertuples(index=False)]
    assert rows == [("weld  #1", "starved", 0.0, 0.5), ("weld  #1", "working", 0.5, 0.5),
                    ("press #1", "working", 0.0, 1.0)]


def test_state_intervals_rank_a_station_whose_name_holds_a_number_sign_by_the_line_order():
    # "weld #2" is a station (machine "weld #2 #1"): only the last " #" starts the machine
    # number. Line order: weld #2, then press; "assembly" is not listed, so it comes last
    # although it sorts first by name
    trace = [(0.0, "assembly", 0, "working"), (0.0, "press", 0, "working"),
             (0.0, "weld #2", 0, "working")]
    frame = tables.state_intervals(trace, 0.0, 3600.0, stations=["weld #2", "press"])
    assert list(frame["machine"]) == ["weld #2 #1", "press #1", "assembly #1"]
