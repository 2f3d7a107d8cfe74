"""The brief's schema (`schema: 1`), defined once: dataclasses and their plain-data form.

`Brief.to_data()` gives the mapping written as YAML; `Brief.from_data()` checks a
mapping read back (types, required fields, schema version) and rebuilds the brief.
Documented in docs/brief-schema.md. Fields added since the first files of schema 1
(`bluf_status`, `bluf_sentences`, `also_in`, `counts`, `quoted`, `passage`) are
optional: older schema-1 files read with their defaults, and readers of the first
version ignore them (they only ever looked up the keys they knew).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.errors import BriefFileError

SCHEMA_VERSION = 1
BLUF_STATUSES = ("draft", "accepted", "user")


@dataclass(frozen=True)
class Source:
    """Where a point comes from: the article and the paragraph (0-based) in it."""

    article_id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    paragraph: int

    def to_data(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "paragraph": self.paragraph,
        }

    @classmethod
    def from_data(cls, data: object, where: str) -> Source:
        m = _mapping(data, where)
        return cls(
            article_id=_str(m, "article_id", where),
            title=_str(m, "title", where),
            outlet=_opt_str(m, "outlet", where),
            published=_opt_str(m, "published", where),
            url=_opt_str(m, "url", where),
            paragraph=_int(m, "paragraph", where),
        )


def _sources_data(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [s.to_data() for s in sources]


def _sources_from(m: Mapping[str, Any], key: str, where: str) -> tuple[Source, ...]:
    return tuple(
        Source.from_data(x, f"{_at(where, key)}[{i}]") for i, x in enumerate(_list(m, key, where))
    )


@dataclass(frozen=True)
class KeyPoint:
    """A point of the brief: text taken verbatim from the cited paragraph, and a note.

    `also_in` cites the same passage or quotation as other outlets reported it."""

    text: str
    source: Source
    note: str = ""
    also_in: tuple[Source, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        return (self.source, *self.also_in)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.note:
            data["note"] = self.note
        data["source"] = self.source.to_data()
        if self.also_in:
            data["also_in"] = _sources_data(self.also_in)
        return data

    @classmethod
    def from_data(cls, data: object, where: str) -> KeyPoint:
        m = _mapping(data, where)
        return cls(
            text=_str(m, "text", where),
            note=_opt_str(m, "note", where) or "",
            source=Source.from_data(m.get("source"), f"{where}.source"),
            also_in=_sources_from(m, "also_in", where),
        )


@dataclass(frozen=True)
class BlufSentence:
    """One sentence of the bottom line and the passages it is taken from (none for a
    sentence of the user's own that no passage holds)."""

    text: str
    sources: tuple[Source, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "sources": _sources_data(self.sources)}

    @classmethod
    def from_data(cls, data: object, where: str) -> BlufSentence:
        m = _mapping(data, where)
        return cls(text=_str(m, "text", where), sources=_sources_from(m, "sources", where))


@dataclass(frozen=True)
class Actor:
    """A person, organisation or place named in the selected passages."""

    name: str  # the canonical name
    type: str  # PERSON | ORG | PLACE (others may appear)
    mentions: int
    role: str | None = None
    aliases: tuple[str, ...] = ()
    quoted: bool = False  # a speaker of a quotation in the brief

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "type": self.type, "role": self.role}
        data["mentions"] = self.mentions
        data["aliases"] = list(self.aliases)
        data["quoted"] = self.quoted
        return data

    @classmethod
    def from_data(cls, data: object, where: str) -> Actor:
        m = _mapping(data, where)
        aliases = m.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise BriefFileError(f"{where}.aliases: expected a list of strings")
        return cls(
            name=_str(m, "name", where),
            type=_str(m, "type", where),
            mentions=_int(m, "mentions", where),
            role=_opt_str(m, "role", where),
            aliases=tuple(aliases),
            quoted=_bool(m, "quoted", where),
        )


@dataclass(frozen=True)
class QuoteItem:
    """Words quoted in a passage, the speaker the text names (None: it names none),
    and their sources (`also_in`: the same words as other outlets reported them)."""

    speaker: str | None
    text: str
    source: Source
    also_in: tuple[Source, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        return (self.source, *self.also_in)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"speaker": self.speaker, "text": self.text}
        data["source"] = self.source.to_data()
        if self.also_in:
            data["also_in"] = _sources_data(self.also_in)
        return data

    @classmethod
    def from_data(cls, data: object, where: str) -> QuoteItem:
        m = _mapping(data, where)
        return cls(
            speaker=_opt_str(m, "speaker", where),
            text=_str(m, "text", where),
            source=Source.from_data(m.get("source"), f"{where}.source"),
            also_in=_sources_from(m, "also_in", where),
        )


