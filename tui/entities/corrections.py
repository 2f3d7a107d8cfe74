"""The user's entity corrections: merge, split, rename, retype and reject, each undoable.

Corrections are rules kept in the library's `entity_rules` table (this module owns
its SQL; re-ingest never touches it). Nothing is re-tagged: the rules are applied
when entities are read (`Rules.resolve` for one name, `apply` for one article's
analysis), so they hold for the articles stored now and for every article ingested
later. Rules apply in the order they were made, each to the names as the rules
before it left them: merge A and B into A, rename A to C, then split C gives back
A and B.

A rule names entities by their names as the user sees them; names are compared
as the library merges them (case, dots and hyphens folded; `U.S.` is `United
States`). A rule is library-wide, or for one article (`article`).
"""

from __future__ import annotations

import json
import sqlite3
from bisect import insort
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from tui.entities.linking import VARIANTS, canonical_variant, key, strip_name
from tui.errors import BriefError
from tui.library import Library
from tui.model import ENTITY_TYPES, Analysis, Entity, Mention, Quote
from tui.text import clean_line

ACTIONS = ("merge", "split", "rename", "retype", "reject")
MAX_NAME = 200  # characters in a name a rule may hold
MAX_NAMES = 100  # names one merge may hold
MAX_RULES_FILE = 1_000_000  # bytes of a rules file


class CorrectionError(BriefError):
    """A correction that cannot be made (a bad name, type or rules file)."""


@dataclass(frozen=True)
class Rule:
    """One correction as the user made it."""

    action: str
    names: tuple[str, ...]
    value: str | None = None  # merge: the name kept; rename: the new name; retype: the type
    type: str | None = None  # merge: the merged entity's type
    article: str | None = None  # None: library-wide
    id: int = 0
    created: str = ""

    def describe(self) -> str:
        """One line for people: `merge "A", "B" into "A"`."""
        names = ", ".join(f'"{n}"' for n in self.names)
        where = f" (article {self.article})" if self.article else ""
        if self.action == "merge":
            return f'merge {names} into "{self.value}"{where}'
        if self.action == "rename":
            return f'rename {names} to "{self.value}"{where}'
        if self.action == "retype":
            return f"retype {names} as {self.value}{where}"
        return f"{self.action} {names}{where}"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"action": self.action, "names": list(self.names)}
        if self.value is not None:
            out["value"] = self.value
        if self.type is not None:
            out["type"] = self.type
        if self.article is not None:
            out["article"] = self.article
        return out


class Resolved(NamedTuple):
    """What the rules make of one stored name: its name and type now, whether the user
    set them, and whether it was split off (then it is merged with nothing automatically)."""

    name: str
    type: str
    fixed_name: bool = False
    fixed_type: bool = False
    split: bool = False
    needs_surface: bool = False  # a split applies: resolve each mention's text instead


def clean_name(raw: object, what: str = "name") -> str:
    """A name as a rule may hold it: sanitised, one line; refused when empty or too long."""
    if not isinstance(raw, str):
        raise CorrectionError(f"{what} must be text, not {type(raw).__name__}")
    name = clean_line(raw)
    if not name:
        raise CorrectionError(f"{what} is empty")
    if len(name) > MAX_NAME:
        raise CorrectionError(f"{what} is longer than {MAX_NAME} characters")
    return name


def clean_type(raw: object) -> str:
    if not isinstance(raw, str) or raw.strip().upper() not in ENTITY_TYPES:
        raise CorrectionError(f"type must be one of {', '.join(ENTITY_TYPES)}, not {raw!r}")
    return raw.strip().upper()


