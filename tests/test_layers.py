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
