"""`brief articles PATH... [--json] [--max-size SIZE]`: read files into articles, store nothing."""

from __future__ import annotations

import argparse

from tui import text
from tui.commands.common import EXIT_FAILED, EXIT_OK, emit_json, warn
from tui.ingest import DEFAULT_MAX_BYTES, human_size, parse_size, read_paths
from tui.text import plural


def _size(value: str) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "articles",
        help="read files and print the articles found",
        description="Read files, folders (recursively) or - (stdin) as news and print the "
        "articles found, without storing anything. Formats: scraped or plain text, "
        "Markdown, HTML, RSS/Atom, JSON and JSON Lines. Exit status 1 when any input failed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--json", action="store_true", help="JSON Lines output, one article a line")
    p.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"refuse files larger than SIZE, e.g. 50M or 2G (default {human_size(DEFAULT_MAX_BYTES)})",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for result in read_paths(args.paths, max_bytes=args.max_size):
        for note in result.warnings:
            warn(text.sanitize(f"{result.path}: {note}"))
        if result.error:
            warn(text.sanitize(f"{result.path}: {result.error}"))
            status = EXIT_FAILED
        for art in result.articles:
            if args.json:
                emit_json(art.to_json())
            else:
                meta = " · ".join(x for x in (art.outlet, art.published) if x)
                print(f"{art.id}  {art.title}" + (f"  ({meta})" if meta else ""))
                print(f"    {plural(len(art.paragraphs), 'paragraph')} from {art.source_path}")
    return status
