"""The architecture of DESIGN.md "Layers, and which way imports point", checked from the source.

Everything here reads the files with :mod:`ast`; no first-party module is imported, so a broken
or slow import cannot hide a violation and the whole file runs in well under a second.

Rules (each test names the one it proves):

1. no import cycle among first-party modules at load time;
2. layers point down (``lines``/``parts_catalog`` know nothing of ``twin``, ``ml`` or SimPy, ...);
3. no package reaches into another package's private (``_``) module or name;
4. every package ``__init__`` declares a literal ``__all__`` whose names it binds;
5. no function-level import of a first-party module, except the allow-list below.

The bottom half of the file tests the checker itself on small synthetic trees in ``tmp_path``.
"""

from __future__ import annotations

import ast
from collections import defaultdict, deque
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("twin", "lines", "parts_catalog", "ml")
OUTSIDE = ("app.py", "examples", "benchmarks")  # first-party code outside every package

# Rule 2: top-level package -> what it must never import, whatever the import's context.
FORBIDDEN = {
    "lines": ("twin", "ml", "simpy"),
    "parts_catalog": ("twin", "ml", "simpy", "lines"),
    "ml": ("twin", "lines", "simpy"),
}
STREAMLIT_ALLOWED = ("app.py", "twin/ui/")  # a file, or a folder prefix

# Rule 5: (file, imported first-party top-level package) -> why it is imported lazily.
LAZY_IMPORTS = {
    ("twin/runtime/casting_cell.py", "ml"):
        "ml loads scikit-learn; only lines with a casting cell should pay for it",
}
# Rule 5 also covers ``importlib.import_module`` called in a function: file -> why. These two
# keep ``gigatwin --help`` under a second (issue 16): ``twin``'s convenience re-exports load
# the engine (pandas, scipy, SimPy) on first use (PEP 562 ``__getattr__`` over a literal
# ``_LAZY_EXPORTS`` table, whose names count as bound for rule 4), and the CLI imports a
# command's module only when that command runs (``twin.cli.app.COMMANDS``).
LAZY_MODULE_LOADS = {
    "twin/__init__.py": "the engine's names are loaded on first use, not by `import twin.cli`",
    "parts_catalog/__init__.py": "the catalog's names (trimesh) load on first use, not by the "
                                 "file reader every layer imports (`parts_catalog.file_bytes`)",
    "twin/cli/app.py": "a command's module (pandas, SimPy, scikit-learn) loads when it runs",
    "twin/docgen/api_reference.py": "the API reference imports each public module it documents",
}


# --------------------------------------------------------------------------- the checker