@dataclass(frozen=True)
class FigureItem:
    """A number as written (`about 350`, `€551 million`), what it counts (`former local
    staff`, or None), the sentence that holds it (`context`) and its source."""

    value: str
    context: str
    source: Source
    counts: str | None = None

    @property
    def label(self) -> str:
        """The figure as a reader quotes it: `2,451 fatalities`."""
        return f"{self.value} {self.counts}" if self.counts else self.value

    def to_data(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "counts": self.counts,
            "context": self.context,
            "source": self.source.to_data(),
        }

    @classmethod
    def from_data(cls, data: object, where: str) -> FigureItem:
        m = _mapping(data, where)
        return cls(
            value=_str(m, "value", where),
            counts=_opt_str(m, "counts", where),
            context=_str(m, "context", where),
            source=Source.from_data(m.get("source"), f"{where}.source"),
        )


@dataclass(frozen=True)
class SourceEntry:
    """A cited article, listed once; `n` is the number citations point to ([n])."""

    n: int
    article_id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None

    def to_data(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
        }

    @classmethod
    def from_data(cls, data: object, where: str) -> SourceEntry:
        m = _mapping(data, where)
        return cls(
            n=_int(m, "n", where),
            article_id=_str(m, "article_id", where),
            title=_str(m, "title", where),
            outlet=_opt_str(m, "outlet", where),
            published=_opt_str(m, "published", where),
            url=_opt_str(m, "url", where),
        )


@dataclass(frozen=True)
class Cut:
    """One thing compiling left out or shortened to fit the page, said plainly."""

    action: str  # "shortened" | "dropped" | "merged"
    item: str  # "key_point" | "quote" | "figure" | "actor"
    detail: str
    article_id: str | None = None
    paragraph: int | None = None  # 0-based, as in sources
    passage: str | None = None  # how a person names it: `DW, “Title…” ¶3` (1-based)

    def to_data(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "item": self.item,
            "article_id": self.article_id,
            "paragraph": self.paragraph,
            "passage": self.passage,
            "detail": self.detail,
        }

    @classmethod
    def from_data(cls, data: object, where: str) -> Cut:
        m = _mapping(data, where)
        return cls(
            action=_str(m, "action", where),
            item=_str(m, "item", where),
            detail=_str(m, "detail", where),
            article_id=_opt_str(m, "article_id", where),
            paragraph=_opt_int(m, "paragraph", where),
            passage=_opt_str(m, "passage", where),
        )

    def describe(self) -> str:
        """One line for stderr and the app, naming the passage as a person would."""
        where = ""
        if self.passage:
            where = f" ({self.passage})"
        elif self.article_id is not None:
            where = f" ({self.article_id}"
            where += f" ¶{self.paragraph + 1})" if self.paragraph is not None else ")"
        return f"{self.action} {self.item.replace('_', ' ')}{where}: {self.detail}"


