"""An entity's profile across the library: its names with counts, the roles the text
states with their sources, its quotations, the entities it appears with most, its
mentions per day over the library's dates, and its articles newest first. Every item
carries the (article, paragraph) it comes from, so a reader can jump there.

Reads only; corrections apply (tui.entities.corrections). Slow on a big library for a
much-mentioned entity (seconds at 10^4 articles): call it off the UI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.entities import corrections
from tui.entities.linking import canonical_variant, key, strip_name
from tui.library import Library

CHUNK = 500


@dataclass(frozen=True)
class Source:
    """Where a profile line comes from: an article's paragraph."""

    article_id: str
    paragraph: int
    title: str
    published: str | None


@dataclass(frozen=True)
class Stated:
    text: str  # a role, or a quotation
    source: Source


@dataclass(frozen=True)
class Companion:
    """An entity appearing in the same articles, with how many."""

    name: str
    type: str
    articles: int
    source: Source  # the first paragraph where both appear


@dataclass(frozen=True)
class ArticleLine:
    source: Source
    outlet: str | None
    mentions: int


@dataclass
class Profile:
    name: str
    type: str
    mentions: int = 0
    aliases: list[tuple[str, int]] = field(default_factory=list)
    roles: list[Stated] = field(default_factory=list)
    quotes: list[Stated] = field(default_factory=list)
    companions: list[Companion] = field(default_factory=list)
    first_day: str | None = None  # the library's date span
    last_day: str | None = None
    per_day: list[int] = field(default_factory=list)
    articles: list[ArticleLine] = field(default_factory=list)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _group(name: str) -> str:
    return key(canonical_variant(name) or name)


def build(
    lib: Library, name: str, type_: str, stored: Iterable[str], companions: int = 10
) -> Profile:
    """The profile of the entity shown as `name`, stored under the names `stored`
    (the sidebar's members of it: library-wide, every article)."""
    db = lib
    rules = corrections.load(lib)
    members = set(stored) | {name}
    look = set(members)
    if rules:
        for n in list(members):
            look |= rules.sources(n)

    def ours(canonical: str, t: str, surface: str | None, article: str) -> str | None:
        if not rules:
            return canonical if canonical in members else None
        r = rules.resolve(canonical, t, surface, article)
        return r.name if r is not None and r.name in members else None

    out = Profile(name, type_)
    # mentions: counts by surface, by article and by paragraph
    aliases: dict[str, int] = {}
    per_article: dict[str, int] = {}
    first_para: dict[str, int] = {}
    paragraphs: set[tuple[str, int]] = set()
    for chunk in _chunks(sorted(look)):
        marks = ",".join("?" * len(chunk))
        for aid, para, canonical, t, text in db.execute(
            "SELECT article_id, paragraph, canonical, type, text FROM mentions "
            f"WHERE canonical IN ({marks}) ORDER BY article_id, paragraph, start",
            chunk,
        ):
            if ours(canonical, t, text, aid) is None:
                continue
            surface = strip_name(text) or text
            aliases[surface] = aliases.get(surface, 0) + 1
            per_article[aid] = per_article.get(aid, 0) + 1
            first_para.setdefault(aid, int(para))
            paragraphs.add((aid, int(para)))
    out.mentions = sum(per_article.values())
    out.aliases = sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))
    meta = _articles(lib, sorted(per_article))
    out.articles = sorted(
        (
            ArticleLine(Source(aid, first_para[aid], *meta[aid][:2]), meta[aid][2], n)
            for aid, n in per_article.items()
            if aid in meta
        ),
        key=lambda a: (a.source.published is None, a.source.published or "", a.source.title),
    )
    out.articles.sort(key=lambda a: a.source.published or "", reverse=True)
    # roles, with the paragraph that states them
    roles: dict[str, Stated] = {}
    for chunk in _chunks(sorted(look)):
        marks = ",".join("?" * len(chunk))
        for aid, canonical, t, role in db.execute(
            "SELECT article_id, canonical, type, role FROM entities "
            f"WHERE canonical IN ({marks}) AND role IS NOT NULL AND role != ''",
            chunk,
        ):
            if aid not in meta or ours(canonical, t, canonical, aid) is None:
                continue
            if role in roles:
                continue
            para = _paragraph_with(lib, aid, role, first_para.get(aid, 0))
            roles[role] = Stated(role, Source(aid, para, *meta[aid][:2]))
    out.roles = sorted(roles.values(), key=lambda s: s.source.published or "", reverse=True)
    # quotations by it
    for chunk in _chunks(sorted(look)):
        marks = ",".join("?" * len(chunk))
        for aid, para, speaker, text in db.execute(
            f"SELECT article_id, paragraph, speaker, text FROM quotes WHERE speaker IN ({marks}) "
            "ORDER BY article_id, rowid",
            chunk,
        ):
            if aid not in meta:
                meta.update(_articles(lib, [aid]))
            if aid in meta and ours(speaker, "", speaker, aid) is not None:
                out.quotes.append(Stated(text, Source(aid, int(para), *meta[aid][:2])))
    out.quotes.sort(key=lambda s: (s.source.published or "", s.source.article_id), reverse=True)
    out.companions = _companions(lib, rules, members, paragraphs, meta, companions)
    out.first_day, out.last_day, out.per_day = _per_day(lib, meta, per_article)
    return out


