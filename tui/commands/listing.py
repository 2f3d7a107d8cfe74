"""`brief list [--json]`: what the library holds, newest first."""

from __future__ import annotations

import argparse

from tui.commands.common import EXIT_OK, add_library_option, emit_json, warn
from tui.text import clean_line, plural


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "list",
        help="list the articles in the library",
        description="List the library's articles, newest first (undated ones last).",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="JSON Lines output, one article a line")
    p.add_argument("--limit", type=int, metavar="N", help="at most N articles")
    p.add_argument("--unread", action="store_true", help="only articles not yet read")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument(
        "--new", action="store_true", help="only articles the latest `brief update` brought"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.feeds import store
    from tui.library import DB_NAME, Library
    from tui.paths import library_dir

    folder = library_dir(getattr(args, "library", None))
    if not (folder / DB_NAME).exists():
        warn(f"no library at {clean_line(str(folder))} yet; add articles with: brief ingest PATH")
        return EXIT_OK
    with Library.open(folder) as lib:
        if lib.notice:
            warn(clean_line(lib.notice))
        summaries = lib.summaries()
        stats = lib.stats()
        read, starred = store.read_ids(lib), store.starred_ids(lib)
        unread = sum(1 for s in summaries if s.id not in read)
        if args.unread:
            summaries = [s for s in summaries if s.id not in read]
        if args.starred:
            summaries = [s for s in summaries if s.id in starred]
        if args.new:
            new = store.new_since_update(lib)
            summaries = [s for s in summaries if s.id in new]
    if args.limit is not None:
        summaries = summaries[: max(0, args.limit)]
    if args.json:
        for s in summaries:
            emit_json(
                {
                    "id": s.id,
                    "title": s.title,
                    "outlet": s.outlet,
                    "published": s.published,
                    "url": s.url,
                    "source_path": s.source_path,
                    "paragraph_count": s.paragraph_count,
                    "read": s.id in read,
                    "starred": s.id in starred,
                }
            )
        return EXIT_OK
    outlet_width = min(24, max((len(s.outlet or "") for s in summaries), default=0))
    for s in summaries:
        outlet = clean_line(s.outlet or "")[:outlet_width].ljust(outlet_width)
        title = clean_line(s.title)
        mark = ("*" if s.id in starred else " ") + (" " if s.id in read else "●")
        print(
            f"{mark} {clean_line(s.published or '—'):<10}  {outlet}  {title}  "
            f"({s.paragraph_count} ¶)"
        )
    print(
        f"{plural(stats.articles, 'article')} ({unread:,} unread), "
        f"{plural(stats.passages, 'passage')} from {plural(stats.files, 'file')} "
        f"in {clean_line(str(folder))}"
    )
    return EXIT_OK