@dataclass(frozen=True)
class Import:
    """One imported module (``import a.b``) or one imported name (``from a import b``)."""

    path: str  # file, relative to the root, posix
    line: int
    module: str  # absolute module of the statement (relative imports resolved)
    name: str | None  # the name of ``from module import name``; None for ``import module``
    function: str | None  # qualified name of the enclosing function, None at load time
    type_checking: bool  # under ``if TYPE_CHECKING:``

    @property
    def dotted(self) -> str:
        """The full dotted path imported, e.g. ``lines.spec._Model``."""
        return self.module if self.name in (None, "*") else f"{self.module}.{self.name}"

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def module_name(rel: Path) -> str:
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def absolute_module(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module of a (possibly relative) ``from ... import`` statement."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def collect_imports(tree: ast.Module, path: str, module: str, is_package: bool) -> list[Import]:
    """Every import of a file, with its line, enclosing function and TYPE_CHECKING context."""
    found: list[Import] = []

    def visit(node: ast.AST, qual: tuple[str, ...], function: str | None, tc: bool) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            source = absolute_module(module, is_package, node) if isinstance(
                node, ast.ImportFrom) else None
            found.extend(Import(path, node.lineno, alias.name if source is None else source,
                                None if source is None else alias.name, function, tc)
                         for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = (*qual, node.name)
            for child in node.body:
                visit(child, (*inner, "<locals>"), ".".join(inner), tc)
        elif isinstance(node, ast.ClassDef):  # a class body runs at load time
            for child in node.body:
                visit(child, (*qual, node.name), function, tc)
        elif isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.body:
                visit(child, qual, function, True)
            for child in node.orelse:
                visit(child, qual, function, tc)
        else:
            for child in ast.iter_child_nodes(node):
                visit(child, qual, function, tc)

    for statement in tree.body:
        visit(statement, (), None, False)
    return found


@dataclass(frozen=True)
class SourceFile:
    """One parsed first-party file."""

    path: str
    module: str
    owner: str | None  # its top-level package, None outside every package
    is_package: bool
    tree: ast.Module

    @cached_property
    def imports(self) -> list[Import]:
        return collect_imports(self.tree, self.path, self.module, self.is_package)


class Project:
    """The first-party files under a root: the packages, plus the code outside them."""

    def __init__(self, root: Path, packages: tuple[str, ...], outside: tuple[str, ...] = ()):
        self.root, self.packages, self.outside = root, packages, outside

    def _paths(self) -> list[Path]:
        paths = [p for pkg in self.packages for p in sorted((self.root / pkg).rglob("*.py"))]
        for entry in self.outside:
            where = self.root / entry
            paths += [where] if where.is_file() else sorted(where.rglob("*.py"))
        return paths

    @cached_property
    def files(self) -> dict[str, SourceFile]:
        files = {}
        for path in self._paths():
            rel = path.relative_to(self.root)
            top = rel.parts[0]
            files[rel.as_posix()] = SourceFile(
                path=rel.as_posix(), module=module_name(rel),
                owner=top if top in self.packages else None,
                is_package=path.name == "__init__.py",
                tree=ast.parse(path.read_text(encoding="utf-8"), filename=str(path)),
            )
        return files

    @cached_property
    def modules(self) -> dict[str, SourceFile]:
        """The importable first-party modules (packages' files, and top-level files like app)."""
        return {f.module: f for f in self.files.values()
                if f.owner is not None or "/" not in f.path}

    def targets(self, imp: Import) -> list[str]:
        """The module an import loads: ``from pkg import name`` is ``pkg.name`` if that exists."""
        if imp.name not in (None, "*") and imp.dotted in self.modules:
            return [imp.dotted]
        return [imp.module]


def ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph(project: Project) -> dict[str, dict[str, list[str]]]:
    """Load-time edges ``importer -> imported -> [file:line]`` between first-party modules.

    Importing ``a.b.c`` also loads the packages ``a`` and ``a.b``, except the importer and the
    packages it sits in: Python has always started loading those before the module runs.
    An explicit import of them (``from pkg import name`` inside ``pkg.sub``) still counts.
    """
    graph: dict[str, dict[str, list[str]]] = {m: defaultdict(list) for m in project.modules}
    for source in project.modules.values():
        own = {*ancestors(source.module), source.module}
        for imp in source.imports:
            if imp.function is not None or imp.type_checking:
                continue
            for target in project.targets(imp):
                implied = [a for a in ancestors(target) if a not in own]
                for loaded in [*implied, target]:
                    if loaded in project.modules:
                        graph[source.module][loaded].append(imp.where)
    return graph


def strongly_connected(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Tarjan's strongly connected components (iterative), each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(components)


def shortest_cycle(graph: dict[str, dict[str, list[str]]], component: list[str]) -> list[str]:
    """One shortest cycle through the first module of a component, as a closed path."""
    start, members = component[0], set(component)
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(graph[node]):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if child in members and child not in parent:
                parent[child] = node
                queue.append(child)
    raise AssertionError(f"no cycle in component {component}")


def import_cycles(project: Project) -> list[str]:
    """One report per strongly connected component of more than one module, or self-import."""
    graph = import_graph(project)
    reports = []
    for component in strongly_connected(graph):
        if len(component) == 1 and component[0] not in graph[component[0]]:
            continue
        cycle = shortest_cycle(graph, component)
        lines = [f"cycle among {', '.join(component)}: {' -> '.join(cycle)}"]
        lines += [f"    {src} -> {dst}  ({', '.join(unique(graph[src][dst]))})"
                  for src in component for dst in sorted(graph[src]) if dst in component]
        reports.append("\n".join(lines))
    return reports


def describe(imp: Import) -> str:
    return f"import {imp.module}" if imp.name is None else f"from {imp.module} import {imp.name}"


def unique(messages: list[str]) -> list[str]:
    """The messages in order, once each (``from m import a, b`` is one statement)."""
    return list(dict.fromkeys(messages))


def layer_violations(project: Project) -> list[str]:
    """Imports pointing up a layer, or Streamlit imported outside the front end."""
    found = []
    for source in project.files.values():
        streamlit_ok = any(source.path == allowed or
                           (allowed.endswith("/") and source.path.startswith(allowed))
                           for allowed in STREAMLIT_ALLOWED)
        forbidden = FORBIDDEN.get(source.owner or "", ())
        for imp in source.imports:
            if imp.top in forbidden:
                found.append(f"{imp.where}: {source.owner} must not import {imp.top}: "
                             f"{describe(imp)}")
            elif imp.top == "streamlit" and not streamlit_ok:
                found.append(f"{imp.where}: only app.py and twin.ui import streamlit: "
                             f"{describe(imp)}")
    return unique(found)


def is_private(component: str) -> bool:
    return component.startswith("_") and not (component.startswith("__")
                                              and component.endswith("__"))


def private_reaches(project: Project) -> list[str]:
    """Imports of another first-party package's private module or name."""
    return [f"{imp.where}: {source.owner or source.path} reaches into private "
            f"{imp.dotted}: {describe(imp)}"
            for source in project.files.values() for imp in source.imports
            if imp.top in project.packages and imp.top != source.owner
            and any(is_private(part) for part in imp.dotted.split("."))]


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for element in target.elts for n in _target_names(element)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []


def _load_time_statements(body: list[ast.stmt]):
    """The module-level statements, descending into if/try/with but not TYPE_CHECKING."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            if not is_type_checking(node.test):
                yield from _load_time_statements(node.body)
            yield from _load_time_statements(node.orelse)
        elif isinstance(node, ast.Try | ast.TryStar):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse,
                          node.finalbody):
                yield from _load_time_statements(block)
        elif isinstance(node, ast.With | ast.For):
            yield from _load_time_statements(node.body)


def _bound_by(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [n for target in node.targets for n in _target_names(target)]
    if isinstance(node, ast.AnnAssign | ast.AugAssign) and (
            isinstance(node, ast.AugAssign) or node.value is not None):
        return _target_names(node.target)
    if isinstance(node, ast.For):
        return _target_names(node.target)
    if isinstance(node, ast.With):
        return [n for item in node.items if item.optional_vars
                for n in _target_names(item.optional_vars)]
    return []


def _literal_strings(value: ast.expr | None) -> list[str] | None:
    if isinstance(value, ast.List | ast.Tuple) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
        return [e.value for e in value.elts]  # type: ignore[attr-defined]
    return None


def declared_all(tree: ast.Module) -> tuple[list[str] | None, list[int]]:
    """The names of a literal ``__all__`` (None if absent), and the lines of non-literal ones."""
    names: list[str] | None = None
    bad_lines = []
    for node in _load_time_statements(tree.body):
        target = node.target if isinstance(node, ast.AnnAssign | ast.AugAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if not (isinstance(target, ast.Name) and target.id == "__all__"):
            continue
        literal = _literal_strings(node.value)  # type: ignore[attr-defined]
        if literal is None:
            bad_lines.append(node.lineno)
        else:
            extend = isinstance(node, ast.AugAssign) and names is not None
            names = [*(names or []), *literal] if extend else literal
    return names, bad_lines


def lazy_exports(tree: ast.Module) -> dict[str, str]:
    """A module's literal ``_LAZY_EXPORTS = {name: module}`` if it also defines ``__getattr__``."""
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in tree.body:
        if (isinstance(node, ast.Assign | ast.AnnAssign) and "__getattr__" in names
                and _target_names(node.targets[0] if isinstance(node, ast.Assign)
                                  else node.target) == ["_LAZY_EXPORTS"]
                and isinstance(node.value, ast.Dict)):
            pairs = zip(node.value.keys, node.value.values, strict=True)
            return {k.value: v.value for k, v in pairs
                    if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)}
    return {}


def bound_names(project: Project, source: SourceFile,
                seen: frozenset[str] = frozenset()) -> set[str]:
    """Names a module binds at load time; ``from m import *`` adds m's public names.

    A name of a ``_LAZY_EXPORTS`` table served by ``__getattr__`` counts as bound when the
    module it names binds it.
    """
    bound = {name for name, module in lazy_exports(source.tree).items()
             if module in project.modules and module != source.module
             and name in bound_names(project, project.modules[module], seen | {source.module})}
    for node in _load_time_statements(source.tree.body):
        bound.update(_bound_by(node))
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            star = project.modules.get(absolute_module(source.module, source.is_package, node))
            if star is not None and star.module not in seen:
                public, _ = declared_all(star.tree)
                bound.update(public if public is not None else {
                    n for n in bound_names(project, star, seen | {source.module})
                    if not n.startswith("_")})
    return bound - {"*"}


def all_violations(project: Project) -> list[str]:
    """Package ``__init__`` files without a literal ``__all__`` of names they bind."""
    found = []
    for source in project.files.values():
        if source.owner is None or not source.is_package:
            continue
        names, bad_lines = declared_all(source.tree)
        found += [f"{source.path}:{line}: __all__ is not a literal list/tuple of strings"
                  for line in bad_lines]
        if names is None:
            if not bad_lines:
                found.append(f"{source.path}:1: package {source.module} defines no __all__")
            continue
        # a submodule listed in __all__ is bound too: ``from pkg import *`` imports it
        bound = bound_names(project, source) | {
            m.rsplit(".", 1)[1] for m in project.modules if m.rpartition(".")[0] == source.module}
        found += [f"{source.path}:1: __all__ names {name!r}, which {source.module} never binds"
                  for name in names if name not in bound]
    return found


def function_level_imports(project: Project, allowed: dict[tuple[str, str], str]):
    """Function-level imports of first-party modules not allowed, and allowances never used."""
    found, used = [], set()
    for source in project.files.values():
        for imp in source.imports:
            if imp.function is None or imp.top not in project.packages:
                continue
            if (source.path, imp.top) in allowed:
                used.add((source.path, imp.top))
            else:
                found.append(f"{imp.where}: import {imp.module} inside function {imp.function}")
    stale = [f"{path}: allow-list entry for a lazy import of {top} matches no import"
             for path, top in sorted(set(allowed) - used)]
    return unique(found), stale


def _is_import_module_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module" and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "importlib")


def import_module_calls(project: Project, allowed: dict[str, str]):
    """``importlib.import_module`` calls outside the allowed files, and stale allowances."""
    found, used = [], set()
    for source in project.files.values():
        for node in ast.walk(source.tree):
            if _is_import_module_call(node):
                if source.path in allowed:
                    used.add(source.path)
                else:
                    found.append(f"{source.path}:{node.lineno}: importlib.import_module")
    stale = [f"{path}: allow-list entry for importlib.import_module matches no call"
             for path in sorted(set(allowed) - used)]
    return found, stale


@cache
def project() -> Project:
    return Project(ROOT, PACKAGES, OUTSIDE)


def fail_with(header: str, violations: list[str]) -> None:
    if violations:
        pytest.fail(f"{header} ({len(violations)}):\n" + "\n".join(violations), pytrace=False)


# --------------------------------------------------------------------------- the architecture


def test_the_checker_sees_every_package_and_the_code_outside_them():
    files = project().files
    for package in PACKAGES:
        assert f"{package}/__init__.py" in files
    assert "app.py" in files
    assert any(p.startswith("examples/") for p in files)
    assert any(p.startswith("benchmarks/") for p in files)


def test_first_party_modules_load_without_import_cycles():
    fail_with("import cycles at load time (module-level imports, not TYPE_CHECKING)",
              import_cycles(project()))


def test_layers_point_down_and_only_the_front_end_imports_streamlit():
    fail_with("imports against the layers (any import, also in functions or TYPE_CHECKING)",
              layer_violations(project()))


def test_no_package_reaches_into_another_packages_private_modules_or_names():
    fail_with("imports of another package's private module or name",
              private_reaches(project()))


def test_every_package_init_declares_a_literal_all_of_names_it_binds():
    fail_with("package __init__ files without a proper __all__", all_violations(project()))


def test_first_party_modules_are_imported_at_module_level_except_allowed_lazy_imports():
    found, stale = function_level_imports(project(), LAZY_IMPORTS)
    fail_with("function-level imports of first-party modules (allow-list: LAZY_IMPORTS)",
              found + stale)


def test_modules_are_loaded_by_name_only_where_allowed():
    found, stale = import_module_calls(project(), LAZY_MODULE_LOADS)
    fail_with("importlib.import_module outside LAZY_MODULE_LOADS", found + stale)


# --------------------------------------------------------------------------- the checker itself


def write_tree(root: Path, files: dict[str, str]) -> Project:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    packages = tuple(sorted({rel.split("/")[0] for rel in files if "/" in rel}
                            - {"examples", "benchmarks"}))
    return Project(root, packages, ("app.py", "examples", "benchmarks"))


def test_checker_reports_a_two_module_cycle_with_its_lines(tmp_path):
    tree = write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "import os\nfrom pkg.b import B\nA = 1\n",
        "pkg/b.py": "from pkg import a\nB = 2\n",
    })
    (report,) = import_cycles(tree)
    assert "cycle among pkg.a, pkg.b: pkg.a -> pkg.b -> pkg.a" in report
    assert "pkg.a -> pkg.b  (pkg/a.py:2)" in report
    assert "pkg.b -> pkg.a  (pkg/b.py:1)" in report


