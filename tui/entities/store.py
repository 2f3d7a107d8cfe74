"""Entities in the library: saved at ingest, loaded for the sidebar and the brief.

`save` runs inside the caller's transaction (the ingest pipeline's); the
readers merge per-article entities into library-wide ones: same name after
normalisation, well-known variants (`U.S.` / `United States`), and acronyms an
article states for an organisation. People are merged only on the same full
name, never on a shared surname alone.
"""

from __future__ import annotations

from collections import defaultdict

from tui.entities import corrections
from tui.entities.corrections import Resolved
from tui.entities.linking import canonical_variant, is_acronym, key, strip_name
from tui.entities.quotes import FINDER_VERSION, find_quotes
from tui.library import Library
from tui.model import (
    ALIASES_JSON,
    Analysis,
    Entity,
    Figure,
    Mention,
    Quote,
    decode_aliases,
    encode_aliases,
)


def save(lib: Library, analysis: Analysis) -> None:
    """Store one article's analysis, replacing what was stored for it (no transaction here)."""
    db = lib
    aid = analysis.article_id
    for table in ("mentions", "entities", "quotes", "figures"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
    db.executemany(
        "INSERT INTO mentions (article_id, paragraph, start, end, type, text, canonical) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                aid,
                m.paragraph if m.paragraph is not None else -1,
                m.start,
                m.end,
                m.type,
                m.text,
                m.canonical,
            )
            for m in analysis.mentions
        ],
    )
    db.executemany(
        "INSERT OR REPLACE INTO entities (article_id, canonical, type, role, aliases, count) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                aid,
                e.canonical,
                e.type,
                e.role,
                encode_aliases(e.aliases),
                e.count,
            )
            for e in analysis.entities
        ],
    )
    db.execute("DELETE FROM quotes_found WHERE article_id = ?", (aid,))
    db.executemany(
        "INSERT INTO quotes (article_id, paragraph, start, end, speaker, text) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, q.paragraph, q.start, q.end, q.speaker, q.text) for q in analysis.quotes],
    )
    db.execute("INSERT INTO quotes_found (article_id, finder) VALUES (?, ?)", (aid, FINDER_VERSION))
    db.executemany(
        "INSERT INTO figures (article_id, paragraph, value, context) VALUES (?, ?, ?, ?)",
        [(aid, f.paragraph, f.value, f.context) for f in analysis.figures],
    )


def load(lib: Library, article_id: str, rules: corrections.Rules | None = None) -> Analysis:
    """The stored analysis of one article (empty when it has none), as the user's
    corrections leave it (`rules`, else the library's)."""
    db = lib
    mentions = [
        Mention(
            r["start"], r["end"], r["text"], r["type"], r["canonical"],
            r["paragraph"] if r["paragraph"] >= 0 else None,
        )  # fmt: skip
        for r in db.rows(
            "SELECT start, end, text, type, canonical, paragraph FROM mentions "
            "WHERE article_id = ? ORDER BY paragraph, start",
            (article_id,),
        )
    ]
    entities = [
        Entity(r["canonical"], r["type"], decode_aliases(r["aliases"]), r["count"], r["role"])
        for r in db.rows(
            "SELECT canonical, type, role, aliases, count FROM entities WHERE article_id = ? "
            "ORDER BY count DESC, canonical",
            (article_id,),
        )
    ]
    quotes = _quotes(lib, article_id, mentions)
    figures = [
        Figure(r["value"], r["context"], r["paragraph"])
        for r in db.rows(
            "SELECT value, context, paragraph FROM figures WHERE article_id = ? ORDER BY rowid",
            (article_id,),
        )
    ]
    found = Analysis(article_id, mentions, entities, quotes, figures)
    return corrections.apply(found, rules if rules is not None else corrections.load(lib))


def _quotes(lib: Library, article_id: str, mentions: list[Mention]) -> list[Quote]:
    """The article's stored quotes, or, when an older finder stored them, the ones the
    current finder finds (from the stored mentions): the library and `brief quotes`
    never disagree."""
    db = lib
    row = db.rows("SELECT finder FROM quotes_found WHERE article_id = ?", (article_id,)).fetchone()
    if row is not None and row["finder"] == FINDER_VERSION:
        return [
            Quote(r["speaker"], r["text"], r["paragraph"], r["start"], r["end"])
            for r in db.rows(
                "SELECT speaker, text, paragraph, start, end FROM quotes WHERE article_id = ? "
                "ORDER BY rowid",
                (article_id,),
            )
        ]
    article = lib.article(article_id)
    if article is None:
        return []
    return find_quotes(article.paragraphs, mentions)


