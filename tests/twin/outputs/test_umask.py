"""Output files get the mode the user's umask gives, not mkstemp's 0600."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from twin.outputs import RunMetadata, atomic_write_text, write_outputs


@pytest.fixture
def umask():
    """Set a umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664),
                                           (0o077, 0o600)])
def test_a_file_written_atomically_gets_0666_less_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    path = atomic_write_text(tmp_path / "a.txt", "x")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_every_file_of_an_output_folder_honours_the_umask(tmp_path, umask):
    umask(0o002)
    written = write_outputs(tmp_path / "out", {"t": pd.DataFrame({"a_count": [1]})},
                            RunMetadata("test", {}), {"sub/extra.txt": "x"})
    assert written
    for path in (tmp_path / "out").rglob("*"):
        expected = 0o775 if path.is_dir() else 0o664
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