def test_checker_counts_try_and_if_imports_but_not_type_checking_or_function_imports(tmp_path):
    tree = write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": ("from typing import TYPE_CHECKING\n"
                     "if TYPE_CHECKING:\n    from pkg.b import B\n"
                     "else:\n    from pkg.c import C\n"
                     "def f():\n    from pkg.b import B\n"
                     "class K:\n    def m(self):\n        import pkg.b\n"),
        "pkg/b.py": "import pkg.a\n",
        "pkg/c.py": "try:\n    import pkg.d\nexcept ImportError:\n    pass\n",
        "pkg/d.py": "import sys\nif sys.platform:\n    from pkg import a\n",
    })
    graph = import_graph(tree)
    assert set(graph["pkg.a"]) == {"pkg.c"}  # TYPE_CHECKING and function bodies are no edge
    (report,) = import_cycles(tree)
    assert "pkg.a -> pkg.c -> pkg.d -> pkg.a" in report
    found, _ = function_level_imports(tree, {})
    assert found == ["pkg/a.py:7: import pkg.b inside function f",
                     "pkg/a.py:10: import pkg.b inside function K.m"]


def test_checker_resolves_from_imports_to_submodules_and_loads_parent_packages(tmp_path):
    tree = write_tree(tmp_path, {
        "pkg/__init__.py": "from pkg.sub.x import X\nfrom pkg.sub import y\n",
        "pkg/sub/__init__.py": "VALUE = 1\n",
        "pkg/sub/x.py": "from pkg.sub import VALUE\nX = VALUE\n",
        "pkg/sub/y.py": "from . import x\n",
        "other/__init__.py": "",
        "other/m.py": "import pkg.sub.x\nfrom pkg.sub import VALUE\n",
    })
    graph = import_graph(tree)
    assert set(graph["other.m"]) == {"pkg", "pkg.sub", "pkg.sub.x"}
    assert set(graph["pkg.sub.x"]) == {"pkg.sub"}  # explicit import of its own package
    assert set(graph["pkg.sub.y"]) == {"pkg.sub.x"}  # relative, own packages already loading
    assert import_cycles(tree) == []  # re-exporting from submodules is no cycle by itself


