import functools
import json
import pathlib
import zipfile

import numpy as np
import pytest
import skops.io as sio

import ml
from ml import (
    FEATURES,
    ModelFileError,
    default_model_path,
    load_default_model,
    load_model,
    read_sidecar,
    save_model,
)
from ml._persistence import file_sha256, sidecar_path


@pytest.fixture(scope="module")
def saved(trained, tmp_path_factory):
    return save_model(trained, tmp_path_factory.mktemp("model") / "model.skops")


def test_round_trip_gives_identical_probabilities(trained, saved, X_test):
    loaded = load_model(saved)
    X = X_test[:5_000]
    np.testing.assert_array_equal(loaded.p_by_class_batch(X), trained.p_by_class_batch(X))
    np.testing.assert_array_equal(loaded.in_loop_scorer().p_scrap_batch(X),
                                  trained.in_loop_scorer().p_scrap_batch(X))
    assert zipfile.is_zipfile(saved)
    meta = read_sidecar(saved)
    assert meta["features"] == list(FEATURES)
    assert meta["model_sha256"] == file_sha256(saved)
    assert {"scikit-learn", "skops", "numpy"} <= set(meta["versions"])


def test_tampered_file_fails_clearly(saved, tmp_path):
    copy = tmp_path / "model.skops"
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    sidecar_path(copy).write_text(sidecar_path(saved).read_text())
    with pytest.raises(ModelFileError, match="sha256"):
        load_model(copy)


def test_missing_sidecar_fails_clearly(saved, tmp_path):
    copy = tmp_path / "lonely.skops"
    copy.write_bytes(saved.read_bytes())
    with pytest.raises(ModelFileError, match="sidecar"):
        load_model(copy)


def _with_sidecar(path, features=FEATURES):
    """A sidecar of the right shape and hash, so only the model file itself is at fault."""
    sidecar_path(path).write_text(json.dumps({
        "format": "gigatwin-defect-model/1", "kind": "hgb", "features": list(features),
        "classes": ["scrap"], "versions": {}, "model_sha256": file_sha256(path)}))
    return path


def test_file_with_types_outside_the_allow_list_names_them(tmp_path):
    path = tmp_path / "foreign.skops"
    sio.dump({"payload": functools.partial(max, 1)}, path)  # a callable: code on load
    untrusted = sio.get_untrusted_types(file=path)
    assert "functools.partial" in untrusted
    with pytest.raises(ModelFileError, match="untrusted types") as info:
        load_model(_with_sidecar(path))
    for name in untrusted:
        assert name in str(info.value)


def test_foreign_file_with_safe_types_is_not_a_model(tmp_path):
    path = tmp_path / "dict.skops"
    sio.dump({"hello": [1, 2, 3]}, path)
    with pytest.raises(ModelFileError, match="not a GigaTwin defect model"):
        load_model(_with_sidecar(path))


def test_not_a_skops_file(tmp_path):
    path = tmp_path / "junk.skops"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(ModelFileError, match="not a readable skops file"):
        load_model(_with_sidecar(path))


def test_default_model_ships_and_scores(X_test):
    model = load_default_model()
    assert default_model_path().stat().st_size < 3_000_000
    assert model.metadata["features"] == list(FEATURES)
    p = model.in_loop_scorer().p_scrap_batch(X_test[:1_000])
    assert np.all((p > 0) & (p < 1))


def test_ml_never_uses_pickle_or_joblib():
    for source in pathlib.Path(ml.__file__).parent.glob("*.py"):
        text = source.read_text()
        assert "import pickle" not in text, source
        assert "joblib" not in text, source


def test_a_scikit_learn_estimator_is_the_wrong_type(tmp_path):
    from sklearn.linear_model import LogisticRegression

    path = tmp_path / "estimator.skops"
    sio.dump(LogisticRegression(), path)  # a real skops file, but not a GigaTwin model
    with pytest.raises(ModelFileError, match="not a GigaTwin defect model.*LogisticRegression"):
        load_model(_with_sidecar(path))


@pytest.mark.parametrize("sidecar", [
    [1, 2, 3],  # a list, not a mapping
    {"model_sha256": "0" * 64},  # a mapping without the format tag, features, ...
    {"format": "someone-elses-model/2", "kind": "hgb", "features": ["a"], "classes": ["b"],
     "versions": {}, "model_sha256": "0" * 64},  # another format tag
    {"format": "gigatwin-defect-model/1", "kind": "hgb", "features": "melt_temp_c",
     "classes": ["scrap"], "versions": {}, "model_sha256": "0" * 64},  # features not a list
    {"format": "gigatwin-defect-model/1", "kind": "hgb", "features": ["melt_temp_c"],
     "classes": ["scrap"], "versions": {}, "model_sha256": "xyz"},  # not a sha256
])
def test_sidecar_of_the_wrong_shape_is_refused_naming_the_field(saved, tmp_path, sidecar):
    copy = tmp_path / "model.skops"
    copy.write_bytes(saved.read_bytes())
    sidecar_path(copy).write_text(json.dumps(sidecar))
    with pytest.raises(ModelFileError, match="not a GigaTwin model sidecar") as info:
        load_model(copy)
    assert "refusing to load" in str(info.value)


def test_sidecar_hash_of_another_file_is_refused(saved, tmp_path):
    copy = tmp_path / "model.skops"
    copy.write_bytes(saved.read_bytes())
    meta = json.loads(sidecar_path(saved).read_text())
    meta["model_sha256"] = "0" * 64  # well-formed, but not this file's hash
    sidecar_path(copy).write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="sha256 differs from its sidecar"):
        load_model(copy)


def _payload_with_features(trained, features):
    from ml._persistence import _payload

    payload = _payload(trained)
    payload["features"] = features
    return payload


def test_model_needing_features_the_cell_cannot_supply_is_refused(trained, tmp_path):
    path = tmp_path / "humid.skops"
    features = [*FEATURES, "ambient_humidity_pct"]
    sio.dump(_payload_with_features(trained, features), path)
    with pytest.raises(ModelFileError, match="cannot supply: ambient_humidity_pct"):
        load_model(_with_sidecar(path, features))


def test_model_whose_features_differ_from_its_sidecar_is_refused(trained, tmp_path):
    path = tmp_path / "mixed.skops"
    sio.dump(_payload_with_features(trained, list(FEATURES)), path)
    with pytest.raises(ModelFileError, match="differ from its sidecar"):
        load_model(_with_sidecar(path, FEATURES[:5]))
