"""`brief compile PATH... --query Q | --selection NAME`: compile passages into a one-page
brief, write it safely (default under ./briefs/) and print its path."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from tui.commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, warn

DEFAULT_TOP = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compile",
        help="compile passages into a one-page brief (YAML or Markdown)",
        description="Compile the top passages for --query in PATHs (read as `brief articles` "
        "reads them), or a saved --selection from the library, into a one-page brief. "
        "Writes it atomically (default: briefs/SLUG-OF-TITLE.EXT under the current folder) "
        "and prints its path. What was cut to fit the page is listed on stderr.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--query", "-q", metavar="Q", help="search PATHs (or the library) for Q")
    p.add_argument("--selection", metavar="NAME", help="compile a saved selection instead")
    p.add_argument("--format", choices=("yaml", "md"), default="yaml", help="default: yaml")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    p.add_argument("--out-dir", metavar="DIR", help="folder for the brief (default: ./briefs)")
    p.add_argument("--title", metavar="T", help="the brief's title (default: the query)")
    p.add_argument("--bluf", metavar="TEXT", help="your bottom line (default: drafted)")
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        type=_date,
        help="the `created` date (default: $BRIEF_TODAY, else today)",
    )
    p.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP,
        metavar="N",
        help=f"passages to take from the search (default: {DEFAULT_TOP})",
    )
    p.add_argument("--strict", action="store_true", help="fail instead of cutting to fit")
    p.add_argument("--force", action="store_true", help="replace a file brief did not write")
    p.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS, help="library folder")
    p.set_defaults(func=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def run(args: argparse.Namespace) -> int:
    from tui.brief import compile_brief, today, write_brief
    from tui.brief.inputs import (
        analyses_from_library,
        passages_from_hits,
        passages_from_selection,
        top_hits,
    )
    from tui.library import Library
    from tui.paths import library_dir
    from tui.selection import SelectionStore

    if args.selection and args.paths:
        warn("give PATHs with --query, or --selection NAME, not both")
        return EXIT_USAGE
    if not args.selection and not args.query:
        warn("nothing to compile: give --query Q (with PATHs or the library) or --selection NAME")
        return EXIT_USAGE
    if args.selection and args.query:
        warn(f"--query is not used with --selection (compiling selection {args.selection!r})")
    if args.top < 1:
        warn("--top must be at least 1")
        return EXIT_USAGE
    status = EXIT_OK
    created = args.date or today()
    with Library.open(library_dir(getattr(args, "library", None))) as lib:
        bluf = args.bluf
        if args.selection:
            store = SelectionStore(lib, args.selection)
            if not store.exists():
                warn(f"no selection named {args.selection!r} in the library")
                return EXIT_FAILED
            passages, missing = passages_from_selection(lib, store.items())
            for item in missing:
                warn(
                    f"a selected passage (¶{item.paragraph + 1} of an article with id "
                    f"{item.article_id}) is no longer in the library; skipped"
                )
                status = EXIT_FAILED
            title = args.title or store.title or args.selection
            bluf = bluf if bluf is not None else (store.bluf or None)
            analyses = analyses_from_library(lib, [p.article for p in passages])
        else:
            from tui.search import Index

            if args.paths:
                from tui.ingest import read_paths

                articles = []
                for result in read_paths(args.paths):
                    if result.error:
                        warn(f"{result.path}: {result.error}")
                        status = EXIT_FAILED
                    articles.extend(result.articles)
                index = Index.from_articles(articles)
                hits = top_hits(index, args.query, args.top)
                analyses = None
            else:
                index = Index.load(lib)
                hits = top_hits(index, args.query, args.top)
                ids = list(dict.fromkeys(h.article_id for h in hits))
                articles = [a for a in (lib.article(i) for i in ids) if a is not None]
            passages = passages_from_hits(articles, hits, limit=args.top)
            if not args.paths:
                analyses = analyses_from_library(lib, [p.article for p in passages])
            title = args.title or args.query
        if not passages:
            if args.selection:
                warn(f"selection {args.selection!r} has no passages to compile")
            else:
                warn(f"no passages to compile: nothing matched {args.query!r}")
            return EXIT_FAILED
        brief = compile_brief(
            passages,
            title=title,
            created=created,
            bluf=bluf,
            analyses=analyses,
            strict=args.strict,
            query=None if args.selection else args.query,
        )
        for cut in brief.cuts:
            warn("cut to fit one page: " + cut.describe())
        path = write_brief(
            brief,
            args.format,
            lib=lib,
            folder=args.out_dir,
            output=args.output,
            force=args.force,
        )
    sys.stdout.write(f"{path}\n")
    return status