@dataclass(frozen=True)
class Brief:
    """A one-page briefing: the YAML form is the brief; Markdown is a rendering of it."""

    title: str
    created: dt.date
    bluf: str
    key_points: tuple[KeyPoint, ...] = ()
    bluf_status: str = "draft"  # draft (drafted, not yet accepted) | accepted | user
    bluf_sentences: tuple[BlufSentence, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[QuoteItem, ...] = ()
    figures: tuple[FigureItem, ...] = ()
    sources: tuple[SourceEntry, ...] = ()
    cuts: tuple[Cut, ...] = ()
    schema: int = field(default=SCHEMA_VERSION)
    period: str | None = None  # what it covers, e.g. "2025-01-14 to 2025-01-15" (--since)

    def source_number(self, article_id: str) -> int | None:
        """The [n] a citation of `article_id` shows."""
        for s in self.sources:
            if s.article_id == article_id:
                return s.n
        return None

    def to_data(self) -> dict[str, Any]:
        """The brief as plain data (str, int, date, None, lists, dicts), in schema order."""
        period = {"period": self.period} if self.period is not None else {}
        return {
            "schema": self.schema,
            "title": self.title,
            "created": self.created,
            **period,
            "bluf": self.bluf,
            "bluf_status": self.bluf_status,
            "bluf_sentences": [b.to_data() for b in self.bluf_sentences],
            "key_points": [k.to_data() for k in self.key_points],
            "actors": [a.to_data() for a in self.actors],
            "quotes": [q.to_data() for q in self.quotes],
            "figures": [f.to_data() for f in self.figures],
            "sources": [s.to_data() for s in self.sources],
            "cuts": [c.to_data() for c in self.cuts],
        }

    @classmethod
    def from_data(cls, data: object) -> Brief:
        """Check and rebuild a brief from plain data; BriefFileError says what is wrong."""
        m = _mapping(data, "the file")
        version = m.get("schema")
        if version != SCHEMA_VERSION:
            raise BriefFileError(
                f"unsupported brief schema {version!r} (this version reads schema {SCHEMA_VERSION})"
            )
        status = m.get("bluf_status", "draft")
        if status not in BLUF_STATUSES:
            raise BriefFileError(
                f"bluf_status: expected one of {', '.join(BLUF_STATUSES)}, found {status!r}"
            )
        return cls(
            schema=SCHEMA_VERSION,
            title=_str(m, "title", ""),
            created=_date(m.get("created")),
            period=_opt_str(m, "period", ""),
            bluf=_opt_str(m, "bluf", "") or "",
            bluf_status=status,
            bluf_sentences=tuple(
                BlufSentence.from_data(x, f"bluf_sentences[{i}]")
                for i, x in enumerate(_list(m, "bluf_sentences"))
            ),
            key_points=tuple(
                KeyPoint.from_data(x, f"key_points[{i}]")
                for i, x in enumerate(_list(m, "key_points"))
            ),
            actors=tuple(
                Actor.from_data(x, f"actors[{i}]") for i, x in enumerate(_list(m, "actors"))
            ),
            quotes=tuple(
                QuoteItem.from_data(x, f"quotes[{i}]") for i, x in enumerate(_list(m, "quotes"))
            ),
            figures=tuple(
                FigureItem.from_data(x, f"figures[{i}]") for i, x in enumerate(_list(m, "figures"))
            ),
            sources=tuple(
                SourceEntry.from_data(x, f"sources[{i}]") for i, x in enumerate(_list(m, "sources"))
            ),
            cuts=tuple(Cut.from_data(x, f"cuts[{i}]") for i, x in enumerate(_list(m, "cuts"))),
        )


# --- checking plain data ---------------------------------------------------------


def _at(where: str, key: str) -> str:
    """A field's place for messages: `key_points[0].text`, or `title` at the top level."""
    return f"{where}.{key}" if where else key


def _found(value: object) -> str:
    """What a field held instead, for messages: `nothing` for a missing one."""
    return "nothing" if value is None else type(value).__name__


def _mapping(data: object, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise BriefFileError(f"{where}: expected a mapping, found {_found(data)}")
    return data


def _str(m: Mapping[str, Any], key: str, where: str) -> str:
    value = m.get(key)
    if not isinstance(value, str):
        raise BriefFileError(f"{_at(where, key)}: expected text, found {_found(value)}")
    return value


def _opt_str(m: Mapping[str, Any], key: str, where: str) -> str | None:
    value = m.get(key)
    if value is not None and not isinstance(value, str):
        raise BriefFileError(f"{_at(where, key)}: expected text or null, found {_found(value)}")
    return value


def _int(m: Mapping[str, Any], key: str, where: str) -> int:
    value = m.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BriefFileError(f"{_at(where, key)}: expected a whole number")
    return value


def _opt_int(m: Mapping[str, Any], key: str, where: str) -> int | None:
    return None if m.get(key) is None else _int(m, key, where)


def _list(m: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
    value = m.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BriefFileError(f"{_at(where, key)}: expected a list")
    return value


def _bool(m: Mapping[str, Any], key: str, where: str) -> bool:
    value = m.get(key, False)
    if not isinstance(value, bool):
        raise BriefFileError(f"{_at(where, key)}: expected true or false")
    return value


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BriefFileError(f"created: expected a date (YYYY-MM-DD), found {_found(value) if value is None else repr(value)}")
