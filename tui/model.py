"""The project's vocabulary: articles, passages, mentions, entities, selections.

Plain dataclasses with no behaviour beyond what identifies them; every stage
(ingest, entities, search, brief, app) speaks in these types.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.text import fold_spaces

# The entity types, defined once: what each is called alone and in a group.
ENTITY_TYPES = ("PERSON", "ORG", "PLACE")
TYPE_LABELS = {"PERSON": "Person", "ORG": "Organisation", "PLACE": "Place"}
TYPE_GROUPS = {"PERSON": "People", "ORG": "Organisations", "PLACE": "Places"}

# How an entity's other names are stored (the `aliases` column, tui.entities.store): a
# JSON list of strings. In SQL, read it with ALIASES_JSON (json_each over it).
ALIASES_JSON = "CASE WHEN json_valid(e.aliases) THEN e.aliases ELSE '[]' END"


def encode_aliases(aliases: Iterable[str]) -> str:
    import json  # here: start-up decodes no entity

    return json.dumps(sorted(aliases), ensure_ascii=False)


def decode_aliases(raw: str | None) -> set[str]:
    """The stored other names; none for a value that is not a JSON list (never raises)."""
    if not raw:
        return set()
    import json

    try:
        value = json.loads(raw)
    except ValueError:
        return set()
    return {a for a in value if isinstance(a, str) and a} if isinstance(value, list) else set()


def article_id(outlet: str | None, title: str, paragraphs: tuple[str, ...] | list[str]) -> str:
    """A stable id derived from content: the same article from any file gets the same id."""
    parts = (fold_spaces(part).casefold() for part in (outlet or "", title, *paragraphs))
    joined = "".join(part + "\x1f" for part in parts)
    import hashlib  # here: only ids need it, and the reader's start-up does not

    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article, cleaned: title, metadata and paragraphs of plain text."""

    id: str
    title: str
    outlet: str | None
    published: str | None  # ISO date, YYYY-MM-DD
    url: str | None
    source_path: str
    paragraphs: tuple[str, ...]

    @classmethod
    def create(
        cls,
        *,
        title: str,
        paragraphs: list[str] | tuple[str, ...],
        source_path: str,
        outlet: str | None = None,
        published: str | None = None,
        url: str | None = None,
    ) -> Article:
        """Build an article, deriving its id from outlet, title and body."""
        paras = tuple(paragraphs)
        return cls(
            id=article_id(outlet, title, paras),
            title=title,
            outlet=outlet,
            published=published,
            url=url,
            source_path=source_path,
            paragraphs=paras,
        )

    def passages(self) -> list[Passage]:
        """The article's paragraphs as addressable passages."""
        return [Passage(self.id, i, text) for i, text in enumerate(self.paragraphs)]

    def to_json(self) -> dict[str, object]:
        """The shape `brief articles --json` prints (see docs/commands.md)."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "source_path": self.source_path,
            "paragraphs": list(self.paragraphs),
        }


@dataclass(frozen=True)
class Passage:
    """A paragraph of an article; its id is the article id plus its index."""

    article_id: str
    index: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.index}"


@dataclass(frozen=True)
class Mention:
    """A span of text naming an entity; offsets are into the paragraph (or raw document)."""

    start: int
    end: int
    text: str
    type: str  # PERSON | ORG | PLACE (others may be added)
    canonical: str
    paragraph: int | None = None


@dataclass
class Entity:
    """A person, organisation or place with its aliases, role and mention count."""

    canonical: str
    type: str
    aliases: set[str] = field(default_factory=set)
    count: int = 0
    role: str | None = None


@dataclass(frozen=True)
class Quote:
    """Quoted words in a passage and who said them (None: the text does not say).
    `start`/`end` place `text` in its paragraph (-1 when not known)."""

    speaker: str | None
    text: str
    paragraph: int
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Figure:
    """A number with its unit and context, e.g. `2,451 fatalities in 2013`."""

    value: str
    context: str
    paragraph: int


@dataclass
class Analysis:
    """What the entity stage found in one article."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class SelectionItem:
    """A passage the user marked, with an optional note."""

    article_id: str
    paragraph: int
    note: str = ""
