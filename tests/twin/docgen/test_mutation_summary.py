"""The mutation summary counts mutmut's verdicts per package and shows each survivor's change."""

from __future__ import annotations

import json

from twin.docgen import mutation_summary as summary

MUTATED = '''
def x_area__mutmut_orig(w, h):
    return w * h

def x_area__mutmut_1(w, h):
    return w / h

def x_area__mutmut_2(w, h):
    return w + h
'''


def fake_results(folder):
    (folder / "twin" / "cost").mkdir(parents=True)
    (folder / "twin" / "cost" / "pbcm.py").write_text(MUTATED)
    codes = {"twin.cost.pbcm.x_area__mutmut_1": 1, "twin.cost.pbcm.x_area__mutmut_2": 0,
             "twin.cost.pbcm.x_area__mutmut_3": 36, "twin.cost.pbcm.x_area__mutmut_4": 33,
             "twin.cost.pbcm.x_area__mutmut_5": None}
    (folder / "twin" / "cost" / "pbcm.py.meta").write_text(json.dumps(
        {"exit_code_by_key": codes}))


def test_verdicts_are_counted_per_package_with_timeouts_as_killed(tmp_path):
    fake_results(tmp_path)
    mutants = summary.read_mutants(tmp_path)
    assert {m.name.rsplit("_", 1)[-1]: m.status for m in mutants} == {
        "1": "killed", "2": "survived", "3": "timeout", "4": "no tests", "5": "not run"}
    assert {m.package for m in mutants} == {"twin/cost"}
    # 4 ran (the one not run is left out): killed + timeout = 2 -> 50 %
    row = summary.share_row("twin/cost", mutants)
    assert row == "| twin/cost | 4 | 2 | 1 | 1 | 0 | 1 | 50.0% |"


def test_a_survivor_is_listed_with_its_changed_line(tmp_path):
    fake_results(tmp_path)
    mutants = summary.read_mutants(tmp_path)
    page = summary.render(mutants, {"twin.cost.*": 120.0}, tmp_path)
    assert "| x_area__mutmut_2 | `return w * h` -> `return w + h` | not reviewed |" in page
    assert "| twin/cost | `area` | 1 |" in page  # the function no selected test calls
    assert "- `twin.cost.*`: 2.0 min" in page


def test_select_turns_changed_model_files_into_mutant_patterns(monkeypatch):
    monkeypatch.setattr(summary, "changed_files", lambda base: [
        "twin/cost/pbcm.py", "twin/runtime/__init__.py", "twin/cli/run.py", "README.md"])
    assert summary.select("HEAD") == ["twin.cost.pbcm.*", "twin.runtime.*"]
