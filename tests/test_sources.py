"""Sources ship with the docs: no text points to a file outside the repository.

The research notes the defaults were taken from are not part of the product; every figure is
cited from docs/background/sources.md ("sources §N.M"). These tests read the files, so a
stale citation, an anchor that does not exist or a link out of the tree fails at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "docs" / "background" / "sources.md"
SHIPPED = ("docs", "lines", "twin", "ml", "parts_catalog", "examples", "benchmarks")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".json", ".txt", ".toml"}
OUTSIDE = re.compile(r"REFERENCE(\.md)?\s*(section\s*)?\d|REFERENCE\.md|/work/|shared/domain")
CITATION = re.compile(r"sources\s*§\s*(\d(?:\.\d)?)(?!\d)"
                      r"((?:\s*(?:/|,|and)\s*\d\.\d(?!\d))*)")
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def shipped_files() -> list[Path]:
    files = [REPO / "README.md", REPO / "app.py", REPO / "pyproject.toml"]
    for top in SHIPPED:
        files += [p for p in (REPO / top).rglob("*") if p.suffix in SUFFIXES
                  and "__pycache__" not in p.parts and p.is_file()]
    return files


def anchors() -> set[str]:
    return set(re.findall(r'<a id="(s[\d-]+)"></a>', SOURCES.read_text()))


def test_no_shipped_text_points_to_a_file_outside_the_repository():
    found = [f"{p.relative_to(REPO)}:{n}: {line.strip()[:90]}"
             for p in shipped_files()
             for n, line in enumerate(p.read_text(errors="replace").splitlines(), 1)
             if OUTSIDE.search(line)]
    assert not found, "cite docs/background/sources.md instead:\n" + "\n".join(found)


def test_every_cited_section_of_the_sources_page_exists():
    known = anchors()
    missing = []
    for path in shipped_files():
        for match in CITATION.finditer(path.read_text(errors="replace")):
            sections = [match.group(1), *re.findall(r"\d\.\d", match.group(2))]
            missing += [f"{path.relative_to(REPO)}: sources §{s}" for s in sections
                        if "s" + s.replace(".", "-") not in known]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("page", sorted((REPO / "docs").rglob("*.md")) + [REPO / "README.md"],
                         ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_of_a_page_stays_in_the_repository_and_exists(page):
    bad = []
    for target, anchor in LINK.findall(page.read_text()):
        if "://" in target or target.startswith("mailto:"):
            continue
        resolved = (page.parent / target).resolve()
        if REPO not in resolved.parents or not resolved.exists():
            bad.append(target)
        elif resolved == SOURCES and anchor and anchor[1:] not in anchors():
            bad.append(target + anchor)
    assert not bad, f"{page.relative_to(REPO)}: {bad}"


def test_the_sources_page_tags_every_figure_and_says_where_it_was_published():
    text = SOURCES.read_text()
    rows = [line for line in text.splitlines()
            if line.startswith("| ") and "---" not in line and not line.startswith("| **")]
    tag = re.compile(r"\| ((?:A-?|B|C|D|X)(?:/(?:A-?|B|C|D|X))*)(?: \([^)]*\))? \|$")
    tagged = [(row, tag.search(row)) for row in rows]
    figures = [(row, found.group(1)) for row, found in tagged if found]
    headers = [row for row, found in tagged if not found]
    assert len(figures) > 150
    legend = "| tag | what stands behind the figure | how GigaTwin uses it |"
    assert all(row.split("|")[-2].strip() in {"tag", "-"} for row in headers
               if row != legend), headers
    # a published figure (any tag but X alone) says where: a URL, a DOI or another section
    unsourced = [row for row, tags in figures if tags != "X"
                 and not re.search(r"https?://|doi|§|\(above\)|handbook|ULSAB|Dow|Institute|review",
                                   row)]
    assert not unsourced, unsourced
