"""The structure holds: imports run one way (core at the bottom, ui and cli on top), no
module imports itself round a circle, and the worker's half of the editor needs no Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support import REPO

PACKAGE = REPO / "app" / "gongwen"

# What each part of the code may import of ours (its own part always). Lazy imports inside
# functions count too: a function-level import is still a dependency.
ALLOWED = {
    "core": set(),
    "fileio": set(),
    "regex_cache": set(),  # compiled regexes kept between runs: installed by the entry point
    "paths": {"fileio"},
    "formats": {"core", "fileio"},
    "proof_cache": {"core", "paths", "fileio", "version"},
    "catalog": {"core", "paths", "fileio", "proof_cache", "version"},  # version: the verified stamp
    "bundle": {"core", "paths", "fileio"},
    "service": {"core", "catalog", "bundle", "paths", "fileio"},
    # the reviewer's desk pipeline: many files through the service, in worker processes
    "review_desk": {"core", "catalog", "bundle", "paths", "fileio", "formats", "service"},
    "cli": {"core", "catalog", "bundle", "paths", "fileio", "formats", "service", "review_desk",
            "version", "regex_cache"},
    "ui": {"core", "catalog", "bundle", "paths", "fileio", "formats", "service", "review_desk",
           "version"},
    "main": {"cli"},
}
# ``gongwen`` with no subcommand starts the editor: the one place the CLI reaches the UI
# ``python -m gongwen.bundle`` (the build's snapshot step) reads the built-in lists
ENTRY_POINTS = {("gongwen.cli", "gongwen.ui.app"), ("gongwen.bundle", "gongwen.catalog")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "version"  # gongwen/__init__.py: the version
    return {"__main__": "main"}.get(parts[1], parts[1])


def imports_of(path: Path) -> set[str]:
    """The gongwen modules ``path`` imports, anywhere in it."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "gongwen"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "gongwen":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return found


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_imports_run_one_way_only():
    wrong = []
    for module, imported in graph().items():
        part = part_of(module)
        for target in imported:
            other = part_of(target)
            if other != part and other not in ALLOWED[part] and (module, target) not in ENTRY_POINTS:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_circle():
    edges = graph()
    circles = [c for c in strongly_connected(edges) if len(c) > 1]
    assert circles == []


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
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
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_the_circle_check_finds_a_circle():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"], ["d"]]


def test_the_workers_half_of_the_editor_imports_no_qt():
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import gongwen.ui.view_model, gongwen.ui.palette, gongwen.ui.positions\n"
        "from gongwen.service import AuditService\n"
        "from gongwen.core.parse import parse_text\n"
        "from gongwen.ui.view_model import LiveModel, Request\n"
        "from gongwen.core.ignores import Ignores\n"
        "service, _ = AuditService.load()\n"
        "result = LiveModel().compute(Request(1, ['市文化局2024年上半年意识形态工作总结', '开展学习X次。'],\n"
        "                                     '', Ignores(), None, service))\n"
        "assert [f.text for f in result.groups['placeholder'][1]] == ['X'], result.groups\n"
        "assert result.document.title_index == 0 and result.marks[1][0].finding.text == 'X'\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
