"""The data of a parts supermarket between a press shop and a body shop (kanban pull).

The press shop stamps in batches; the body shop draws one kit of parts per body. A station
with a ``supermarket`` block puts delivered batches away into stock. Unlimited sources linked
to it with ``role: orders`` release the batch orders (kanban cards) of their press line, and
sources with ``role: kits`` release a kit to their station only while every part of the kit
is in stock. Run time: ``twin.supermarket``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartStockSpec(_Block):
    """Stock rule of one part number: who stamps it, in what batch, when to reorder."""

    press_source: str = Field(description="Order source (role: orders) of its press line.")
    batch_units: PositiveInt = Field(description="Parts stamped per batch.")
    reorder_point_units: NonNegativeInt = Field(
        description="Order a batch when stock plus open orders falls to this level [parts]."
    )
    initial_units: NonNegativeInt = Field(description="Parts in stock at the start.")


class SupermarketSpec(_Block):
    """A parts supermarket: the stock rule of every part it holds."""

    parts: dict[str, PartStockSpec] = Field(description="Stock rule per part number.")


class SupermarketLink(_Block):
    """Makes an unlimited source release batch orders or kits of a supermarket."""

    supermarket: str = Field(description="Station that holds the supermarket block.")
    role: Literal["orders", "kits"] = Field(
        description="orders: batch orders of a press line; kits: one kit per unit."
    )
    kit: dict[str, PositiveInt] = Field(
        default_factory=dict, description="Parts per kit (role: kits) [parts per unit]."
    )


def check_supermarket_links(stations: dict[str, SupermarketSpec | None],
                            links: dict[str, SupermarketLink]) -> None:
    """Raise ``ValueError`` if a source links to no supermarket or a part to no order source.

    Args:
        stations: supermarket block of every station, by station name (None: no block).
        links: supermarket link of every linked source, by source name.
    """
    for source, link in links.items():
        if stations.get(link.supermarket) is None:
            raise ValueError(f"sources {source!r}.supermarket: station {link.supermarket!r} "
                             f"has no supermarket block")
        if link.role == "kits" and not link.kit:
            raise ValueError(f"sources {source!r}.supermarket.kit: a kit needs parts")
    orders = {name for name, link in links.items() if link.role == "orders"}
    for station, spec in stations.items():
        for part, rule in (spec.parts if spec else {}).items():
            if rule.press_source not in orders:
                raise ValueError(f"stations {station!r}.supermarket.parts[{part!r}]: "
                                 f"{rule.press_source!r} is not a source with role 'orders'")
