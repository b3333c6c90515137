"""The mutation summary counts mutmut's verdicts per package and shows each survivor's change."""

from __future__ import annotations

import json

import pytest

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
    assert row == "| twin/cost | 4 | 2 | 1 | 1 | 0 | 1 | 50.0% | the mutants run |"


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


def test_the_wilson_interval_matches_the_published_example():
    """Newcombe (1998), table I: 81 of 263 -> 0.2553 to 0.3662 (Wilson score, 95 %)."""
    low, high = summary.wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert summary.wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_a_seeded_sample_is_reproducible_and_drawn_without_replacement():
    population = [f"m.x_f__mutmut_{i}" for i in range(1000)]
    first = summary.draw_sample(population, 50, seed=18)
    assert first == summary.draw_sample(list(reversed(population)), 50, seed=18)
    assert len(set(first)) == 50
    assert set(first) <= set(population)
    assert first != summary.draw_sample(population, 50, seed=19)
    assert summary.draw_sample(population[:10], 50, seed=18) == sorted(population[:10])


def test_a_sampled_package_counts_only_its_sample_with_its_interval(tmp_path):
    fake_results(tmp_path)
    mutants = summary.read_mutants(tmp_path)
    sample = {"seed": 3, "size": 2, "population": 5,
              "names": ["twin.cost.pbcm.x_area__mutmut_1", "twin.cost.pbcm.x_area__mutmut_2"]}
    counted = summary.counted("twin/cost", mutants, {"twin/cost": sample})
    low, high = summary.wilson_interval(1, 2)
    assert summary.share_row("twin/cost", counted, sample) == (
        f"| twin/cost | 2 | 1 | 1 | 0 | 0 | 0 | 50.0% | sample of 2 of 5 (seed 3); "
        f"95 % {low:.1%} to {high:.1%} |")


def test_an_old_verdict_is_dropped_once_its_function_changed():
    now = [summary.Mutant("m.x_f__mutmut_1", "m.py", "not run", "h2"),
           summary.Mutant("m.x_g__mutmut_1", "m.py", "not run", "h1")]
    old = {"m.x_f__mutmut_1": {"status": "killed", "hash": "h1"},
           "m.x_g__mutmut_1": {"status": "survived", "hash": "h1"}}
    assert [m.status for m in summary.merged(now, old)] == ["not run", "survived"]


def test_a_survivor_gets_its_harmless_reason_or_its_open_need(monkeypatch):
    harmless = summary.Mutant("twin.ui.tables.x_csv_bytes__mutmut_4", "twin/ui/tables.py", "")
    assert summary.reason(harmless) == "'UTF-8' and 'utf-8' name the same codec"
    monkeypatch.setitem(summary.OPEN, "m.x_open__*", "needs a two-mode test")
    still_open = summary.Mutant("m.x_open__mutmut_1", "m.py", "")
    assert summary.reason(still_open) == "open: needs a two-mode test"
    assert summary.reason(summary.Mutant("m.x_g__mutmut_1", "m.py", "")) == ""
