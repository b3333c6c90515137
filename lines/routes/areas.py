"""Which plant area each station of a route belongs to (a policy or a break rule is per area).

Areas: ``press_shop`` (press lines and the parts supermarket), ``body_shop`` (the welded body
line, its gate and repair booths), ``casting_cell`` (the giga cells), ``casting_finishing``
(every station between the cell and joining: trim, X-ray, machining, checks) and ``joining``
(the casting joined into the body). A station a route adds later falls into its route's
finishing or body-shop area by default, so a new station never goes unassigned.
"""

from __future__ import annotations

from lines.routes import casting, welded


def station_area(route: str, station: str) -> str:
    """The area of ``station`` in ``route`` (``welded`` or ``casting``)."""
    if station.startswith(welded.PRESS_PREFIX) or station == welded.MARKET:
        return "press_shop"
    if route == "welded":
        return "body_shop"
    if station == casting.GIGA_CELL:
        return "casting_cell"
    if station == casting.BODY_JOIN:
        return "joining"
    return "casting_finishing"


__all__ = ["station_area"]
