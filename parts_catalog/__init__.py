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

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below, for type checkers; at run time ``__getattr__`` loads them
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

_LAZY_EXPORTS = {
    "AlloyMix": "parts_catalog.schema",
    "CAST_ALLOY_FAMILIES": "parts_catalog.schema",
    "ROUTES": "parts_catalog.catalog",
    "SHEET_STEEL_FAMILIES": "parts_catalog.schema",
    "BlankTooSmallError": "parts_catalog.figures",
    "BoughtFamily": "parts_catalog.schema",
    "BoughtPart": "parts_catalog.schema",
    "BracketShape": "parts_catalog.shapes",
    "CastPart": "parts_catalog.schema",
    "Catalog": "parts_catalog.catalog",
    "CatalogError": "parts_catalog.errors",
    "CatalogSpec": "parts_catalog.schema",
    "HatRailShape": "parts_catalog.shapes",
    "ImportedMesh": "parts_catalog.mesh_io",
    "Interface": "parts_catalog.schema",
    "Join": "parts_catalog.schema",
    "JoinConsumable": "parts_catalog.schema",
    "MassProperties": "parts_catalog.meshes",
    "Material": "parts_catalog.schema",
    "MeshFileShape": "parts_catalog.shapes",
    "MeshImportError": "parts_catalog.mesh_io",
    "PanelShape": "parts_catalog.shapes",
    "Placement": "parts_catalog.schema",
    "PlateShape": "parts_catalog.shapes",
    "PressLine": "parts_catalog.schema",
    "RibbedShellShape": "parts_catalog.shapes",
    "RouteSpec": "parts_catalog.schema",
    "RouteTotals": "parts_catalog.totals",
    "StampedFamily": "parts_catalog.schema",
    "StampedPart": "parts_catalog.schema",
    "StudShape": "parts_catalog.shapes",
    "SubAssembly": "parts_catalog.totals",
    "SubAssemblySpec": "parts_catalog.schema",
    "WeldNutShape": "parts_catalog.shapes",
    "build_shape": "parts_catalog.meshes",
    "default_catalog_path": "parts_catalog.loader",
    "load_catalog": "parts_catalog.catalog",
    "load_mesh_bytes": "parts_catalog.mesh_io",
    "load_mesh_file": "parts_catalog.mesh_io",
    "mesh_to_bytes": "parts_catalog.mesh_io",
    "read_catalog_spec": "parts_catalog.loader",
    "scene_to_glb": "parts_catalog.mesh_io",
}
"""Public name -> module that defines it, imported on first use: ``parts_catalog.file_bytes``
(the one file reader, used by every layer) loads without trimesh and the catalog."""

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


def __getattr__(name: str) -> object:
    """Load one of the catalog's public names on first use (PEP 562)."""
    module = _LAZY_EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'parts_catalog' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
