"""The house (docs/architecture.md): one-way imports between the rooms, no import cycle (not even under
TYPE_CHECKING or inside a function), no module over 400 lines, each subpackage saying in its docstring what
lives there and what it may import. Read from the source with `ast`, nothing imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "khoi_analysis"
MAX_LINES = 400
BOTTOM = {"config", "labels", "labels_since_2025", "fmt", "cellref", "regimes"}
# room -> the rooms it may import (itself always allowed); the edge (build, national, cli) may import anything
ALLOWED = {
    "config": set(), "labels": {"labels_since_2025"}, "labels_since_2025": set(), "fmt": set(), "cellref": set(),
    "regimes": set(),
    "issues": {"labels", "cellref"},
    "text": {"labels"},
    "read": {"config", "cellref"},
    "sheet": {"read", "text", "labels", "fmt", "cellref", "issues", "regimes"},
    "metrics": {"labels", "fmt", "regimes"},
    "structure": {"labels", "fmt", "regimes", "metrics"},
    "scores": {"labels", "regimes"},
    "check": {"issues", "labels", "fmt", "cellref", "metrics"},
    "queries": {"labels", "fmt", "text", "config", "metrics", "regimes"},
    "dataset": {"read", "sheet", "check", "text", "labels", "config", "cellref", "issues"},
    "outputs": {"dataset", "metrics", "structure", "scores", "queries", "text", "labels", "fmt", "config",
                "cellref", "issues", "read", "sheet", "check", "regimes"},
}
EDGE = {"build", "national", "cli", "cli_queries", "__main__", "__init__"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(["khoi_analysis", *parts])] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every khoi_analysis module `name` imports, anywhere in the file (functions and TYPE_CHECKING blocks too)."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "khoi_analysis")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "khoi_analysis":
                continue
            subs = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES}
            out.update(subs)  # `from . import labels`: the submodule
            if len(subs) < len(node.names):  # a name defined in the package's __init__ itself
                out.add(target)
    return {m for m in out if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_module_over_the_limit():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_no_import_cycle():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_imports_go_one_way():
    wrong = []
    for module, targets in GRAPH.items():
        room = _room(module)
        if room in EDGE:
            continue
        assert room in ALLOWED, f"{module}: a room the architecture does not name"
        for target in targets:
            other = _room(target)
            if other != room and other not in ALLOWED[room]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, wrong


SUBPACKAGES = sorted(p.parent for p in PACKAGE.glob("*/__init__.py"))


def test_at_least_four_subpackages():
    assert len(SUBPACKAGES) >= 4, SUBPACKAGES


@pytest.mark.parametrize("package", SUBPACKAGES, ids=[p.name for p in SUBPACKAGES])
def test_each_subpackage_says_what_lives_there_and_what_it_may_import(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import:" in doc, f"{package.name}/__init__.py needs a docstring with 'May import:'"
    declared = doc.split("May import:", 1)[1]
    for other in ALLOWED.get(package.name, set()):
        assert other in declared, f"{package.name}: docstring does not list {other}"


def test_the_graph_sees_imports_inside_functions():
    """A guard on the guard: the reader finds a lazy import (cli imports the dataset inside a function)."""
    assert any(_room(t) == "dataset" for t in GRAPH["khoi_analysis.cli"])


def test_starting_a_build_does_not_import_matplotlib():
    """pyplot and seaborn take about a second to import: only drawing a chart imports them, so a build whose
    charts come from the chart cache (and `validate`, `summary`) never waits for them."""
    import subprocess
    import sys

    code = ("import sys, khoi_analysis.cli, khoi_analysis.build, khoi_analysis.outputs.specs; "
            "print(sorted(m for m in ('matplotlib.pyplot', 'seaborn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
