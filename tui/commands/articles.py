"""`brief articles PATH... [--json]`: read files into articles without storing them."""

from __future__ import annotations

import argparse

from tui.commands.common import EXIT_FAILED, EXIT_OK, emit_json, warn
from tui.ingest import read_paths


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("articles", help="read files and print the articles found")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for result in read_paths(args.paths):
        if result.error:
            warn(f"{result.path}: {result.error}")
            status = EXIT_FAILED
            continue
        for art in result.articles:
            if args.json:
                emit_json(art.to_json())
            else:
                meta = " · ".join(x for x in (art.outlet, art.published) if x)
                print(f"{art.id}  {art.title}" + (f"  ({meta})" if meta else ""))
                print(f"    {len(art.paragraphs)} paragraphs from {art.source_path}")
    return status
