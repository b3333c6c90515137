"""The app's session file: every setting a user made, saved as YAML and read back validated.

A session holds both route specs, the demand and cost rates, the catalog prices set by the
What-if levers, and the run settings of the What-if page and of the Overview's plan, so a
saved session reopened later shows the same numbers (the runs are seeded). The file is read
through :mod:`lines.file_reader`, so a bad one is refused as ``FILE: field: message``, like
every other input of the project. Pure: no Streamlit here (the pages call it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from lines.file_reader import FileFormatError, decode_text, parse_yaml_mapping, validate
from lines.limits import MAX_ANNUAL_VOLUME_UNITS
from lines.routes import CastingRouteSpec, RouteSpec, WeldedRouteSpec
from twin.cost import CostRates

__all__ = [
    "SESSION_FORMAT",
    "SESSION_VERSION",
    "PlanRunSettings",
    "PriceSettings",
    "RouteRunSettings",
    "SessionFile",
    "parse_session",
    "session_from_settings",
    "session_yaml",
]

SESSION_FORMAT = "gigatwin-session"
"""The ``format`` key every session file starts with (tells it from scenario and route files)."""
SESSION_VERSION = 1
"""Schema version of the session file; a file of another version is refused by name."""
WHAT = "session file"

_STRICT = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class RouteRunSettings(BaseModel):
    """What-if run settings: run length per route, replications, seed (the form's bounds)."""

    model_config = _STRICT
    days: Annotated[float, Field(ge=0.5, le=365.0, description="Run length per route [days].")]
    replications: Annotated[int, Field(ge=2, le=100, description="Replications per route.")]
    seed: Annotated[int, Field(ge=0, description="Root seed of the replications.")]


class PlanRunSettings(BaseModel):
    """The Overview's plan settings: demand, run length, replications, seed (the form's bounds)."""

    model_config = _STRICT
    demand: Annotated[float, Field(ge=1_000.0, le=MAX_ANNUAL_VOLUME_UNITS,
                                   description="Annual demand [good bodies/yr].")]
    days: Annotated[float, Field(ge=1.0, le=365.0, description="Run length [days].")]
    replications: Annotated[int, Field(ge=2, le=50, description="Replications per route.")]
    seed: Annotated[int, Field(ge=0, description="Root seed of the replications.")]


class PriceSettings(BaseModel):
    """Catalog prices set by the What-if levers; a missing one keeps the catalog's own."""

    model_config = _STRICT
    steel_usd_per_kg: Annotated[float | None, Field(ge=0.0)] = None
    alloy_usd_per_kg: Annotated[float | None, Field(ge=0.0)] = None
    alloy_recycled_share: Annotated[float | None, Field(ge=0.0, le=1.0)] = None

    def as_levers(self) -> dict[str, float]:
        """Only the prices that were set, as the app's ``cost_settings()["prices"]``."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class SessionFile(BaseModel):
    """Everything a user set in the app, as one validated document."""

    model_config = _STRICT
    format: Literal["gigatwin-session"] = Field(
        SESSION_FORMAT, description="Marks the file as a GigaTwin session.")
    version: Literal[1] = Field(SESSION_VERSION, description="Schema version of the file.")
    welded: WeldedRouteSpec
    casting: CastingRouteSpec
    volume_bodies_per_yr: Annotated[float, Field(
        gt=0.0, le=MAX_ANNUAL_VOLUME_UNITS,
        description="Demand of the What-if cost model [good bodies/yr].")]
    rates: CostRates
    prices: PriceSettings = PriceSettings()
    what_if_run: RouteRunSettings
    plan_run: PlanRunSettings

    def specs(self) -> dict[str, RouteSpec]:
        """The two route specs, as the app's ``route_specs()``."""
        return {"welded": self.welded, "casting": self.casting}

    def cost(self) -> dict[str, Any]:
        """Volume, rates and prices, as the app's ``cost_settings()``."""
        return {"volume": self.volume_bodies_per_yr, "rates": self.rates,
                "prices": self.prices.as_levers()}


def session_from_settings(
    specs: Mapping[str, RouteSpec], cost: Mapping[str, Any], route_run: Mapping[str, Any],
    plan_run: Mapping[str, Any],
) -> SessionFile:
    """The session of the app's settings (the shapes of ``twin.ui.state``'s getters)."""
    return SessionFile(
        welded=specs["welded"], casting=specs["casting"],  # type: ignore[arg-type]
        volume_bodies_per_yr=float(cost["volume"]), rates=cost["rates"],
        prices=PriceSettings(**dict(cost.get("prices") or {})),
        what_if_run=RouteRunSettings(**dict(route_run)), plan_run=PlanRunSettings(**dict(plan_run)),
    )


def session_yaml(session: SessionFile) -> str:
    """The session as a commented YAML file that :func:`parse_session` reads back."""
    body = yaml.safe_dump(session.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    return ("# GigaTwin session: load it in the app's sidebar (Session > Load) to get these\n"
            "# route specs, demand, rates, prices and run settings back.\n" + body)


def parse_session(data: bytes | str, source: str) -> SessionFile:
    """A session file from its bytes or text; every problem named as ``source: field: message``.

    Raises:
        lines.file_reader.FileFormatError: not UTF-8 text, not YAML, not a mapping, not a
            session file (no ``format: gigatwin-session``), another version, or a field invalid.
    """
    text = decode_text(data, source, WHAT) if isinstance(data, bytes) else data
    raw = parse_yaml_mapping(text, source, WHAT, hint=f" starting with 'format: {SESSION_FORMAT}'")
    if raw.get("format") != SESSION_FORMAT:
        raise FileFormatError(source, [
            f"format: must be {SESSION_FORMAT!r}, got {raw.get('format')!r} (is this a "
            "session saved by the app? Route and scenario files go in What-if's upload)"], WHAT)
    if raw.get("version") != SESSION_VERSION:
        raise FileFormatError(source, [
            f"version: this app reads session version {SESSION_VERSION}, "
            f"got {raw.get('version')!r}"], WHAT)
    return validate(SessionFile, raw, source, WHAT)