class _Group:
    """Stored entities merged library-wide: their names, types and roles by mentions.

    A slotted class with plain dicts (a library holds ~10^5 groups: dataclass and
    Counter construction was most of the time); ties go to the first seen, as
    Counter.most_common(1) and max() both do. Names and types the user's corrections
    set (`fixed`) win over the automatic choice."""

    __slots__ = ("names", "types", "aliases", "count", "roles", "members", "fixed", "fixed_types")

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.types: dict[str, int] = {}
        self.aliases: set[str] = set()
        self.count = 0
        self.roles: dict[str, int] = {}
        self.members: set[str] = set()
        self.fixed: dict[str, int] | None = None
        self.fixed_types: dict[str, int] | None = None

    def entity(self) -> Entity:
        # the fullest name used most: longer names win ties (United States over US)
        names = self.fixed or self.names
        canonical = max(names, key=lambda n: (names[n] > 0, len(n.split()), names[n], len(n)))
        role = max(self.roles, key=self.roles.__getitem__) if self.roles else None
        aliases = (self.aliases | set(self.names)) - {canonical}
        types = self.fixed_types or self.types
        type_ = max(types, key=types.__getitem__)
        return Entity(canonical, type_, aliases, self.count, role)

    def add(self, name: str, type_: str, count: int, role: str | None) -> None:
        self.names[name] = self.names.get(name, 0) + count
        self.types[type_] = self.types.get(type_, 0) + count
        self.count += count
        if role:
            self.roles[role] = self.roles.get(role, 0) + count

    def fix(self, resolved: Resolved, count: int) -> None:
        """Note what a correction set: the name (and type) the user chose."""
        if resolved.fixed_name:
            if self.fixed is None:
                self.fixed = {}
            self.fixed[resolved.name] = self.fixed.get(resolved.name, 0) + count
        if resolved.fixed_type:
            if self.fixed_types is None:
                self.fixed_types = {}
            t = resolved.type
            self.fixed_types[t] = self.fixed_types.get(t, 0) + count


def _group_key(canonical: str, type_: str) -> str:
    variant = canonical_variant(canonical)
    return f"{type_ if type_ == 'PERSON' else '*'}|{key(variant or canonical)}"


def _split_key(name: str, type_: str) -> str:
    """A split-off name's group: its own spelling only (no variants, no acronyms)."""
    return f"{type_ if type_ == 'PERSON' else '*'}|{key(name)}"


def _groups(lib: Library) -> tuple[dict[str, _Group], dict[str, str]]:
    """Library-wide groups by merge key, and each stored canonical's key, with the
    user's corrections applied (tui.entities.corrections)."""
    return _Grouping(lib).run()


