"""Part, blank and route masses against handbook densities kept here, not the catalog's own.

The catalog computes every mass as mesh volume x its material's density. Re-deriving a mass
with the catalog's density proves nothing about that density (a grade typed in g/cm3, 7.85
for 7850, would pass), so the densities below come from handbooks, with a band for the
spread of real grades:

* carbon, HSLA, dual-phase, press-hardening and fastener steel: 7850 kg/m3, band 7800-7900:
  EN 1993-1-1:2005 §3.2.6 gives 7850 kg/m3 as the unit mass of steel for design; the band
  covers the alloyed sheet grades.
* Al-Si high-pressure die-casting alloys (the AlSi10MnMg / AlSi9MnMoZr class): 2650 kg/m3,
  band 2600-2720: die-casting practice gives 2.65-2.72 g/cm3 for cast aluminium
  (https://www.die-eg.co.th/knowledge), an AlSi10Mg data sheet 2.67 g/cm3
  (https://www.zare.it/en/materials/aluminium-alsi10mg); pure aluminium is 2.70 g/cm3.
"""

from __future__ import annotations

import pytest

from parts_catalog import load_catalog

HANDBOOK_KG_M3 = {  # family -> (nominal, low, high), sources in the module docstring
    "mild_steel": (7850.0, 7800.0, 7900.0),
    "hsla_steel": (7850.0, 7800.0, 7900.0),
    "dual_phase_steel": (7850.0, 7800.0, 7900.0),
    "press_hardened_steel": (7850.0, 7800.0, 7900.0),
    "fastener_steel": (7850.0, 7800.0, 7900.0),
    "cast_aluminium": (2650.0, 2600.0, 2720.0),
}


@pytest.fixture(scope="module")
def parts():
    return load_catalog().parts_table()


def test_every_part_weighs_its_volume_times_a_handbook_density(parts):
    for row in parts.itertuples():
        _, low, high = HANDBOOK_KG_M3[row.material_family]
        assert low * row.volume_m3 <= row.mass_kg <= high * row.volume_m3, (
            f"{row.part_number} ({row.material}): {row.mass_kg:.4g} kg for "
            f"{row.volume_m3:.4g} m3 is {row.mass_kg / row.volume_m3:.0f} kg/m3")


def test_every_blank_weighs_length_x_width_x_thickness_times_a_handbook_density(parts):
    stamped = parts[parts["kind"] == "stamped"]
    for row in stamped.itertuples():
        _, low, high = HANDBOOK_KG_M3[row.material_family]
        volume_m3 = row.blank_length_mm * row.blank_width_mm * row.thickness_mm * 1e-9
        assert low * volume_m3 <= row.blank_mass_kg <= high * volume_m3, row.part_number
        assert row.blank_scrap_kg == pytest.approx(row.blank_mass_kg - row.mass_kg, abs=1e-9)


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_route_mass_is_the_sum_of_volumes_times_handbook_densities(parts, route):
    table = parts[parts["route"] == route]
    by_hand = sum(row.volume_m3 * HANDBOOK_KG_M3[row.material_family][0]
                  for row in table.itertuples())
    totals = load_catalog().route_totals(route)
    # nominal handbook densities: within 1 % (the casting alloy's band is +/- 2 %)
    assert totals.mass_kg == pytest.approx(by_hand, rel=0.01 if route == "welded" else 0.02)
    assert totals.part_count == len(table)