def make_rule(
    action: str,
    names: Sequence[object],
    value: object = None,
    type_: object = None,
    article: object = None,
) -> Rule:
    """A checked rule (names sanitised, types known); raises CorrectionError."""
    if action not in ACTIONS:
        raise CorrectionError(f"unknown correction {action!r} (one of {', '.join(ACTIONS)})")
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise CorrectionError("names must be a list of names")
    clean = tuple(dict.fromkeys(clean_name(n) for n in names))
    if not clean:
        raise CorrectionError("a correction needs a name")
    if len(clean) > MAX_NAMES:
        raise CorrectionError(f"a correction holds at most {MAX_NAMES} names")
    if action != "merge" and len(clean) != 1:
        raise CorrectionError(f"{action} takes one name")
    out_value: str | None = None
    out_type: str | None = None
    if action == "merge":
        out_value = clean_name(value, "the merged name") if value is not None else clean[0]
        out_type = clean_type(type_) if type_ is not None else None
    elif action == "rename":
        out_value = clean_name(value, "the new name")
    elif action == "retype":
        out_value = clean_type(value)
    scope = None
    if article is not None:
        scope = clean_name(article, "the article id")
    return Rule(action, clean, out_value, out_type, scope)


# --- storage ---------------------------------------------------------------------------


def stored_rules(lib: Library) -> list[Rule]:
    """Every rule in the order it was made."""
    return _rows(lib)


def _rows(db: Library | sqlite3.Connection) -> list[Rule]:
    rows = db.execute(
        "SELECT id, action, names, value, type, scope_article, created FROM entity_rules "
        "ORDER BY id"
    ).fetchall()
    out = []
    for rid, action, names, value, type_, article, created in rows:
        try:
            parsed = json.loads(names)
        except ValueError:
            continue
        if action in ACTIONS and isinstance(parsed, list):
            out.append(
                Rule(action, tuple(str(n) for n in parsed), value, type_, article, rid, created)
            )
    return out


def add(lib: Library, rule: Rule) -> Rule:
    """Store a rule (its own transaction, or the caller's); returns it with its id."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with lib.transaction():
        cur = lib.execute(
            "INSERT INTO entity_rules (action, names, value, type, scope_article, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                rule.action,
                json.dumps(list(rule.names), ensure_ascii=False),
                rule.value,
                rule.type,
                rule.article,
                now,
            ),
        )
    return Rule(
        rule.action, rule.names, rule.value, rule.type, rule.article, int(cur.lastrowid or 0), now
    )


def undo(lib: Library) -> Rule | None:
    """Remove the latest rule (made by any process); the rule undone, or None."""
    with lib.transaction():
        rules = stored_rules(lib)
        if not rules:
            return None
        last = rules[-1]
        lib.execute("DELETE FROM entity_rules WHERE id = ?", (last.id,))
    return last


def load(lib: Library) -> Rules:
    """The library's rules, ready to apply."""
    return Rules(stored_rules(lib))


def load_from(db: sqlite3.Connection) -> Rules:
    """The rules of the library behind a connection (another thread's, read-only)."""
    return Rules(_rows(db))


# --- applying ----------------------------------------------------------------------------


def _vkey(name: str) -> str:
    return key(canonical_variant(name) or name)


@dataclass
class _Compiled:
    rule: Rule
    plain: frozenset[str]  # the names' keys
    variant: frozenset[str]  # ... with well-known variants (U.S. -> united states)