class _Grouping:
    """One pass of merging the stored entities into library-wide groups."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.rules = corrections.load(lib)
        self.scoped = sorted(self.rules.scoped_articles)
        self.groups: dict[str, _Group] = {}
        self.member_key: dict[str, str] = {}
        self.aliases_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        # acronyms stated for one organisation somewhere: evidence to merge a bare acronym
        self.stated: dict[str, set[str]] = defaultdict(set)
        for canonical, type_, alias in lib.execute(
            "SELECT DISTINCT e.canonical, e.type, j.value "
            f"FROM entities e, json_each({ALIASES_JSON}) j"
        ).fetchall():
            self.aliases_of[canonical, type_].add(alias)
            if type_ == "ORG" and is_acronym(alias):
                self.stated[key(alias)].add(_group_key(canonical, type_))
        self.hits: set[tuple[str, str]] = set()
        # names a split rule takes apart: resolved mention by mention, after the rest
        self.split: list[tuple[str, str, str | None, str | None]] = []

    def _outside_scoped(self) -> str:
        return f"article_id NOT IN ({','.join('?' * len(self.scoped))})"

    def run(self) -> tuple[dict[str, _Group], dict[str, str]]:
        # articles with rules of their own are read apart, each with its rules
        outside = f" WHERE {self._outside_scoped()}" if self.scoped else ""
        rows = self.lib.execute(
            f"SELECT canonical, type, SUM(count), MAX(role) FROM entities{outside} "
            "GROUP BY canonical, type",
            self.scoped,
        ).fetchall()
        if not self.rules:
            for canonical, type_, count, role in rows:
                self.place(canonical, type_, count, role, None)
            return self.groups, self.member_key
        if self.rules.split_keys:
            self.hits = corrections.split_alias_hits(self.lib, self.rules)
        self._resolve(rows, None)
        for scope in self.scoped:
            self._resolve(
                self.lib.execute(
                    "SELECT canonical, type, count, role FROM entities WHERE article_id = ?",
                    (scope,),
                ).fetchall(),
                scope,
            )
        for canonical, type_, role, aid in self.split:
            self._place_mentions(canonical, type_, role, aid)
        return self.groups, self.member_key

    def _resolve(self, rows: list[tuple[str, str, int, str | None]], scope: str | None) -> None:
        """Place stored entities as the rules (of `scope`, else the library's) make them."""
        for canonical, type_, count, role in rows:
            named = (
                self.aliases_of.get((canonical, type_), ())
                if (canonical, type_) in self.hits
                else ()
            )
            r = self.rules.resolve(canonical, type_, None, scope, named)
            if r is None:
                continue
            if r.needs_surface:
                self.split.append((canonical, type_, role, scope))
                continue
            self.place(canonical, type_, count, role, r)

    def _place_mentions(
        self, canonical: str, type_: str, role: str | None, aid: str | None
    ) -> None:
        """Place a name a split rule takes apart, one surface form of its mentions at a time."""
        where = "canonical = ? AND type = ?"
        params: list[str] = [canonical, type_]
        if aid is not None:
            where += " AND article_id = ?"
            params.append(aid)
        elif self.scoped:
            where += f" AND {self._outside_scoped()}"
            params.extend(self.scoped)
        for text, n in self.lib.execute(
            f"SELECT text, COUNT(*) FROM mentions WHERE {where} GROUP BY text", params
        ).fetchall():
            r = self.rules.resolve(canonical, type_, text, aid)
            if r is None:
                continue
            own = role if key(r.name) == key(canonical) else None
            self.place(canonical, type_, int(n), own, r, strip_name(text))

    def _key_of(self, name: str, type_: str, r: Resolved | None) -> str:
        if r is not None and r.split:
            return _split_key(name, type_)
        gk = _group_key(name, type_)
        if type_ != "PERSON" and is_acronym(name):
            targets = self.stated.get(key(name), set())
            if len(targets) == 1:
                gk = next(iter(targets))
        return gk

    def place(
        self,
        canonical: str,
        type_: str,
        count: int,
        role: str | None,
        r: Resolved | None,
        surface: str | None = None,
    ) -> None:
        """Add a stored name (resolved by `r`) to its group."""
        name = canonical
        if r is not None:
            name, type_ = r.name, r.type
        gk = self._key_of(name, type_, r)
        g = self.groups.get(gk)
        if g is None:
            g = self.groups[gk] = _Group()
        g.add(name, type_, count, role)
        if surface is None:
            g.aliases.update(self.aliases_of.get((canonical, type_), ()))
        elif surface != name:
            g.aliases.add(surface)
        if r is None or not (r.split and r.name != canonical):
            g.members.add(canonical)  # (a split-off name is found through the rules)
        if r is not None:
            g.members.add(name)
            if canonical != name and not r.split:
                g.aliases.add(canonical)
            if r.fixed_name or r.fixed_type:
                g.fix(r, count)
        self.member_key.setdefault(canonical, gk)


def library_entities(lib: Library) -> list[Entity]:
    """Every entity in the library, merged across articles, most mentioned first."""
    return [entity for entity, _ in library_entity_members(lib)]


def library_entity_members(
    lib: Library, limit: int | None = None
) -> list[tuple[Entity, list[str]]]:
    """`library_entities` (the `limit` most mentioned), each with the names it merges as
    articles store them (the `canonical` of their mentions: `U.S.`, `United States`)."""
    groups = list(_groups(lib)[0].values())
    if limit is not None and len(groups) > limit:
        # only groups that can make the cut are named (naming is the costly part)
        least = sorted((g.count for g in groups), reverse=True)[limit - 1]
        groups = [g for g in groups if g.count >= least]
    out = [(g.entity(), sorted(g.members)) for g in groups]
    out.sort(key=lambda pair: (-pair[0].count, pair[0].canonical))
    return out if limit is None else out[:limit]


def articles_mentioning(lib: Library, canonical: str) -> list[str]:
    """Ids of the articles that mention an entity (by its library-wide or per-article name)."""
    groups, member_key = _groups(lib)
    gk = member_key.get(canonical)
    if gk is None:
        for k, g in groups.items():
            if canonical in g.aliases or g.entity().canonical == canonical:
                gk = k
                break
    if gk is None:
        return []
    names = sorted(groups[gk].members)
    marks = ",".join("?" * len(names))
    rows = lib.rows(f"SELECT DISTINCT article_id FROM entities WHERE canonical IN ({marks})", names)
    return lib.in_arrival_order(r["article_id"] for r in rows)
