"""`brief selections [list|show|create|rename|delete|add|remove|note]`: the saved
selections, from a script (the same calls the reader makes)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_library_option,
    emit_json,
    warn,
)
from tui.text import clean_line

if TYPE_CHECKING:
    from tui.library import Library
    from tui.selection import SelectionStore


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "selections",
        help="list, show, create, rename and delete saved selections",
        description="The library's saved selections (what `brief compile --selection NAME` "
        "compiles). Without an action: list them. PARAGRAPH is the 0-based index "
        "`brief search --json` prints (the reader shows it 1-based, as ¶ N).",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help_text, description=help_text)
        add_library_option(a)
        a.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help="JSON Lines output")  # fmt: skip
        return a

    action("list", "every selection: name, title, passages, last change")
    a = action("show", "the passages of one selection, in order, with notes")
    a.add_argument("name", metavar="NAME")
    a = action("create", "a new, empty selection")
    a.add_argument("name", metavar="NAME")
    a = action("rename", "rename a selection (its passages, notes and title follow)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("new", metavar="NEW")
    a = action("delete", "delete a selection (one with passages only with --force)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--force", action="store_true", help="delete even when it has passages")
    for verb, text in (
        ("add", "add a passage (created when the selection is new)"),
        ("remove", "take a passage out (its note is kept for when it is added again)"),
    ):
        a = action(verb, text)
        a.add_argument("name", metavar="NAME")
        a.add_argument("article_id", metavar="ARTICLE_ID")
        a.add_argument("paragraph", metavar="PARAGRAPH", type=int)
        if verb == "add":
            a.add_argument("--note", default="", help="a note for the brief")
    a = action("note", "set the note of a passage (adding it when not selected)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("article_id", metavar="ARTICLE_ID")
    a.add_argument("paragraph", metavar="PARAGRAPH", type=int)
    a.add_argument("note", metavar="TEXT", help="the note ('' removes it)")
    p.set_defaults(func=run, action=None)


def _info(lib: Library, name: str) -> dict[str, object]:
    from tui.selection import names

    for info in names(lib):
        if info.name == name:
            return {"name": info.name, "title": info.title, "passages": info.count,
                    "updated": info.updated}  # fmt: skip
    return {"name": name, "title": "", "passages": 0, "updated": None}


def run(args: argparse.Namespace) -> int:
    from tui.errors import SelectionError
    from tui.library import Library
    from tui.paths import library_dir
    from tui.selection import SelectionStore, create, current_name, names, rename

    action = args.action or "list"
    as_json = bool(getattr(args, "json", False))
    with Library.open(library_dir(getattr(args, "library", None))) as lib:
        if lib.notice:
            warn(clean_line(lib.notice))
        try:
            if action == "list":
                current = current_name(lib)
                for info in names(lib):
                    if as_json:
                        emit_json({"name": info.name, "title": info.title,
                                   "passages": info.count, "updated": info.updated,
                                   "current": info.name == current})  # fmt: skip
                    else:
                        mark = "*" if info.name == current else " "
                        title = f"  “{clean_line(info.title)}”" if info.title else ""
                        print(f"{mark} {clean_line(info.name)}  ({info.count} ¶){title}")
                return EXIT_OK
            if action == "create":
                store = create(lib, args.name)
                return _done(as_json, _info(lib, store.name), f"created selection {store.name!r}")
            store = SelectionStore(lib, args.name)
            if action in ("show", "rename", "delete", "remove") and not store.exists():
                warn(f"no selection named {args.name!r} in the library")
                return EXIT_FAILED
            if action == "show":
                return _show(lib, store, as_json)
            if action == "rename":
                moved = rename(lib, args.name, args.new)
                return _done(as_json, _info(lib, moved.name),
                             f"renamed selection {args.name!r} to {moved.name!r}")  # fmt: skip
            if action == "delete":
                count = len(store)
                if count and not args.force:
                    warn(f"selection {args.name!r} has {count} passage{'' if count == 1 else 's'}; "
                         "add --force to delete it")  # fmt: skip
                    return EXIT_USAGE
                store.delete()
                return _done(as_json, {"name": args.name, "deleted": True, "passages": count},
                             f"deleted selection {args.name!r} ({count} passage{'' if count == 1 else 's'})")  # fmt: skip
            if args.paragraph < 0:
                warn("PARAGRAPH is a 0-based index: 0 or more")
                return EXIT_USAGE
            if action in ("add", "note"):
                article = lib.article(args.article_id)
                if article is None or args.paragraph >= len(article.paragraphs):
                    warn(
                        f"{args.article_id} ¶ {args.paragraph + 1}: no such passage in the library"
                    )
                    return EXIT_FAILED
            if action == "add":
                added = store.add(args.article_id, args.paragraph, args.note)
                message = "added to" if added else "already in"
            elif action == "remove":
                removed = store.remove(args.article_id, args.paragraph)
                message = "removed from" if removed else "was not in"
            else:
                store.set_note(args.article_id, args.paragraph, args.note)
                message = "noted in"
            return _done(as_json, _info(lib, store.name),
                         f"¶ {args.paragraph + 1} of {args.article_id} {message} {store.name!r}")  # fmt: skip
        except SelectionError as exc:
            warn(str(exc))
            return EXIT_FAILED


def _done(as_json: bool, info: dict[str, object], message: str) -> int:
    if as_json:
        emit_json(info)
    else:
        warn(message)
    return EXIT_OK


def _show(lib: Library, store: SelectionStore, as_json: bool) -> int:
    status = EXIT_OK
    for n, item in enumerate(store.items(), 1):
        article = lib.article(item.article_id)
        present = article is not None and item.paragraph < len(article.paragraphs)
        if not present:
            status = EXIT_FAILED
            warn(f"{item.article_id} ¶ {item.paragraph + 1}: no longer in the library")
        if as_json:
            emit_json({"selection": store.name, "position": n, "article_id": item.article_id,
                       "paragraph": item.paragraph, "note": item.note,
                       "title": article.title if article else None})  # fmt: skip
        else:
            title = clean_line(article.title) if article else "(gone)"
            print(f"{n:>3}. {title}  ¶ {item.paragraph + 1}")
            for line in item.note.splitlines():
                print(f"       note: {clean_line(line)}")
    return status
