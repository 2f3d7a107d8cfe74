"""Alias linking: which mentions name the same thing, and under what canonical name.

Within an article: acronym and expansion (stated as `Long Name (LN)` or matching
initials), surname or first name and full name, titles dropped (`Mr`,
`Interior Minister`), spelling variants (`U.S.` / `US` / `United States`,
near-identical transliterations via rapidfuzz), possessives. Across the
library only names that are the same after normalisation are merged, so two
people who share a surname in different articles stay apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tui.entities.gazetteer import ORG_HEADS

# Well-known spellings of the same place or body, by normalised key.
VARIANTS: dict[str, str] = {
    "us": "United States",
    "usa": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "great britain": "United Kingdom",
    "ussr": "Soviet Union",
}

HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "minister",
        "chancellor",
        "senator",
        "gen",
        "general",
        "col",
        "colonel",
        "capt",
        "captain",
        "lt",
        "sgt",
        "judge",
        "justice",
        "mayor",
        "governor",
        "gov",
        "sen",
        "rep",
        "ambassador",
        "secretary",
        "analyst",
        "expert",
    ]
)
# Small words inside names ("Bank of England", "Ursula von der Leyen").
NAME_PARTICLES = frozenset(
    [
        "of",
        "for",
        "the",
        "and",
        "on",
        "in",
        "at",
        "to",
        "de",
        "du",
        "des",
        "la",
        "le",
        "da",
        "di",
        "del",
        "van",
        "von",
        "der",
        "al",
        "el",
        "&",
    ]
)
_POSSESSIVE = re.compile(r"(?:['’][sS]?)$")


@lru_cache(maxsize=65536)
def strip_name(text: str) -> str:
    """A mention's name: possessive, surrounding quotes and leading `the` removed."""
    t = " ".join(text.split()).strip("\"'“”‘’ ")
    t = _POSSESSIVE.sub("", t) if len(t) > 3 else t
    if t[:4].lower() == "the " and len(t) > 4:
        t = t[4:]
    return t


_SEPARATORS = re.compile(r"[-\s]+")


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Normalised comparison key: case, dots, hyphens and spaces folded."""
    k = name.casefold().replace(".", "").replace("’", "'")
    k = _SEPARATORS.sub(" ", k).strip()
    return k


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """Upper-case initials of a multi-word name, small words skipped: `PIPS`."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    out = ""
    for w in words:
        if w.lower() in NAME_PARTICLES:
            continue
        if w[:1].isalpha():
            out += w[0].upper()
    return out


@lru_cache(maxsize=65536)
def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and sum(c.isupper() for c in letters) >= 2


@lru_cache(maxsize=65536)
def canonical_variant(name: str) -> str | None:
    """The standard spelling of a well-known variant (`U.S.` → `United States`)."""
    return VARIANTS.get(key(name))


_FUZZ: list[Any] = []  # rapidfuzz.fuzz, imported on first use


def _fuzz() -> Any:
    if not _FUZZ:
        from rapidfuzz import fuzz

        _FUZZ.append(fuzz)
    return _FUZZ[0]


@dataclass(slots=True)
class Cluster:
    """Names linked to one entity within an article."""

    canonical: str
    types: dict[str, int] = field(default_factory=dict)  # mentions by type
    aliases: set[str] = field(default_factory=set)
    count: int = 0

    @property
    def type(self) -> str:
        # the first most common, as most_common(1)
        return max(self.types, key=self.types.__getitem__) if self.types else "ORG"


def link(  # noqa: C901 - too complex; entities (#14) splits it, then removes this
    names: list[tuple[str, str]], stated: dict[str, str] | None = None
) -> tuple[dict[str, str], dict[str, Cluster]]:
    """Link mention names (name, type) in article order.

    `stated` maps acronyms to the expansions the text states (`PIPS` →
    `Pak Institute for Peace Studies`). Returns the canonical name for each
    distinct name, and the clusters by canonical name.
    """
    types, first_seen = _name_types(names)
    linker = _Linker(types, first_seen, stated or {})
    # Longest names first: they are the ones shorter names resolve to.
    for n in sorted(types, key=lambda n: (-len(linker.words_of[n]), -len(n), first_seen[n])):
        linker.place(n)
    return linker.target, _clusters(names, linker.target, linker.main)


