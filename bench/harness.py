"""The benchmark harness: finds the sections, gives them a shared context, prints one table.

A section is a module in `bench/sections/` with `run(ctx: BenchContext) -> list[Row]`.
The context hands out the seeded corpus and a library ingested from it once
(both cached under `bench/.cache/`), so sections time their own stage only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import os
import pkgutil
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import corpus

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"
SIZES = (1000, 10000, 100000)
QUICK_SIZES = (300, 2000)
SECTION_ORDER = ("ingest", "entities", "search", "startup", "compile")


@dataclass
class Row:
    """One measured figure, with an optional reference measured in the same run."""

    section: str
    metric: str
    value: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        """value / reference, when there is a reference to compare with."""
        if self.reference is None or self.reference == 0:
            return None
        return self.value / self.reference


@dataclass
class Measured:
    """What running one child process cost: wall time and its own peak memory."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0  # user + system, its own and its reaped children's


# Runs the measured program as a grandchild and records its peak RSS. On Linux
# a process's ru_maxrss survives exec and so would include the memory of the
# bench process it was spawned from; a grandchild forked from this small
# launcher starts from the launcher's few megabytes instead.
_LAUNCHER = """
import os, sys
peak_path, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(peak_path, "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class BenchContext:
    """What every section gets: corpus and library folders, sizes, timing helpers."""

    sizes: tuple[int, ...] = SIZES
    quick: bool = False
    seed: int = 7
    cache: Path = CACHE
    python: str = sys.executable
    verbose: bool = True
    _libraries: dict[tuple[int, bool], Path] = field(default_factory=dict)

    # --- data ------------------------------------------------------------------

    def corpus_dir(self, n: int) -> Path:
        """The generated corpus of `n` articles (generated once, then cached)."""
        out = self.cache / "corpus" / f"n{n}-s{self.seed}"
        if not (out / corpus.MANIFEST).exists():
            self.log(f"generating the {n:,}-article corpus in {out} ...")
        return corpus.generate(n, out, self.seed)

    def corpus_stats(self, n: int) -> dict[str, int]:
        """files, bytes and n_articles of the corpus of `n` articles."""
        return corpus.stats(self.corpus_dir(n))

    def library_dir(self, n: int, entities: bool = True) -> Path:
        """A library folder holding the `n`-article corpus, ingested once per code version.

        Pass it to `brief --library DIR` or `Library.open(DIR)`; treat it as
        read-only (copy it first to time something that writes).
        """
        key = (n, entities)
        if key in self._libraries:
            return self._libraries[key]
        stem = f"n{n}-s{self.seed}-{'ent' if entities else 'noent'}"
        root = self.cache / "libraries"
        folder = root / f"{stem}-{code_version()}"
        done = folder / ".complete"
        if not done.exists():
            src = self.corpus_dir(n)
            root.mkdir(parents=True, exist_ok=True)
            with _locked(root / f".{stem}.lock"):  # other bench runs may want it too
                if not done.exists():
                    self._build_library(n, src, folder, entities)
                    _prune_versions(root, stem, keep=folder)
        self._libraries[key] = folder
        return folder

    def _build_library(self, n: int, src: Path, folder: Path, entities: bool) -> None:
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        self.log(f"ingesting the {n:,}-article corpus into {folder.name} ...")
        from tui.library import Library
        from tui.pipeline import ingest

        try:
            with Library.open(tmp) as lib:
                ingest(lib, [str(src)], analyse_entities=entities)
            (tmp / ".complete").write_text(time.strftime("%Y-%m-%dT%H:%M:%S\n"))
            shutil.rmtree(folder, ignore_errors=True)
            tmp.rename(folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    # --- timing ----------------------------------------------------------------

    @staticmethod
    def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
        """Median wall time of `fn()` in seconds over `repeat` calls."""
        times = []
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    def run_measured(
        self,
        args: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        input: bytes | None = None,
    ) -> Measured:
        """Run a child process: its wall time, CPU time and peak RSS (via wait4).

        The peak is of the largest single process of the child's tree, not a sum.
        """
        full_env = {**os.environ, **(env or {})}
        with (
            tempfile.TemporaryFile() as fin,
            tempfile.TemporaryFile() as fout,
            tempfile.TemporaryFile() as ferr,
        ):
            if input is not None:
                fin.write(input)
                fin.seek(0)
            fd, peak_path = tempfile.mkstemp(prefix="bench-peak-")
            os.close(fd)
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-S", "-c", _LAUNCHER, peak_path, *args],
                env=full_env,
                cwd=cwd or REPO,
                stdin=fin,
                stdout=fout,
                stderr=ferr,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            fout.seek(0)
            ferr.seek(0)
            out, err = fout.read(), ferr.read()
            peak_raw = Path(peak_path).read_text() or "0"
            os.unlink(peak_path)
        return Measured(
            seconds,
            int(peak_raw) / 1024,  # KiB on Linux
            proc.returncode,
            out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"),
            usage.ru_utime + usage.ru_stime,
        )

    def log(self, message: str) -> None:
        """A progress note on stderr (the table goes to stdout)."""
        if self.verbose:
            sys.stderr.write(f"[bench] {message}\n")
            sys.stderr.flush()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (flock on `path`)."""
    import fcntl

    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _prune_versions(root: Path, stem: str, keep: Path, spare: int = 2) -> None:
    """Remove libraries built by older code, sparing the newest few (others may use them)."""
    old = [p for p in root.glob(f"{stem}-*") if p != keep and (p / ".complete").exists()]
    old.sort(key=lambda p: (p / ".complete").stat().st_mtime, reverse=True)
    for p in old[spare:]:
        shutil.rmtree(p, ignore_errors=True)


