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
    stated = stated or {}
    # each distinct name's types with their counts, in order of first mention
    types: dict[str, dict[str, int]] = {}
    first_seen: dict[str, int] = {}
    for i, (n, t) in enumerate(names):
        tc = types.get(n)
        if tc is None:
            types[n] = {t: 1}
            first_seen[n] = i
        else:
            tc[t] = tc.get(t, 0) + 1

    main: dict[str, str] = {n: max(c, key=c.__getitem__) for n, c in types.items()}
    words_of = {n: n.split() for n in types}

    # Longest names first: they are the ones shorter names resolve to.
    order = sorted(types, key=lambda n: (-len(words_of[n]), -len(n), first_seen[n]))
    target: dict[str, str] = {}
    by_key: dict[str, str] = {}
    persons_by_part: dict[str, list[str]] = defaultdict(list)
    by_initials: dict[str, list[str]] = defaultdict(list)
    fulls: dict[tuple[str, str], list[str]] = defaultdict(list)  # by (type, first letter)
    org_heads: dict[str, list[str]] = defaultdict(list)  # `Forum` -> `Pacific Islands Forum`
    for n in order:
        k = key(n)
        t = main[n]
        words = words_of[n]
        nw = len(words)
        dest: str | None = None
        if k in by_key:
            dest = by_key[k]
        elif n in stated and stated[n] in target:
            dest = target[stated[n]]
        elif (v := canonical_variant(n)) is not None:
            dest = target.get(v, v)
        elif is_acronym(n) and by_initials.get(n.replace(".", "")):
            cands = by_initials[n.replace(".", "")]
            if len(set(cands)) == 1:
                dest = cands[0]
        elif nw == 1 and t in ("PERSON", "MISC", "ORG") and persons_by_part.get(k):
            cands = persons_by_part[k]
            if len(set(cands)) == 1:
                dest = cands[0]
            else:  # the nearest full name mentioned before it
                before = [c for c in cands if first_seen.get(c, 10**9) <= first_seen[n]]
                dest = before[-1] if before else cands[0]
        if dest is None and len(n) >= 6:
            fuzz = _fuzz()
            for ft in ("PERSON", "ORG", "PLACE"):
                if ft != t and " " in n:
                    continue  # only single words may change type by spelling
                for f in fulls.get((ft, n[0].lower()), ()):
                    kf = key(f)
                    if kf.startswith(k) or k.startswith(kf):
                        continue  # Pakistan / Pakistani
                    if fuzz.ratio(kf, k) >= 90:
                        dest = target[f]
                        break
                if dest is not None:
                    break
        if dest is None and " " not in n and t in ("ORG", "MISC") and org_heads.get(n):
            cands = org_heads[n]
            if len(set(cands)) == 1:
                dest = cands[0]
        if dest is None and nw > 2 and words[0].lower().rstrip(".") in HONORIFICS:
            # a title in front of a person's name is not part of the name
            rest = words
            while len(rest) > 2 and rest[0].lower().rstrip(".") in HONORIFICS:
                rest = rest[1:]
            stripped = " ".join(rest)
            if stripped != n and key(stripped) in by_key:
                dest = by_key[key(stripped)]
        if dest is None:
            dest = n
            fulls[t, n[0].lower()].append(n)
        target[n] = dest
        by_key.setdefault(k, dest)
        if nw >= 2:
            if t == "PERSON":
                for p in (words[-1], words[0]):
                    if p.lower().rstrip(".") not in HONORIFICS:
                        pk = persons_by_part[key(p)]
                        if dest not in pk:
                            pk.append(dest)
            if t == "ORG":
                head = words[-1]
                if head in ORG_HEADS and dest not in org_heads[head]:
                    org_heads[head].append(dest)
            ini = initials(n)
            if len(ini) >= 2 and dest not in by_initials[ini]:
                by_initials[ini].append(dest)
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
    return target, clusters
