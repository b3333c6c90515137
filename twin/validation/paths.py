"""Where the repository's shipped files are, seen from the validation code."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
REPORT = REPO / "docs" / "validation.md"
