"""`brief entities merge|split|rename|retype|reject|undo|rules ...`: the user's entity
corrections, kept in the library (tui.entities.corrections)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, emit_json, warn
from tui.text import plural

if TYPE_CHECKING:
    from tui.library import Library
    from tui.model import Entity

WORDS = ("merge", "split", "rename", "retype", "reject", "undo", "rules")

USAGE = """corrections (each also takes --library DIR, and --article ID for one article only):
  brief entities merge NAME NAME... [--into NAME]   one entity under one name
  brief entities split NAME                        an entity's names apart again
                                                   (or one name out of the entity it is in)
  brief entities rename NAME NEW
  brief entities retype NAME PERSON|ORG|PLACE
  brief entities reject NAME                       not an entity: never shown again
  brief entities undo                              the latest correction undone
  brief entities rules list [--json] | export [FILE] | import FILE"""


def _usage(message: str) -> int:
    warn(message)
    sys.stderr.write(USAGE + "\n")
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """Dispatch on the first word of `brief entities WORD ...`."""
    from tui.entities import corrections as c
    from tui.library import Library
    from tui.paths import library_dir

    word, rest = args.paths[0], list(args.paths[1:])
    folder = library_dir(getattr(args, "library", None))
    article = getattr(args, "article", None)
    try:
        if word == "rules":
            return _rules(args, rest, folder)
        if word == "undo":
            if rest:
                return _usage("undo takes no names")
            with Library.open(folder) as lib:
                done = c.undo(lib)
            if done is None:
                warn("no correction to undo")
                return EXIT_FAILED
            print(f"undone: {done.describe()}")
            return EXIT_OK
        if word == "merge":
            if len(rest) < 1 or (len(rest) < 2 and not args.into):
                return _usage("merge takes two or more names (or one and --into NAME)")
            names = rest
            into = args.into or None
            with Library.open(folder) as lib:
                rule = c.make_rule("merge", names, into, None, article)
                type_ = c.merge_type(_shown(lib, rule.names, article), rule.value or rule.names[0])
                rule = c.make_rule("merge", rule.names, rule.value, type_, article)
                rule = c.add(lib, rule)
        else:
            expected = {"split": 1, "reject": 1, "rename": 2, "retype": 2}[word]
            if len(rest) != expected:
                shape = {"split": "NAME", "reject": "NAME", "rename": "NAME NEW",
                         "retype": "NAME PERSON|ORG|PLACE"}[word]  # fmt: skip
                return _usage(f"{word} takes {shape}")
            value = rest[1] if expected == 2 else None
            rule = c.make_rule(word, rest[:1], value, None, article)
            with Library.open(folder) as lib:
                known = _shown(lib, rule.names, article)
                rule = c.add(lib, rule)
            if not known:
                warn(
                    f'no entity named "{rule.names[0]}" now; the rule is kept for articles to come'
                )
    except c.CorrectionError as exc:
        warn(str(exc))
        return EXIT_USAGE
    print(f"{rule.describe()} (brief entities undo to undo)")
    return EXIT_OK


def _shown(lib: Library, names: tuple[str, ...], article: str | None) -> list[Entity]:
    """The entities now shown under these names (library-wide, or in the article)."""
    from tui.entities.linking import key
    from tui.entities.store import library_entities
    from tui.reading import article_entities

    wanted = {key(n) for n in names}
    found = article_entities(lib, article) if article else library_entities(lib)
    return [e for e in found if key(e.canonical) in wanted or wanted & {key(a) for a in e.aliases}]


def _rules(args: argparse.Namespace, rest: list[str], folder: Path) -> int:
    from tui.entities import corrections as c
    from tui.library import Library

    if not rest or rest[0] not in ("list", "export", "import"):
        return _usage("rules takes list, export [FILE] or import FILE")
    what, more = rest[0], rest[1:]
    if what == "list":
        if more:
            return _usage("rules list takes no more words")
        with Library.open(folder) as lib:
            rules = c.stored_rules(lib)
        for n, rule in enumerate(rules, 1):
            if args.json:
                emit_json({"n": n, **rule.to_dict(), "created": rule.created})
            else:
                print(f"{n:>4}  {rule.describe()}")
        if not rules and not args.json:
            print("no corrections yet")
        return EXIT_OK
    if what == "export":
        if len(more) > 1:
            return _usage("rules export takes at most one FILE")
        with Library.open(folder) as lib:
            text = c.export_yaml(c.stored_rules(lib))
        if not more or more[0] == "-":
            sys.stdout.write(text)
            return EXIT_OK
        return _write_rules(more[0], text)
    if len(more) != 1:
        return _usage("rules import takes one FILE")
    path = more[0]
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read(c.MAX_RULES_FILE + 1)
            text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        warn(f"{path}: cannot read the rules file ({reason})")
        return EXIT_FAILED
    try:
        rules = c.parse_yaml(text, path)
    except c.CorrectionError as exc:
        warn(str(exc))
        return EXIT_FAILED
    with Library.open(folder) as lib:
        added = c.import_rules(lib, rules)
    print(f"{path}: {plural(added, 'rule')} added, {len(rules) - added} already there")
    return EXIT_OK


def _write_rules(path: str, text: str) -> int:
    """Write a rules file atomically; never over a file that is not one."""
    import tempfile

    if os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as fh:
                old = fh.read(4096)
        except (OSError, UnicodeDecodeError):
            old = ""
        if "brief_entity_rules:" not in old:
            warn(f"{path}: exists and is not a rules file; not overwritten")
            return EXIT_FAILED
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rules-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        warn(f"{path}: cannot write the rules file ({exc.strerror or exc})")
        return EXIT_FAILED
    print(f"{path}: {plural(text.count('- action:'), 'rule')} written")
    return EXIT_OK
