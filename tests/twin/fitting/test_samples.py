"""Durations cut out of a hand-written log: resumed cycles, working time between failures."""

import numpy as np

from twin.fitting import parse_event_log, station_samples

# one machine, times in seconds: a cycle interrupted by a failure, then more cycles
LOG = """station,state,start_s,end_s
m,working,0,50
m,working,50,110
m,working,110,130
m,failed,130,430
m,working,430,470
m,working,470,530
m,starved,530,600
m,working,600,660
m,failed,660,760
m,working,760,800
"""


def test_cycles_resume_after_a_failure_and_the_first_and_open_ones_are_handled():
    samples = station_samples(parse_event_log(LOG))["m"]
    # 0-50 began with the log (dropped); 50-110; 110-130 + 430-470 resumed; 470-530;
    # 600-660 + 760-800 resumed, still open at the end (censored)
    assert list(samples.cycle_s.values) == [60, 60, 60, 100]
    assert list(samples.cycle_s.censored) == [False, False, False, True]


def test_time_between_failures_counts_working_time_only_and_skips_the_first():
    samples = station_samples(parse_event_log(LOG))["m"]
    # working time between the failure ending at 430 and the one starting at 660:
    # 40 + 60 + 60 = 160 s (the starved 70 s do not count); after the last failure 40 s, open
    assert list(samples.between_failures_s.values) == [160, 40]
    assert list(samples.between_failures_s.censored) == [False, True]
    assert list(samples.repair_s.values) == [300, 100]
    assert not samples.repair_s.censored.any()


def test_state_seconds_add_up_to_the_logged_time():
    samples = station_samples(parse_event_log(LOG))["m"]
    assert samples.state_s["failed"] == 400
    assert samples.state_s["starved"] == 70
    assert np.isclose(sum(samples.state_s.values()), 800)


def test_off_shift_stops_the_clocks_of_a_cycle_and_of_a_repair():
    log = parse_event_log("""station,state,start_s,end_s
m,starved,0,10
m,working,10,40
m,off_shift,40,100
m,working,100,130
m,working,130,190
m,failed,190,200
m,off_shift,200,300
m,failed,300,320
m,working,320,380
m,starved,380,400
m,off_shift,400,500
m,working,500,560
""")
    samples = station_samples(log)["m"]
    # 10-40 + 100-130 is one cycle of 60 s; 130-190 + 320-380 another (cut by the failure);
    # after starved and off shift, 500-560 is a new cycle (censored: it reaches the log end)
    assert list(samples.cycle_s.values) == [60, 120, 60]
    assert list(samples.cycle_s.censored) == [False, False, True]
    assert list(samples.repair_s.values) == [30]  # 190-200 + 300-320: one repair
