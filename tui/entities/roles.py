"""Roles stated in the text: titles before a name (`German Interior Minister
Alexander Dobrindt`, `founder and former CEO Jane Doe`), a possessive before it
(`The Greens' Schahina Gambir`: of the Greens), appositives after it (`Safdar Sial, an
expert at the Islamabad-based Pak Institute for Peace Studies`, `Sardar Rahimi,
international relations researcher from …`) and `of the …` after it (`Clara Bünger
of the socialist Left party`). Qualifiers (`former`, `acting`) are kept."""

from __future__ import annotations

import re

from tui.model import Entity, Mention


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


ROLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "ministers",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "sultan",
        "pope",
        "cardinal",
        "bishop",
        "archbishop",
        "imam",
        "ayatollah",
        "general",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "admiral",
        "commander",
        "marshal",
        "senator",
        "governor",
        "mayor",
        "judge",
        "justice",
        "ambassador",
        "secretary",
        "deputy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "chief",
        "analyst",
        "expert",
        "envoy",
        "representative",
        "speaker",
        "leader",
        "commissioner",
        "inspector",
        "officer",
        "superintendent",
        "mullah",
        "maulana",
        "mufti",
        "coach",
        "manager",
        "editor",
        "correspondent",
        "reporter",
        "journalist",
        "professor",
        "researcher",
        "lawmaker",
        "legislator",
        "mp",
        "politician",
        "activist",
        "founder",
        "co-founder",
        "ceo",
        "president-elect",
        "head",
        "executive",
        "economist",
        "lawyer",
        "attorney",
        "official",
        "diplomat",
        "negotiator",
        "adviser",
        "advisor",
        "consultant",
        "strategist",
        "scientist",
        "candidate",
        "commentator",
        "columnist",
        "historian",
        "author",
        "member",
        "counsel",
        "fellow",
    ]
)
# lower-case words that may stand inside a title: `former deputy foreign minister`
_ROLE_MODIFIERS = frozenset(
    [
        "foreign",
        "interior",
        "defence",
        "defense",
        "finance",
        "former",
        "deputy",
        "acting",
        "interim",
        "senior",
        "chief",
        "general",
        "vice",
        "state",
        "junior",
        "federal",
        "provincial",
        "local",
        "regional",
        "national",
        "top",
    ]
)
_TITLE_PREFIX_OK = re.compile(r"^[A-Z][\w.'’-]*$|^[a-z-]+$")
_APPOSITIVE = re.compile(
    r"^,\s+((?:an?|the|who is|who heads|who leads|former|currently)\s+[^,;:.\"“”()]{3,120}?"
    r"(?:\([^)]{1,12}\))?|[a-z][^,;:.\"“”()]{2,120}?)(?=[,;.\"“”]|$)"
)
# `The Greens' Schahina Gambir`, `Pakistan's Hazrat Ali`
_POSSESSIVE = re.compile(
    r"(?:^|(?<=[\s(“\"]))((?:[Tt]he\s+)?)((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*?)"
    r"(?:'s|’s|'|’)\s+$"
)
# what the `of the …` after a name may end on: an organisation's head noun or a name
_ORG_NOUNS = _words(
    """party group faction alliance coalition union movement bloc organisation organization
    ministry institute university council committee commission agency foundation network
    company bank army government opposition embassy office department board association
    federation front league caucus campaign charity church"""
)
_OF_AFTER = re.compile(r"^\s+of\s+((?:the\s+)?)([^,;:.\"“”()]{2,80})")
_STOP_BEFORE = frozenset(
    [
        "said",
        "says",
        "told",
        "added",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
    ]
)


def _title_before(text: str, start: int) -> str | None:
    """The title words right before a name, ending in a role word."""
    before = text[:start].rstrip()
    words = re.findall(r"[\w.'’-]+|[^\w\s]", before[-120:])
    taken: list[str] = []
    titled = ROLE_WORDS | _ROLE_MODIFIERS
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        lw = w.lower()
        if not _TITLE_PREFIX_OK.match(w):
            break
        if lw == "and" and taken and k and words[k - 1].lower() in titled:
            taken.append(w)  # `founder and former CEO`: role words on both sides
            continue
        if w[:1].islower() and lw not in ROLE_WORDS:
            if lw in _ROLE_MODIFIERS:
                taken.append(w)
                continue
            if lw.endswith("-based"):
                taken.append(w)
                continue
            break
        if lw in _STOP_BEFORE:
            break
        taken.append(w)
        if len(taken) > 7:
            return None
    if not taken:
        return None
    taken.reverse()
    # the word next to the name must be a role word
    if taken[-1].lower().rstrip(".") not in ROLE_WORDS:
        return None
    while taken and (
        taken[0].lower() == "and"
        or (
            taken[0][:1].islower()
            and taken[0].lower() not in ROLE_WORDS | _ROLE_MODIFIERS
            and not taken[0].lower().endswith("-based")
        )
    ):
        taken = taken[1:]
    return " ".join(taken) or None


def _possessive_before(text: str, start: int) -> str | None:
    """`The Greens' Schahina Gambir` → `of the Greens`."""
    m = _POSSESSIVE.search(text[max(0, start - 80) : start])
    if not m:
        return None
    owner = m.group(2)
    if owner.lower() in _STOP_BEFORE or owner.lower() in ("it", "its"):
        return None
    return "of " + ("the " if m.group(1) else "") + owner


def _of_after(text: str, end: int) -> str | None:
    """`Clara Bünger of the socialist Left party described …` → `of the socialist Left
    party`: up to the last organisation noun or name within a few words."""
    m = _OF_AFTER.match(text[end : end + 120])
    if not m:
        return None
    words = m.group(2).split()[:7]
    last = -1
    for i, w in enumerate(words):
        if w[:1].isupper() or w.lower() in _ORG_NOUNS:
            last = i
        elif w.lower() in _STOP_BEFORE and i > 0 and w.lower() not in ("of", "for", "and"):
            break
    if last < 0:
        return None
    return "of " + m.group(1) + " ".join(words[: last + 1])


def _appositive_after(text: str, end: int) -> str | None:
    """`, an expert at …` right after a name."""
    m = _APPOSITIVE.match(text[end : end + 200])
    if not m:
        return None
    role = m.group(1).strip()
    role = re.sub(r"^(?:an?|the|who is|who heads|who leads|currently)\s+", "", role)
    words = role.split()
    if not words or len(words) > 16:
        return None
    if not any(w.lower().strip(",.") in ROLE_WORDS or w.lower().endswith("-based") for w in words):
        return None
    return role


def role_of(text: str, start: int, end: int) -> str | None:
    """The role stated for the name at text[start:end], if any."""
    return (
        _title_before(text, start)
        or _appositive_after(text, end)
        or _of_after(text, end)
        or _possessive_before(text, start)
    )


def assign(
    paragraphs: tuple[str, ...] | list[str], mentions: list[Mention], entities: list[Entity]
) -> None:
    """Give each person (and organisation head) the first role the text states."""
    by_name = {e.canonical: e for e in entities}
    for m in mentions:
        if m.type != "PERSON" or m.paragraph is None:
            continue
        ent = by_name.get(m.canonical)
        if ent is None or ent.role:
            continue
        role = role_of(paragraphs[m.paragraph], m.start, m.end)
        if role:
            ent.role = role
