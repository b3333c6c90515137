"""``gigatwin diff ID1 ID2``: two records' KPIs side by side, and the paired difference.

The difference (ID2 - ID1) per replication, with its confidence interval, is given for every
experiment the two share (same key, or the only one of each) when they ran the same
replications with the same seeds (common random numbers); otherwise it says why not.
"""

from __future__ import annotations

from typing import Annotated

import typer

from twin.cli.options import StoreUrl
from twin.cli.report import console
from twin.cli.show import read_or_fail
from twin.cli.store_views import diff_tables
from twin.store import diff_records


def diff_command(
    first: Annotated[int, typer.Argument(help="Id of the baseline experiment.")],
    second: Annotated[int, typer.Argument(help="Id of the experiment compared with it.")],
    store: StoreUrl = None,
) -> None:
    """Two recorded experiments side by side; the paired difference when seeds match."""
    a, b = read_or_fail(store, first), read_or_fail(store, second)
    found = diff_records(a, b)
    for table in diff_tables(found, a, b):
        console.print(table)
    if not found.pairings:
        typer.echo(f"no common experiment to pair: {', '.join(a.keys)} against "
                      f"{', '.join(b.keys)}")
    for pairing in found.pairings:
        typer.echo(f"{pairing.key_b} - {pairing.key_a}: {pairing.reason}")
