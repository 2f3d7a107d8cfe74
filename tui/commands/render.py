"""`brief render BRIEF.yaml --format md`: render a saved brief (Markdown by default) to
stdout, or write it safely with -o FILE / --out-dir DIR and print the path."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import EXIT_OK, add_library_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render",
        help="render a saved YAML brief as Markdown",
        description="Render a brief saved as YAML. The Markdown is exactly what compiling "
        "to --format md gives. Prints to stdout unless -o FILE or --out-dir DIR is given.",
    )
    p.add_argument("brief", metavar="BRIEF.yaml", help="a brief written by `brief compile`")
    p.add_argument("--format", choices=("md", "yaml"), default="md", help="default: md")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    p.add_argument("--out-dir", metavar="DIR", help="write into DIR, named after the title")
    p.add_argument("--force", action="store_true", help="replace a file brief did not write")
    add_library_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.brief import read_brief, render, write_brief

    brief = read_brief(args.brief)
    if not args.output and not args.out_dir:
        sys.stdout.write(render(brief, args.format))
        return EXIT_OK
    from tui.library import Library
    from tui.paths import library_dir

    with Library.open(library_dir(getattr(args, "library", None))) as lib:
        path = write_brief(
            brief, args.format, lib=lib, folder=args.out_dir, output=args.output, force=args.force
        )
    sys.stdout.write(f"{path}\n")
    return EXIT_OK
