"""What the reader asks of the library, without Textual: reading positions,
entity lists and mentions for the sidebar, entity filters, the page meter,
and opening files (ingesting them) so every article the reader shows is stored."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tui.model import Entity, Mention, decode_aliases

if TYPE_CHECKING:
    from tui.brief.compose import PageBudget
    from tui.entities.corrections import Rules
    from tui.library import Library
    from tui.pipeline import Progress

# Small records are NamedTuples, not dataclasses: this module is imported before the
# reader's first frame, and a dataclass costs about a millisecond to create.


# --- positions ----------------------------------------------------------------------


class Position(NamedTuple):
    """Where the reader was in an article: the current paragraph and the scroll offset."""

    paragraph: int
    scroll: int


def load_position(lib: Library, article_id: str) -> Position | None:
    row = lib.execute(
        "SELECT paragraph, scroll FROM positions WHERE article_id = ?", (article_id,)
    ).fetchone()
    return Position(int(row[0]), int(row[1])) if row else None


def save_position(lib: Library, article_id: str, paragraph: int, scroll: int) -> None:
    lib.execute(
        "INSERT OR REPLACE INTO positions (article_id, paragraph, scroll) VALUES (?, ?, ?)",
        (article_id, max(0, paragraph), max(0, scroll)),
    )


# --- articles -------------------------------------------------------------------------


def newest_article_id(lib: Library, among: Sequence[str] | None = None) -> str | None:
    """The article the reader opens first: the newest (undated last, then by arrival)."""
    order = "ORDER BY published IS NULL, published DESC, seq LIMIT 1"
    if among is not None:
        if not among:
            return None
        marks = ",".join("?" * len(among))
        row = lib.execute(
            f"SELECT id FROM articles WHERE id IN ({marks}) {order}", tuple(among)
        ).fetchone()
    else:  # two indexed look-ups instead of sorting the whole table
        row = (
            lib.execute(
                "SELECT id FROM articles WHERE published = (SELECT MAX(published) FROM articles) "
                "ORDER BY seq LIMIT 1"
            ).fetchone()
            or lib.execute("SELECT id FROM articles ORDER BY seq LIMIT 1").fetchone()
        )
    return str(row[0]) if row else None


def open_paths(
    lib: Library, paths: Sequence[str], progress: Callable[[Progress], None] | None = None
) -> tuple[list[str], list[str]]:
    """Ingest `paths` into the library; returns (their article ids, error lines).

    `progress` gets tui.pipeline.Progress updates as files are read.
    """
    from tui.ingest import expand
    from tui.pipeline import ingest

    report = ingest(lib, list(paths), progress=progress)
    errors = [str(e) for e in report.errors]
    keys = {p for f in expand(paths) for p in (f, os.path.abspath(f))}
    ids: list[str] = []
    if keys:
        marks = ",".join("?" * len(keys))
        rows = lib.execute(
            f"SELECT article_id FROM file_articles WHERE path IN ({marks}) ORDER BY path, ord",
            tuple(keys),
        )
        ids = list(dict.fromkeys(r[0] for r in rows))
    return ids, errors


# --- entities -------------------------------------------------------------------------


def _rules(lib: Library) -> Rules:
    """The user's entity corrections (tui.entities.corrections), read now."""
    from tui.entities import corrections

    return corrections.load(lib)


def article_entities(lib: Library, article_id: str) -> list[Entity]:
    """Entities of one article, most mentioned first within each type, as the user's
    corrections leave them."""
    rules = _rules(lib)
    if rules:
        from tui.entities.store import load

        return load(lib, article_id, rules).entities
    rows = lib.execute(
        "SELECT canonical, type, role, aliases, count FROM entities WHERE article_id = ? "
        "ORDER BY count DESC, canonical",
        (article_id,),
    )
    return [Entity(c, t, decode_aliases(a), int(n), r or None) for c, t, r, a, n in rows]


