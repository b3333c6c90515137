"""Reading event logs: documented names, aliases, time formats; bad logs named by line and
column."""

import pytest

from twin.fitting import EventLogError, parse_event_log, read_event_log

GOOD = (
    "station,machine,state,start,end\n"
    "press,1,working,2026-03-02T06:00:00,2026-03-02T06:01:00\n"
    "press,1,failed,2026-03-02T06:01:00,2026-03-02T06:11:00\n"
    "press,1,working,2026-03-02T06:11:00,\n"
)


def test_the_documented_format_gives_seconds_since_the_first_start_and_marks_open_rows():
    log = parse_event_log(GOOD)
    frame = log.frame.sort_values("start_s")
    assert list(frame["state"]) == ["working", "failed", "working"]
    assert list(frame["start_s"]) == [0.0, 60.0, 660.0]
    assert list(frame["end_s"])[:2] == [60.0, 660.0]
    assert list(frame["censored"]) == [False, False, True]  # the empty end: still open


def test_aliases_dotted_dates_and_a_utf8_bom_read_the_same_as_the_documented_format():
    aliased = (
        "\ufeffWork Center,Equipment,Status,Start Time,End-Time\n"
        "press,1,Running,02.03.2026 06:00:00,02.03.2026 06:01:00\n"
        "press,1,DOWN,02.03.2026 06:01,02.03.2026 06:11\n"
        "press,1,run,02.03.2026 06:11:00,\n"
    )
    a = parse_event_log(GOOD).frame.drop(columns="line")
    b = read_event_log(aliased.encode("utf-8")).frame.drop(columns="line")
    assert a.equals(b)


def test_plain_seconds_and_utc_offsets_are_accepted():
    seconds = parse_event_log("station,state,start_s,end_s\na,working,100,160\na,failed,160,200\n")
    assert list(seconds.frame["start_s"]) == [0.0, 60.0]
    assert seconds.origin is None
    offset = parse_event_log(
        "station,state,start,end\na,working,2026-03-02T06:00:00+01:00,2026-03-02T05:30:00Z\n")
    assert offset.frame["end_s"].iloc[0] == 30 * 60


BAD = {
    "end before start": (
        "station,machine,state,start,end\n"
        "press,1,working,2026-03-02T06:00:00,2026-03-02T06:01:00\n"
        "press,1,failed,2026-03-02T06:05:00,2026-03-02T06:02:00\n",
        ["line 3", "column 'end'", "before the start"]),
    "overlap": (
        "station,machine,state,start,end\n"
        "press,1,working,2026-03-02T06:00:00,2026-03-02T06:02:00\n"
        "press,1,failed,2026-03-02T06:01:00,2026-03-02T06:09:00\n",
        ["line 3", "column 'start'", "overlapping", "line 2"]),
    "unknown state": (
        "station,machine,state,start,end\npress,1,smoko,2026-03-02T06:00,2026-03-02T06:02\n",
        ["line 2", "column 'state'", "unknown state 'smoko'", "working (running"]),
    "empty file": ("", ["the file is empty"]),
    "header only": ("station,machine,state,start,end\n", ["no data rows"]),
    "semicolons": (
        "station;machine;state;start;end\npress;1;working;2026-03-02T06:00;2026-03-02T06:01\n",
        ["line 1", "semicolons", "expected commas"]),
    "bad time": (
        "station,machine,state,start,end\npress,1,working,yesterday,2026-03-02T06:01\n",
        ["line 2", "column 'start'", "'yesterday'"]),
    "missing column": ("station,machine,start,end\np,1,0,1\n", ["missing column(s) state"]),
    "ragged row": (
        "station,machine,state,start,end\npress,1,working,0,1,extra\n",
        ["line 2", "6 fields", "header has 5"]),
    "open row not last": (
        "station,machine,state,start,end\npress,1,working,0,\npress,1,failed,10,20\n",
        ["line 2", "column 'end'", "still open"]),
    "empty station": ("station,machine,state,start,end\n,1,working,0,1\n",
                      ["line 2", "column 'station'", "empty value"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_log_is_refused_with_its_line_and_column(case):
    text, words = BAD[case]
    with pytest.raises(EventLogError) as error:
        parse_event_log(text, "plant.csv")
    message = str(error.value)
    assert message.startswith("plant.csv: ")
    for word in words:
        assert word in message


def test_a_utf16_file_is_refused_naming_the_encoding():
    with pytest.raises(EventLogError, match=r"^plant.csv: is UTF-16 text; save it as UTF-8 "
                                            r"\(it starts with a UTF-16 byte-order mark"):
        read_event_log(GOOD.encode("utf-16"), "plant.csv")


# The classes below are the project's one reader's (parts_catalog.file_bytes): an event log
# is refused as a scenario or a mesh file is, and still as an EventLogError.


def test_a_latin1_log_is_refused_with_the_line_and_column_of_the_bad_byte(tmp_path):
    path = tmp_path / "plant.csv"
    path.write_bytes((GOOD + "Schweißzelle,1,working,2026-03-02T06:20:00,\n").encode("latin-1"))
    with pytest.raises(EventLogError) as error:
        read_event_log(path)
    # line 5 is the added row; "Schwei" is 6 characters, so the sharp s is column 7
    assert str(error.value) == (f"{path}: line 5, column 7: byte 0xdf is not UTF-8 text; "
                                "save the file as UTF-8")


def test_a_utf8_bom_file_on_disk_reads_as_the_same_log_without_it(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    log = read_event_log(path)
    assert log.source == str(path)
    assert log.frame.equals(parse_event_log(GOOD).frame)  # the header's first column is read


def test_a_directory_and_a_missing_path_are_refused_naming_them(tmp_path):
    with pytest.raises(EventLogError) as directory:
        read_event_log(tmp_path)
    assert str(directory.value) == f"{tmp_path}: is a directory, not a CSV event log"
    with pytest.raises(EventLogError, match="absent.csv: cannot read the file: No such file"):
        read_event_log(tmp_path / "absent.csv")


def test_a_log_over_the_size_bound_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("parts_catalog.file_bytes.MAX_FILE_BYTES", 1_000_000)
    path = tmp_path / "huge.csv"
    path.write_bytes(GOOD.encode() + b"\n" * 3_000_000)  # blank lines: valid but for its size
    expected = "is 3 MB; a CSV event log is at most 1 MB (is this the right file?)"
    with pytest.raises(EventLogError) as on_disk:
        read_event_log(path)
    with pytest.raises(EventLogError) as upload:
        read_event_log(path.read_bytes(), "upload.csv")
    assert (str(on_disk.value), str(upload.value)) == (f"{path}: {expected}",
                                                       f"upload.csv: {expected}")


def test_a_binary_file_is_refused_as_not_text():
    with pytest.raises(EventLogError, match="^shot.png: is a binary file, not a CSV event log"):
        read_event_log(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "shot.png")