@dataclass
class Rules:
    """The rules in order, indexed by the names they hold (a name with no rule costs two
    dict look-ups)."""

    rules: list[Rule]
    _compiled: list[_Compiled] = field(init=False)
    _index: dict[str, list[int]] = field(init=False)
    split_keys: frozenset[str] = field(init=False)
    scoped_articles: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self._compiled = []
        self._index = {}
        for i, r in enumerate(self.rules):
            plain = frozenset(key(n) for n in r.names)
            variant = frozenset(_vkey(n) for n in r.names)
            self._compiled.append(_Compiled(r, plain, variant))
            for k in plain | variant:
                self._index.setdefault(k, []).append(i)
        self.split_keys = frozenset(
            k for c in self._compiled if c.rule.action == "split" for k in c.plain
        )
        self.scoped_articles = frozenset(r.article for r in self.rules if r.article)

    def __bool__(self) -> bool:
        return bool(self.rules)

    @property
    def version(self) -> tuple[int, ...]:
        return tuple(r.id for r in self.rules)

    def names_key(self, k: str) -> bool:
        """Whether a rule names the stored name whose key is `k` (or its variant)."""
        if k in self._index:
            return True
        variant = VARIANTS.get(k)
        return variant is not None and key(variant) in self._index

    def touches(self, names: Iterable[str]) -> bool:
        """Whether any rule may apply to one of these names (or their mentions)."""
        return any(key(n) in self._index or _vkey(n) in self._index for n in names)

    def resolve(
        self,
        canonical: str,
        type_: str,
        surface: str | None = None,
        article: str | None = None,
        aliases: Collection[str] = (),
    ) -> Resolved | None:
        """The name and type the rules give a stored (canonical, type), None when rejected.

        `surface` is a mention's own text (a split gives it back its own name);
        without it a split answers `needs_surface`. `article`: rules for that article
        apply too. `aliases`: the stored name's other names, which a split may name."""
        if not self.rules:
            return Resolved(canonical, type_)
        index = self._index
        ck = key(canonical)
        sk = key(strip_name(surface)) if surface else None
        alias_keys: set[str] = set()
        if surface is None and self.split_keys and aliases:
            alias_keys = {key(a) for a in aliases} & self.split_keys
        if ck not in index and (sk is None or sk not in index) and not alias_keys:
            variant = canonical_variant(canonical)
            if variant is None or key(variant) not in index:
                return Resolved(canonical, type_)  # no rule names it: most names
        name, ty = canonical, type_
        fixed_name = fixed_type = split = False
        pos = -1
        while True:
            p1 = key(name)
            candidates: set[int] = set()
            for k in (p1, _vkey(name), ck, sk, *alias_keys):
                if k is not None:
                    found = index.get(k)
                    if found:
                        candidates.update(i for i in found if i > pos)
            hit = None
            for i in sorted(candidates):
                c = self._compiled[i]
                r = c.rule
                if r.article is not None and r.article != article:
                    continue
                whole = p1 in c.plain or (not split and _vkey(name) in c.variant)
                if whole or (
                    r.action == "split"
                    and (
                        ck in c.plain or (sk is not None and sk in c.plain) or alias_keys & c.plain
                    )
                ):
                    hit = i
                    break
            if hit is None:
                break
            pos = hit
            r = self._compiled[hit].rule
            if r.action == "reject":
                return None
            if r.action == "merge":
                name, fixed_name, split = r.value or name, True, False
                if r.type:
                    ty, fixed_type = r.type, True
            elif r.action == "rename":
                name, fixed_name = r.value or name, True
            elif r.action == "retype":
                ty, fixed_type = r.value or ty, True
            elif r.action == "split":
                if surface is None:
                    return Resolved(name, ty, fixed_name, fixed_type, split, needs_surface=True)
                base = canonical if key(name) != ck else (strip_name(surface) or surface)
                name, ty, fixed_name, fixed_type, split = base, type_, True, False, True
        return Resolved(name, ty, fixed_name, fixed_type, split)

    def resolve_name(
        self, canonical: str, type_: str = "", article: str | None = None
    ) -> str | None:
        """A stored name as the rules leave it (a split keeps it); None when rejected."""
        r = self.resolve(canonical, type_, canonical, article)
        return None if r is None else r.name

    def sources(self, name: str) -> set[str]:
        """Names that rules may turn into `name` (what to look for among stored names)."""
        out = {name}
        frontier = {key(name)}
        for c in reversed(self._compiled):
            r = c.rule
            if r.action == "split" or (
                r.action in ("merge", "rename") and r.value and key(r.value) in frontier
            ):
                # a split gives names back out of the entity it split: look there too
                out.update(r.names)
                frontier.update(c.plain)
        return out


