"""``gigatwin cost``: cost per body by element, break-even, sensitivity and carbon, as CSV.

Thin front door over ``twin.cost``. Bad input (an unreadable or invalid rates or claim file,
a negative price, a life of zero years) prints a clear message on stderr, exits with status 2
and writes nothing; the CSVs and ``metadata.json`` are staged and moved in together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
import yaml
from pydantic import ValidationError

from lines.file_reader import read_yaml_mapping, validate
from twin.cli.errors import fail
from twin.cli.options import Volume, arguments, check_out_dir
from twin.cost import (
    CostComparison,
    CostRates,
    apply_settings,
    breakeven_volumes,
    cost_tables,
    default_casting_inputs,
    default_welded_inputs,
    load_claim_example,
    monte_carlo,
    percentiles,
)
from twin.outputs import RunMetadata, write_outputs


def load_rates(path: Path | None) -> CostRates:
    """Default rates, or the defaults overridden by the fields of a YAML file."""
    if path is None:
        return CostRates()
    fields = read_yaml_mapping(path, "rates file", " of CostRates fields")
    return validate(CostRates, fields, str(path), "rates file")


def build_scenario(volume: float, rates_file: Path | None, claim: Path | None) -> CostComparison:
    """The default routes at ``volume`` with the rates file and the claim's levers applied."""
    scenario = CostComparison(
        default_welded_inputs(annual_volume_units=volume),
        default_casting_inputs(annual_volume_units=volume),
        load_rates(rates_file),
    )
    if claim is not None:
        scenario = apply_settings(scenario, load_claim_example(claim).levers)
    return scenario


def metadata(
    scenario: CostComparison, given: dict[str, object], seed: int, crossings: list[float],
    percentiles_usd: dict[str, float] | None,
) -> RunMetadata:
    """What reproduces the figures: options, rates, both routes' inputs, break-even."""
    details = {
        "currency": scenario.rates.currency,
        "price_year": scenario.rates.price_year,
        "rates": scenario.rates.model_dump(mode="json"),
        "routes": {r.route: r.model_dump(mode="json") for r in (scenario.welded, scenario.casting)},
        "breakeven_volumes_units": crossings,
        "monte_carlo_percentiles": percentiles_usd,
    }
    return RunMetadata("cost", given, seed=seed, details=details)


def summary_text(tables: dict[str, pd.DataFrame], crossings: list[float]) -> str:
    """Totals per route, the break-even volumes and the three widest tornado levers."""
    breakdown = tables["cost_breakdown"]
    totals = breakdown[breakdown["element"] == "total"]
    lines = [f"{r.route}: {r.cost_per_body_usd:.1f} US$/body" for r in totals.itertuples()]
    found = ", ".join(f"{v:,.0f}" for v in crossings) or "none in 20k-500k"
    lines.append(f"break-even volume(s) [bodies/yr]: {found}")
    top = tables["sensitivity"].head(3)["lever"].tolist()
    lines.append(f"widest levers: {', '.join(top)}")
    return "\n".join(lines)


def cost_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Directory for the CSV files.",
                                      callback=check_out_dir)],
    volume: Volume = 250_000,
    rates_file: Annotated[
        Path | None, typer.Option("--rates", help="YAML of CostRates fields to override.")
    ] = None,
    claim: Annotated[
        Path | None, typer.Option(help="A claim example (examples/cost/*.yaml) to apply.")
    ] = None,
    monte_carlo_draws: Annotated[
        int, typer.Option("--monte-carlo", help="Monte Carlo draws (0: none).", min=0)
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo draws.", min=0)] = 0,
) -> None:
    """Cost per good body of both routes by element, break-even, tornado, carbon; CSV out."""
    try:
        scenario = build_scenario(volume, rates_file, claim)
    except (ValidationError, ValueError, OSError, yaml.YAMLError) as error:
        raise fail(str(error)) from None
    tables = cost_tables(scenario.welded, scenario.casting, scenario.rates)
    crossings = breakeven_volumes(scenario.welded, scenario.casting, scenario.rates)
    text, spread = summary_text(tables, crossings), None
    if monte_carlo_draws:
        tables["monte_carlo"] = monte_carlo(scenario, monte_carlo_draws, seed)
        spread = percentiles(tables["monte_carlo"])
        text += (f"\ncasting - welded [US$/body]: P10 {spread['p10_usd']:.1f}, "
                 f"P50 {spread['p50_usd']:.1f}, P90 {spread['p90_usd']:.1f}")  # fmt: skip
    meta = metadata(scenario, arguments(ctx), seed, crossings, spread)
    written = write_outputs(out, tables, meta)
    typer.echo(text)
    typer.echo(f"wrote {', '.join(p.name for p in written)} to {out}")


def register(app: typer.Typer) -> None:
    """Add the ``cost`` command to ``app``."""
    app.command("cost")(cost_command)
