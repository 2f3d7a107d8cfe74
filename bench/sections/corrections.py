"""Entity corrections on the largest library (10k articles by default): how long a merge
takes to show in the reader's library-wide sidebar (the rule stored, the loaded list
changed and its rows rebuilt, in the running app), and the library scope's read with
100 rules against the same read with none (the rules are applied at read time)."""

from __future__ import annotations

import asyncio
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench.harness import BenchContext, Row

if TYPE_CHECKING:
    from tui.entities.corrections import Rule
    from tui.model import Entity

TARGET_MERGE_MS = 200.0
TARGET_RATIO = 1.1
RULES = 100
LIMIT = 5000  # the sidebar's library scope


def _rules(entities: list[Entity], seed: int) -> list[Rule]:
    """100 corrections of the kinds users make, on the library's own entity names."""
    from tui.entities import corrections as c

    rng = random.Random(seed)
    names = [e.canonical for e in entities]
    rng.shuffle(names)
    picks = iter(names)
    out = []
    for _ in range(40):
        a, b = next(picks), next(picks)
        out.append(c.make_rule("merge", [a, b], a, None))
    for i in range(20):
        out.append(c.make_rule("rename", [next(picks)], f"Renamed {i}"))
    for _ in range(20):
        out.append(c.make_rule("retype", [next(picks)], rng.choice(["PERSON", "ORG", "PLACE"])))
    for _ in range(15):
        out.append(c.make_rule("reject", [next(picks)]))
    for _ in range(5):
        out.append(c.make_rule("split", [next(picks)]))
    return out[:RULES]


def _scope_times(folder: Path, repeat: int) -> list[float]:
    from tui.entities.store import library_entity_members
    from tui.library import Library

    with Library.open(folder) as lib:
        library_entity_members(lib, LIMIT)  # warm the page cache
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            library_entity_members(lib, LIMIT)
            times.append(time.perf_counter() - start)
    return times


async def _merge_in_app(folder: Path) -> tuple[float, bool]:
    """Open the reader, show the library scope, merge the two most mentioned people."""
    from tui.app.main import BriefApp

    app = BriefApp(library=str(folder))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(600):
            await pilot.pause(0.05)
            if getattr(screen, "panes_ready", False):
                break
        await pilot.press("E")
        for _ in range(1200):  # the 10k library's entities take seconds to read
            await pilot.pause(0.05)
            if getattr(getattr(screen, "sidebar", None), "library_entities", None):
                break
        await pilot.press("e")
        sidebar = screen.query_one("#entities")
        people = [e for e in screen.sidebar.library_entities if e.type == "PERSON"][:2]  # type: ignore[attr-defined]
        into = f"{people[0].canonical} (merged)"
        start = time.perf_counter()
        sidebar._make(  # type: ignore[attr-defined]
            "merge", [p.canonical for p in people], into, "PERSON", False
        )
        elapsed = time.perf_counter() - start
        await pilot.pause(0.1)
        shown = any(
            getattr(r.key, "canonical", None) == into
            for r in sidebar.rows  # type: ignore[attr-defined]
        )
    return elapsed, shown


def run(ctx: BenchContext) -> list[Row]:
    from tui.entities import corrections as c
    from tui.entities.store import library_entities
    from tui.library import Library

    n = max(ctx.sizes)
    source = ctx.library_dir(n)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="brief-bench-corrections-") as tmp:
        folder = Path(tmp) / "lib"
        shutil.copytree(source, folder)
        repeat = 3 if ctx.quick else 5
        # the merge, in the app; three times, each on a fresh copy of the rules table
        merges = []
        for _ in range(1 if ctx.quick else 3):
            with Library.open(folder) as lib, lib.transaction():
                lib.execute("DELETE FROM entity_rules")
            elapsed, shown = asyncio.run(_merge_in_app(folder))
            merges.append(elapsed * 1000)
            if not shown:
                raise RuntimeError("the merged entity did not show in the sidebar")
        merge_ms = statistics.median(merges)
        ctx.log(f"corrections: merge shown in {merges} ms")
        rows.append(
            Row("corrections", f"merge shown in the library sidebar, {n:,} articles",
                merge_ms, "ms", target=f"< {TARGET_MERGE_MS:g} ms",
                ok=merge_ms < TARGET_MERGE_MS)
        )  # fmt: skip
        with Library.open(folder) as lib, lib.transaction():
            lib.execute("DELETE FROM entity_rules")
        # the library scope with none and with 100 rules, alternating to share the noise
        with Library.open(folder) as lib:
            made = _rules(library_entities(lib)[:2000], ctx.seed)
        base: list[float] = []
        ruled: list[float] = []
        for _ in range(repeat):
            with Library.open(folder) as lib, lib.transaction():
                lib.execute("DELETE FROM entity_rules")
            base += _scope_times(folder, 1)
            with Library.open(folder) as lib:
                c.import_rules(lib, made)
            ruled += _scope_times(folder, 1)
        b, r = statistics.median(base), statistics.median(ruled)
        ctx.log(
            f"corrections: library scope {b * 1000:.0f} ms, with {RULES} rules {r * 1000:.0f} ms"
        )
        rows.append(
            Row("corrections", f"library scope (top {LIMIT:,}), {n:,} articles, no rules",
                b * 1000, "ms")
        )  # fmt: skip
        rows.append(
            Row("corrections", f"library scope with {RULES} rules", r * 1000, "ms",
                reference=b * 1000, reference_name="no rules",
                target=f"<= {TARGET_RATIO:g}x", ok=r <= b * TARGET_RATIO)
        )  # fmt: skip
    return rows
