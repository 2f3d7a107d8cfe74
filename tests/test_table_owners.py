"""Each component owns its tables (tui.library.OWNERS): only the owner's SQL names them.

The SQL in string literals is read (upper-case FROM/JOIN/INTO/UPDATE/TABLE, so prose is
not), and every table named outside its owner is a failure, except the crossings listed
in CROSSING with who moves them behind the owner's functions; the list only shrinks."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from tui.library import OWNERS

TUI = Path(__file__).resolve().parent.parent / "tui"
_NAMED = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE(?: OR \w+)?|TABLE)\s+(\w+)")

# (module, table): SQL that still reads or writes another component's table
CROSSING = {
    # search (#16) moves these behind the library's and the entities store's functions
    ("tui.search.store", "articles"),
    ("tui.search.store", "passages"),
    ("tui.search.store", "mentions"),
    # feeds (#13): the subscription store holds articles through file_articles and moves
    # the user's marks (selections, positions) when an entry's article is replaced
    ("tui.feeds.store", "articles"),
    ("tui.feeds.store", "file_articles"),
    ("tui.feeds.store", "files"),
    ("tui.feeds.store", "selection_items"),
    ("tui.feeds.store", "positions"),
    ("tui.feeds.update", "articles"),
    ("tui.app.feeds", "articles"),
    ("tui.app.feeds", "article_state"),
    ("tui.commands.feeds", "articles"),
    ("tui.commands.feeds", "file_articles"),
    ("tui.pipeline", "removed_articles"),
    # storage (#16): the reader's entity look-ups stay SQL here while importing
    # tui.entities costs the first frame; the profile reads articles and passages
    ("tui.reading", "articles"),
    ("tui.reading", "file_articles"),
    ("tui.reading", "entities"),
    ("tui.reading", "mentions"),
    ("tui.reading", "passages"),
    ("tui.entities.profile", "articles"),
    ("tui.entities.profile", "passages"),
    ("tui.entities.store", "articles"),
}


def _owner(table: str) -> str | None:
    return next((m for m, tables in OWNERS.items() if table in tables), None)


def _named_tables(path: Path) -> set[str]:
    tables: set[str] = set()
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for tok in tokens:
        if tok.type == tokenize.STRING:
            tables.update(_NAMED.findall(tok.string))
    return tables


def _module(path: Path) -> str:
    parts = path.relative_to(TUI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _owns(module: str, owner: str) -> bool:
    # a component may be a package: tui.entities owns what tui.entities.store declares
    package = owner.rsplit(".", 1)[0] if owner.count(".") > 1 else owner
    return module == owner or module.startswith(package + ".")


def test_every_table_has_one_owner() -> None:
    seen: dict[str, str] = {}
    for module, tables in OWNERS.items():
        for table in tables:
            assert table not in seen, f"{table}: owned by {seen[table]} and {module}"
            seen[table] = module


def test_only_the_owner_names_its_tables() -> None:
    found: set[tuple[str, str]] = set()
    for path in sorted(TUI.rglob("*.py")):
        module = _module(path)
        for table in _named_tables(path):
            owner = _owner(table)
            if owner is None or _owns(module, owner) or module == "tui.library":
                continue  # tui.library holds the migrations of every table
            found.add((module, table))
    assert found - CROSSING == set(), "tables used outside their owner (call its functions)"
    assert CROSSING - found == set(), "crossings gone: take them off CROSSING"


def test_every_table_in_the_schema_has_an_owner(tmp_path: Path) -> None:
    from tui.library import Library

    with Library.open(tmp_path) as lib:
        tables = {
            r[0]
            for r in lib.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    assert {t for t in tables if _owner(t) is None} == set()