def test_checker_reports_a_package_init_cycle_and_a_self_import(tmp_path):
    tree = write_tree(tmp_path, {
        "pkg/__init__.py": "from pkg.a import A\n",
        "pkg/a.py": "from pkg import helper\nA = 1\n",
        "pkg/helper.py": "",
        "solo/__init__.py": "X = 1\nfrom solo import X as Y\n",
    })
    # pkg.helper is a submodule, so pkg.a does not need pkg itself: no cycle there
    assert [r.splitlines()[0] for r in import_cycles(tree)] == [
        "cycle among solo: solo -> solo"]
    (tmp_path / "pkg/a.py").write_text("from pkg import HELPER\nA = 1\n")
    reports = import_cycles(Project(tmp_path, ("pkg", "solo")))
    assert [r.splitlines()[0] for r in reports] == [
        "cycle among pkg, pkg.a: pkg -> pkg.a -> pkg", "cycle among solo: solo -> solo"]
    assert "pkg.a -> pkg  (pkg/a.py:1)" in reports[0]


def test_checker_catches_layer_imports_in_any_context(tmp_path):
    tree = write_tree(tmp_path, {
        "lines/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                             "    from twin import run\n",
        "lines/x.py": "def f():\n    import simpy\n",
        "parts_catalog/__init__.py": "import lines.x\n",
        "ml/__init__.py": "import streamlit as st\n",
        "twin/__init__.py": "import simpy, ml, lines\n",
        "twin/ui/page.py": "import streamlit\n",
        "app.py": "import streamlit\n",
    })
    assert layer_violations(tree) == [
        "lines/__init__.py:3: lines must not import twin: from twin import run",
        "lines/x.py:2: lines must not import simpy: import simpy",
        "ml/__init__.py:1: only app.py and twin.ui import streamlit: import streamlit",
        "parts_catalog/__init__.py:1: parts_catalog must not import lines: import lines.x",
    ]


