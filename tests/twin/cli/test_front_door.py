"""The front door: --version, a light --help, options checked before any run, clear exits."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lines.routes import SCENARIO_DIR
from twin.cli import app, main
from twin.cli.app import COMMANDS
from twin.cli.errors import BUG_EXIT, BUG_REPORT

REPO = Path(__file__).resolve().parents[3]
RUNNER = CliRunner()
LINE = REPO / "examples" / "two_station_line.yaml"
HEAVY = ("pandas", "scipy", "simpy", "sklearn", "numpy", "skops", "trimesh")


def invoke(*args: object):
    return RUNNER.invoke(app, [str(a) for a in args])


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"gigatwin {version('gigatwin')}\n"


def test_help_lists_every_command_without_importing_the_heavy_libraries():
    code = ("import sys\nfrom twin.cli import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert "LOADED []" in done.stdout, done.stdout
    for name in COMMANDS:
        assert f"  {name} " in done.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_listed_help_is_the_first_line_of_the_commands_docstring(name):
    module, function, listed = COMMANDS[name]
    tree = ast.parse((REPO / (module.replace(".", "/") + ".py")).read_text())
    found = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    assert ast.get_docstring(found).splitlines()[0] == listed


def test_help_texts_keep_their_brackets():
    result = invoke("compare", "--help")
    assert "[good bodies/yr]" in " ".join(result.output.split())


def test_an_existing_file_as_out_is_refused_before_any_simulation(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("mine")
    for out in (taken, taken / "sub" / "dir"):
        result = invoke("run", LINE, "--out", out, "--workers", "1")
        assert result.exit_code == 2
        assert "--out" in result.output
        assert "throughput" not in result.output  # nothing ran
    assert taken.read_text() == "mine"


def test_a_malformed_scheduler_address_is_refused():
    result = invoke("run", LINE, "--scheduler", "tcp//nohost")
    assert result.exit_code == 2
    assert "is not a scheduler address; expected e.g. tcp://host:8786" in result.output


def test_an_unreachable_scheduler_is_refused_within_the_timeout(monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("GIGATWIN_SCHEDULER_TIMEOUT_S", "0.5")
    result = invoke("run", LINE, "--scheduler", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 2
    assert f"no Dask scheduler reachable at tcp://127.0.0.1:{port} within 0.5 s" in \
        " ".join(result.output.split())


def test_a_bad_scheduler_timeout_setting_is_refused(monkeypatch):
    monkeypatch.setenv("GIGATWIN_SCHEDULER_TIMEOUT_S", "soon")
    result = invoke("run", LINE, "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "GIGATWIN_SCHEDULER_TIMEOUT_S='soon' must be a positive number" in result.output


@pytest.mark.parametrize(("args", "expected"), [
    (["run", LINE, "--days", "inf"], "must be a finite number, got inf"),
    (["run", LINE, "--warmup-h", "inf"], "must be a finite number"),
    (["run", LINE, "--days", "1e9"], "must be at most 3,660 (ten years"),
    (["cost", "--out", "x", "--volume", "inf"], "must be a finite number, got inf"),
    (["cost", "--out", "x", "--volume", "1e9"], "must be at most 5,000,000 (more bodies"),
    (["run", LINE, "--replications", "1000000"], "must be at most 10,000"),
])
def test_numbers_on_the_command_line_are_finite_and_bounded(args, expected, tmp_path,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())


def test_a_welded_route_file_given_as_casting_is_refused():
    result = invoke("compare", "--casting", SCENARIO_DIR / "welded_rear_underbody.yaml",
                    "--days", "0.1")
    assert result.exit_code == 2
    assert "declares route 'welded' but is used as the casting route" in result.output


def test_a_bug_prints_its_traceback_and_where_to_report_it(monkeypatch, capsys):
    from twin.cli import validate

    def broken(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(validate, "describe", broken)
    with pytest.raises(SystemExit) as done:
        main(["validate", str(LINE)])
    err = capsys.readouterr().err
    assert done.value.code == BUG_EXIT
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: boom" in err
    assert BUG_REPORT in " ".join(err.split())


def test_a_reader_error_that_escapes_a_command_is_still_exit_2(monkeypatch, capsys):
    from lines.file_reader import FileFormatError
    from twin.cli import validate

    def refuse(path):
        raise FileFormatError("odd.yaml", ["x: wrong"])

    monkeypatch.setattr(validate, "validate_command", lambda files: refuse(files[0]))
    monkeypatch.setitem(COMMANDS, "validate", ("twin.cli.validate", "validate_command", "v"))
    with pytest.raises(SystemExit) as done:
        main(["validate", "odd.yaml"])
    assert done.value.code == 2
    assert capsys.readouterr().err == "error: odd.yaml: x: wrong\n"


def test_a_port_that_answers_but_is_no_dask_scheduler_is_refused(monkeypatch):
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer_garbage():
        connection, _ = server.accept()
        connection.sendall(b"HTTP/1.1 200 OK\r\n\r\nhello" * 10)
        connection.close()

    threading.Thread(target=answer_garbage, daemon=True).start()
    monkeypatch.setenv("GIGATWIN_SCHEDULER_TIMEOUT_S", "2")
    try:
        result = invoke("run", LINE, "--scheduler", f"tcp://127.0.0.1:{port}")
    finally:
        server.close()
    assert result.exit_code == 2
    assert "answers but is not a Dask scheduler" in " ".join(result.output.split())


def test_a_running_dask_scheduler_passes_the_check():
    from distributed import LocalCluster

    from twin.cli.options import check_scheduler

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None,
                      protocol="tcp") as cluster:
        assert check_scheduler(cluster.scheduler_address) == cluster.scheduler_address