def code_version() -> str:
    """A short hash of the core sources: cached libraries are rebuilt when it changes."""
    h = hashlib.sha256()
    root = REPO / "tui"
    for path in sorted(root.rglob("*.py")):
        if "app" in path.relative_to(root).parts[:1]:
            continue
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


# --- sections and the table ------------------------------------------------------


def discover() -> list[str]:
    """Section module names, in the preferred order, then alphabetically."""
    import bench.sections

    names = sorted(m.name for m in pkgutil.iter_modules(bench.sections.__path__))
    rank = {name: i for i, name in enumerate(SECTION_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def run_sections(ctx: BenchContext, names: Sequence[str]) -> tuple[list[Row], list[str]]:
    """Run each section; a crashing section becomes a failed row, the rest still run."""
    rows: list[Row] = []
    failed: list[str] = []
    for name in names:
        ctx.log(f"section {name}")
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.sections.{name}")
            rows.extend(module.run(ctx))
        except Exception as exc:  # noqa: BLE001 - report and go on with the others
            traceback.print_exc(file=sys.stderr)
            rows.append(Row(name, f"crashed: {type(exc).__name__}", 0.0, "", ok=False))
            failed.append(name)
        ctx.log(f"section {name} took {time.perf_counter() - start:.1f} s")
    return rows, failed


def _num(x: float | None) -> str:
    if x is None:
        return ""
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 0.01:
        return f"{x:.3g}"
    return f"{x:.2e}"


def format_table(rows: Sequence[Row]) -> str:
    """The results as one aligned text table."""
    header = ("section", "metric", "value", "unit", "reference", "ratio", "target", "ok")
    lines: list[tuple[str, ...]] = [header]
    for r in rows:
        ref = _num(r.reference)
        if ref and r.reference_name:
            ref = f"{ref} ({r.reference_name})"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        ok = {True: "yes", False: "NO", None: ""}[r.ok]
        lines.append((r.section, r.metric, _num(r.value), r.unit, ref, ratio, r.target, ok))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {2, 4, 5}
    out = []
    for k, line in enumerate(lines):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description="Run brief's benchmarks.")
    p.add_argument("--only", metavar="SECTION", help="run only these sections (comma-separated)")
    p.add_argument("--quick", action="store_true", help=f"small sizes {QUICK_SIZES}")
    p.add_argument("--sizes", help="corpus sizes, comma-separated (e.g. 1000,10000)")
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    p.add_argument("--json", metavar="FILE", help="also save the results as JSON")
    p.add_argument("--list", action="store_true", help="list the sections and exit")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            sys.stderr.write(f"unknown section(s): {', '.join(unknown)}; have {', '.join(names)}\n")
            return 2
        names = [n for n in names if n in wanted]
    sizes: tuple[int, ...] = QUICK_SIZES if args.quick else SIZES
    if args.sizes:
        sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    ctx = BenchContext(sizes=tuple(sizes), quick=args.quick, seed=args.seed)
    sys.path.insert(0, str(REPO))
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    rows, failed = run_sections(ctx, names)
    print(format_table(rows))
    missed = [r for r in rows if r.ok is False]
    if missed:
        print(f"\n{len(missed)} figure(s) missed their target.")
    if args.json:
        payload = {
            "started": started,
            "sizes": list(ctx.sizes),
            "quick": ctx.quick,
            "seed": ctx.seed,
            "python": sys.version.split()[0],
            "code_version": code_version(),
            "rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n")
    return 1 if failed else 0