def _articles(lib: Library, ids: list[str]) -> dict[str, tuple[str, str | None, str | None]]:
    """(title, published, outlet) by article id."""
    found: dict[str, tuple[str, str | None, str | None]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for aid, title, published, outlet in lib.execute(
            f"SELECT id, title, published, outlet FROM articles WHERE id IN ({marks})", chunk
        ):
            found[aid] = (title, published, outlet)
    return found


def _paragraph_with(lib: Library, article_id: str, text: str, fallback: int) -> int:
    """The first paragraph of an article holding `text` (a stated role)."""
    row = lib.execute(
        "SELECT idx FROM passages WHERE article_id = ? AND instr(text, ?) > 0 ORDER BY idx LIMIT 1",
        (article_id, text),
    ).fetchone()
    return int(row[0]) if row else fallback


def _companions(
    lib: Library,
    rules: corrections.Rules,
    members: set[str],
    paragraphs: set[tuple[str, int]],
    meta: dict[str, tuple[str, str | None, str | None]],
    limit: int,
) -> list[Companion]:
    """The entities mentioned in the most of the same articles."""
    ids = sorted({aid for aid, _ in paragraphs})
    names: dict[str, dict[str, int]] = {}  # group -> name -> mentions
    types: dict[str, dict[str, int]] = {}
    shared: dict[str, set[str]] = {}
    where: dict[str, tuple[str, int]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for aid, para, canonical, t, text in lib.execute(
            "SELECT article_id, paragraph, canonical, type, text FROM mentions "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, paragraph, start",
            chunk,
        ):
            name, kind = canonical, t
            if rules:
                r = rules.resolve(canonical, t, text, aid)
                if r is None:
                    continue
                name, kind = r.name, r.type
            if name in members:
                continue
            g = _group(name)
            own = names.setdefault(g, {})
            own[name] = own.get(name, 0) + 1
            kinds = types.setdefault(g, {})
            kinds[kind] = kinds.get(kind, 0) + 1
            shared.setdefault(g, set()).add(aid)
            here = (aid, int(para))
            if g not in where or (here in paragraphs and where[g] not in paragraphs):
                where[g] = here
    ranked = sorted(shared, key=lambda g: (-len(shared[g]), -sum(names[g].values()), g))
    out = []
    for g in ranked[:limit]:
        aid, para = where[g]
        title, published, _ = meta.get(aid, ("", None, None))
        out.append(
            Companion(
                max(names[g], key=names[g].__getitem__),
                max(types[g], key=types[g].__getitem__),
                len(shared[g]),
                Source(aid, para, title, published),
            )
        )
    return out


def _per_day(
    lib: Library, meta: dict[str, tuple[str, str | None, str | None]], per_article: dict[str, int]
) -> tuple[str | None, str | None, list[int]]:
    """Mentions per day from the library's first dated article to its last."""
    first, last = lib.execute(
        "SELECT MIN(published), MAX(published) FROM articles WHERE published IS NOT NULL"
    ).fetchone()
    try:
        start = dt.date.fromisoformat(str(first)[:10])
        end = dt.date.fromisoformat(str(last)[:10])
    except ValueError:
        return None, None, []
    days = [0] * ((end - start).days + 1)
    for aid, n in per_article.items():
        published = meta.get(aid, ("", None, None))[1]
        if not published:
            continue
        try:
            day = (dt.date.fromisoformat(published[:10]) - start).days
        except ValueError:
            continue
        if 0 <= day < len(days):
            days[day] += n
    return start.isoformat(), end.isoformat(), days
