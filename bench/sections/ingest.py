"""Ingest throughput (MB/s, articles/s), peak memory, and re-ingest of unchanged files.

Each run is a fresh child process on a fresh library, so its peak RSS is its
own; the figures come from the child's own clock (imports and start-up
excluded) and the wall time is reported beside them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from bench.harness import BenchContext, Row

SECTION = "ingest"
TARGET_MBS = 5.0  # MB/s on the 10k corpus without entities
TARGET_REINGEST = 0.1  # re-ingest unchanged / first run
BUDGET_SECONDS = 180.0  # skip a size whose first run would take longer than this

_CHILD = """
import json, sys, time
from tui.library import Library
from tui.pipeline import ingest
args = json.loads(sys.argv[1])
with Library.open(args["library"]) as lib:
    r = ingest(lib, [args["corpus"]], analyse_entities=args["entities"], workers=args["workers"])
    print(json.dumps({
        "seconds": r.seconds, "bytes": r.bytes_read, "files_read": r.files_read,
        "unchanged": r.files_unchanged, "added": r.articles_added,
        "errors": len(r.errors), "first_error": str(r.errors[0]) if r.errors else "",
        "index_error": r.index_error, "index_seconds": r.index_seconds,
    }))
"""


def _run(ctx: BenchContext, corpus: Path, library: Path, entities: bool, workers: int | None):
    args = {"library": str(library), "corpus": str(corpus), "entities": entities}
    args["workers"] = workers
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


def run(ctx: BenchContext) -> list[Row]:
    rows: list[Row] = []
    rate: float | None = None  # MB/s measured on the previous size, to budget the next
    sizes = sorted(ctx.sizes)
    ten_k = 10000 if 10000 in sizes else sizes[-1]
    for n in sizes:
        stats = ctx.corpus_stats(n)
        mb = stats["bytes"] / 1e6
        if rate and mb / rate > BUDGET_SECONDS:
            ctx.log(f"skipping ingest of {_label(n)}: about {mb / rate:.0f} s at {rate:.1f} MB/s")
            continue
        corpus = ctx.corpus_dir(n)
        variants: list[tuple[str, bool, int | None]] = [("no entities", False, None)]
        if n == sizes[0]:
            variants += [("no entities, 1 process", False, 1), ("with entities", True, None)]
        elif n == ten_k and rate and mb / (rate / 4) < BUDGET_SECONDS:
            variants.append(("with entities", True, None))
        for name, entities, workers in variants:
            tmp = Path(tempfile.mkdtemp(prefix="brief-bench-ingest-"))
            try:
                first, m1 = _run(ctx, corpus, tmp / "lib", entities, workers)
                again, _ = _run(ctx, corpus, tmp / "lib", entities, workers)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            mbs = first["bytes"] / 1e6 / first["seconds"]
            arts = first["added"] / first["seconds"]
            label = f"{_label(n)} ({mb:.0f} MB), {name}"
            is_target = n == ten_k and name == "no entities"
            rows.append(
                Row(
                    SECTION,
                    f"throughput {label}",
                    mbs,
                    "MB/s",
                    target=f">= {TARGET_MBS:g} MB/s" if is_target else "",
                    ok=(mbs >= TARGET_MBS) if is_target else None,
                )
            )
            rows.append(Row(SECTION, f"articles/s {label}", arts, "art/s"))
            if name == "no entities":
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
                rows.append(
                    Row(
                        SECTION,
                        f"throughput per CPU-second {label}",
                        first["bytes"] / 1e6 / m1.cpu_seconds if m1.cpu_seconds else 0.0,
                        "MB/cpu-s",
                    )
                )
            rows.append(Row(SECTION, f"peak memory {label}", m1.peak_rss_mb, "MB"))
            rows.append(
                Row(
                    SECTION,
                    f"re-ingest unchanged {label}",
                    again["seconds"],
                    "s",
                    reference=first["seconds"],
                    reference_name="first run",
                    target=f"< {TARGET_REINGEST:g}x" if name == "no entities" else "",
                    ok=(again["seconds"] < TARGET_REINGEST * first["seconds"])
                    if name == "no entities"
                    else None,
                )
            )
            if name == "no entities":
                rate = mbs
    return rows
