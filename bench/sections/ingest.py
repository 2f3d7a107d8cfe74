"""Ingest throughput (MB/s, articles/s), peak memory, and re-ingest of unchanged files.

Each run is a fresh child process on a fresh library, so its peak RSS is its
own; the figures come from the child's own clock (imports and start-up
excluded) and the wall time is reported beside them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.harness import BenchContext, Measured, Row


@dataclass(frozen=True)
class _Variant:
    name: str
    entities: bool = False
    workers: int | None = None  # None: as brief chooses
    index: bool = True  # update the search index as brief does


SECTION = "ingest"
TARGET_MBS = 5.0  # MB/s on the 10k corpus without entities
TARGET_REINGEST = 0.1  # re-ingest unchanged / first run
BUDGET_SECONDS = 180.0  # skip a size whose first run would take longer than this

_CHILD = """
import json, sys, time
from tui.library import Library
from tui.pipeline import ingest
args = json.loads(sys.argv[1])
if args["no_index"]:
    import tui.search
    tui.search.update_index = lambda *a, **k: None
with Library.open(args["library"]) as lib:
    r = ingest(lib, [args["corpus"]], analyse_entities=args["entities"], workers=args["workers"])
    print(json.dumps({
        "seconds": r.seconds, "bytes": r.bytes_read, "files_read": r.files_read,
        "unchanged": r.files_unchanged, "added": r.articles_added,
        "errors": len(r.errors), "first_error": str(r.errors[0]) if r.errors else "",
        "index_error": r.index_error, "index_seconds": r.index_seconds,
    }))
"""


def _run(
    ctx: BenchContext, corpus: Path, library: Path, variant: _Variant
) -> tuple[dict, Measured]:
    args = {
        "library": str(library),
        "corpus": str(corpus),
        "entities": variant.entities,
        "workers": variant.workers,
        "no_index": not variant.index,
    }
    m = ctx.run_measured([ctx.python, "-c", _CHILD, json.dumps(args)])
    if m.returncode != 0:
        raise RuntimeError(f"ingest child failed ({m.returncode}): {m.stderr[-2000:]}")
    out = json.loads(m.stdout.strip().splitlines()[-1])
    if out["errors"]:
        ctx.log(f"{out['errors']} file(s) failed, e.g. {out['first_error']}")
    if out["index_error"]:
        ctx.log(out["index_error"])
    return out, m


def _label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _variants(
    n: int, sizes: list[int], target_n: int, mb: float, rate: float | None
) -> list[_Variant]:
    main = _Variant("no entities")
    out = [main]
    if n == target_n or n == sizes[0]:
        out.append(_Variant("no entities, no search index", index=False))
    if n == target_n:  # small jobs run in one process anyway
        out.append(_Variant("no entities, 1 process", workers=1))
    affordable = bool(rate) and mb / ((rate or 1.0) / 5) < BUDGET_SECONDS  # entities ~5x slower
    if n == sizes[0] or (n == target_n and affordable):
        out.append(_Variant("with entities", entities=True))
    return out


def run(ctx: BenchContext) -> list[Row]:
    rows: list[Row] = []
    rate: float | None = None  # MB/s measured on the previous size, to budget the next
    sizes = sorted(ctx.sizes)
    target_n = 10000 if 10000 in sizes else sizes[-1]
    for n in sizes:
        mb = ctx.corpus_stats(n)["bytes"] / 1e6
        if rate and mb / rate > BUDGET_SECONDS:
            ctx.log(f"skipping ingest of {_label(n)}: about {mb / rate:.0f} s at {rate:.1f} MB/s")
            continue
        corpus = ctx.corpus_dir(n)
        for variant in _variants(n, sizes, target_n, mb, rate):
            tmp = Path(tempfile.mkdtemp(prefix="brief-bench-ingest-"))
            try:
                ctx.log(f"ingest {_label(n)}, {variant.name}")
                first, m1 = _run(ctx, corpus, tmp / "lib", variant)
                again, _ = _run(ctx, corpus, tmp / "lib", variant)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            rows += _rows(n, mb, variant, first, m1, again, n == target_n)
            if variant.name == "no entities":
                rate = first["bytes"] / 1e6 / first["seconds"]
    # wall-clock rates mean little on a busy machine: say how busy it was
    load = os.getloadavg()[0]
    rows.append(Row(SECTION, f"machine load (1-min average, {os.cpu_count()} CPUs)", load, ""))
    return rows


def _rows(
    n: int, mb: float, v: _Variant, first: dict, m1: Measured, again: dict, is_target_size: bool
) -> list[Row]:
    label = f"{_label(n)} ({mb:.0f} MB), {v.name}"
    mbs = first["bytes"] / 1e6 / first["seconds"]
    aims = is_target_size and not v.entities and v.workers is None
    rows = [
        Row(
            SECTION,
            f"throughput {label}",
            mbs,
            "MB/s",
            target=f">= {TARGET_MBS:g} MB/s" if aims else "",
            ok=(mbs >= TARGET_MBS) if aims else None,
        ),
        Row(SECTION, f"articles/s {label}", first["added"] / first["seconds"], "art/s"),
        Row(
            SECTION,
            f"throughput per CPU-second {label}",
            first["bytes"] / 1e6 / m1.cpu_seconds if m1.cpu_seconds else 0.0,
            "MB/cpu-s",
        ),
    ]
    if v.index and not v.entities and v.workers is None:
        rows.append(
            Row(
                SECTION,
                f"of which search index {label}",
                first["index_seconds"],
                "s",
                reference=first["seconds"],
                reference_name="whole ingest",
            )
        )
    rows.append(Row(SECTION, f"peak memory {label}", m1.peak_rss_mb, "MB"))
    gate = v.name == "no entities"
    rows.append(
        Row(
            SECTION,
            f"re-ingest unchanged {label}",
            again["seconds"],
            "s",
            reference=first["seconds"],
            reference_name="first run",
            target=f"< {TARGET_REINGEST:g}x" if gate else "",
            ok=(again["seconds"] < TARGET_REINGEST * first["seconds"]) if gate else None,
        )
    )
    return rows