def apply(analysis: Analysis, rules: Rules) -> Analysis:
    """One article's analysis as the rules correct it (unchanged when none applies):
    mentions renamed, retyped or dropped, entities rebuilt from them, quote speakers
    renamed (a rejected speaker's quote is left unattributed)."""
    if not rules:
        return analysis
    aid = analysis.article_id
    stored = {e.canonical: e for e in analysis.entities}
    names = set(stored) | {m.canonical for m in analysis.mentions}
    names |= {strip_name(m.text) for m in analysis.mentions}
    names |= {q.speaker for q in analysis.quotes if q.speaker}
    if aid not in rules.scoped_articles and not rules.touches(names):
        return analysis
    mentions: list[Mention] = []
    counts: dict[str, int] = {}
    types: dict[str, dict[str, int]] = {}
    fixed_types: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    roles: dict[str, dict[str, int]] = {}
    for m in analysis.mentions:
        r = rules.resolve(m.canonical, m.type, m.text, aid)
        if r is None:
            continue
        mentions.append(Mention(m.start, m.end, m.text, r.type, r.name, m.paragraph))
        counts[r.name] = counts.get(r.name, 0) + 1
        kinds = types.setdefault(r.name, {})
        kinds[r.type] = kinds.get(r.type, 0) + 1
        if r.fixed_type:
            fixed_types[r.name] = r.type
        surface = strip_name(m.text)
        if surface and surface != r.name:
            aliases.setdefault(r.name, set()).add(surface)
        if m.canonical != r.name and not r.split:
            aliases.setdefault(r.name, set()).add(m.canonical)
        entity = stored.get(m.canonical)
        if entity is not None and entity.role and (key(r.name) == key(m.canonical) or not r.split):
            own = roles.setdefault(r.name, {})
            own[entity.role] = own.get(entity.role, 0) + 1
    for e in analysis.entities:  # entities whose mentions were not stored
        r = rules.resolve(e.canonical, e.type, e.canonical, aid)
        if r is None or r.name in counts:
            continue
        counts[r.name] = e.count
        types[r.name] = {r.type: e.count}
        aliases[r.name] = set(e.aliases) | ({e.canonical} - {r.name})
        if e.role:
            roles[r.name] = {e.role: 1}
    entities = []
    for name, count in counts.items():
        kinds = types[name]
        type_ = fixed_types.get(name) or max(kinds, key=kinds.__getitem__)
        role_counts = roles.get(name)
        role = max(role_counts, key=role_counts.__getitem__) if role_counts else None
        entities.append(Entity(name, type_, aliases.get(name, set()) - {name}, count, role))
    entities.sort(key=lambda e: (-e.count, e.canonical))
    quotes = []
    for q in analysis.quotes:  # a rejected speaker's words are no one's: unattributed
        speaker = rules.resolve_name(q.speaker, "", aid) if q.speaker else None
        quotes.append(Quote(speaker, q.text, q.paragraph, q.start, q.end))
    return Analysis(aid, mentions, entities, quotes, list(analysis.figures))


# --- the sidebar at once: a new rule applied to entities already loaded --------------------


def reflect(
    entities: Sequence[Entity], rule: Rule, members: Mapping[str, Collection[str]]
) -> tuple[list[Entity], dict[str, list[str]]] | None:
    """Library-wide entities (most mentioned first) as a new library-wide rule leaves
    them, without reading the library: only the entities the rule names change, and
    the one it makes goes in at its place in the order. `members`: each entity's
    stored names. Returns the new list and the stored names of the entities the
    rule changed; None when that takes the library (a split, a rule for one article)."""
    if rule.action == "split" or rule.article is not None:
        return None
    wanted = {key(n) for n in rule.names} | {_vkey(n) for n in rule.names}
    if rule.action in ("merge", "rename") and rule.value:
        wanted |= {key(rule.value), _vkey(rule.value)}  # an entity of that name joins
    # a name's key starts with its first letter folded (or a variant's does): most
    # entities are passed over on that alone, without folding their whole name
    firsts = {k[:1] for k in wanted} | {
        v[:1] for v, full in VARIANTS.items() if key(full) in wanted
    }
    hits = [
        i
        for i, e in enumerate(entities)
        if (e.canonical[:1].casefold() in firsts or not e.canonical[:1].isalnum())
        and (key(e.canonical) in wanted or _vkey(e.canonical) in wanted)
    ]
    out = list(entities)
    if not hits:
        return out, {}
    matched = [entities[i] for i in hits]
    for i in reversed(hits):
        del out[i]
    if rule.action == "reject":
        return out, {}
    made = _reflected(matched, rule, members)
    order = lambda e: (-e.count, e.canonical)  # noqa: E731
    names: dict[str, list[str]] = {}
    for entity, stored in made:
        insort(out, entity, key=order)
        names[entity.canonical] = stored
    return out, names


