"""The core knows nothing of Textual: only tui/app imports it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"
IMPORT_TEXTUAL = re.compile(r"^\s*(from|import)\s+textual\b", re.MULTILINE)


def test_textual_is_imported_only_in_app() -> None:
    offenders = [
        str(p.relative_to(TUI))
        for p in TUI.rglob("*.py")
        if "app" not in p.relative_to(TUI).parts[:1] and IMPORT_TEXTUAL.search(p.read_text())
    ]
    assert offenders == []


def test_cli_commands_do_not_load_textual() -> None:
    code = (
        "import sys; from tui.cli import main; "
        "main(['articles', '--help']) if False else None; "
        "import tui.cli, tui.ingest, tui.library, tui.text; "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


NETWORK_IMPORT = re.compile(
    r"^\s*(from|import)\s+(httpx|httpcore|urllib\.request|urllib3|requests|http\.client|socket)\b",
    re.MULTILINE,
)


def test_only_the_fetcher_imports_a_network_library() -> None:
    """Reading, searching and compiling cannot open a connection: only tui/feeds/fetch.py
    imports an HTTP client (and only `add`, `update` and the reader's update key call it)."""
    offenders = [
        str(p.relative_to(TUI))
        for p in TUI.rglob("*.py")
        if NETWORK_IMPORT.search(p.read_text())
        and p.relative_to(TUI).as_posix() != "feeds/fetch.py"
    ]
    assert offenders == []


def _app_imports(path: Path) -> set[str]:
    """tui.app modules `path` imports at run time (anywhere in it; type-only imports
    under `if TYPE_CHECKING:` do not count)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.orelse:
                visit(statement)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tui.app"):
            found.add(node.module)
            for alias in node.names:  # `from tui.app import shared` imports a module too
                candidate = f"{node.module}.{alias.name}"
                if (TUI.parent / (candidate.replace(".", "/") + ".py")).exists():
                    found.add(candidate)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tui.app"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_app_modules_import_each_other_without_a_cycle() -> None:
    modules: dict[str, set[str]] = {}
    for path in (TUI / "app").rglob("*.py"):
        name = ".".join(path.relative_to(TUI.parent).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        modules[name] = _app_imports(path)

    def cycle_from(start: str, at: str, seen: list[str]) -> list[str] | None:
        for target in sorted(modules.get(at, ())):
            if target == start:
                return [*seen, target]
            if target not in seen and target in modules:
                found = cycle_from(start, target, [*seen, target])
                if found:
                    return found
        return None

    cycles = [c for m in sorted(modules) if (c := cycle_from(m, m, [m]))]
    assert cycles == []
    # the app module is the top: only the entry point (tui.app.run_app) imports it
    assert [m for m, imported in modules.items() if "tui.app.main" in imported] == ["tui.app"]