def test_checker_flags_private_reaches_across_packages_only(tmp_path):
    tree = write_tree(tmp_path, {
        "ml/__init__.py": "from ml._stream import S\nfrom ml import __version__\n",
        "ml/_stream.py": "",
        "lines/spec.py": "",
        "twin/a.py": ("import ml._window\nfrom ml._stream import S\nfrom lines.spec import _M\n"
                      "from ml import S, __version__\nimport twin._own\n"),
        "examples/e.py": "from ml._stream import S\n",
    })
    assert private_reaches(tree) == [
        "twin/a.py:1: twin reaches into private ml._window: import ml._window",
        "twin/a.py:2: twin reaches into private ml._stream.S: from ml._stream import S",
        "twin/a.py:3: twin reaches into private lines.spec._M: from lines.spec import _M",
        "examples/e.py:1: examples/e.py reaches into private ml._stream.S: "
        "from ml._stream import S",
    ]


def test_checker_requires_a_literal_all_of_bound_names(tmp_path):
    tree = write_tree(tmp_path, {
        "good/__init__.py": ("from typing import TYPE_CHECKING\nfrom good.a import A as B\n"
                             "import good.sub\n__all__: list[str] = ['B', 'good', 'a', 'C']\n"
                             "try:\n    C = 1\nexcept ImportError:\n    pass\n"),
        "good/a.py": "A = 1\n",
        "good/sub/__init__.py": "from good.sub.s import *\n__all__ = ('S',)\n__all__ += ['T']\n",
        "good/sub/s.py": "S = 1\nT = 2\n_P = 3\n",
        "bad/__init__.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                            "    from bad.a import A\n__all__ = ['A', 'gone']\n"),
        "bad/a.py": "",
        "bad/none/__init__.py": "X = 1\n",
        "bad/dyn/__init__.py": "__all__ = [n for n in dir()]\n",
    })
    assert all_violations(tree) == [
        "bad/__init__.py:1: __all__ names 'A', which bad never binds",
        "bad/__init__.py:1: __all__ names 'gone', which bad never binds",
        "bad/dyn/__init__.py:1: __all__ is not a literal list/tuple of strings",
        "bad/none/__init__.py:1: package bad.none defines no __all__",
    ]


