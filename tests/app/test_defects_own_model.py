"""Defects page: train on a shot file with progress, see the card, put it on the casting line."""

from __future__ import annotations

from pathlib import Path

from ml import load_model


def test_train_on_a_shot_file_show_the_card_and_use_it_on_the_casting_line(app, open_page):
    at = open_page(app, "defects")
    at.session_state["defects_feature_cost_shots"] = 8_000  # a quick missing-feature cost
    at.button(key="defects_ex").click().run()
    at.button(key="defects_train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [m.label for m in at.metric]
    assert "Held-out ROC AUC" in labels
    card = "\n".join(block.value for block in at.code)
    assert "features missing die_temp_prev1_c" in card  # the example lacks six features
    assert "costs" in card  # ... and the card says what that costs in held-out AUC
    path = at.session_state["defects_own_model"]["path"]
    assert load_model(path).metadata["card"]["data_source"] == "user"
    at.button(key="defects_use").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["route_specs"]["casting"].defect_model == path
    assert Path(path).is_file()
    assert any("now uses this model" in s.value for s in at.success)
