"""`brief search QUERY [PATH...] [--json] [--limit N]`: ranked, highlighted passages."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_library_option,
    emit_json,
    warn,
)
from tui.search.query import QUERY_SYNTAX

EPILOG = """\
With PATHs the files are read as `brief articles` reads them and searched in
memory; without, the library is searched.
JSON Lines output, one hit a line, best first:
  {"article_id", "title", "paragraph", "score", "text", "highlights": [[start, end], ...]}
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search passages (typo-tolerant, ranked, highlighted)",
        description="Search every passage of the library, or of the files given.",
        epilog=f"query syntax:\n{QUERY_SYNTAX}\n{EPILOG}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", metavar="QUERY", help="what to look for (see the syntax below)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    add_library_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.search import EmptyIndexError, Index, QueryError, parse

    if args.limit < 1:
        warn("--limit must be at least 1")
        return EXIT_USAGE
    try:
        parse(args.query)
    except QueryError as exc:
        warn(str(exc))
        return EXIT_USAGE
    status = EXIT_OK
    if args.paths:
        from tui.ingest import read_paths

        articles = []
        for result in read_paths(args.paths):
            if result.error:
                warn(f"{result.path}: {result.error}")
                status = EXIT_FAILED
                continue
            articles.extend(result.articles)
        index = Index.from_articles(articles)
    else:
        from tui.library import Library
        from tui.paths import library_dir

        lib = Library.open(library_dir(getattr(args, "library", None)))
        try:
            index = Index.load(lib)
        finally:
            lib.close()
    try:
        hits = index.search(args.query, limit=args.limit)
    except EmptyIndexError as exc:
        warn(str(exc))
        return status
    except QueryError as exc:
        warn(str(exc))
        return EXIT_USAGE
    if not hits and not args.json:
        warn("no passage matches")
    for hit in hits:
        if args.json:
            emit_json(hit.to_json())
        else:
            _print_hit(hit)
    sys.stdout.flush()
    return status


def _print_hit(hit: object) -> None:
    from tui.search import Hit

    assert isinstance(hit, Hit)
    text = hit.text
    marked = []
    last = 0
    for s, e in hit.highlights:
        marked.append(text[last:s])
        marked.append("[" + text[s:e] + "]")
        last = e
    marked.append(text[last:])
    print(f"{hit.score:8.2f}  {hit.title}  (¶{hit.paragraph + 1}, {hit.article_id})")
    print("          " + " ".join("".join(marked).split()))