def test_checker_allow_list_passes_lazy_imports_and_reports_stale_entries(tmp_path):
    tree = write_tree(tmp_path, {
        "twin/__init__.py": "",
        "twin/cell.py": "def f():\n    from ml import M\n    import numpy\n",
        "twin/other.py": "async def g():\n    from .cell import f\n",
        "ml/__init__.py": "",
    })
    allowed = {("twin/cell.py", "ml"): "lazy", ("twin/gone.py", "ml"): "lazy"}
    found, stale = function_level_imports(tree, allowed)
    assert found == ["twin/other.py:2: import twin.cell inside function g"]
    assert stale == ["twin/gone.py: allow-list entry for a lazy import of ml matches no import"]


def test_checker_counts_lazy_exports_served_by_getattr_as_bound(tmp_path):
    tree = write_tree(tmp_path, {
        "pkg/__init__.py": ("import importlib\n_LAZY_EXPORTS = {'A': 'pkg.a', 'Z': 'pkg.a'}\n"
                            "def __getattr__(name):\n"
                            "    module = importlib.import_module(_LAZY_EXPORTS[name])\n"
                            "    return getattr(module, name)\n"
                            "__all__ = ['A', 'Z']\n"),
        "pkg/a.py": "A = 1\n",
        "other/__init__.py": "_LAZY_EXPORTS = {'B': 'pkg.a'}\n__all__ = ['B']\n",
    })
    assert all_violations(tree) == [
        "other/__init__.py:1: __all__ names 'B', which other never binds",  # no __getattr__
        "pkg/__init__.py:1: __all__ names 'Z', which pkg never binds",  # pkg.a lacks Z
    ]
    found, stale = import_module_calls(tree, {"gone.py": "why"})
    assert found == ["pkg/__init__.py:4: importlib.import_module"]  # no allowance for pkg
    assert stale == ["gone.py: allow-list entry for importlib.import_module matches no call"]
