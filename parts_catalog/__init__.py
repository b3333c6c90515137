"""Parts catalog: what a car body is made of, with real geometry, materials, masses and joins.

Load the shipped rear-underbody catalog (welded steel route and giga-casting route) or a user's
own YAML file, then read parts tables, sub-assemblies in build order, route totals and meshes.
Masses always come from mesh volume x material density.

Examples:
    >>> from parts_catalog import load_catalog
    >>> catalog = load_catalog()
    >>> catalog.route_totals("welded").stamped_part_count >= 100
    True
"""

from parts_catalog.catalog import ROUTES, Catalog, load_catalog
from parts_catalog.errors import CatalogError
from parts_catalog.figures import BlankTooSmallError
from parts_catalog.loader import default_catalog_path, read_catalog_spec
from parts_catalog.mesh_io import (
    ImportedMesh,
    MeshImportError,
    load_mesh_bytes,
    load_mesh_file,
    mesh_to_bytes,
    scene_to_glb,
)
from parts_catalog.meshes import MassProperties, build_shape
from parts_catalog.schema import (
    CAST_ALLOY_FAMILIES,
    SHEET_STEEL_FAMILIES,
    AlloyMix,
    BoughtFamily,
    BoughtPart,
    CastPart,
    CatalogSpec,
    Interface,
    Join,
    JoinConsumable,
    Material,
    Placement,
    PressLine,
    RouteSpec,
    StampedFamily,
    StampedPart,
    SubAssemblySpec,
)
from parts_catalog.shapes import (
    BracketShape,
    HatRailShape,
    MeshFileShape,
    PanelShape,
    PlateShape,
    RibbedShellShape,
    StudShape,
    WeldNutShape,
)
from parts_catalog.totals import RouteTotals, SubAssembly

__all__ = [
    "AlloyMix",
    "CAST_ALLOY_FAMILIES",
    "ROUTES",
    "SHEET_STEEL_FAMILIES",
    "BlankTooSmallError",
    "BoughtFamily",
    "BoughtPart",
    "BracketShape",
    "CastPart",
    "Catalog",
    "CatalogError",
    "CatalogSpec",
    "HatRailShape",
    "ImportedMesh",
    "Interface",
    "Join",
    "JoinConsumable",
    "MassProperties",
    "Material",
    "MeshFileShape",
    "MeshImportError",
    "PanelShape",
    "Placement",
    "PlateShape",
    "PressLine",
    "RibbedShellShape",
    "RouteSpec",
    "RouteTotals",
    "StampedFamily",
    "StampedPart",
    "StudShape",
    "SubAssembly",
    "SubAssemblySpec",
    "WeldNutShape",
    "build_shape",
    "default_catalog_path",
    "load_catalog",
    "load_mesh_bytes",
    "load_mesh_file",
    "mesh_to_bytes",
    "read_catalog_spec",
    "scene_to_glb",
]
