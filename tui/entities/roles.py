"""Roles stated in the text: titles before a name (`German Interior Minister
Alexander Dobrindt`, `Analyst Khan`) and appositives after it (`Safdar Sial, an
expert at the Islamabad-based Pak Institute for Peace Studies`)."""

from __future__ import annotations

import re

from tui.model import Entity, Mention

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
    r"(?:\([^)]{1,12}\))?)(?=[,;.\"“”]|$)"
)
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
    for w in reversed(words):
        lw = w.lower()
        if not _TITLE_PREFIX_OK.match(w):
            break
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
    while (
        taken
        and taken[0][:1].islower()
        and taken[0].lower() not in ROLE_WORDS
        and not taken[0].lower().endswith("-based")
    ):
        taken = taken[1:]
    return " ".join(taken) or None


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
    return _title_before(text, start) or _appositive_after(text, end)


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
