"""From plant data to twin: fit stations from an MES/andon event log (scipy.stats, censoring).

``read_event_log(path)`` checks a log row by row; ``fit_event_log(log)`` fits, per station,
the cycle time, the working time between failures and the time to repair (exponential,
Weibull, lognormal, gamma, normal, empirical; right-censored rows count), ranks them by AIC,
tests the pick against Kaplan-Meier with a parametric bootstrap, and reads the shift calendar;
``fitted_scenario(fit, base)`` turns the picks into a scenario that ``gigatwin run`` accepts.
"""

from twin.fitting.calendar import shift_calendar
from twin.fitting.candidates import FAMILIES, CandidateFit, Estimate, fit_candidate, fit_candidates
from twin.fitting.eventlog import (
    EventLog,
    EventLogError,
    cut_event_log,
    parse_event_log,
    read_event_log,
)
from twin.fitting.fragment import fitted_scenario, fragment_yaml, station_block
from twin.fitting.goodness import bootstrap_p_value, kaplan_meier, km_distance
from twin.fitting.report import (
    QUANTITIES,
    LogFit,
    QuantityFit,
    StationFit,
    candidates_table,
    fit_event_log,
    reliability_table,
    state_share_table,
)
from twin.fitting.samples import Sample, StationSamples, station_samples
from twin.fitting.trace_export import (
    ORIGIN,
    event_log_frame,
    off_shift_intervals,
    simulated_event_log,
)

__all__ = [
    "FAMILIES",
    "ORIGIN",
    "QUANTITIES",
    "CandidateFit",
    "Estimate",
    "EventLog",
    "EventLogError",
    "LogFit",
    "QuantityFit",
    "Sample",
    "StationFit",
    "StationSamples",
    "bootstrap_p_value",
    "candidates_table",
    "cut_event_log",
    "event_log_frame",
    "fit_candidate",
    "fit_candidates",
    "fit_event_log",
    "fitted_scenario",
    "fragment_yaml",
    "kaplan_meier",
    "km_distance",
    "off_shift_intervals",
    "parse_event_log",
    "read_event_log",
    "reliability_table",
    "shift_calendar",
    "simulated_event_log",
    "state_share_table",
    "station_block",
    "station_samples",
]
