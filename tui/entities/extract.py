"""Mentions in a text: the tagger's spans, corrected by rules that generalise to
modern news (gazetteer places, acronyms stated in parentheses, common words
that only look like names at the start of a sentence)."""

from __future__ import annotations

import re
from typing import NamedTuple

from tui.entities import gazetteer, repair
from tui.entities.linking import NAME_PARTICLES
from tui.entities.tagger import Span, default

TYPE_NAMES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}


class Found(NamedTuple):
    """A name found in a text: offsets, surface text and type (PERSON/ORG/PLACE/MISC)."""

    start: int
    end: int
    text: str
    type: str


_ACRONYM_PAREN = re.compile(r"\(([A-Z][A-Za-z.&-]{1,9})\)")


def _alternation(names: list[str], not_after: str) -> str:
    """`(?:name|name…)` in the given order, grouped by first character so that a
    scan jumps from one possible first character to the next; each name must not
    follow a character matching `not_after`."""
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(n[0], []).append(re.escape(n[1:]))
    return (
        "(?:"
        + "|".join(
            f"{re.escape(c)}(?<!{not_after}.)(?:{'|'.join(rests)})" for c, rests in groups.items()
        )
        + ")"
    )


_MULTI_PLACE = re.compile(
    _alternation(sorted(gazetteer.MULTIWORD_PLACES, key=len, reverse=True), r"\w") + r"\b"
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
    found = repair.trim_openers(text, found)
    found = repair.captions(text, found)
    found = repair.split_headline_verbs(text, found)
    found = repair.split_known_pairs(text, found)
    found = repair.split_titles(text, found)
    found = repair.join_particles(text, found)
    found = _extend_hyphen_led(text, found)
    found = _acronyms_in_parentheses(text, found)
    found = _expand_acronyms(text, found)
    found = repair.acronym_names(text, found)
    found = _known_orgs(text, found)
    found = repair.companies(text, found)
    found = repair.corporate_suffixes(text, found)
    found = repair.leaders(text, found)
    found = _multiword_places(text, found)
    found = [_org_head(f) for f in found]
    found = repair.context_cues(text, found)
    found = repair.events(found)
    found = _harmonise_lone_words(found)
    found = repair.one_sense(found)
    found = [f for f in found if _plausible(text, f)]
    return found


def _acronyms_in_parentheses(text: str, found: list[Found]) -> list[Found]:
    """`Long Name (LN)`: the acronym gets the long name's type."""
    by_end = {f.end: f for f in found}
    out = list(found)
    changed = False
    for m in _ACRONYM_PAREN.finditer(text):
        at = m.start()  # the name ends before the parenthesis and one optional space
        long = by_end.get(at - 1 if at and text[at - 1].isspace() else at)
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
        if any(f.start < s or f.end > e for f in inside):
            continue  # part of a longer name (New Zealand Foreign Ministry)
        if m.group() in gazetteer.MULTIWORD_CITIES and any(f.type == "ORG" for f in inside):
            continue  # a team named after its city (New York beat Boston)
        out = [f for f in out if not (f.start < e and s < f.end)]
        out.append(Found(s, e, m.group(), "PLACE"))
        changed = True
    if changed:
        out.sort(key=lambda f: f.start)
    return out


_HYPHEN_LED = re.compile(
    r" ([A-Z][\w’']+)-(?:led|based|backed|linked|affiliated|run|owned|allied|aligned|born)\b"
)


def _extend_hyphen_led(text: str, found: list[Found]) -> list[Found]:
    """`Hafiz Gul Bahadur-led group`: the name runs on into the hyphenated word."""
    out: list[Found] = []
    skip_until = -1
    for f in found:
        if f.start < skip_until:
            continue
        if f.type in ("PERSON", "ORG"):
            m = _HYPHEN_LED.match(text, f.end)
            if m:
                e = m.end(1)
                out.append(Found(f.start, e, text[f.start : e], f.type))
                skip_until = m.end()
                continue
        out.append(f)
    return out


_NAME_WORD = re.compile(r"[\w’'-]+")


def _initials_start(text: str, end: int, acr: str) -> int | None:
    """Where the words before `end` whose initials spell `acr` begin: a walk back
    over capitalised words and small connectors, within 160 characters. The walk
    is first tried on a shorter stretch and only widened when it reaches the
    stretch's first word (which the cut may have truncated)."""
    far = max(0, end - 160)
    for width in (48, 160):
        offset = max(far, end - width)
        left = text[offset:end]
        words = list(_NAME_WORD.finditer(left))
        letters = ""
        next_start = len(left.rstrip())
        for idx in range(len(words) - 1, -1, -1):
            if idx == 0 and offset > far:
                break  # the first word may be cut: walk the wider stretch
            w = words[idx]
            tok = w.group()
            if left[w.end() : next_start].strip():
                return None  # punctuation between words ends the name
            next_start = w.start()
            if tok.lower() in NAME_PARTICLES:
                continue
            if tok[:1].islower():
                return None
            parts = [p for p in tok.split("-") if p[:1].isupper()]
            letters = "".join(p[0] for p in parts) + letters
            if letters == acr:
                return w.start() + offset
            if len(letters) >= len(acr) or not acr.endswith(letters):
                return None
        else:
            if offset == far:
                return None
    return None


def _expand_acronyms(text: str, found: list[Found]) -> list[Found]:
    """`Belt and Road Initiative (BRI)`: the words before the parenthesis whose
    initials spell the acronym form one name, whatever the tagger cut."""
    changed = False
    out = list(found)
    for m in _ACRONYM_PAREN.finditer(text):
        acr = m.group(1).replace(".", "")
        if not acr.isupper() or len(acr) < 2:
            continue
        start_at = _initials_start(text, m.start(), acr)
        if start_at is None:
            continue
        end_at = m.start()
        while end_at > start_at and text[end_at - 1].isspace():
            end_at -= 1
        if " " not in text[start_at:end_at]:
            continue
        inside = [f for f in out if f.start < end_at and start_at < f.end]
        if any(f.start < start_at or f.end > end_at for f in inside):
            continue
        types = [f.type for f in inside if f.type in ("ORG", "PLACE")]
        t = types[-1] if types else "ORG"
        out = [f for f in out if not (f.start < end_at and start_at < f.end)]
        out.append(Found(start_at, end_at, text[start_at:end_at], t))
        acr_s, acr_e = m.start(1), m.end(1)
        out = [f for f in out if not (f.start < acr_e and acr_s < f.end)]
        out.append(Found(acr_s, acr_e, m.group(1), t))
        changed = True
    if changed:
        out.sort(key=lambda f: f.start)
    return out


_KNOWN_ORG = re.compile(
    _alternation(sorted(gazetteer.ORG_NAMES, key=len, reverse=True), r"[\w-]") + r"(?![\w-])"
)


def _known_orgs(text: str, found: list[Found]) -> list[Found]:
    """Well-known organisations are organisations, unless part of a longer name."""
    out = list(found)
    changed = False
    for m in _KNOWN_ORG.finditer(text):
        s, e = m.start(), m.end()
        inside = [f for f in out if f.start < e and s < f.end]
        if any((f.start < s or f.end > e) and f.type != "MISC" for f in inside):
            continue
        if (
            len(inside) == 1
            and inside[0].start == s
            and inside[0].end == e
            and inside[0].type == "ORG"
        ):
            continue
        out = [f for f in out if not (f.start < e and s < f.end)]
        out.append(Found(s, e, m.group(), "ORG"))
        changed = True
    if changed:
        out.sort(key=lambda f: f.start)
    return out


def _harmonise_lone_words(found: list[Found]) -> list[Found]:
    """A lone word that is the surname of a person named in full in the same text
    is that person (`Lewis` after `C. Lewis`); one that opens an organisation's
    name is that organisation (`Pirelli` beside `Pirelli SpA`), unless it is a
    known place."""
    kinds: dict[str, set[str]] = {}
    for f in found:
        if " " not in f.text:
            continue
        parts = f.text.split()
        if f.type == "PERSON":
            kinds.setdefault(parts[-1], set()).add("PERSON")
        elif f.type == "ORG" and not gazetteer.is_place(parts[0]):
            kinds.setdefault(parts[0], set()).add("ORG")
    if not kinds:
        return found
    out: list[Found] = []
    for f in found:
        if f.type in ("PERSON", "ORG", "PLACE") and " " not in f.text:
            ts = kinds.get(f.text)
            if ts and len(ts) == 1:
                t = next(iter(ts))
                if t != f.type:
                    f = Found(f.start, f.end, f.text, t)
        out.append(f)
    return out


def _org_head(f: Found) -> Found:
    """`Berlin Administrative Court`, `World Bank`, `Ministry of Defence`: a name
    ending in an organisation word, or opening with one before `of` or `for`, is an
    organisation."""
    if f.type not in ("PERSON", "PLACE") or " " not in f.text:
        return f
    words = f.text.split(" ")
    if words[-1] in gazetteer.ORG_HEADS and f.text != "West Bank":
        return Found(f.start, f.end, f.text, "ORG")
    if words[0] in gazetteer.ORG_HEADS and words[1] in ("of", "for") and len(words) > 2:
        return Found(f.start, f.end, f.text, "ORG")  # `Organisation for Security ...`
    return f


# Web-page furniture that looks like a name to a tagger.
FURNITURE = frozenset(
    [
        "Hashtags",
        "Hashtag",
        "Comments",
        "Comment",
        "Related",
        "Articles",
        "Article",
        "Advertisement",
        "Advertising",
        "Share",
        "Subscribe",
        "Newsletter",
        "Cookies",
        "JavaScript",
        "HTML5",
        "Login",
        "Menu",
        "Search",
        "Home",
        "Video",
        "Videos",
        "Photos",
        "Gallery",
        "Podcast",
    ]
)


def _plausible(text: str, f: Found) -> bool:
    """Whether a span can be a name at all (not furniture, not a lone symbol)."""
    t = f.text
    if len(t) == 1 or t in FURNITURE:
        return False
    if not (t[0].isalpha() or any(c.isalpha() for c in t)):
        return False
    return not all(w in FURNITURE for w in t.split())


__all__ = ["Found", "Span", "acronym_of", "find"]
