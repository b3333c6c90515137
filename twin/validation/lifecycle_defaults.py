"""The validation report's section on the car: each lifecycle default, sourced or assumed.

Generated from the code (``lines.vehicle.VehicleSpec`` and its ``LifecycleRanges``, and the
casting alloy's ``alloy_mix`` in the parts catalog), so the report cannot drift from the
defaults. A default is *sourced* when its description names a published figure with an A or
B tag, an *assumption* when it says "assumption (X", and a *choice* otherwise.
"""

from __future__ import annotations

from pydantic import BaseModel

from lines.vehicle import LifecycleRanges, VehicleSpec
from parts_catalog import load_catalog

ALLOY_END_POINTS = {
    "recycled_share": "assumption",
    "primary_price_usd_per_kg": "assumption",
    "recycled_price_usd_per_kg": "assumption",
    "primary_co2e_kg_per_kg": "sourced",
    "recycled_co2e_kg_per_kg": "assumption",
}
"""How each end point of the alloy mix is backed (its one source text covers them all)."""
STEEL_FACTORS = {"route": "choice", "bf_bof_co2e_kg_per_kg": "assumption",
                 "eaf_co2e_kg_per_kg": "assumption"}
"""How each figure of the sheet grades' steelmaking block is backed."""


def kind_of(description: str) -> str:
    """``sourced``, ``assumption``, ``catalog`` or ``choice``, read from a field's description."""
    if "parts catalog" in description and "(X" not in description:
        return "catalog"
    if "assumption (X" in description:
        return "assumption"
    if "(A" in description or "(B" in description:
        return "sourced"
    return "choice"


def _model_rows(prefix: str, model: BaseModel) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            continue
        text = info.description or ""
        rows.append((f"{prefix}{name}", str(value), kind_of(text), text.replace("|", "/")))
    return rows


def default_rows() -> list[tuple[str, str, str, str]]:
    """(parameter, default, sourced/assumption/choice, source text) of every lifecycle default."""
    vehicle = VehicleSpec()
    rows = _model_rows("vehicle.", vehicle) + _model_rows("vehicle.ranges.", LifecycleRanges())
    materials = load_catalog().materials.values()
    steel = next((m for m in materials if m.steelmaking is not None), None)
    if steel is not None and steel.steelmaking is not None:
        for name, kind in STEEL_FACTORS.items():
            rows.append((f"{steel.grade}.steelmaking.{name} (every sheet grade)",
                         str(getattr(steel.steelmaking, name)), kind,
                         steel.steelmaking.source.replace("|", "/")))
    for material in materials:
        mix = material.alloy_mix
        if mix is None:
            continue
        for name, kind in ALLOY_END_POINTS.items():
            rows.append((f"{material.grade}.alloy_mix.{name}", str(getattr(mix, name)), kind,
                         f"the {material.grade} alloy mix's source, below the table"))
    return rows


def mix_sources() -> list[str]:
    """The source text of each alloy mix in the catalog, once each."""
    return [f"- `{m.grade}.alloy_mix`: {m.alloy_mix.source}"
            for m in load_catalog().materials.values() if m.alloy_mix is not None]


def lifecycle_section() -> list[str]:
    """The report's Markdown lines: one table row per lifecycle default."""
    rows = default_rows()
    sourced = sum(kind == "sourced" for _, _, kind, _ in rows)
    lines = ["## The car: lifecycle defaults and their sources", "",
             f"{len(rows)} defaults, {sourced} sourced; the others are assumptions (or a "
             "choice) meant to be changed. Method: docs/background/lifecycle.md.", "",
             "| parameter | default | kind | source |", "|---|---|---|---|"]
    lines += [f"| `{name}` | {value} | {kind} | {text} |" for name, value, kind, text in rows]
    return [*lines, "", *mix_sources(), ""]
