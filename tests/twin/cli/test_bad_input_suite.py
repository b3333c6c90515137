"""Bad input by class: mutated scenario, route, rates and CSV files through the real front door.

Hypothesis mutates valid files (values -> wrong types, non-finite, huge, negative, empty;
keys deleted or misspelt; bytes truncated, re-encoded, made binary) and runs them through
``twin.cli.main`` as a user would. Every outcome must be a valid run (exit 0) or exit 2 with
a message naming the file and a field (or the line of a syntax or encoding error): never a
traceback, never a run longer than ``TIME_BOUND_S``, never a change to an existing ``--out``.
The seed and example counts are fixed so the suite is reproducible and takes about a minute.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from lines import Scenario
from lines.routes import ROUTE_KINDS, SCENARIO_DIR
from twin.cli import main
from twin.cost import CostRates

REPO = Path(__file__).resolve().parents[3]
SCENARIO_TEXT = (REPO / "examples" / "two_station_line.yaml").read_text()
WELDED_TEXT = (SCENARIO_DIR / "welded_rear_underbody.yaml").read_text()
RATES_TEXT = yaml.safe_dump({"labour_usd_per_h": 45.0, "electricity_usd_per_kwh": 0.12})
SHOT_CSV_TEXT = "melt_temp_c,die_temp_c,scrap\n680,200,0\n690,210,1\n"
TIME_BOUND_S = 30.0
"""Longest a single mutated run may take: the runs are short (``--days 0.2``)."""
SUITE = settings(max_examples=40, deadline=None, derandomize=False, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])

BAD_VALUES = st.sampled_from([
    float("nan"), float("inf"), float("-inf"), -1, 0, -1e-9, 1e12, 10**9, 10**30, 1e-300,
    "abc", "", True, None, [], {}, [1, 2], {"dist": "exponential"}, {"dist": "nope", "mean": 1},
])


def field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name (and alias) of ``model`` and of the models nested in it."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names |= {name, info.alias or name}
        for kind in _models_in(info.annotation):
            names |= field_names(kind, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _models_in(arg)
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found += _models_in(getattr(meta, "discriminator", None))
    return found


FIELDS = (field_names(Scenario) | {n for k in ROUTE_KINDS.values() for n in field_names(k)}
          | field_names(CostRates) | {"route", "value", "mean", "sd", "low", "high", "mode",
                                       "shape", "scale", "samples", "dist", "horizon_days"})
WHERE = re.compile(r"line \d+|binary|UTF-8|mapping|directory|column|row|separator|empty|"
                   r"CSV|shots")


def leaf_paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Paths to every scalar (and every mapping key) of a parsed YAML document."""
    if isinstance(node, dict):
        paths = [prefix + (key,) for key in node]
        for key, value in node.items():
            paths += leaf_paths(value, prefix + (key,))
        return paths
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in leaf_paths(v, prefix + (i,))]
    return []


def set_path(document: Any, path: tuple, value: Any, delete: bool) -> None:
    """Set (or delete) the item at ``path``."""
    node = document
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@st.composite
def mutated_yaml(draw: st.DrawFn, text: str) -> bytes:
    """A valid YAML file with one value, key or the bytes themselves made wrong."""
    kind = draw(st.sampled_from(["value", "value", "value", "delete", "unknown_key", "bytes"]))
    if kind == "bytes":
        return draw(mutated_bytes(text.encode()))
    document = yaml.safe_load(text)
    path = draw(st.sampled_from(leaf_paths(document)))
    if kind == "unknown_key":
        set_path(document, (*path[:-1], f"{path[-1]}_typo"), 1, delete=False)
    else:
        set_path(document, path, draw(BAD_VALUES), delete=kind == "delete")
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """The file's bytes truncated, re-encoded (Latin-1, UTF-16, BOM), or with binary in them."""
    kind = draw(st.sampled_from(["truncate", "latin1", "utf16", "bom", "nul", "flip", "empty"]))
    cut = draw(st.integers(0, max(len(data) - 1, 0)))
    if kind == "truncate":
        return data[:cut]
    if kind == "latin1":
        return data[:cut] + "# Schweißzange\n".encode("latin-1") + data[cut:]
    if kind == "utf16":
        return data.decode().encode("utf-16")
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "nul":
        return data[:cut] + b"\x00\x00" + data[cut:]
    if kind == "flip":
        return data[:cut] + bytes([draw(st.integers(128, 255))]) + data[cut + 1:]
    return b""


