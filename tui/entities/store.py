"""Entities in the library: saved at ingest, loaded for the sidebar and the brief.

`save` runs inside the caller's transaction (the ingest pipeline's); the
readers merge per-article entities into library-wide ones: same name after
normalisation, well-known variants (`U.S.` / `United States`), and acronyms an
article states for an organisation. People are merged only on the same full
name, never on a shared surname alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from tui.entities import corrections
from tui.entities.corrections import Resolved
from tui.entities.linking import VARIANTS, is_acronym, key, strip_name
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
        Mention(r[0], r[1], r[2], r[3], r[4], r[5] if r[5] >= 0 else None)
        for r in db.execute(
            "SELECT start, end, text, type, canonical, paragraph FROM mentions "
            "WHERE article_id = ? ORDER BY paragraph, start",
            (article_id,),
        )
    ]
    entities = [
        Entity(r[0], r[1], decode_aliases(r[3]), r[4], r[2])
        for r in db.execute(
            "SELECT canonical, type, role, aliases, count FROM entities WHERE article_id = ? "
            "ORDER BY count DESC, canonical",
            (article_id,),
        )
    ]
    quotes = _quotes(lib, article_id, mentions)
    figures = [
        Figure(r[0], r[1], r[2])
        for r in db.execute(
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
    row = db.execute(
        "SELECT finder FROM quotes_found WHERE article_id = ?", (article_id,)
    ).fetchone()
    if row is not None and row[0] == FINDER_VERSION:
        return [
            Quote(r[0], r[1], r[2], r[3], r[4])
            for r in db.execute(
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


def _group_key(canonical: str, type_: str, k: str | None = None) -> str:
    """The library-wide group of a stored name (`k`: its key, when known)."""
    k = key(canonical) if k is None else k
    variant = VARIANTS.get(k)
    return f"{type_ if type_ == 'PERSON' else '*'}|{key(variant) if variant else k}"


def _split_key(name: str, type_: str) -> str:
    """A split-off name's group: its own spelling only (no variants, no acronyms)."""
    return f"{type_ if type_ == 'PERSON' else '*'}|{key(name)}"


_Row = tuple[str, str, int, "str | None"]  # a stored (canonical, type): mentions, a role


class _Placer:
    """Stored names put into their library-wide groups, one (canonical, type) at a
    time, as the rules resolve it (or as stored, when no rule names it)."""

    def __init__(self, db: Library) -> None:
        self.aliases_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        # acronyms stated for one organisation somewhere: evidence to merge a bare acronym
        self.stated: dict[str, set[str]] = defaultdict(set)
        for canonical, type_, alias in db.execute(
            "SELECT DISTINCT e.canonical, e.type, j.value FROM entities e, "
            f"json_each({ALIASES_JSON}) j"
        ).fetchall():
            self.aliases_of[canonical, type_].add(alias)
            if type_ == "ORG" and is_acronym(alias):
                self.stated[key(alias)].add(_group_key(canonical, type_))
        self.groups: dict[str, _Group] = {}
        self.member_key: dict[str, str] = {}

    def alias_hits(self, keys: Collection[str]) -> set[tuple[str, str]]:
        """Stored (canonical, type) pairs one of whose other names has one of these
        keys (a split rule names it); names are folded only when their first letter
        can match."""
        firsts = {k[:1] for k in keys}
        return {
            pair
            for pair, names in self.aliases_of.items()
            if any(
                (a[:1].casefold() in firsts or not a[:1].isalnum()) and key(a) in keys
                for a in names
            )
        }

    def _key(self, name: str, type_: str, r: Resolved | None, k: str | None) -> str:
        if r is not None and r.split:
            return _split_key(name, type_)
        k = key(name) if k is None else k
        gk = _group_key(name, type_, k)
        if type_ != "PERSON" and is_acronym(name):
            targets = self.stated.get(k, set())
            if len(targets) == 1:
                gk = next(iter(targets))
        return gk

    def place(
        self,
        row: _Row,
        r: Resolved | None,
        k: str | None = None,
        surface: str | None = None,
    ) -> None:
        """Add one stored name (`k`: its key, when no rule renamed it; `surface`: one
        mention's text, for a split)."""
        canonical, type_, count, role = row
        name = canonical
        if r is not None:
            name, type_ = r.name, r.type
            k = None
        gk = self._key(name, type_, r, k)
        g = self.groups.get(gk)
        if g is None:
            g = self.groups[gk] = _Group()
        g.add(name, type_, count, role)
        if surface is None:
            g.aliases.update(self.aliases_of.get((canonical, row[1]), ()))
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


