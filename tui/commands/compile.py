"""`brief compile PATH... --query Q | --selection NAME`: compile passages into a one-page
brief, write it safely (default under ./briefs/) and print its path."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_library_option, warn

if TYPE_CHECKING:
    from tui.brief import SelectedPassage
    from tui.library import Library
    from tui.model import Analysis

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
    p.add_argument(
        "--title",
        metavar="T",
        help="the brief's title (default: the query; for a selection, its saved title, "
        "else one drawn from the content)",
    )
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
    p.add_argument(
        "--since",
        metavar="DATE|last",
        help="only articles that came into the library since DATE (YYYY-MM-DD, or a time "
        "YYYY-MM-DDTHH:MM, UTC), or since the last brief of this selection (or query): "
        "`last`. The brief says which period it covers",
    )
    p.add_argument("--strict", action="store_true", help="fail instead of cutting to fit")
    p.add_argument("--force", action="store_true", help="replace a file brief did not write")
    add_library_option(p)
    p.set_defaults(func=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def run(args: argparse.Namespace) -> int:
    from tui.brief import today, write_brief
    from tui.brief.title import compile_titled
    from tui.feeds import store as feed_store
    from tui.library import Library
    from tui.paths import library_dir

    usage = _usage_error(args)
    if usage:
        warn(usage)
        return EXIT_USAGE
    if args.selection and args.query:
        warn(f"--query is not used with --selection (compiling selection {args.selection!r})")
    since_what = f"selection:{args.selection}" if args.selection else f"query:{args.query}"
    created = args.date or today()
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with Library.open(library_dir(getattr(args, "library", None))) as lib:
        since = _since(lib, args.since, since_what, created) if args.since else None
        if since is _BAD:
            return EXIT_USAGE
        seq = feed_store.library_seq(lib)
        new_ids = None
        if since and since[0].startswith("seq:"):
            new_ids = feed_store.articles_after(lib, int(since[0][4:]))
        elif since and since[0]:
            new_ids = feed_store.articles_since(lib, since[0])
        taken = (
            _from_selection(lib, args, new_ids) if args.selection else _from_query(lib, args, new_ids)
        )
        if taken is None:
            return EXIT_FAILED
        if not taken.passages:
            when = f" since {since[1]}" if since else ""
            if args.selection:
                warn(f"selection {args.selection!r} has no passages to compile{when}")
            else:
                warn(
                    f"no passages to compile: nothing{' new' if since else ''} matched "
                    f"{args.query!r}{when}"
                )
            return EXIT_FAILED
        brief = compile_titled(
            taken.passages,
            title=taken.title,
            created=created,
            bluf=taken.bluf,
            analyses=taken.analyses,
            strict=args.strict,
            query=None if args.selection else args.query,
        )
        if since is not None:
            import dataclasses

            brief = dataclasses.replace(brief, period=since[2])
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
        if not args.paths:
            feed_store.record_brief(lib, since_what, started, seq)
    sys.stdout.write(f"{path}\n")
    return taken.status


def _usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with how the options were combined, or None."""
    if args.selection and args.paths:
        return "give PATHs with --query, or --selection NAME, not both"
    if not args.selection and not args.query:
        return "nothing to compile: give --query Q (with PATHs or the library) or --selection NAME"
    if args.top < 1:
        return "--top must be at least 1"
    if args.since and args.paths:
        return "--since reads what came into the library; it is not used with PATHs"
    return None


@dataclass
class _Taken:
    """The passages to compile, with what goes with them."""

    passages: list[SelectedPassage]
    title: str | None
    bluf: str | None
    analyses: Mapping[str, Analysis] | None
    status: int = EXIT_OK


def _from_selection(
    lib: Library, args: argparse.Namespace, new_ids: set[str] | None
) -> _Taken | None:
    """The saved selection's passages (only new articles' with `new_ids`); None when
    there is no such selection."""
    from tui.brief.inputs import analyses_from_library, passages_from_selection
    from tui.selection import SelectionStore

    store = SelectionStore(lib, args.selection)
    if not store.exists():
        warn(f"no selection named {args.selection!r} in the library")
        return None
    items = store.items()
    if new_ids is not None:
        items = [i for i in items if i.article_id in new_ids]
    passages, missing = passages_from_selection(lib, items)
    for item in missing:
        warn(
            f"a selected passage (¶{item.paragraph + 1} of an article with id "
            f"{item.article_id}) is no longer in the library; skipped"
        )
    return _Taken(
        passages,
        title=args.title or store.title or None,  # None: drawn from the content
        bluf=args.bluf if args.bluf is not None else (store.bluf or None),
        analyses=analyses_from_library(lib, [p.article for p in passages]),
        status=EXIT_FAILED if missing else EXIT_OK,
    )


def _from_query(lib: Library, args: argparse.Namespace, new_ids: set[str] | None) -> _Taken:
    """The top passages for --query in PATHs or in the library (only among new articles
    with `new_ids`)."""
    from tui.brief.inputs import analyses_from_library, passages_from_hits, top_hits
    from tui.search import Index

    status = EXIT_OK
    analyses = None
    if args.paths:
        from tui.ingest import read_paths

        articles = []
        for result in read_paths(args.paths):
            if result.error:
                warn(f"{result.path}: {result.error}")
                status = EXIT_FAILED
            articles.extend(result.articles)
        hits = top_hits(Index.from_articles(articles), args.query, args.top)
    else:
        index = Index.load(lib)
        if new_ids is None:
            hits = top_hits(index, args.query, args.top)
        else:  # the best hits among the new articles
            many = top_hits(index, args.query, max(200, args.top * 50))
            hits = [h for h in many if h.article_id in new_ids][: args.top]
        ids = list(dict.fromkeys(h.article_id for h in hits))
        articles = [a for a in (lib.article(i) for i in ids) if a is not None]
    passages = passages_from_hits(articles, hits, limit=args.top)
    if not args.paths:
        analyses = analyses_from_library(lib, [p.article for p in passages])
    return _Taken(passages, args.title or args.query, args.bluf, analyses, status)


_BAD = ("", "", "")


def _since(lib: Library, value: str, what: str, created: dt.date) -> tuple[str, str, str] | None:
    """(ISO time to compare arrivals with, how to say it, the period the brief covers);
    `_BAD` after saying what is wrong with `value`."""
    from tui.feeds import store as feed_store

    if value == "last":
        last = feed_store.last_brief(lib, what)
        if last is None:
            warn(f"no earlier brief of this {what.split(':')[0]}: everything is included")
            return ("", "the beginning", f"everything up to {created.isoformat()}")
        shown = last[0][:16].replace("T", " ")
        return (f"seq:{last[1]}", shown, f"{shown} UTC to {created.isoformat()}")
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        warn(f"--since {value!r}: not a date (YYYY-MM-DD, a time YYYY-MM-DDTHH:MM, or last)")
        return _BAD
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    iso = when.isoformat(timespec="seconds")
    shown = iso[:10] if len(value) <= 10 else iso[:16].replace("T", " ")
    return (iso, shown, f"{shown} to {created.isoformat()}")