@st.composite
def mutated_csv(draw: st.DrawFn, text: str) -> bytes:
    """A CSV with another separator, a BOM, another encoding, a header only, or tiny."""
    kind = draw(st.sampled_from(["semicolon", "tab", "bom", "latin1", "header", "one_row",
                                 "bytes", "blank_cell", "text_cell"]))
    if kind == "semicolon":
        return text.replace(",", ";").encode()
    if kind == "tab":
        return text.replace(",", "\t").encode()
    if kind == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if kind == "latin1":
        return (text + "700,205,0 # Prüfung\n").encode("latin-1")
    if kind == "header":
        return text.splitlines(keepends=True)[0].encode()
    if kind == "one_row":
        return "".join(text.splitlines(keepends=True)[:2]).encode()
    if kind == "blank_cell":
        return text.replace("690", "").encode()
    if kind == "text_cell":
        return text.replace("690", "hot").encode()
    return draw(mutated_bytes(text.encode()))


def front_door(argv: list[str]) -> tuple[int, str, float]:
    """Run ``gigatwin argv`` in this process: exit status, stderr, seconds taken."""
    err, out = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            main(argv)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return code, err.getvalue(), time.perf_counter() - start


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def store(tmp_path, monkeypatch):
    """Keep every run's record out of the user's experiment store."""
    monkeypatch.setenv("GIGATWIN_STORE", str(tmp_path / "experiments.db"))


def assert_valid_or_clear(argv: list[str], file: Path, out: Path | None = None) -> int:
    """The outcome is a valid run, or exit 2 naming ``file`` and a field: nothing else."""
    before = snapshot(out) if out is not None else None
    code, err, seconds = front_door(argv)
    assert "Traceback" not in err, err
    assert code in (0, 2), (code, err)
    assert seconds < TIME_BOUND_S, f"{argv} took {seconds:.1f} s"
    if code == 2:
        assert str(file) in err or file.name in err, err
        words = set(re.findall(r"[A-Za-z_]+", err))
        typos = {w for w in words if w.endswith("_typo")}  # the unknown key the user wrote
        assert words & FIELDS or typos or WHERE.search(err), err
        if out is not None:
            assert snapshot(out) == before, "a failed run changed --out"
    return code


@seed(16)
@SUITE
@given(data=mutated_yaml(SCENARIO_TEXT))
def test_a_mutated_scenario_runs_or_is_refused_naming_file_and_field(data, tmp_path, store):
    path = tmp_path / "scenario.yaml"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "summary.csv").write_text("kept from an earlier run\n")
    assert_valid_or_clear(["run", str(path), "--days", "0.2", "--replications", "2",
                           "--workers", "1", "--out", str(out)], path, out)


@seed(16)
@settings(SUITE, max_examples=30)
@given(data=mutated_yaml(WELDED_TEXT))
def test_a_mutated_route_file_is_valid_or_refused_naming_file_and_field(data, tmp_path):
    path = tmp_path / "welded.yaml"
    path.write_bytes(data)
    assert_valid_or_clear(["validate", str(path)], path)


@seed(16)
@settings(SUITE, max_examples=4)
@given(data=mutated_yaml(WELDED_TEXT))
def test_a_mutated_route_file_in_compare_runs_or_is_refused(data, tmp_path, store):
    path = tmp_path / "welded.yaml"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "summary.csv").write_text("kept\n")
    assert_valid_or_clear(["compare", "--welded", str(path), "--days", "0.05",
                           "--warmup-h", "0", "--replications", "1", "--workers", "1",
                           "--out", str(out)], path, out)


@seed(16)
@settings(SUITE, max_examples=30)
@given(data=mutated_yaml(RATES_TEXT))
def test_a_mutated_rates_file_is_valid_or_refused_naming_file_and_field(data, tmp_path):
    path = tmp_path / "rates.yaml"
    path.write_bytes(data)
    assert_valid_or_clear(["validate", str(path)], path)


@seed(16)
@settings(SUITE, max_examples=4)
@given(data=mutated_yaml(RATES_TEXT))
def test_a_mutated_rates_file_is_costed_or_refused_naming_file_and_field(data, tmp_path):
    path = tmp_path / "rates.yaml"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "cost_breakdown.csv").write_text("kept\n")
    code = assert_valid_or_clear(["cost", "--rates", str(path), "--out", str(out)], path, out)
    if code == 0:  # a valid rates file: every figure written is finite
        assert "inf" not in (out / "cost_breakdown.csv").read_text()


@seed(16)
@settings(SUITE, max_examples=25)
@given(data=mutated_csv(SHOT_CSV_TEXT))
def test_a_mutated_shot_csv_is_refused_with_a_hint(data, tmp_path):
    path = tmp_path / "shots.csv"
    path.write_bytes(data)
    code = assert_valid_or_clear(["validate", str(path)], path)
    assert code == 2  # two columns and two rows are never a usable shot file


@pytest.mark.parametrize("text", [SHOT_CSV_TEXT, SHOT_CSV_TEXT.replace(",", ";"), ""])
def test_training_on_a_tiny_or_misseparated_csv_exits_2_before_training(text, tmp_path):
    path = tmp_path / "shots.csv"
    path.write_text(text)
    code, err, _ = front_door(["train-defects", "--data", str(path)])
    assert code == 2, err
    assert "Traceback" not in err
    assert str(path) in err
