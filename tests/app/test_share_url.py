"""A What-if shared as a URL: values parse back, bad parameters are named, the URL sets the form."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import REPO, SHORT_PLAN, TIMEOUT_S
from twin.ui.levers import LEVERS
from twin.ui.share import query_from_values, share_query, values_from_query


def test_values_round_trip_through_query_parameters():
    values = {"cycle": 117.5, "cells": 2, "steel": 1.1000000000000003, "days": 3.0,
              "replications": 5, "seed": 42}
    query = query_from_values(values)
    assert query == {"cycle": "117.5", "cells": "2", "steel": "1.1", "days": "3",
                     "replications": "5", "seed": "42"}
    back = values_from_query(query)
    assert back == pytest.approx(values, rel=1e-11)
    assert isinstance(back["cells"], int)
    assert isinstance(back["cycle"], float)
    assert share_query({"cells": 2, "seed": 1}) == "?cells=2&seed=1"


def test_every_lever_has_a_url_parameter():
    values = {lever.key: lever.minimum for lever in LEVERS}
    assert set(values_from_query(query_from_values(values))) == {lever.key for lever in LEVERS}


@pytest.mark.parametrize(("query", "expected"), [
    ({"cells": "0"}, "URL parameter cells: must be a whole number >= 1 (got '0')"),
    ({"cells": "1.5"}, "URL parameter cells: must be a whole number"),
    ({"cycle": "fast"}, "URL parameter cycle: must be a finite number >= 30 (got 'fast')"),
    ({"cycle": "inf"}, "URL parameter cycle: must be a finite number"),
    ({"days": "nan"}, "URL parameter days: must be a finite number >= 0.5 and <= 365"),
    ({"replications": "1000"}, "URL parameter replications: must be a whole number >= 2 and"),
    ({"colour": "red"}, "URL parameter colour: unknown"),
])
def test_a_bad_parameter_is_refused_by_name(query, expected):
    with pytest.raises(ValueError, match="URL parameter") as caught:
        values_from_query(query)
    assert expected in str(caught.value)


def test_all_bad_parameters_are_listed_together():
    with pytest.raises(ValueError, match="URL parameter") as caught:
        values_from_query({"cells": "0", "colour": "red", "cycle": "90"})
    assert "URL parameter cells" in str(caught.value)
    assert "URL parameter colour" in str(caught.value)
    assert "URL parameter cycle" not in str(caught.value)


def what_if_with_query(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state["plan_run"] = SHORT_PLAN
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("twin/ui/pages/what_if.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_opening_a_shared_url_sets_the_levers_and_keeps_the_others():
    at = what_if_with_query({"cycle": "150", "cells": "2", "days": "1", "replications": "2"})
    inputs = {widget.key: widget.value for widget in at.number_input}
    assert inputs["wi_cycle"] == 150.0
    assert inputs["wi_cells"] == 2
    assert inputs["wi_days"] == 1.0
    assert inputs["wi_reps"] == 2
    assert inputs["wi_die_life"] == 100_000  # not in the URL: the shipped value
    assert at.session_state["route_specs"]["casting"].cycle_time_s == 150.0
    assert at.session_state["route_run"]["days"] == 1.0
    # the address bar now carries every lever, so it can be copied as it is
    assert at.query_params["cycle"] == "150"
    assert at.query_params["die_life"] == "100000"
    assert "?cycle=150&cells=2&" in at.code[0].value


def test_a_bad_shared_url_shows_an_error_and_keeps_the_defaults():
    at = what_if_with_query({"cells": "zero", "days": "1", "replications": "2"})
    assert any("URL parameter cells" in error.value for error in at.error)
    inputs = {widget.key: widget.value for widget in at.number_input}
    assert inputs["wi_cells"] == 3
    assert inputs["wi_days"] == 5.0
