"""The session file: every setting round-trips, and a bad file is refused naming file and field."""

from __future__ import annotations

import pytest

from lines.file_reader import FileFormatError
from twin import comparison
from twin.cost import CostRates
from twin.ui.session import SessionFile, parse_session, session_from_settings, session_yaml

ROUTE_RUN = {"days": 2.5, "replications": 4, "seed": 7}
PLAN_RUN = {"demand": 180_000.0, "days": 14.0, "replications": 3, "seed": 11}


def a_session() -> SessionFile:
    specs = comparison.default_specs()
    specs = {"welded": specs["welded"].with_changes(station_mtbf_h=6.5),
             "casting": specs["casting"].with_changes(cells=2, cycle_time_s=95.0)}
    cost = {"volume": 180_000.0, "rates": CostRates(labour_usd_per_h=41.0),
            "prices": {"alloy_usd_per_kg": 3.1}}
    return session_from_settings(specs, cost, ROUTE_RUN, PLAN_RUN)


def test_every_setting_round_trips_through_the_yaml_file():
    session = a_session()
    back = parse_session(session_yaml(session).encode("utf-8"), "s.yaml")
    assert back == session
    assert back.specs()["casting"].cells == 2
    assert back.specs()["casting"].cycle_time_s == 95.0
    assert back.specs()["welded"].station_mtbf_h == 6.5
    assert back.cost() == {"volume": 180_000.0, "rates": CostRates(labour_usd_per_h=41.0),
                           "prices": {"alloy_usd_per_kg": 3.1}}
    assert back.what_if_run.model_dump() == ROUTE_RUN
    assert back.plan_run.model_dump() == PLAN_RUN


def test_the_file_says_what_it_is_in_its_first_keys():
    text = session_yaml(a_session())
    keys = [line for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert keys[:2] == ["format: gigatwin-session", "version: 1"]


def broken(old: str, new: str) -> bytes:
    text = session_yaml(a_session())
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


@pytest.mark.parametrize(("data", "expected"), [
    (lambda: broken("cells: 2", "cells: -1"), "mine.yaml: casting.cells: "),
    (lambda: broken("days: 2.5", "days: .inf"), "mine.yaml: what_if_run.days: must be a finite"),
    (lambda: broken("replications: 4", "replications: 1"), "mine.yaml: what_if_run.replications"),
    (lambda: broken("labour_usd_per_h: 41.0", "labour_usd_per_h: -3"),
     "mine.yaml: rates.labour_usd_per_h"),
    (lambda: broken("alloy_usd_per_kg: 3.1", "alloy_usd_per_kg: 3.1\n  gold_usd_per_kg: 9"),
     "mine.yaml: prices.gold_usd_per_kg: unknown field"),
    (lambda: broken("demand: 180000.0", "demand: 9.0e9"), "mine.yaml: plan_run.demand"),
    (lambda: broken("version: 1", "version: 2"), "mine.yaml: version: this app reads"),
    (lambda: b"route: casting\ncells: 3\n", "mine.yaml: format: must be 'gigatwin-session'"),
    (lambda: b"format: gigatwin-session\nversion: 1\n", "welded: required field is missing"),
    (lambda: b"format: [gigatwin", "mine.yaml: line 1, column"),
    (lambda: b"- just\n- a list\n", "mine.yaml: the file must hold a mapping"),
    (lambda: b"\xff\xfeu\x00", "mine.yaml: is UTF-16 text"),
    (lambda: b"format: gigatwin-session\nname: \xe9t\xe9\n", "line 2, column 7: byte 0xe9"),
])
def test_a_bad_session_file_is_refused_naming_the_file_and_the_field(data, expected):
    with pytest.raises(FileFormatError) as caught:
        parse_session(data(), "mine.yaml")
    assert expected in str(caught.value)
    assert "pydantic" not in str(caught.value)
    assert "http" not in str(caught.value)
