"""The one output writer: tables, extra files and one metadata.json shape, all or nothing."""

import json

import pandas as pd
import pytest

from twin.outputs import RunMetadata, write_outputs

KEYS = {"command", "arguments", "created_utc", "scenarios", "seed", "replications", "seed_rule",
        "replication_seeds", "experiments", "versions", "platform", "details"}


def test_tables_files_and_metadata_land_together(tmp_path):
    out = tmp_path / "out"
    meta = RunMetadata("demo", {"out": tmp_path, "n": 2}, seed=3, details={"k": {1, 2}})
    written = write_outputs(out, {"a": pd.DataFrame({"x_kg": [1.0]})}, meta,
                            {"mesh/p.stl": b"solid", "scenario.yaml": "name: x\n"})
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "a.csv", "mesh/p.stl", "metadata.json", "scenario.yaml"]
    document = json.loads((out / "metadata.json").read_text())
    assert set(document) == KEYS
    assert document["arguments"] == {"out": str(tmp_path), "n": 2}
    assert document["details"] == {"k": [1, 2]}
    assert document["seed_rule"] is None  # no replications ran


def test_clashing_names_write_nothing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="metadata.json"):
        write_outputs(out, {}, RunMetadata("demo"), {"metadata.json": "{}"})
    assert not out.exists()