def _reflected(
    matched: list[Entity], rule: Rule, members: Mapping[str, Collection[str]]
) -> list[tuple[Entity, list[str]]]:
    """What a merge, rename or retype makes of the entities it names, with their
    stored names."""

    def stored(e: Entity) -> set[str]:
        return set(members.get(e.canonical, ())) | {e.canonical}

    if rule.action == "retype":
        return [
            (Entity(e.canonical, rule.value or e.type, set(e.aliases), e.count, e.role),
             sorted(stored(e)))
            for e in matched
        ]  # fmt: skip
    into = rule.value or rule.names[0]
    if rule.action == "rename" and len(matched) == 1:
        e = matched[0]
        others = (set(e.aliases) | {e.canonical}) - {into}
        return [(Entity(into, e.type, others, e.count, e.role), sorted(stored(e) | {into}))]
    names: set[str] = {into}
    aliases: set[str] = set()
    kinds: dict[str, int] = {}
    role = None
    for e in matched:
        names |= stored(e)
        aliases.update(e.aliases | {e.canonical})
        kinds[e.type] = kinds.get(e.type, 0) + e.count
        role = role or e.role
    type_ = rule.type or max(kinds, key=kinds.__getitem__)
    total = sum(e.count for e in matched)
    return [(Entity(into, type_, aliases - {into}, total, role), sorted(names))]


def merge_type(entities: Iterable[Entity], into: str) -> str | None:
    """The type a merge gives: the kept name's own, else the most mentioned one's."""
    found = list(entities)
    for e in found:
        if key(e.canonical) == key(into):
            return e.type
    if not found:
        return None
    return max(found, key=lambda e: e.count).type


# --- the rules file ---------------------------------------------------------------------------


def export_yaml(rules: Sequence[Rule]) -> str:
    """The rules as a small YAML file a team can share (`rules import` reads it back)."""
    import yaml

    doc = {"brief_entity_rules": 1, "rules": [r.to_dict() for r in rules]}
    return str(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100))


def parse_yaml(text: str, where: str = "rules file") -> list[Rule]:
    """Rules from a rules file (safe loader only; names sanitised). Refuses, with one
    line naming the file and the reason, anything that is not a rules file."""
    import yaml

    if len(text) > MAX_RULES_FILE:
        raise CorrectionError(f"{where}: larger than {MAX_RULES_FILE:,} bytes")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise CorrectionError(f"{where}: not valid YAML{line} ({problem})") from None
    except RecursionError:
        raise CorrectionError(f"{where}: nested too deeply") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise CorrectionError(f"{where}: not a rules file (no `rules:` list)")
    out = []
    for n, item in enumerate(doc["rules"], 1):
        if not isinstance(item, dict):
            raise CorrectionError(f"{where}: rule {n} is not a mapping")
        unknown = set(item) - {"action", "names", "value", "type", "article"}
        if unknown:
            raise CorrectionError(
                f"{where}: rule {n} has unknown fields {sorted(map(str, unknown))}"
            )
        names = item.get("names")
        if isinstance(names, str):
            names = [names]
        try:
            out.append(
                make_rule(
                    str(item.get("action")),
                    names if isinstance(names, list) else [],
                    item.get("value"),
                    item.get("type"),
                    item.get("article"),
                )
            )
        except CorrectionError as exc:
            raise CorrectionError(f"{where}: rule {n}: {exc}") from None
    return out


def import_rules(lib: Library, rules: Sequence[Rule]) -> int:
    """Add rules after the library's own (one transaction); those already there (the
    same rule, in force) are skipped. Returns how many were added."""
    with lib.transaction():
        have = {r.to_dict().__repr__() for r in stored_rules(lib)}
        added = 0
        for rule in rules:
            if repr(rule.to_dict()) in have:
                continue
            add(lib, rule)
            have.add(repr(rule.to_dict()))
            added += 1
    return added
