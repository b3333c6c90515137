"""``python -m twin.validation [--out PATH]``: regenerate the validation report."""

import argparse
import sys

from twin.outputs.atomic import atomic_write_text
from twin.validation.paths import REPORT
from twin.validation.report import failures, misses, render_report, run_checks


def main() -> int:
    """Write the report; exit 1 if a check that must pass fails (a missed prediction does not)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(REPORT))
    args = parser.parse_args()
    sections = run_checks()
    atomic_write_text(args.out, render_report(sections) + "\n")
    failed, missed = failures(sections), misses(sections)
    verdict = "all checks pass" if not failed else "FAILED: " + ", ".join(failed)
    if missed:
        verdict += f"; predictions missed (reported): {', '.join(missed)}"
    sys.stdout.write(f"wrote {args.out}; {verdict}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
