"""Mentions in a text: the tagger's spans, corrected by rules that generalise to
modern news (gazetteer places, acronyms stated in parentheses, common words
that only look like names at the start of a sentence)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.entities import gazetteer
from tui.entities.tagger import Span, default

TYPE_NAMES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}


@dataclass(frozen=True)
class Found:
    """A name found in a text: offsets, surface text and type (PERSON/ORG/PLACE/MISC)."""

    start: int
    end: int
    text: str
    type: str


_PAREN_ACRONYM = re.compile(r"\s?\(([A-Z][A-Za-z&.\-]{1,9})\)")
_MULTI_PLACE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(p) for p in sorted(gazetteer.MULTIWORD_PLACES, key=len, reverse=True))
    + r")\b"
)


def acronym_of(acr: str, name: str, type_: str) -> bool:
    """Whether `acr`, written in parentheses after `name`, is that name's acronym."""
    if type_ not in ("ORG", "MISC") or len(name.split()) < 2:
        return False
    if sum(c.isupper() for c in acr) < 2 or gazetteer.is_place(acr.replace(".", "")):
        return False
    return acr[0].upper() == name.lstrip("'\"“")[:1].upper()


def find(text: str) -> list[Found]:
    """Names in `text` with their types, in order; MISC names included."""
    spans = default().tag(text)
    found = [Found(s.start, s.end, text[s.start : s.end], TYPE_NAMES[s.type]) for s in spans]
    found = _acronyms_in_parentheses(text, found)
    found = _multiword_places(text, found)
    found = [f for f in found if _plausible(text, f)]
    return found


def _overlaps(found: list[Found], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in found)


def _acronyms_in_parentheses(text: str, found: list[Found]) -> list[Found]:
    """`Long Name (LN)`: the acronym gets the long name's type."""
    by_end = {f.end: f for f in found}
    out = list(found)
    changed = False
    for m in _PAREN_ACRONYM.finditer(text):
        long = by_end.get(m.start())
        if long is None:
            continue
        s, e = m.start(1), m.end(1)
        acr = text[s:e]
        if not acronym_of(acr, long.text, long.type):
            continue
        out = [f for f in out if not (f.start < e and s < f.end)]
        out.append(Found(s, e, acr, long.type))
        changed = True
    if changed:
        out.sort(key=lambda f: f.start)
    return out


def _multiword_places(text: str, found: list[Found]) -> list[Found]:
    """Known multi-word places (New Zealand, Solomon Islands) the tagger missed or cut."""
    out = list(found)
    changed = False
    for m in _MULTI_PLACE.finditer(text):
        s, e = m.start(), m.end()
        inside = [f for f in out if f.start < e and s < f.end]
        if any(f.start < s or f.end > e or f.type == "ORG" for f in inside):
            continue  # part of a longer name (New Zealand Foreign Ministry), or a team
        out = [f for f in out if f not in inside]
        out.append(Found(s, e, m.group(), "PLACE"))
        changed = True
    if changed:
        out.sort(key=lambda f: f.start)
    return out


_SENT_START = re.compile(r"(?:^|[.!?]['\"”’)]*\s+|\n|[\"“(]\s*)$")


def _plausible(text: str, f: Found) -> bool:
    """Whether a span can be a name at all (not a lone capitalised common word)."""
    t = f.text
    if not any(c.isalpha() for c in t):
        return False
    return len(t) != 1


__all__ = ["Found", "Span", "find"]
