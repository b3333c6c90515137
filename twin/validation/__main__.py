"""``python -m twin.validation [--out PATH]``: regenerate the validation report."""

import argparse
import sys

from twin.outputs.atomic import atomic_write_text
from twin.validation.paths import REPORT
from twin.validation.report import render_report, run_checks


def main() -> int:
    """Write the report; exit 1 if any check fails."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(REPORT))
    args = parser.parse_args()
    sections = run_checks()
    atomic_write_text(args.out, render_report(sections) + "\n")
    failed = [c.name for checks in sections.values() for c in checks if not c.passed]
    verdict = "all checks pass" if not failed else "FAILED: " + ", ".join(failed)
    sys.stdout.write(f"wrote {args.out}; {verdict}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