def _groups(lib: Library) -> tuple[dict[str, _Group], dict[str, str]]:
    """Library-wide groups by merge key, and each stored canonical's key, with the
    user's corrections applied (tui.entities.corrections). Only the stored names a
    rule names are resolved; every other one is placed as it is stored."""
    db = lib
    rules = corrections.load(lib)
    scoped = sorted(rules.scoped_articles)
    # articles with rules of their own are read apart, each with its rules
    outside = ""
    if scoped:
        outside = f" WHERE article_id NOT IN ({','.join('?' * len(scoped))})"
    rows: list[_Row] = db.execute(
        f"SELECT canonical, type, SUM(count), MAX(role) FROM entities{outside} "
        "GROUP BY canonical, type",
        scoped,
    ).fetchall()
    placer = _Placer(db)
    if not rules:
        for row in rows:
            placer.place(row, None)
        return placer.groups, placer.member_key
    hits = placer.alias_hits(rules.split_keys) if rules.split_keys else set()
    split: list[tuple[_Row, str | None]] = []  # resolved mention by mention
    for row in rows:
        k = key(row[0])
        if not rules.names_key(k) and (row[0], row[1]) not in hits:
            placer.place(row, None, k)  # no rule names it: most names
            continue
        _resolve_row(placer, rules, hits, row, None, split)
    for scope in scoped:
        for row in db.execute(
            "SELECT canonical, type, count, role FROM entities WHERE article_id = ?", (scope,)
        ).fetchall():
            _resolve_row(placer, rules, hits, row, scope, split)
    for row, aid in split:
        _place_split(db, placer, rules, row, aid, scoped)
    return placer.groups, placer.member_key


def _resolve_row(
    placer: _Placer,
    rules: corrections.Rules,
    hits: set[tuple[str, str]],
    row: _Row,
    scope: str | None,
    split: list[tuple[_Row, str | None]],
) -> None:
    """Place a stored name as the rules resolve it; a split is left for later."""
    canonical, type_ = row[0], row[1]
    named = placer.aliases_of.get((canonical, type_), ()) if (canonical, type_) in hits else ()
    r = rules.resolve(canonical, type_, None, scope, named)
    if r is None:
        return
    if r.needs_surface:
        split.append((row, scope))
        return
    placer.place(row, r)


def _place_split(
    db: Library,
    placer: _Placer,
    rules: corrections.Rules,
    row: _Row,
    aid: str | None,
    scoped: list[str],
) -> None:
    """A stored name a split applies to, placed mention text by mention text."""
    canonical, type_, _, role = row
    where = "canonical = ? AND type = ?"
    params: list[str] = [canonical, type_]
    if aid is not None:
        where += " AND article_id = ?"
        params.append(aid)
    elif scoped:
        where += f" AND article_id NOT IN ({','.join('?' * len(scoped))})"
        params.extend(scoped)
    for text, n in db.execute(
        f"SELECT text, COUNT(*) FROM mentions WHERE {where} GROUP BY text", params
    ).fetchall():
        r = rules.resolve(canonical, type_, text, aid)
        if r is None:
            continue
        own = role if key(r.name) == key(canonical) else None
        placer.place((canonical, type_, int(n), own), r, surface=strip_name(text))


def library_entities(lib: Library) -> list[Entity]:
    """Every entity in the library, merged across articles, most mentioned first."""
    return [entity for entity, _ in library_entity_members(lib)]


def library_entity_members(
    lib: Library, limit: int | None = None, lone_surnames: bool = False
) -> list[tuple[Entity, list[str]]]:
    """`library_entities` (the `limit` most mentioned), each with the names it merges as
    articles store them (the `canonical` of their mentions: `U.S.`, `United States`).

    `lone_surnames`: a person an article names only by a surname (`Noem`) is linked
    to the one person the library names in full with that surname (`Kristi Noem`):
    the reader's sidebar does, so that the person's passages and profile include
    those articles; the stored entities, `brief entities` and the brief keep the
    two apart (a shared surname is no proof)."""
    by_key = _groups(lib)[0]
    if lone_surnames:
        _link_lone_surnames(by_key, corrections.load(lib))
    groups = list(by_key.values())
    if limit is not None and len(groups) > limit:
        # only groups that can make the cut are named (naming is the costly part)
        least = sorted((g.count for g in groups), reverse=True)[limit - 1]
        groups = [g for g in groups if g.count >= least]
    out = [(g.entity(), sorted(g.members)) for g in groups]
    out.sort(key=lambda pair: (-pair[0].count, pair[0].canonical))
    return out if limit is None else out[:limit]


def _link_lone_surnames(groups: dict[str, _Group], rules: corrections.Rules) -> None:
    """Fold each group of a lone surname into the one group of a person named in full
    with it; never when two or more share the surname, when the user named or split
    either of them, or when the lone name is also someone's first name."""
    prefix = "PERSON|"
    lone = [gk for gk, g in groups.items() if gk.startswith(prefix) and " " not in gk]
    if not lone:
        return
    by_surname: dict[str, list[str]] = defaultdict(list)
    first_names: set[str] = set()
    for gk in groups:
        if gk.startswith(prefix) and " " in gk:
            parts = gk[len(prefix) :].split()
            by_surname[parts[-1]].append(gk)
            first_names.add(parts[0])
    split = rules.split_keys
    for gk in lone:
        word = gk[len(prefix) :]
        targets = by_surname.get(word)
        if not targets or len(targets) != 1 or word in first_names:
            continue
        g, into = groups[gk], groups[targets[0]]
        if g.fixed or into.fixed or word in split or targets[0][len(prefix) :] in split:
            continue
        del groups[gk]
        into.aliases.update(g.names, g.aliases)  # the full name stays the canonical
        into.count += g.count
        into.types["PERSON"] = into.types.get("PERSON", 0) + g.count
        into.members.update(g.members)
        for role, n in g.roles.items():
            into.roles[role] = into.roles.get(role, 0) + n


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
    rows = lib.execute(
        f"SELECT DISTINCT e.article_id FROM entities e JOIN articles a ON a.id = e.article_id "
        f"WHERE e.canonical IN ({marks}) ORDER BY a.seq",
        names,
    )
    return [r[0] for r in rows]