def _name_types(
    names: list[tuple[str, str]],
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Each distinct name's types with their counts, and where it is first mentioned."""
    types: dict[str, dict[str, int]] = {}
    first_seen: dict[str, int] = {}
    for i, (n, t) in enumerate(names):
        tc = types.get(n)
        if tc is None:
            types[n] = {t: 1}
            first_seen[n] = i
        else:
            tc[t] = tc.get(t, 0) + 1
    return types, first_seen


class _Linker:
    """The names of one article placed one by one, longest first, each under a
    name placed before it or its own; with the indexes the later ones look in."""

    def __init__(
        self, types: dict[str, dict[str, int]], first_seen: dict[str, int], stated: dict[str, str]
    ) -> None:
        self.first_seen = first_seen
        self.stated = stated
        self.main: dict[str, str] = {n: max(c, key=c.__getitem__) for n, c in types.items()}
        self.words_of = {n: n.split() for n in types}
        self.target: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        self.persons_by_part: dict[str, list[str]] = defaultdict(list)
        self.by_initials: dict[str, list[str]] = defaultdict(list)
        self.fulls: dict[tuple[str, str], list[str]] = defaultdict(list)  # (type, first letter)
        self.org_heads: dict[str, list[str]] = defaultdict(list)  # `Forum` -> `Pacific ... Forum`

    def place(self, n: str) -> None:
        """Link one name and record it for the names after it."""
        k = key(n)
        t = self.main[n]
        dest = self._known(n, k, t)
        if dest is None and len(n) >= 6:
            dest = self._spelling(n, k, t)
        if dest is None and " " not in n and t in ("ORG", "MISC"):
            dest = _only(self.org_heads.get(n))
        if dest is None:
            dest = self._without_title(n)
        if dest is None:
            dest = n
            self.fulls[t, n[0].lower()].append(n)
        self.target[n] = dest
        self.by_key.setdefault(k, dest)
        self._index(n, t, dest)

    def _known(self, n: str, k: str, t: str) -> str | None:
        """The same name, its stated expansion, a well-known variant, the name its
        initials spell, or the full name a lone surname or first name belongs to."""
        if k in self.by_key:
            return self.by_key[k]
        if n in self.stated and self.stated[n] in self.target:
            return self.target[self.stated[n]]
        if (v := canonical_variant(n)) is not None:
            return self.target.get(v, v)
        if is_acronym(n) and self.by_initials.get(n.replace(".", "")):
            return _only(self.by_initials[n.replace(".", "")])
        cands = self.persons_by_part.get(k)
        if len(self.words_of[n]) == 1 and t in ("PERSON", "MISC", "ORG") and cands:
            if len(set(cands)) == 1:
                return cands[0]
            # the nearest full name mentioned before it
            before = [c for c in cands if self.first_seen.get(c, 10**9) <= self.first_seen[n]]
            return before[-1] if before else cands[0]
        return None

    def _spelling(self, n: str, k: str, t: str) -> str | None:
        """A near-identical spelling of a name placed before (transliterations)."""
        fuzz = _fuzz()
        for ft in ("PERSON", "ORG", "PLACE"):
            if ft != t and " " in n:
                continue  # only single words may change type by spelling
            for f in self.fulls.get((ft, n[0].lower()), ()):
                kf = key(f)
                if kf.startswith(k) or k.startswith(kf):
                    continue  # Pakistan / Pakistani
                if fuzz.ratio(kf, k) >= 90:
                    return self.target[f]
        return None

    def _without_title(self, n: str) -> str | None:
        """A person's name with titles in front (`Interior Minister Mohsin Naqvi`)."""
        words = self.words_of[n]
        if len(words) <= 2 or words[0].lower().rstrip(".") not in HONORIFICS:
            return None
        rest = words
        while len(rest) > 2 and rest[0].lower().rstrip(".") in HONORIFICS:
            rest = rest[1:]
        stripped = " ".join(rest)
        if stripped != n and key(stripped) in self.by_key:
            return self.by_key[key(stripped)]
        return None

    def _index(self, n: str, t: str, dest: str) -> None:
        """Record a name of several words by its parts, head word and initials."""
        words = self.words_of[n]
        if len(words) < 2:
            return
        if t == "PERSON":
            for p in (words[-1], words[0]):
                if p.lower().rstrip(".") not in HONORIFICS:
                    pk = self.persons_by_part[key(p)]
                    if dest not in pk:
                        pk.append(dest)
        if t == "ORG":
            head = words[-1]
            if head in ORG_HEADS and dest not in self.org_heads[head]:
                self.org_heads[head].append(dest)
        ini = initials(n)
        if len(ini) >= 2 and dest not in self.by_initials[ini]:
            self.by_initials[ini].append(dest)


def _only(cands: list[str] | None) -> str | None:
    """The one name in `cands` (None when there are none or several)."""
    if cands and len(set(cands)) == 1:
        return cands[0]
    return None


def _clusters(
    names: list[tuple[str, str]], target: dict[str, str], main: dict[str, str]
) -> dict[str, Cluster]:
    """The mentions gathered under their canonical names."""
    clusters: dict[str, Cluster] = {}
    for n, t in names:
        c = target[n]
        cl = clusters.get(c)
        if cl is None:
            cl = clusters[c] = Cluster(c)
        cl.types[t] = cl.types.get(t, 0) + 1
        cl.count += 1
        if n != c:
            cl.aliases.add(n)
    # a cluster's canonical name keeps the type of its fullest name
    for cl in clusters.values():
        full_t = main.get(cl.canonical)
        if full_t and full_t != "MISC" and cl.types.get(full_t, 0) * 2 >= cl.count:
            cl.types[full_t] += cl.count
    return clusters
