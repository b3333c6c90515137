"""``gigatwin cost``: cost per body by element, break-even, sensitivity and carbon, as CSV.

Thin front door over ``twin.cost``. Bad input (an unreadable or invalid rates or claim file,
a negative price, a life of zero years) prints a clear message on stderr, exits with status 2
and writes nothing; the CSVs and ``metadata.json`` are staged and moved in together.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
import yaml
from pydantic import ValidationError

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
from twin.outputs.atomic import atomic_directory, atomic_write_csv, atomic_write_text


def fail(message: str) -> typer.Exit:
    """Print a clear error to stderr and return the exit (code 2: bad input) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def load_rates(path: Path | None) -> CostRates:
    """Default rates, or the defaults overridden by the fields of a YAML file."""
    if path is None:
        return CostRates()
    fields = yaml.safe_load(path.read_text()) or {}
    if not isinstance(fields, dict):
        raise ValueError(f"{path}: expected a mapping of CostRates fields")
    return CostRates(**fields)


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


def metadata(scenario: CostComparison, options: dict[str, Any], crossings: list[float]) -> str:
    """JSON that reproduces the figures: options, rates, both routes' inputs, break-even."""
    payload = {
        "command": "gigatwin cost",
        "options": options,
        "currency": scenario.rates.currency,
        "price_year": scenario.rates.price_year,
        "rates": scenario.rates.model_dump(mode="json"),
        "routes": {r.route: r.model_dump(mode="json") for r in (scenario.welded, scenario.casting)},
        "breakeven_volumes_units": crossings,
    }
    return json.dumps(payload, indent=2, default=str) + "\n"


def write_outputs(out: Path, tables: dict[str, pd.DataFrame], meta: str) -> None:
    """Write every table as ``<name>.csv`` and ``metadata.json`` into ``out``, all or nothing."""
    with atomic_directory(out) as staging:
        for name, frame in tables.items():
            atomic_write_csv(staging / f"{name}.csv", frame)
        atomic_write_text(staging / "metadata.json", meta)


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
    out: Annotated[Path, typer.Option("--out", help="Directory for the CSV files.")],
    volume: Annotated[
        float, typer.Option(help="Good bodies per year (REFERENCE 5.1: 250k).", min=1)
    ] = 250_000,
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
    options: dict[str, Any] = {"volume": volume, "rates": rates_file, "claim": claim,
                               "monte_carlo": monte_carlo_draws, "seed": seed}  # fmt: skip
    text = summary_text(tables, crossings)
    if monte_carlo_draws:
        draws = monte_carlo(scenario, monte_carlo_draws, seed)
        tables["monte_carlo"] = draws
        options["monte_carlo_percentiles"] = percentiles(draws)
        p = options["monte_carlo_percentiles"]
        text += (f"\ncasting - welded [US$/body]: P10 {p['p10_usd']:.1f}, "
                 f"P50 {p['p50_usd']:.1f}, P90 {p['p90_usd']:.1f}")  # fmt: skip
    write_outputs(out, tables, metadata(scenario, options, crossings))
    typer.echo(text)
    typer.echo(f"wrote {', '.join(sorted(f'{n}.csv' for n in tables))}, metadata.json to {out}")


def register(app: typer.Typer) -> None:
    """Add the ``cost`` command to ``app``."""
    app.command("cost")(cost_command)