def library_entities(lib: Library, limit: int = 5000) -> list[tuple[Entity, list[str]]]:
    """The library's most mentioned entities, merged across articles as the brief merges
    them (tui.entities.store: `U.S.`, `US` and `United States` are one), each with the
    names its articles store it under (what `passages_with` looks for)."""
    from tui.entities.store import library_entity_members

    return library_entity_members(lib, limit)


def sidebar_entities(lib: Library, limit: int = 5000) -> list[tuple[Entity, list[str]]]:
    """`library_entities` as the reader's sidebar shows them: a person an article names
    only by a surname is linked to the one person the library names in full with it
    (tui.entities.store.library_entity_members, `lone_surnames`)."""
    from tui.entities.store import library_entity_members

    return library_entity_members(lib, limit, lone_surnames=True)


def article_mentions(lib: Library, article_id: str) -> dict[int, list[Mention]]:
    """Mentions of one article by paragraph, in reading order (named and typed as the
    user's corrections say; rejected ones left out)."""
    rules = _rules(lib)
    out: dict[int, list[Mention]] = {}
    for p, s, e, t, text, c in lib.execute(
        "SELECT paragraph, start, end, type, text, canonical FROM mentions "
        "WHERE article_id = ? ORDER BY paragraph, start",
        (article_id,),
    ):
        if rules:
            r = rules.resolve(c, t, text, article_id)
            if r is None:
                continue
            c, t = r.name, r.type
        out.setdefault(int(p), []).append(Mention(int(s), int(e), text, t, c, int(p)))
    return out


def passages_with(lib: Library, chosen: Sequence[Collection[str]]) -> dict[str, list[int]]:
    """Articles and paragraphs that mention every chosen entity, each given as the
    names it is stored under (one of them is enough for that entity). With
    corrections, a mention counts for the entity the rules make of it."""
    wanted = [set(names) for names in chosen]
    if not wanted or not all(wanted):
        return {}
    rules = _rules(lib)
    stored = set().union(*wanted)
    if rules:
        for name in list(stored):
            stored |= rules.sources(name)
    every = sorted(stored)
    marks = ",".join("?" * len(every))
    found: dict[tuple[str, int], set[str]] = {}
    for aid, p, c, t, text in lib.execute(
        f"SELECT DISTINCT article_id, paragraph, canonical, type, text FROM mentions "
        f"WHERE canonical IN ({marks})",
        tuple(every),
    ):
        if rules:
            r = rules.resolve(c, t, text, aid)
            if r is None:
                continue
            c = r.name
        found.setdefault((aid, int(p)), set()).add(c)
    out: dict[str, list[int]] = {}
    for (aid, p), names in sorted(found.items()):
        if all(names & group for group in wanted):
            out.setdefault(aid, []).append(p)
    return out


# --- the selection, as the reader shows it ------------------------------------------------


class SelectedRow(NamedTuple):
    """A selected passage with what the tray shows of it."""

    article_id: str
    paragraph: int
    note: str
    title: str
    text: str  # empty when the passage is no longer in the library


def selection_rows(lib: Library, name: str) -> list[SelectedRow]:
    """The saved selection `name` in the user's order, with titles and passage text
    (one query, however many passages are selected)."""
    rows = lib.execute(
        "SELECT s.article_id, s.paragraph, s.note, a.title, p.text FROM selection_items s "
        "LEFT JOIN articles a ON a.id = s.article_id "
        "LEFT JOIN passages p ON p.article_id = s.article_id AND p.idx = s.paragraph "
        "WHERE s.selection = ? ORDER BY s.position",
        (name,),
    )
    out = []
    for article_id, paragraph, note, title, text in rows:
        if title is None or text is None:
            title, text = "(no longer in the library)", ""
        out.append(SelectedRow(article_id, paragraph, note, title, text))
    return out


# --- the page budget ---------------------------------------------------------------------


def page_budget() -> PageBudget:
    """The brief's page budget (its one definition, tui.brief.compose.PAGE).

    Imports the brief compiler (~80 ms), so the reader calls it off its first frame."""
    from tui.brief.compose import PAGE

    return PAGE
