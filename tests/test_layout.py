"""The library's folders show the pipeline, and imports run one way: down it, never up."""

from __future__ import annotations

import ast
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent.parent / "assistant"
# language → corpus → retrieve → understand → answer → ground → the service and its edges;
# rules (the cue book), types, errors and settings are below everything.
LAYERS = {"rules": 0, "types": 0, "errors": 0, "settings": 0, "language": 1, "corpus": 2, "retrieve": 3,
          "understand": 4, "answer": 5, "ground": 6, "contract": 7, "feedback": 7, "service": 8, "cli": 9,
          "__init__": 9, "__main__": 9}


def _layer(dotted: str) -> int:
    return LAYERS[dotted.split(".")[0]]


def _imports(path: Path) -> list[str]:
    """The library modules a module imports (at module level or inside a function), as dotted paths."""
    package = path.relative_to(LIBRARY).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1])
            target = base + (node.module.split(".") if node.module else [])
            found += [".".join(target)] if node.module else [".".join(base + [a.name]) for a in node.names]
    return [t for t in found if t]


def test_the_folders_show_the_pipeline():
    assert {p.name for p in LIBRARY.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == {
        "language", "corpus", "retrieve", "understand", "answer", "rules"}


def test_every_import_in_the_library_runs_down_the_pipeline():
    upward = []
    for path in sorted(LIBRARY.rglob("*.py")):
        own = path.relative_to(LIBRARY).with_suffix("").parts
        here = _layer(own[0])
        upward += [f"{'/'.join(own)} imports {t}" for t in _imports(path) if _layer(t) > here]
    assert upward == []


MAX_FUNCTION_LINES = 60


def test_no_function_in_the_library_is_longer_than_sixty_lines():
    long = []
    for path in sorted(LIBRARY.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(LIBRARY)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []
