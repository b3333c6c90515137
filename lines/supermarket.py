"""The data of a parts supermarket between a press shop and a body shop (kanban pull).

The press shop stamps in batches; the body shop draws one kit of parts per body. A station
with a ``supermarket`` block puts delivered batches away into stock. Unlimited sources linked
to it with ``role: orders`` release the batch orders (kanban cards) of their press line, and
sources with ``role: kits`` release a kit to their station only while every part of the kit
is in stock. Run time: ``twin.runtime.supermarket``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    _check_kits(stations, links)
    orders = {name for name, link in links.items() if link.role == "orders"}
    for station, spec in stations.items():
        for part, rule in (spec.parts if spec else {}).items():
            if rule.press_source not in orders:
                raise ValueError(f"stations {station!r}.supermarket.parts[{part!r}]: "
                                 f"{rule.press_source!r} is not a source with role 'orders'")


def _check_kits(stations: dict[str, SupermarketSpec | None],
                links: dict[str, SupermarketLink]) -> None:
    """Every kit part is stocked, belongs to one kit, and is reordered before a kit runs short.

    Stock plus open orders falls to the reorder point at most; below one kit's quantity minus
    one, a kit could wait for ever with no order placed.
    """
    owner: dict[tuple[str, str], str] = {}
    for source, link in links.items():
        stock = stations.get(link.supermarket)
        for part, quantity in link.kit.items():
            where = f"sources {source!r}.supermarket.kit[{part!r}]"
            if stock is None or part not in stock.parts:
                raise ValueError(f"{where}: supermarket {link.supermarket!r} holds no {part!r}")
            if (link.supermarket, part) in owner:
                raise ValueError(f"{where}: {part!r} is already in the kit of "
                                 f"{owner[(link.supermarket, part)]!r}; a part feeds one kit")
            owner[(link.supermarket, part)] = source
            if stock.parts[part].reorder_point_units < quantity - 1:
                raise ValueError(f"{where}: reorder_point_units must be at least {quantity - 1} "
                                 f"(kit quantity - 1), or a kit can wait for ever")

