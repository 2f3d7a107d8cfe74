"""Start-up to the first full screen, in a real terminal (tmux 80x24), against a
bare Textual app measured the same way in the same run; and how long a key
press takes with a 5 MB article open.

Start-up: the clock starts just before `tmux new-session` and stops when
`capture-pane` first shows the first words of the newest article's first
paragraph (for the bare app: the text it was given). Runs alternate between
the two programs; medians of each, and their ratio, are reported.

The reader draws the article first and mounts its list, entity sidebar and
footer right after; so that nothing deferred is hidden, the same runs also
time the complete screen (the sidebar's title and the footer's keys shown
too), reported beside it against the same bare-app times. The machine's load
average during the runs is reported too: on a loaded machine every wall-clock
figure is slower and noisier.

Both run in a clean environment (`env -i` plus TERM, PATH, HOME), as a user's
second start: the warm-up run writes bytecode, as Python normally does (the
bench's own environment may set PYTHONDONTWRITEBYTECODE, which would make
brief compile its sources on every start while Textual's are precompiled).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import REPO, BenchContext, Row

RUNS = 9
QUICK_RUNS = 3
TIMEOUT = 60.0
SAMPLE_TARGET = 1.3
LIBRARY_TARGET = 1.6
KEY_TARGET_MS = 100.0
# on brief's complete screen, besides the article's text: the sidebar's title, the footer
COMPLETE = ("Entities: article", "? Help")


def _first_words(library: Path) -> str:
    """The start of the first paragraph of the article the reader opens first."""
    from tui import reading
    from tui.library import Library

    with Library.open(library) as lib:
        first = reading.newest_article_id(lib)
        article = lib.article(first) if first else None
    if article is None or not article.paragraphs:
        raise RuntimeError(f"{library}: no article to show")
    words = " ".join(article.paragraphs[0].split()).split(" ")
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > 24:
            break
        text = f"{text} {word}".strip()
    return text or words[0][:24]


def _time_to_text(
    tmux: str, command: str, text: str, env: dict[str, str], complete: Sequence[str] = ()
) -> tuple[float, float]:
    """Seconds from launching `command` in a fresh 80x24 tmux until `text` shows, and
    until `text` and every one of `complete` show (the same when `complete` is empty)."""
    socket = f"brief-bench-{os.getpid()}-{time.monotonic_ns()}"
    base = [tmux, "-L", socket]
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    subprocess.run(
        [*base, "new-session", "-d", "-x", "80", "-y", "24", f"exec env -i {exports} {command}"],
        check=True,
    )
    first: float | None = None
    try:
        while time.perf_counter() - start < TIMEOUT:
            screen = subprocess.run(
                [*base, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            now = time.perf_counter() - start
            if first is None and text in screen:
                first = now
            if first is not None and all(c in screen for c in complete):
                return first, now
            time.sleep(0.005)
        missing = [t for t in (text, *complete) if t not in screen]
        raise RuntimeError(f"{missing!r} never appeared running {command}")
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)


def _compare(
    ctx: BenchContext, tmux: str, library: Path, label: str, target: float
) -> tuple[list[Row], list[float]]:
    """Rows for the first screen and the complete screen, and the load averages seen."""
    text = _first_words(library)
    env = {
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "BRIEF_CONFIG": str(library / "no-config.toml"),
    }
    brief = f"{shlex.quote(ctx.python)} -m tui --library {shlex.quote(str(library))}"
    bare = f"{shlex.quote(ctx.python)} {shlex.quote(str(REPO / 'bench' / 'bare_app.py'))} {shlex.quote(text)}"
    env_cd = {**env, "PYTHONPATH": str(REPO)}
    # one warm-up of each (file cache, .pyc), then alternate
    _time_to_text(tmux, bare, text, env_cd)
    _time_to_text(tmux, brief, text, env_cd, COMPLETE)
    times: dict[str, list[float]] = {"brief": [], "complete": [], "bare": []}
    loads = [os.getloadavg()[0]]
    for _ in range(QUICK_RUNS if ctx.quick else RUNS):
        times["bare"].append(_time_to_text(tmux, bare, text, env_cd)[0])
        shown, complete = _time_to_text(tmux, brief, text, env_cd, COMPLETE)
        times["brief"].append(shown)
        times["complete"].append(complete)
        loads.append(os.getloadavg()[0])
    ours = statistics.median(times["brief"])
    whole = statistics.median(times["complete"])
    ref = statistics.median(times["bare"])
    ratio = ours / ref
    ms = {k: [round(t * 1000) for t in v] for k, v in times.items()}
    ctx.log(
        f"start-up {label}: brief {ms['brief']} complete {ms['complete']} bare {ms['bare']} "
        f"(ms); load average {min(loads):.2f}-{max(loads):.2f}"
    )
    rows = [
        Row("startup", f"first screen, {label}", ours * 1000, "ms",
            reference=ref * 1000, reference_name="bare Textual app",
            target=f"<= {target}x", ok=ratio <= target),
        Row("startup", f"complete screen (sidebar, footer), {label}", whole * 1000, "ms",
            reference=ref * 1000, reference_name="bare Textual app"),
    ]  # fmt: skip
    return rows, loads


def _sample_library(ctx: BenchContext) -> Path:
    """The bundled seeds/ ingested into a library of its own (cached per run)."""
    from tui.library import Library
    from tui.pipeline import ingest

    folder = Path(tempfile.mkdtemp(prefix="brief-bench-seeds-"))
    seeds = REPO / "seeds"
    if not seeds.is_dir():
        raise RuntimeError("seeds/ is missing")
    with Library.open(folder) as lib:
        ingest(lib, [str(seeds)])
    return folder


def _big_library() -> tuple[Path, str]:
    from tui.library import Library
    from tui.model import Article

    folder = Path(tempfile.mkdtemp(prefix="brief-bench-big-"))
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
    big = " ".join(words[i % len(words)] for i in range(1_000_000))[: 5 * 1024 * 1024]
    art = Article.create(title="Big", paragraphs=[big, "end"], source_path="/bench/big.txt")
    with Library.open(folder) as lib, lib.transaction():
        lib.replace_file_articles("/bench/big.txt", [art])
    return folder, "Big"


def _key_press_ms(library: Path, title: str) -> tuple[float, float]:
    """(median ms of a key's handler + redraw of the pane, median ms press→idle via Pilot)."""
    from tui.app.article import ArticleView
    from tui.app.main import BriefApp

    async def measure() -> tuple[float, float]:
        app = BriefApp(library=str(library))
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):
                await pilot.pause(0.05)
                if app.summaries is not None:
                    break
            view = app.screen.query_one(ArticleView)
            direct = []
            for action, arg in [("line", 1), ("page", 1), ("line", -1), ("page", -1)] * 5:
                start = time.perf_counter()
                getattr(view, f"action_{action}")(arg)
                for y in range(view.size.height):
                    view.render_line(y)
                direct.append(time.perf_counter() - start)
            pressed = []
            for key in ["j", "space", "k", "b"] * 3:
                start = time.perf_counter()
                await pilot.press(key)
                pressed.append(time.perf_counter() - start)
            return statistics.median(direct) * 1000, statistics.median(pressed) * 1000

    return asyncio.run(measure())


