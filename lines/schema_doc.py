"""The scenario reference (docs/reference/scenario.md), generated from the JSON Schema.

Run ``python -m lines.schema_doc`` (or ``make schema``) after changing the scenario models; a
test fails while the committed page differs from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lines.spec import Scenario

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "scenario.md"


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{prop['$ref'].split('/')[-1]}](#{prop['$ref'].split('/')[-1].lower()})"
    if "anyOf" in prop:
        return " or ".join(_type(option) for option in prop["anyOf"])
    if "oneOf" in prop:
        return "a distribution (see [Distributions](#distributions))"
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if prop.get("type") == "object" and "additionalProperties" in prop:
        return f"mapping to {_type(prop['additionalProperties'])}"
    if "const" in prop:
        return f"`{prop['const']}`"
    return str(prop.get("type", "any"))


def _limits(prop: dict[str, Any]) -> str:
    words = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}
    parts = [f"{sign} {prop[key]}" for key, sign in words.items() if key in prop]
    for option in prop.get("anyOf", []):
        parts += [f"{sign} {option[key]}" for key, sign in words.items() if key in option]
    return ", ".join(parts)


def _table(name: str, model: dict[str, Any]) -> list[str]:
    required = set(model.get("required", []))
    rows = [f"### {name}", "", model.get("description", "").strip(), "",
            "| field | type | required | default | limits | meaning |",
            "|---|---|---|---|---|---|"]
    for field, prop in model.get("properties", {}).items():
        default = "" if field in required else f"`{prop.get('default')}`"
        rows.append(f"| `{field}` | {_type(prop)} | {'yes' if field in required else ''} | "
                    f"{default} | {_limits(prop)} | {prop.get('description', '')} |")
    return [*rows, ""]


def render() -> str:
    """The whole reference page as Markdown."""
    schema = Scenario.model_json_schema()
    defs = schema.get("$defs", {})
    distributions = [n for n in defs if defs[n].get("properties", {}).get("dist")]
    lines = ["# Scenario reference", "",
             "Generated from the JSON Schema (`gigatwin schema`) by `python -m lines.schema_doc`;",
             "do not edit by hand. A bare number where a distribution is expected means a fixed",
             "value.", "", *_table("Scenario", schema)]
    for name in sorted(n for n in defs if n not in distributions):
        lines += _table(name, defs[name])
    lines += ["## Distributions", "", "Pick one with `dist:`.", ""]
    for name in distributions:
        lines += _table(name, defs[name])
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    PAGE.write_text(render())
    sys.stdout.write(f"wrote {PAGE}\n")
