"""`brief ingest PATH... [--no-entities]`: read files into the library, incrementally."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, TextIO

from tui.commands.common import EXIT_FAILED, EXIT_OK, add_library_option, emit_json, warn
from tui.ingest import DEFAULT_MAX_BYTES, human_size, parse_size
from tui.text import clean_line

if TYPE_CHECKING:
    from tui.pipeline import Progress


def _size(value: str) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="read files into the library (unchanged files are skipped)",
        description="Read files, folders (recursively) or - (stdin) into the library. "
        "Unchanged files are skipped (size and modification time, then content hash), "
        "changed ones replace what they held, and an article is stored once however many "
        "files hold it. Articles of files that have since disappeared are kept. "
        "Exit status 1 when any input failed (the others are still stored).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    add_library_option(p)
    p.add_argument(
        "--no-entities", action="store_true", help="skip entity analysis (faster; search only)"
    )
    p.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"refuse files larger than SIZE, e.g. 50M (default {human_size(DEFAULT_MAX_BYTES)})",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="processes reading files (default: by job size and CPUs; 1: no extra processes)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as one JSON line")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    p.set_defaults(func=run)


class ProgressLine:
    """A one-line progress display on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.shown = False

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and p.files_done < p.files_total:
            return
        self.last = now
        mb_done, mb_total = p.bytes_done / 1e6, p.bytes_total / 1e6
        left = p.remaining
        eta = f"{_clock(left)} left" if left is not None and p.files_done else "…"
        line = (
            f"{p.files_done:,}/{p.files_total:,} files · {mb_done:,.1f}/{mb_total:,.1f} MB · "
            f"{p.articles:,} articles · {p.rate / 1e6:,.1f} MB/s · {eta}"
        )
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def run(args: argparse.Namespace) -> int:
    from tui.library import Library
    from tui.paths import library_dir
    from tui.pipeline import ingest

    folder = library_dir(getattr(args, "library", None))
    show = None
    if not args.quiet and not args.json and sys.stderr.isatty():
        show = ProgressLine(sys.stderr)
    with Library.open(folder) as lib:
        if lib.notice:
            warn(clean_line(lib.notice))
        try:
            report = ingest(
                lib,
                args.paths,
                progress=show,
                max_bytes=args.max_size,
                analyse_entities=not args.no_entities,
                workers=args.jobs,
            )
        finally:
            if show:
                show.clear()
        total = lib.stats()
    for line in [*report.warnings, *report.errors, report.index_error]:
        if line:
            warn(clean_line(str(line)))  # file names may hold escape sequences
    if args.json:
        emit_json(
            {
                "library": str(folder),
                "files": report.files_seen,
                "read": report.files_read,
                "unchanged": report.files_unchanged,
                "failed": report.files_failed,
                "gone": report.files_missing,
                "bytes": report.bytes_read,
                "articles_added": report.articles_added,
                "articles_removed": report.articles_removed,
                "articles_total": total.articles,
                "seconds": round(report.seconds, 3),
            }
        )
    else:
        where = clean_line(str(folder))
        held = f"{total.articles:,} article{'s' if total.articles != 1 else ''}"
        print(f"{report.summary()}; the library holds {held} ({where})")
    return EXIT_OK if report.ok else EXIT_FAILED
