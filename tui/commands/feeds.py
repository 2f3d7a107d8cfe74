"""Subscriptions: `brief add`, `update`, `feeds`, `remove`, `import-opml`, `export-opml`,
`mark`. Only `add` and `update` open network connections."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_library_option,
    emit_json,
    warn,
)
from tui.text import clean_line, plural

if TYPE_CHECKING:
    from tui.feeds.fetch import Limits
    from tui.feeds.store import Feed
    from tui.feeds.update import FeedResult
    from tui.library import Library


def register(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        run_add,
        "add",
        help="subscribe to feeds (or read web pages once) by URL",
        description="Subscribe to each feed URL (RSS, Atom, JSON Feed) and fetch its entries "
        "now; a web page URL is read once as an article (and the feeds it links to are "
        "named). Adding a feed again changes its --full-text setting. Exit status 1 when "
        "any URL failed.",
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="http or https URLs")
    p.add_argument(
        "--full-text",
        choices=("auto", "always", "never"),
        help="fetch each entry's page for its text: auto (teasers only, the default), "
        "always, never",
    )
    _network_options(p)

    p = _command(
        sub,
        run_update,
        "update",
        help="fetch new entries of every subscription (or of the FEEDs named)",
        description="Fetch subscriptions concurrently (at most two requests per host at once), "
        "with conditional requests so an unchanged feed costs one 304. One line per feed that "
        "failed, naming it and the reason; the others go on. Exit status 1 when any failed.",
    )
    p.add_argument("feeds", nargs="*", metavar="FEED", help="URL, number or title of a feed")
    p.add_argument("--json", action="store_true", help="one JSON line per feed")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    _network_options(p)

    p = _command(
        sub,
        run_feeds,
        "feeds",
        help="list subscriptions with unread counts and last errors",
        description="One line per subscription: title, URL, unread count, last update, last error.",
    )
    p.add_argument("--json", action="store_true", help="JSON Lines, one feed a line")

    p = _command(
        sub,
        run_remove,
        "remove",
        help="unsubscribe from a feed, or remove articles or an ingested file",
        description="Unsubscribe from FEED (URL, number or title) and remove its articles that "
        "nothing else holds (articles in a selection are kept); --keep-articles keeps them all. "
        "--article removes articles for good (a later ingest or update leaves them out); "
        "--source forgets an ingested file and its articles.",
    )
    p.add_argument("feeds", nargs="*", metavar="FEED", help="URL, number or title of a feed")
    p.add_argument("--keep-articles", action="store_true", help="keep the feed's articles")
    p.add_argument("--article", action="append", default=[], metavar="ID", help="an article id")
    p.add_argument("--source", action="append", default=[], metavar="PATH", help="an ingested file")

    p = _command(
        sub,
        run_import,
        "import-opml",
        help="subscribe to every feed in an OPML file (fetches nothing)",
        description="Subscribe to every feed an OPML file lists (newsboat, web readers); "
        "feeds already subscribed are left as they are. Run `brief update` to fetch them.",
    )
    p.add_argument("file", metavar="FILE", help="an OPML file, or - for stdin")

    p = _command(sub, run_export, "export-opml", help="print the subscriptions as OPML 2.0")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    p = _command(
        sub,
        run_mark,
        "mark",
        help="mark articles read or unread, starred or not",
        description="Mark articles (by id, or every article of --feed) read, or unread with "
        "--unread; --star and --unstar set the star.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="article ids (brief list --json)")
    p.add_argument("--feed", action="append", default=[], metavar="FEED", help="all of a feed")
    p.add_argument("--unread", action="store_true", help="mark unread instead of read")
    star = p.add_mutually_exclusive_group()
    star.add_argument("--star", action="store_true", help="star them (read state unchanged)")
    star.add_argument("--unstar", action="store_true", help="remove the star")


def _command(
    sub: argparse._SubParsersAction,
    func: Callable[[argparse.Namespace], int],
    name: str,
    *,
    help: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A subcommand that runs `func`; like every one here it takes --library."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    add_library_option(p)
    p.set_defaults(func=func)
    return p


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="S",
        help="seconds to wait for data from a server (default 20)",
    )
    p.add_argument(
        "--connect-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds to wait for a connection (default 10)",
    )
    p.add_argument("--no-entities", action="store_true", help="skip entity analysis (faster)")


def _limits(args: argparse.Namespace) -> Limits:
    from tui.feeds.fetch import Limits

    read = max(0.1, args.timeout)
    return Limits(
        connect_timeout=max(0.1, args.connect_timeout),
        read_timeout=read,
        total_timeout=max(60.0, 3 * read),
    )


def _open(args: argparse.Namespace) -> Library:
    from tui.library import Library
    from tui.paths import library_dir

    lib = Library.open(library_dir(getattr(args, "library", None)))
    if lib.notice:
        warn(clean_line(lib.notice))
    return lib


def _resolve(lib: Library, names: list[str]) -> tuple[list[Feed], list[str]]:
    """The feeds the words name, and one error line for each word that names none or many."""
    from tui.feeds import store

    chosen: list[Feed] = []
    errors: list[str] = []
    for name in names:
        found = store.find(lib, name)
        if len(found) == 1:
            if found[0] not in chosen:
                chosen.append(found[0])
        elif not found:
            errors.append(f"{clean_line(name)}: no such feed (see brief feeds)")
        else:
            which = ", ".join(f"{f.id} {clean_line(f.name)}" for f in found[:5])
            errors.append(
                f"{clean_line(name)}: names {len(found)} feeds ({which}); be more precise"
            )
    return chosen, errors


# --- add ---------------------------------------------------------------------


def run_add(args: argparse.Namespace) -> int:
    from tui.feeds import store
    from tui.feeds.fetch import FetchError, check_url
    from tui.feeds.update import update

    failed = False
    with _open(args) as lib:
        new: list[Feed] = []
        for url in args.urls:
            try:
                check_url(url)
            except FetchError as exc:
                warn(f"{clean_line(url)}: {exc.reason}")
                failed = True
                continue
            existing = store.feed_by_url(lib, url)
            if existing is not None:
                if args.full_text and args.full_text != existing.full_text:
                    store.set_full_text(lib, existing.id, args.full_text)
                    print(f"{clean_line(url)}: full text now {args.full_text}")
                else:
                    print(f"{clean_line(url)}: already subscribed ({clean_line(existing.name)})")
                continue
            new.append(store.add(lib, url, full_text=args.full_text or "auto"))
        if new:
            report = update(lib, new, limits=_limits(args), analyse_entities=not args.no_entities)
            for result in report.results:
                failed |= not _added(lib, result, args)
            if report.index_error:
                warn(report.index_error)
                failed = True
    return EXIT_FAILED if failed else EXIT_OK


def _added(lib: Library, result: FeedResult, args: argparse.Namespace) -> bool:
    """Say what adding one URL did; a page is read once and not kept as a subscription."""
    from tui.errors import InputError
    from tui.feeds import store
    from tui.feeds.pages import store_page

    url = clean_line(result.feed.url)
    if result.page is not None:
        store.remove(lib, result.feed)
        page_url, body, charset = result.page
        try:
            articles, links, added = store_page(
                lib, page_url, body, charset, analyse_entities=not args.no_entities
            )
        except InputError as exc:
            warn(f"{url}: a web page with no article text found ({exc.reason})")
            return False
        titles = "; ".join(clean_line(a.title) for a in articles[:3])
        print(
            f"{url}: a web page, read once as an article ({titles})"
            + ("" if added else " (already in the library)")
        )
        if links:
            print(
                f"{url}: the page links to the feed {links[0]}; subscribe with: brief add {links[0]}"
            )
        return True
    if result.error:
        store.remove(lib, result.feed)
        reason = "gone for good (HTTP 410)" if result.kind == "gone" else result.error
        warn(f"{url}: not subscribed: {reason}")
        return False
    for note in result.notes:
        warn(clean_line(note))
    title = clean_line(
        store.feed_by_url(lib, result.feed.url).name  # type: ignore[union-attr]
        if store.feed_by_url(lib, result.feed.url)
        else result.feed.name
    )
    print(f"{url}: subscribed to {title}; {result.added} new articles")
    return True


# --- update ------------------------------------------------------------------


class _UpdateLine:
    """`12/200 feeds · 3 failed · Title` on a terminal, redrawn at most ten times a second."""

    def __init__(self) -> None:
        self.last = 0.0
        self.failed = 0
        self.shown = False

    def __call__(self, done: int, total: int, result: FeedResult) -> None:
        self.failed += bool(result.error)
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        bad = f" · {self.failed} failed" if self.failed else ""
        line = f"{done}/{total} feeds{bad} · {clean_line(result.feed.name)[:40]}"
        sys.stderr.write("\r\x1b[2K" + line)
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def run_update(args: argparse.Namespace) -> int:
    from tui.feeds import store
    from tui.feeds.update import update

    with _open(args) as lib:
        chosen, errors = _resolve(lib, args.feeds)
        for line in errors:
            warn(line)
        if args.feeds and not chosen:
            return EXIT_FAILED
        if not args.feeds and not store.feeds(lib):
            warn("no subscriptions yet; subscribe with: brief add URL")
            return EXIT_OK
        show = _UpdateLine() if not args.quiet and not args.json and sys.stderr.isatty() else None
        try:
            report = update(
                lib,
                chosen or None,
                limits=_limits(args),
                progress=show,
                analyse_entities=not args.no_entities,
            )
        finally:
            if show:
                show.clear()
    for result in report.results:
        for note in result.notes:
            warn(clean_line(note))
        if result.error:
            warn(result.line())
        if args.json:
            emit_json(
                {
                    "url": result.feed.url,
                    "title": result.feed.title,
                    "status": result.status,
                    "added": result.added,
                    "replaced": result.replaced,
                    "error": result.error,
                }
            )
    if report.index_error:
        warn(report.index_error)
    if not args.json:
        print(report.summary())
    return EXIT_OK if report.ok and not errors else EXIT_FAILED


# --- feeds, remove, opml, mark --------------------------------------------------------


def run_feeds(args: argparse.Namespace) -> int:
    from tui.feeds import store

    with _open(args) as lib:
        every = store.feeds(lib)
        counts = store.counts(lib)
    if not every and not args.json:
        warn("no subscriptions yet; subscribe with: brief add URL")
    elif not args.json:
        print(f"{'#':>3}  {'unread/all':<11} {'updated (UTC)':<16}  title  URL")
    for feed in every:
        total, unread = counts.get(feed.id, (0, 0))
        if args.json:
            emit_json(
                {
                    "id": feed.id,
                    "url": feed.url,
                    "title": feed.title,
                    "unread": unread,
                    "articles": total,
                    "last_update": feed.last_update,
                    "last_ok": feed.last_ok,
                    "error": feed.error,
                    "retry_at": feed.retry_at,
                    "full_text": feed.full_text,
                }
            )
            continue
        when = (feed.last_update or "never")[:16].replace("T", " ")
        error = f"  ! {clean_line(feed.error)}" if feed.error else ""
        title = f"{clean_line(feed.title)[:40]}  " if feed.title else ""
        print(
            f"{feed.id:>3}  {f'{unread}/{total}':<11} {when:<16}  "
            f"{title}{clean_line(feed.url)}{error}"
        )
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from tui.feeds import store
    from tui.pipeline import index_changes

    if not (args.feeds or args.article or args.source):
        warn("remove what? name a FEED, or give --article ID or --source PATH")
        return EXIT_USAGE
    failed = False
    with _open(args) as lib:
        chosen, errors = _resolve(lib, args.feeds)
        for line in errors:
            warn(line)
            failed = True
        removed: list[str] = []
        for feed in chosen:
            gone = store.remove(lib, feed, keep_articles=args.keep_articles)
            removed += gone
            print(f"{clean_line(feed.url)}: unsubscribed; {plural(len(gone), 'article')} removed")
        if args.article:
            in_selection = store._selected(lib, args.article)
            for aid in sorted(in_selection):
                warn(f"{clean_line(aid)}: in a selection; remove it from the selection first")
                failed = True
            wanted = [a for a in args.article if a not in in_selection]
            gone = store.remove_articles(lib, wanted)
            for aid in wanted:
                if aid not in gone:
                    warn(f"{clean_line(aid)}: no such article")
                    failed = True
            removed += gone
            if gone:
                print(f"{plural(len(gone), 'article')} removed")
        for path in args.source:
            import os

            key = path if path.startswith(("page:", "kept:")) else os.path.abspath(path)
            held = lib.execute(
                "SELECT COUNT(*) FROM file_articles WHERE path = ?", (key,)
            ).fetchone()[0]
            if not held and not lib.file_state(key):
                warn(f"{clean_line(path)}: not a source in the library")
                failed = True
                continue
            gone = store.remove_source(lib, key)
            removed += gone
            print(f"{clean_line(path)}: removed; {plural(len(gone), 'article')} removed")
        error = index_changes(lib, [], removed) if removed else None
        if error:
            warn(error)
            failed = True
    return EXIT_FAILED if failed else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from tui.errors import InputError
    from tui.feeds import opml, store
    from tui.feeds.fetch import FetchError, check_url
    from tui.ingest import load_bytes

    try:
        data = load_bytes(args.file, 16 * 1024 * 1024)
        outlines = opml.read(data, args.file)
    except InputError as exc:
        warn(clean_line(f"{exc.path}: {exc.reason}"))
        return EXIT_FAILED
    failed = False
    added = 0
    with _open(args) as lib:
        for outline in outlines:
            try:
                check_url(outline.url)
            except FetchError as exc:
                warn(f"{clean_line(outline.url)}: skipped: {exc.reason}")
                failed = True
                continue
            if store.feed_by_url(lib, outline.url) is None:
                store.add(lib, outline.url, title=outline.title)
                added += 1
    print(
        f"{plural(added, 'feed')} subscribed, {len(outlines) - added:,} already there or skipped; "
        "fetch them with: brief update"
    )
    return EXIT_FAILED if failed else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from tui.feeds import opml, store

    with _open(args) as lib:
        doc = opml.write(store.feeds(lib))
    if args.output:
        import os
        import tempfile

        folder = os.path.dirname(os.path.abspath(args.output))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".opml-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(doc)
        os.replace(tmp, args.output)
        print(args.output)
    else:
        sys.stdout.write(doc)
    return EXIT_OK


def run_mark(args: argparse.Namespace) -> int:
    from tui.feeds import store

    with _open(args) as lib:
        chosen, errors = _resolve(lib, args.feed)
        for line in errors:
            warn(line)
        ids = list(args.ids)
        for feed in chosen:
            ids += [a for a, _ in store.known_entries(lib, feed.id).values()]
        known = {r[0] for r in lib.execute("SELECT id FROM articles")}
        missing = [a for a in args.ids if a not in known]
        for aid in missing:
            warn(f"{clean_line(aid)}: no such article")
        ids = [a for a in ids if a in known]
        if args.star or args.unstar:
            store.set_starred(lib, ids, starred=args.star)
            print(f"{plural(len(ids), 'article')} {'starred' if args.star else 'unstarred'}")
        else:
            changed = store.mark_read(lib, ids, read=not args.unread)
            print(f"{plural(changed, 'article')} marked {'unread' if args.unread else 'read'}")
    return EXIT_FAILED if errors or missing else EXIT_OK