def run(ctx: BenchContext) -> list[Row]:
    rows: list[Row] = []
    tmux = shutil.which("tmux")
    if tmux is None:
        ctx.log("startup: tmux not installed; start-up rows skipped")
    else:
        sample = _sample_library(ctx)
        try:
            found, loads = _compare(ctx, tmux, sample, "sample corpus", SAMPLE_TARGET)
            rows += found
        finally:
            shutil.rmtree(sample, ignore_errors=True)
        n = 10000 if 10000 in ctx.sizes else max(ctx.sizes)
        found, more = _compare(ctx, tmux, ctx.library_dir(n), f"{n:,} articles", LIBRARY_TARGET)
        rows += found
        loads += more
        rows.append(
            Row("startup", f"machine load in the start-up runs (1-min average; max "
                f"{max(loads):.2f}; {os.cpu_count()} CPUs)", statistics.median(loads), "load")
        )  # fmt: skip
    big, title = _big_library()
    small = Path(tempfile.mkdtemp(prefix="brief-bench-small-"))
    try:
        from tui.library import Library
        from tui.model import Article

        with Library.open(small) as lib, lib.transaction():
            short = Article.create(
                title="Small", paragraphs=["a short paragraph"] * 40, source_path="/bench/s.txt"
            )
            lib.replace_file_articles("/bench/s.txt", [short])
        direct, pressed = _key_press_ms(big, title)
        _, pressed_small = _key_press_ms(small, "Small")
    finally:
        shutil.rmtree(big, ignore_errors=True)
        shutil.rmtree(small, ignore_errors=True)
    rows.append(
        Row("startup", "key press, 5 MB article (handler + redraw)", direct, "ms",
            target=f"< {KEY_TARGET_MS:.0f} ms", ok=direct < KEY_TARGET_MS)
    )  # fmt: skip
    rows.append(
        Row("startup", "key press, 5 MB article (Pilot press)", pressed, "ms",
            reference=pressed_small, reference_name="40-paragraph article",
            target=f"< {KEY_TARGET_MS:.0f} ms", ok=pressed < KEY_TARGET_MS)
    )  # fmt: skip
    return rows
