"""Vehicle energy use from the body's mass: the mass sensitivity, range and battery capacity.

Energy use is linear in vehicle mass (Weiss et al. 2020: +0.6 kWh/100 km per 100 kg for
electric cars), so a body ``dm`` kg lighter than the reference car's saves
``s x dm x (1 + secondary share) / 100`` kWh/100 km. At equal battery the lighter car goes
further (range = usable capacity / energy use); at equal range it needs a battery smaller in
proportion to its energy use (capacity x saving / reference energy use).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lines.vehicle import VehicleSpec


def energy_saving_kwh_per_100km(mass_saving_kg: float, vehicle: VehicleSpec) -> float:
    """Energy use saved by a body ``mass_saving_kg`` lighter (negative if heavier) [kWh/100 km]."""
    effective_kg = mass_saving_kg * (1.0 + vehicle.secondary_mass_share)
    return vehicle.mass_sensitivity_kwh_per_100km_per_100kg * effective_kg / 100.0


def range_km(battery_kwh: float, energy_kwh_per_100km: float) -> float:
    """Distance on one full usable battery [km]."""
    if energy_kwh_per_100km <= 0:
        raise ValueError(f"energy use must be > 0 kWh/100 km, got {energy_kwh_per_100km}")
    return 100.0 * battery_kwh / energy_kwh_per_100km


@dataclass(frozen=True)
class VehicleEnergy:
    """What one route's body does to the car: energy use, range and battery."""

    route: str
    body_mass_kg: float
    mass_saving_kg: float
    energy_kwh_per_100km: float
    energy_saving_kwh_per_100km: float
    range_km_at_equal_battery: float
    battery_kwh_at_equal_range: float
    battery_kwh_saved_at_equal_range: float
    battery_usd_saved_at_equal_range: float


def route_energy(route: str, body_mass_kg: float, reference_mass_kg: float,
                 vehicle: VehicleSpec) -> VehicleEnergy:
    """The car with ``route``'s body, against the reference car (the reference route's body)."""
    saving_kg = reference_mass_kg - body_mass_kg
    saving = energy_saving_kwh_per_100km(saving_kg, vehicle)
    energy = vehicle.reference_energy_kwh_per_100km - saving
    reference_range = range_km(vehicle.battery_usable_kwh, vehicle.reference_energy_kwh_per_100km)
    battery_at_equal_range = reference_range * energy / 100.0
    battery_saved = vehicle.battery_usable_kwh - battery_at_equal_range
    return VehicleEnergy(
        route=route,
        body_mass_kg=body_mass_kg,
        mass_saving_kg=saving_kg,
        energy_kwh_per_100km=energy,
        energy_saving_kwh_per_100km=saving,
        range_km_at_equal_battery=range_km(vehicle.battery_usable_kwh, energy),
        battery_kwh_at_equal_range=battery_at_equal_range,
        battery_kwh_saved_at_equal_range=battery_saved,
        battery_usd_saved_at_equal_range=battery_saved * vehicle.battery_usd_per_kwh,
    )


def vehicle_energy(body_masses_kg: Mapping[str, float],
                   vehicle: VehicleSpec | None = None) -> dict[str, VehicleEnergy]:
    """Each route's car, measured against the car with the reference route's body.

    Raises:
        ValueError: the reference route has no mass in ``body_masses_kg``.
    """
    vehicle = vehicle or VehicleSpec()
    if vehicle.reference_route not in body_masses_kg:
        raise ValueError(f"reference_route {vehicle.reference_route!r} has no body mass; "
                         f"routes given: {sorted(body_masses_kg)}")
    reference = body_masses_kg[vehicle.reference_route]
    return {route: route_energy(route, mass, reference, vehicle)
            for route, mass in body_masses_kg.items()}
