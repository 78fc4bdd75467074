"""The package layout shows the pipeline: stage folders, a short top level, backward imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "compare"

RANK = {
    "compare": 0,
    "compare.model": 0,
    "compare.errors": 0,
    "compare.memory": 0,
    "compare.parallel": 0,
    "compare.read": 1,
    "compare.clean": 2,
    "compare.structure": 3,
    "compare.align": 4,
    "compare.classify": 5,
    "compare.timeline": 6,
    "compare.pipeline": 7,
    "compare.outputs": 7,
    "compare.render": 8,
    "compare.corpus": 9,
    "compare.cli": 10,
    "compare.__main__": 11,
}
"""Pipeline order: a module may import only modules of its own rank or below."""

STAGES = ("read", "clean", "structure", "align", "classify", "timeline", "render", "corpus", "cli")


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names[name] = path
    return names


MODULES = module_names()


def imports_of(name: str) -> set[str]:
    """Project modules `name` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("compare"):
            subs = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
            found |= subs
            if node.module in MODULES and len(subs) < len(node.names):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names} & MODULES.keys()
    return found - {name}


def rank(name: str) -> int:
    while name not in RANK:
        name = name.rpartition(".")[0]
    return RANK[name]


def test_top_level_holds_at_most_eight_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_is_a_package_naming_its_entry_point(stage):
    init = PACKAGE / stage / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and "Entry point" in doc, stage


def test_a_stage_imports_only_earlier_stages():
    wrong = [
        f"{name} imports {dep}"
        for name in sorted(MODULES)
        for dep in sorted(imports_of(name))
        if rank(dep) > rank(name)
    ]
    assert not wrong


def test_no_import_circle():
    graph = {name: imports_of(name) for name in MODULES}
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                return [*path, name, dep]
            if not state.get(dep) and (cycle := visit(dep, [*path, name])):
                return cycle
        state[name] = 2
        return None

    for name in sorted(graph):
        if not state.get(name):
            assert visit(name, []) is None
