"""The picture of the layers in docs/design/layers.md stays true: no import points upward."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "kimcore"
DOC = Path(__file__).resolve().parent.parent / "docs" / "design" / "layers.md"

# Bottom to top, as the design page draws them. A module may import its own
# layer and the layers below it, never one above.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "kimcore._json",
        "kimcore._uuid",
        "kimcore._closing",
        "kimcore._version",
        "kimcore._deprecated",
        "kimcore._gc",
    ),
    ("kimcore.vocabulary",),
    (
        "kimcore.events",
        "kimcore.events._sealing",
        "kimcore.events._batch_checks",
        "kimcore.events._codec_errors",
        "kimcore.events._decoders",
    ),
    ("kimcore.domain",),
    ("kimcore.application",),
    (
        "kimcore.adapters",
        "kimcore.adapters._sqlite_insert",
        "kimcore.adapters._sqlite_rows",
        "kimcore.adapters._sqlite_threads",
    ),
    ("kimcore.plugins", "kimcore.plugins._hooks", "kimcore.plugins._opening"),
    (
        "kimcore.cli",
        "kimcore.cli._help_id",
        "kimcore.testing",
        "kimcore.testing._store_cases",
        "kimcore.testing._conformance_following",
        "kimcore.testing._conformance_keys",
        "kimcore.testing._machine_parties",
        "kimcore.demo",
        "kimcore.projections",
        "kimcore.reporting",
        "kimcore.reporting._table",
        "kimcore.reporting._files",
        "kimcore.register",
        "kimcore.register._columns",
        "kimcore.register._status",
        "kimcore.register._ends",
        "kimcore.register._naming",
        "kimcore.register._posts",
        "kimcore.spreadsheets",
        "kimcore.web",
        "kimcore.web._report_cache",
        "kimcore.web._asgi",
        "kimcore.web._paths",
        "kimcore.wire",
        "kimcore.errors",
        "kimcore.stores",
        "kimcore.values",
        "kimcore.commands",
        "kimcore.personal",
        "kimcore.__main__",
        "kimcore",
    ),
)


def layer_of(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, layer)
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), rank)
    assert best[1] >= 0, f"{module} is in no layer: add it to the picture"
    return best[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every kimcore module *path* imports, anywhere in it (functions and type checking too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kimcore")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("kimcore"):
                continue
            for alias in node.names:
                # `from kimcore import _json` imports the module kimcore._json.
                candidate = f"{node.module}.{alias.name}"
                is_module = (SRC.parent / Path(*candidate.split("."))).with_suffix(".py").exists()
                is_package = (SRC.parent / Path(*candidate.split(".")) / "__init__.py").exists()
                found.append((node.lineno, candidate if is_module or is_package else node.module))
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    importer = module_name(path)
    rank = layer_of(importer)
    upward = [
        f"line {line}: {target} ({LAYERS[layer_of(target)][0]} is above {LAYERS[rank][0]})"
        for line, target in imports_of(path)
        if layer_of(target) > rank
    ]
    assert upward == [], f"{importer} imports upward:\n" + "\n".join(upward)


def test_the_picture_names_every_layer_in_order() -> None:
    text = DOC.read_text()
    positions = [text.index(f"`{prefixes[0]}`") for prefixes in LAYERS[1:]]
    assert positions == sorted(positions, reverse=True), "the page draws the layers top-down"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from kimcore.plugins.manager import get_plugins\n")
    assert layer_of("kimcore.adapters.url") < max(layer_of(t) for _, t in imports_of(bad))


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a circle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Which kimcore modules each module imports (functions and type checking too)."""
    names = {module_name(p) for p in MODULES}

    def module_of(target: str) -> str:  # `kimcore.x.Name` is kimcore.x
        while target not in names and "." in target:
            target = target.rsplit(".", 1)[0]
        return target

    graph = {}
    for path in MODULES:
        importer = module_name(path)
        graph[importer] = {module_of(t) for _, t in imports_of(path)} - {importer}
    return graph


def test_no_modules_import_each_other_round_a_circle() -> None:
    assert circles(import_graph()) == []


def test_the_circle_finder_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


# The documented paths: each public object is listed in one of them, its home.
FACES = (
    "kimcore",
    "kimcore.commands",
    "kimcore.events",
    "kimcore.errors",
    "kimcore.values",
    "kimcore.stores",
    "kimcore.domain",
    "kimcore.projections",
    "kimcore.plugins",
    "kimcore.personal",
)


def test_no_public_object_is_listed_in_two_faces() -> None:
    listed: dict[int, list[str]] = {}
    for face in FACES:
        module = importlib.import_module(face)
        for name in module.__all__:
            listed.setdefault(id(getattr(module, name)), []).append(f"{face}.{name}")
    twice = sorted(paths for paths in listed.values() if len(paths) > 1)
    assert twice == [], "listed in two faces (keep one, its home):\n" + "\n".join(map(str, twice))
