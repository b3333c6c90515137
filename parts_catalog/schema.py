"""Catalog file schema: materials, press lines, parts, part families, joins and sub-assemblies.

Every model is frozen and forbids unknown keys, so a typo in a catalog file is an error that
names the field. Units are in field names. Masses are deliberately absent: they are computed
from geometry volume x density (see ``catalog.py``).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parts_catalog.shapes import Shape

RouteName = Literal["welded", "casting"]
Side = Literal["LH", "RH"]
JoinType = Literal[
    "spot_weld",
    "projection_weld",
    "stud_weld",
    "self_piercing_rivet",
    "flow_drill_screw",
    "adhesive",
]
# Joint types counted in pieces; adhesive is counted in metres instead.
DISCRETE_JOIN_TYPES: tuple[str, ...] = tuple(t for t in get_args(JoinType) if t != "adhesive")
MaterialFamily = Literal[
    "mild_steel",
    "hsla_steel",
    "dual_phase_steel",
    "press_hardened_steel",
    "fastener_steel",
    "cast_aluminium",
    "wrought_aluminium",
]
SHEET_STEEL_FAMILIES: tuple[str, ...] = (
    "mild_steel", "hsla_steel", "dual_phase_steel", "press_hardened_steel")
"""Families bought as steel coil and stamped (fastener steel comes in bought parts)."""
CAST_ALLOY_FAMILIES: tuple[str, ...] = ("cast_aluminium",)
"""Families bought as casting alloy."""
Vector3 = tuple[float, float, float]
SIDE_TOKEN = "{side}"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AlloyMix(_Frozen):
    """A casting alloy bought as a primary/recycled mix: its share sets its price and footprint.

    The grade's ``price_usd_per_kg`` and ``co2e_kg_per_kg`` are linear in the recycled share
    between the all-primary and the all-recycled end points. The mix is the one owner of both
    figures for a grade that has it (the grade's own fields are derived from it).
    """

    recycled_share: float = Field(
        ge=0, le=1, description="Recycled (scrap-based) share of the alloy bought, fraction.")
    primary_price_usd_per_kg: float = Field(ge=0, description="All-primary alloy, US$/kg.")
    recycled_price_usd_per_kg: float = Field(ge=0, description="All-recycled alloy, US$/kg.")
    primary_co2e_kg_per_kg: float = Field(ge=0, description="Primary alloy, kg CO2e per kg.")
    recycled_co2e_kg_per_kg: float = Field(ge=0, description="Recycled alloy, kg CO2e per kg.")
    source: str = Field(description="Source and confidence tag of each end point.")

    @property
    def price_usd_per_kg(self) -> float:
        """Price of the mix at its recycled share, US$/kg."""
        share = self.recycled_share
        return share * self.recycled_price_usd_per_kg + (1 - share) * self.primary_price_usd_per_kg

    @property
    def co2e_kg_per_kg(self) -> float:
        """Cradle-to-gate footprint of the mix at its recycled share, kg CO2e per kg."""
        share = self.recycled_share
        return share * self.recycled_co2e_kg_per_kg + (1 - share) * self.primary_co2e_kg_per_kg

    def with_share(self, recycled_share: float) -> AlloyMix:
        """A validated copy at another recycled share."""
        return AlloyMix.model_validate(self.model_dump() | {"recycled_share": recycled_share})

    def with_price(self, price_usd_per_kg: float) -> AlloyMix:
        """A copy whose mix price is ``price_usd_per_kg``: both end points shift equally."""
        delta = price_usd_per_kg - self.price_usd_per_kg
        return AlloyMix.model_validate(self.model_dump() | {
            "primary_price_usd_per_kg": self.primary_price_usd_per_kg + delta,
            "recycled_price_usd_per_kg": self.recycled_price_usd_per_kg + delta})


SteelRoute = Literal["bf_bof", "eaf"]
"""Steelmaking route: blast furnace + basic oxygen furnace, or electric arc furnace."""


class Steelmaking(_Frozen):
    """How a sheet grade's steel is made: its route sets its footprint.

    The one owner of the grade's ``co2e_kg_per_kg`` when present (derived from it).
    """

    route: SteelRoute = Field(description="Route of the coil bought: 'bf_bof' or 'eaf'.")
    bf_bof_co2e_kg_per_kg: float = Field(
        ge=0, description="Blast-furnace/basic-oxygen coil, kg CO2e per kg.")
    eaf_co2e_kg_per_kg: float = Field(
        ge=0, description="Electric-arc-furnace coil, kg CO2e per kg.")
    source: str = Field(description="Source and confidence tag of each factor.")

    @property
    def co2e_kg_per_kg(self) -> float:
        """Footprint of the coil on its route, kg CO2e per kg."""
        return self.bf_bof_co2e_kg_per_kg if self.route == "bf_bof" else self.eaf_co2e_kg_per_kg


class Material(_Frozen):
    """A sheet grade, fastener steel or casting alloy with its price, strength and footprint.

    A casting alloy may carry an ``alloy_mix``: its price and footprint are then derived from
    the mix's recycled share (and may be left out of the file). A steel grade may carry a
    ``steelmaking`` block: its footprint is then its route's.
    """

    grade: str = Field(min_length=1, description="Grade id used by parts, e.g. 'HC340LA'.")
    name: str = Field(description="Readable name and standard.")
    family: MaterialFamily = Field(description="Material family (mild, HSLA, DP, PHS, cast Al...).")
    density_kg_m3: float = Field(gt=0, description="Density, kg/m3.")
    price_usd_per_kg: float = Field(ge=0, description="Purchase price of coil/ingot, US$/kg.")
    scrap_credit_usd_per_kg: float = Field(
        0.0, ge=0, description="Credit for offal/scrap sold back, US$/kg."
    )
    yield_strength_mpa: float = Field(gt=0, description="Yield strength in the part, MPa.")
    co2e_kg_per_kg: float = Field(ge=0, description="Cradle-to-gate footprint, kg CO2e per kg.")
    source: str = Field(
        description="Source and confidence tag of each figure, or 'assumption (X)'."
    )
    alloy_mix: AlloyMix | None = Field(
        None, description="Primary/recycled mix that sets price and footprint (alloys only)."
    )
    supplier: str = Field(
        "", description="Who supplies the coil or ingot (a name or id; '' = not recorded)."
    )
    steelmaking: Steelmaking | None = Field(
        None, description="Steelmaking route that sets the footprint (steel grades only)."
    )

    @model_validator(mode="before")
    @classmethod
    def _figures_from_mix(cls, data: object) -> object:
        """Fill figures from the alloy mix or steelmaking block; a different value is an error."""
        if not isinstance(data, dict):
            return data
        derived: dict[str, float] = {}
        owner = ""
        if data.get("alloy_mix") is not None:
            raw = data["alloy_mix"]
            mix = raw if isinstance(raw, AlloyMix) else AlloyMix.model_validate(raw)
            derived = {"price_usd_per_kg": mix.price_usd_per_kg,
                       "co2e_kg_per_kg": mix.co2e_kg_per_kg}
            owner = f"alloy_mix (at recycled_share {mix.recycled_share})"
        if data.get("steelmaking") is not None:
            if derived:
                raise ValueError("a material has either alloy_mix or steelmaking, not both")
            raw = data["steelmaking"]
            steel = raw if isinstance(raw, Steelmaking) else Steelmaking.model_validate(raw)
            derived = {"co2e_kg_per_kg": steel.co2e_kg_per_kg}
            owner = f"steelmaking (route {steel.route})"
        for name, value in derived.items():
            given = data.get(name)
            if given is not None and abs(float(given) - value) > 1e-9:
                raise ValueError(f"{name} {given} disagrees with {owner}, which gives "
                                 f"{value:.6g}: the block owns it, leave {name} out")
        return data | derived

    def with_price(self, price_usd_per_kg: float) -> Material:
        """A copy at another price (an alloy mix shifts both its end points)."""
        if self.alloy_mix is not None:
            return self.model_validate(self.model_dump(exclude={"price_usd_per_kg"}) | {
                "alloy_mix": self.alloy_mix.with_price(price_usd_per_kg).model_dump()})
        return self.model_validate(self.model_dump() | {"price_usd_per_kg": price_usd_per_kg})

    def with_steel_route(self, route: SteelRoute) -> Material:
        """A copy of a steel grade made on another route (its footprint follows)."""
        if self.steelmaking is None:
            raise ValueError(f"material {self.grade!r} has no steelmaking block: no route to set")
        block = self.steelmaking.model_dump() | {"route": route}
        return self.model_validate(
            self.model_dump(exclude={"co2e_kg_per_kg"}) | {"steelmaking": block})

    def with_recycled_share(self, recycled_share: float) -> Material:
        """A copy of an alloy at another recycled share (price and footprint follow)."""
        if self.alloy_mix is None:
            raise ValueError(f"material {self.grade!r} has no alloy_mix: no recycled share to set")
        mix = self.alloy_mix.with_share(recycled_share)
        return self.model_validate(
            self.model_dump(exclude={"price_usd_per_kg", "co2e_kg_per_kg"})
            | {"alloy_mix": mix.model_dump()})


class PressLine(_Frozen):
    """A press line of the stamping shop: what it runs and how fast."""

    id: str = Field(min_length=1, description="Press line id used by parts.")
    name: str = Field(description="Readable name.")
    kind: Literal["tandem", "transfer", "progressive", "hot_stamping"] = Field(
        description="Press line type."
    )
    strokes_per_min: float = Field(gt=0, description="Default stroke rate, strokes/min.")
    die_change_min: float = Field(ge=0, description="Die change (SMED) time, min.")
    source: str = Field(description="Source and confidence tag of each figure.")


class Interface(_Frozen):
    """Structure outside the catalog's scope that a route is joined to (front floor, body side)."""

    name: str = Field(min_length=1, description="Interface id usable in joins.")
    description: str = Field("", description="What the interface is.")


class Placement(_Frozen):
    """Where a part sits in body coordinates (x rearward, y to the right, z up)."""

    position_mm: Vector3 = Field((0.0, 0.0, 0.0), description="Local origin in body coords, mm.")
    rotation_deg: Vector3 = Field(
        (0.0, 0.0, 0.0), description="Extrinsic x, y, z rotation of the local frame, degrees."
    )


class _PartBase(_Frozen):
    part_number: str = Field(min_length=1, description="Unique part number; '{side}' if sided.")
    name: str = Field(description="Part name; '{side}' is replaced by LH/RH.")
    subassembly: str = Field(description="Sub-assembly where the part is first loaded.")
    material: str = Field(description="Material grade (must be in the catalog's materials).")
    shape: Shape = Field(description="Geometry parameters.")
    placement: Placement = Field(default_factory=Placement, description="Position in the body.")
    sides: tuple[Side, ...] = Field(
        (), description="Expand into one part per side; placement is the LH one, RH mirrors y."
    )
    side: Literal["", "LH", "RH"] = Field("", description="Side after expansion (set by loader).")
    source: str = Field("assumption (X)", description="Source of this part's figures.")

    @model_validator(mode="after")
    def _side_token_when_sided(self) -> _PartBase:
        if self.sides and SIDE_TOKEN not in self.part_number:
            raise ValueError(f"part_number {self.part_number!r} has sides but no '{{side}}'")
        return self


class StampedPart(_PartBase):
    """A stamped sheet part: blank, press line, dies and stroke rate."""

    kind: Literal["stamped"] = "stamped"
    thickness_mm: float = Field(gt=0, le=10, description="Sheet thickness, mm.")
    blank_length_mm: float = Field(gt=0, description="Blank length, mm.")
    blank_width_mm: float = Field(gt=0, description="Blank width, mm.")
    press_line: str = Field(description="Press line id that stamps this part.")
    dies: int = Field(ge=1, description="Dies (operations) in the part's die set, -.")
    strokes_per_min: float | None = Field(
        None, gt=0, description="Stroke rate for this part, strokes/min (default: the line's)."
    )
    parts_per_stroke: int = Field(1, ge=1, description="Parts made per stroke (double dies), -.")
    lr_pair_die: bool = Field(
        False, description="The LH and RH part are made together by one double die: one "
        "stroke makes the pair (needs sides [LH, RH]), so each side takes half a stroke."
    )
    die_set: str = Field("", description="Die set shared by a left/right pair (set by loader).")

    @model_validator(mode="after")
    def _pair_has_both_sides(self) -> StampedPart:
        if self.lr_pair_die and not self.side and tuple(sorted(self.sides)) != ("LH", "RH"):
            raise ValueError(f"part {self.part_number!r}: lr_pair_die needs sides [LH, RH]")
        return self

    @property
    def strokes_per_part(self) -> float:
        """Press strokes per part made: a pair die shares each stroke between its two sides."""
        return 1.0 / (self.parts_per_stroke * (2 if self.lr_pair_die else 1))

    @property
    def die_set_id(self) -> str:
        """The die set that makes this part (the pair's for a left/right pair die)."""
        return self.die_set or self.part_number


class BoughtPart(_PartBase):
    """A bought part (weld nut, stud): no press line, bought at a unit price."""

    kind: Literal["bought"] = "bought"
    unit_price_usd: float = Field(ge=0, description="Purchase price per piece, US$.")
    supplier: str = Field(
        "", description="Who supplies it (a name or id; '' = not recorded)."
    )


class CastPart(_PartBase):
    """A high-pressure die casting: part from geometry, plus biscuit, runners and overflows."""

    kind: Literal["cast"] = "cast"
    wall_mm: float = Field(gt=0, description="Nominal wall thickness, mm.")
    biscuit_kg: float = Field(ge=0, description="Biscuit mass per shot, kg.")
    runners_kg: float = Field(ge=0, description="Runner and gating mass per shot, kg.")
    overflows_kg: float = Field(ge=0, description="Overflow and vent mass per shot, kg.")
    remelt_loss_fraction: float = Field(
        0.02, ge=0, lt=1, description="Dross/oxidation loss of remelted returns, fraction."
    )


class _FamilyBase(_Frozen):
    family: str = Field(description="What the family is, for people reading the file.")
    part_number_prefix: str = Field(min_length=1, description="Members are '<prefix>-NN'.")
    name: str = Field(description="Member name; ' NN' is appended.")
    count: int = Field(ge=1, le=200, description="Number of members, -.")
    subassembly: str = Field(description="Sub-assembly where the members are loaded and joined.")
    material: str = Field(description="Material grade.")
    shape_from: Shape = Field(description="Geometry of the first member.")
    shape_to: Shape = Field(description="Geometry of the last member; others interpolate linearly.")
    position_from_mm: Vector3 = Field(description="Position of the first member, mm.")
    position_to_mm: Vector3 = Field(description="Position of the last member, mm.")
    rotation_deg: Vector3 = Field((0.0, 0.0, 0.0), description="Rotation of every member, deg.")
    join_to: tuple[str, ...] = Field(min_length=1, description="Carrier parts, used in turn.")
    join_type: JoinType = Field(description="How each member is joined to its carrier.")
    joints_each: int = Field(ge=1, description="Joints per member, -.")
    source: str = Field("assumption (X)", description="Source of the family's figures.")

    @model_validator(mode="after")
    def _same_shape_kind(self) -> _FamilyBase:
        if self.shape_from.kind != self.shape_to.kind:
            raise ValueError(
                f"family {self.family!r}: shape_from is {self.shape_from.kind!r} "
                f"but shape_to is {self.shape_to.kind!r}; they must be the same kind"
            )
        return self


class StampedFamily(_FamilyBase):
    """A family of similar stamped parts (e.g. 12 harness brackets) with a size range."""

    thickness_mm: float = Field(gt=0, le=10, description="Sheet thickness, mm.")
    blank_length_mm: tuple[float, float] = Field(description="Blank length first..last, mm.")
    blank_width_mm: tuple[float, float] = Field(description="Blank width first..last, mm.")
    press_line: str = Field(description="Press line id.")
    dies: int = Field(ge=1, description="Dies per member, -.")
    strokes_per_min: float | None = Field(None, gt=0, description="Stroke rate, strokes/min.")
    parts_per_stroke: int = Field(1, ge=1, description="Parts per stroke, -.")


class BoughtFamily(_FamilyBase):
    """A family of bought parts (weld nuts, studs)."""

    unit_price_usd: float = Field(ge=0, description="Price per piece, US$.")
    supplier: str = Field(
        "", description="Who supplies it (a name or id; '' = not recorded)."
    )


class Join(_Frozen):
    """Joints of one type between two or more parts (or interfaces), made in one sub-assembly."""

    subassembly: str = Field(description="Sub-assembly (station group) that makes the joints.")
    parts: tuple[str, ...] = Field(min_length=2, description="Part numbers or interface names.")
    type: JoinType = Field(description="Join technology.")
    count: int = Field(1, ge=1, description="Number of joints (welds, rivets, screws, beads), -.")
    length_m: float = Field(0.0, ge=0, description="Bead length for adhesive, m.")
    sides: tuple[Side, ...] = Field((), description="Expand per side, replacing '{side}'.")
    note: str = Field("", description="Why this join is there.")

    @model_validator(mode="after")
    def _adhesive_has_length(self) -> Join:
        if self.type == "adhesive" and self.length_m <= 0:
            raise ValueError(f"adhesive join between {self.parts} needs length_m > 0")
        return self


class JoinConsumable(_Frozen):
    """What one joint of a type uses up (rivet, screw, electrode-cap wear) or one metre of bead.

    Bought parts the joint fastens (weld nuts, studs) are parts of their own; this is what the
    joining process consumes on top, priced into the material cost of both routes.
    """

    type: JoinType = Field(description="Join technology this price is for.")
    usd_per_unit: float = Field(
        ge=0, description="US$ per joint, or per metre of bead for adhesive.")
    what: str = Field("", description="What is consumed (rivet, screw, cap wear, epoxy).")
    source: str = Field(description="Source and confidence tag, or 'assumption (X)'.")


class SubAssemblySpec(_Frozen):
    """One sub-assembly of a route, listed in build order."""

    name: str = Field(min_length=1, description="Sub-assembly id.")
    title: str = Field("", description="Readable name.")
    inputs: tuple[str, ...] = Field((), description="Earlier sub-assemblies loaded into this one.")


AnyPart = StampedPart | BoughtPart | CastPart


class RouteSpec(_Frozen):
    """Everything one route (welded or casting) is made of."""

    description: str = Field("", description="What the route is.")
    subassemblies: tuple[SubAssemblySpec, ...] = Field(min_length=1, description="Build order.")
    stamped_parts: tuple[StampedPart, ...] = Field((), description="Stamped parts, one by one.")
    cast_parts: tuple[CastPart, ...] = Field((), description="Cast parts.")
    bought_parts: tuple[BoughtPart, ...] = Field((), description="Bought parts, one by one.")
    stamped_families: tuple[StampedFamily, ...] = Field((), description="Stamped part families.")
    bought_families: tuple[BoughtFamily, ...] = Field((), description="Bought part families.")
    joins: tuple[Join, ...] = Field((), description="Joins between parts.")


class CatalogSpec(_Frozen):
    """A whole catalog file: shared materials and press lines, and one spec per route."""

    name: str = Field("catalog", description="Catalog name.")
    description: str = Field("", description="What the catalog describes.")
    materials: tuple[Material, ...] = Field(min_length=1, description="Materials by grade.")
    press_lines: tuple[PressLine, ...] = Field((), description="Press lines of the press shop.")
    interfaces: tuple[Interface, ...] = Field((), description="Out-of-scope mating structure.")
    join_consumables: tuple[JoinConsumable, ...] = Field(
        (), description="Consumables per joint type; when given, every join type a route uses "
        "must be priced (none given: joints consume nothing)."
    )
    routes: dict[RouteName, RouteSpec] = Field(min_length=1, description="Routes by name.")
