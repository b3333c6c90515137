"""Run every benchmark script in this folder (``make bench`` / ``python -m benchmarks``).

Each ``bench_*.py`` runs in its own process, one after the other (never two at once on this
2-core machine), and prints its own report: ratios against a baseline measured in the same run.
"""

import subprocess
import sys
from pathlib import Path


def main() -> int:
    """Run each benchmark script; return non-zero if any failed."""
    failed = []
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
