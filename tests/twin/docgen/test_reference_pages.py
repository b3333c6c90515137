"""The generated reference pages (CLI and Python API) are current."""

from twin.docgen import api_reference as api_doc
from twin.docgen import cli_reference as cli_doc


def test_the_cli_reference_page_is_current():
    assert cli_doc.PAGE.read_text() == cli_doc.render(), "regenerate it: make schema"


def test_the_python_api_reference_page_is_current():
    assert api_doc.PAGE.read_text() == api_doc.render(), "regenerate it: make schema"


def test_every_command_and_option_is_on_the_cli_page():
    page = cli_doc.render()
    for command in ("run", "sweep", "schema", "parts", "train-defects", "compare", "cost"):
        assert f"## `gigatwin {command}`" in page
    for option in ("`--set`", "`--scheduler`", "`--kamp`", "`--monte-carlo`", "`--export`"):
        assert option in page
