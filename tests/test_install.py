"""A fresh install as a new user makes it: a new virtualenv with the interpreter's own pip
(not upgraded), the project installed from its source (not editable), and the installed
`brief` run from another folder on an HTML page and on the bundled samples.

This reaches the package index (as `make` does); nothing else leaves the machine.
"""

from __future__ import annotations

import ensurepip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.install

SOURCE_FILES = ("pyproject.toml", "README.md", "constraints.txt")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour cranes idle as strike enters second week</title>
<meta property="og:site_name" content="Coastline Courier"></head>
<body>
<nav><a href="/">Home</a> <a href="/ports">Ports</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Harbour cranes idle as strike enters second week</h1>
<p>Dock workers at the northern terminal kept the cranes still for an eighth day on Tuesday,
leaving forty container ships waiting at anchor beyond the breakwater.</p>
<p>The union says the port authority has refused to discuss night-shift pay since March,
and that its members will stay out until a written offer is on the table.</p>
<div class="signup"><p>The Courier's morning briefing, free in your inbox.</p>
<form><input type="email" name="email"><button>Sign up</button></form></div>
<p>Shipping agents estimate the delay is costing importers several million a day, and
two supermarket chains have warned of gaps on their shelves by the weekend.</p>
<div hidden>Filed under Ports, Labour, Shipping by the harbour desk at 06:40</div>
<aside><h3>Related stories</h3><ul><li><a href="/a">Port authority names new chief</a></li>
<li><a href="/b">Night shifts: what the dispute is about</a></li></ul></aside>
</article>
<footer>Copyright Coastline Courier</footer>
</body></html>
"""


def _copy_source(dest: Path) -> None:
    """The files a source distribution holds, copied so the build leaves the checkout clean."""
    for name in SOURCE_FILES:
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(
        REPO / "tui", dest / "tui", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )


def _run(cmd: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _base_python() -> str:
    """The interpreter this venv was made from (a venv made from a venv gets the same pip)."""
    return getattr(sys, "_base_executable", sys.executable)


VARIANTS = [
    pytest.param("bundled", True, id="bundled-pip-tested-versions"),
    pytest.param("bundled", False, id="bundled-pip-newest-versions"),
    pytest.param("newest", False, id="newest-pip-newest-versions", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("pip", "pinned"), VARIANTS)
def test_a_fresh_install_reads_html_and_opens_the_samples(
    tmp_path: Path, pip: str, pinned: bool
) -> None:
    started = time.monotonic()
    source = tmp_path / "src"
    source.mkdir()
    _copy_source(source)
    venv = tmp_path / "venv"
    made = _run([_base_python(), "-m", "venv", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    if pip == "newest":
        up = _run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], tmp_path)
        assert up.returncode == 0, up.stderr
    version = _run([str(python), "-m", "pip", "--version"], tmp_path).stdout.split()[1]
    if pip == "bundled":
        assert version == ensurepip.version(), "the venv's pip is not the interpreter's own"

    install = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if pinned:
        install += ["-c", str(source / "constraints.txt")]
    done = _run([*install, str(source)], tmp_path)
    assert done.returncode == 0, done.stderr[-4000:]
    installed = time.monotonic()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.html").write_text(PAGE, encoding="utf-8")
    brief = str(venv / "bin" / "brief")

    page = _run([brief, "articles", "page.html", "--json"], elsewhere)
    assert page.returncode == 0, page.stderr
    (article,) = [json.loads(line) for line in page.stdout.splitlines()]
    assert article["title"] == "Harbour cranes idle as strike enters second week"
    assert len(article["paragraphs"]) == 3  # the sign-up, hidden and related blocks left out
    assert "night-shift pay" in article["paragraphs"][1]
    assert "weekend" in article["paragraphs"][2]

    # the samples come from the installed package, not from a checkout
    where = _run(
        [str(python), "-c", "from tui.paths import SEEDS_DIR; print(SEEDS_DIR)"], elsewhere
    )
    seeds = Path(where.stdout.strip())
    assert seeds.is_relative_to(venv), seeds
    samples = _run([brief, "articles", str(seeds), "--json"], elsewhere)
    assert samples.returncode == 0, samples.stderr
    rows = [json.loads(line) for line in samples.stdout.splitlines()]
    shipped = {p.name for p in (REPO / "tui" / "seeds").iterdir() if p.name != "README.md"}
    assert {Path(r["source_path"]).name for r in rows} == shipped
    assert len(rows) == 12  # the README's count: every sample article, the HTML one too

    # the reader on an empty library opens them
    opened = _run(
        [
            str(python),
            "-c",
            "import json, sys; from tui.app.main import BriefApp\n"
            "app = BriefApp(library=sys.argv[1]); paths = app.needs_ingest()\n"
            "ids, errors = app.ingest(paths)\n"
            "print(json.dumps({'paths': paths, 'articles': len(ids), 'errors': errors}))",
            str(tmp_path / "empty-library"),
        ],
        elsewhere,
    )
    assert opened.returncode == 0, opened.stderr
    shown = json.loads(opened.stdout)
    assert shown == {"paths": [str(seeds)], "articles": 12, "errors": []}
    frozen = _run([str(python), "-m", "pip", "list", "--format=freeze"], tmp_path).stdout.split()
    print(
        f"\nfresh install ({'tested' if pinned else 'newest'} versions) with pip {version} "
        f"({python} -m pip, not upgraded: {pip == 'bundled'}), installed in "
        f"{installed - started:.0f} s:\n  " + " ".join(frozen)
    )
    print(f"brief articles page.html --json (from {elsewhere}):\n  {page.stdout.strip()}")
    print(f"brief articles {seeds} --json: {len(rows)} articles")
    for row in rows:
        print(f"  {Path(row['source_path']).name}: {row['title']} ({len(row['paragraphs'])} ¶)")
    print(f"the reader on an empty library: {opened.stdout.strip()}")
