"""Rules that mend the tagger's names on today's news, where a model fitted on
1996 newswire goes wrong: companies, platforms and brands typed PERSON or
PLACE, sentence openers glued to a name (`Within Delhi`), photo captions and
credits, holidays and events, particles inside names (`von der Leyen`), job
titles between an organisation and a person (`Tesla CEO Elon Musk`) and
organisation names with lower-case words (`Reporters without Borders (RSF)`).

Each rule takes the text and its names (`extract.Found`, in text order) and
returns the names mended, in text order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tui.entities import gazetteer

if TYPE_CHECKING:
    from tui.entities.extract import Found


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Capitalised function words that open a sentence but never a name: wh-words,
# prepositions, conjunctions, sentence adverbs, pronouns, determiners. Words that
# are also first names (Will, May, Can, Per) are left out.
OPENERS = _words(
    """Why What When Where Who Whom Whose Which How Within Without Despite In At On From To
    For By With Under Over After Before During Since Until Till Through Throughout Across
    Among Amid Amidst Against Between Beyond Inside Outside Near Like Unlike Via Into Onto
    Toward Towards Following Including Regarding Concerning Around About Above Below Behind
    Beneath Beside Besides Along Upon Except Per And But Or Nor Yet If While Whereas Although
    Though Because As Unless Whether Once Then Also Even Still However Meanwhile Moreover
    Thus Hence Indeed Instead Nevertheless Nonetheless Furthermore Otherwise Perhaps Maybe
    Only Just Now Here There Today Yesterday Tomorrow Tonight Recently Currently Already
    Finally Meanwhile Earlier Later Last Next A An This That These Those Some Many Most Every
    Each All Any No Both Several Such Other Another Our Their His Her Its My Your We They He
    She It I You Is Was Are Were Would Could Should Must Do Does Did Has Have Had According
    Asked Told Says Said Dear Hello Thanks Yes Please Let Unlike"""
) - frozenset(["Will", "May", "Can", "Per"])

_SENTENCE_MARKS = frozenset(".!?:;\n\"“‘'([—–-")


def _at_sentence_start(text: str, start: int) -> bool:
    """Whether a name at `start` opens a sentence, a line or a quotation."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_MARKS


def _span_words(found: list[Found]) -> set[str]:
    """Every word of the names found (a cheap test of whether a rule can apply)."""
    return set(" ".join([f.text for f in found]).split())


def _sorted(found: list[Found]) -> list[Found]:
    return sorted(found, key=lambda f: (f.start, f.end))


def _replace(found: list[Found], new: Found) -> list[Found]:
    """`found` with `new` in place of every name it overlaps."""
    return [f for f in found if f.end <= new.start or f.start >= new.end] + [new]


def _cut(text: str, f: Found, start: int, end: int, type_: str | None = None) -> Found | None:
    """`f` cut to [start, end) with surrounding spaces removed; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return f._replace(start=start, end=end, text=text[start:end], type=type_ or f.type)


# --- sentence openers and determiners ----------------------------------------

_WORD = re.compile(r"\S+")


def trim_openers(text: str, found: list[Found]) -> list[Found]:
    """`Within Delhi`, `Why Delhi`, `An Alibaba`: a function word that opens the
    sentence is not part of the name that follows it."""
    if OPENERS.isdisjoint(_span_words(found)):
        return found
    out: list[Found] = []
    for f in found:
        first = f.text.split(" ", 1)[0]
        if first in OPENERS and " " in f.text and _at_sentence_start(text, f.start):
            words = list(_WORD.finditer(f.text))
            k = 0
            while k < len(words) - 1 and words[k].group() in OPENERS:
                k += 1
            rest = words[k].group()
            if not rest[:1].isupper() and not rest[:1].isdigit():
                continue  # `In the` and such: nothing of a name is left
            cut = _cut(text, f, f.start + words[k].start(), f.end)
            if cut is not None:
                out.append(cut)
            continue
        if f.text in OPENERS and _at_sentence_start(text, f.start):
            continue
        out.append(f)
    return out


# --- captions and credits ------------------------------------------------------

_CREDIT = re.compile(r"\b(?:REUTERS|Reuters|AFP|AP|EPA|Getty Images|Xinhua|Bloomberg|Pool|POOL)/")
_CREDIT_NAME = re.compile(r"[A-Z][\w'’-]+(?: [A-Z]\.)?(?: [A-Z][\w'’-]+){1,2}")


def captions(text: str, found: list[Found]) -> list[Found]:
    """Caption and credit words (`FILE PHOTO`, `Graphic:`, `Photo: Reuters`) are
    no names and are cut from the edges of names; a photographer named in a
    credit (`REUTERS/Jane Doe/File Photo`) is a person."""
    if "/" not in text and gazetteer.CAPTION_WORDS.isdisjoint(
        {w.rstrip(":") for w in _span_words(found)}
    ):
        return found
    out: list[Found] = []
    words_of = gazetteer.CAPTION_WORDS
    for f in found:
        t = f.text
        if (
            t.split(" ", 1)[0].rstrip(":") not in words_of
            and t.rsplit(" ", 1)[-1].rstrip(":") not in words_of
        ):
            out.append(f)
            continue
        words = list(_WORD.finditer(t))
        lo, hi = 0, len(words)
        while lo < hi and words[lo].group().rstrip(":") in words_of:
            lo += 1
        while hi > lo and words[hi - 1].group().rstrip(":") in words_of:
            hi -= 1
        if lo == hi:
            continue
        if lo or hi < len(words):
            cut = _cut(text, f, f.start + words[lo].start(), f.start + words[hi - 1].end())
            if cut is None:
                continue
            f = cut
        out.append(f)
    if "/" in text:
        for m in _CREDIT.finditer(text):
            pos = m.end()
            # the credit's parts: `REUTERS/Jane Doe/File Photo`, `AFP/Getty Images/John Roe`
            for _ in range(3):
                n = _CREDIT_NAME.match(text, pos)
                if n is None:
                    break
                s, e = n.span()
                if text[e : e + 1] not in ("/", " ", "\n", ",", ";", ")", ""):
                    break
                name = n.group()
                if not all(w in words_of for w in name.split()) and name != "Getty Images":
                    out = _replace(out, _found(s, e, name, "PERSON"))
                    break
                if text[e : e + 1] != "/":
                    break
                pos = e + 1
        out = _sorted(out)
    return out


# --- holidays, events and other non-names ------------------------------------


def events(found: list[Found]) -> list[Found]:
    """Holidays and events (`Christmas`, `Tokyo Olympics`, `Independence Day`) are
    MISC, and disease names (`COVID-19`) no name at all."""
    words = _span_words(found)
    if _EVENT_WORDS.isdisjoint(words) and not any(
        w[1:2].isupper() for w in words if w[0].islower()
    ):
        return found
    out: list[Found] = []
    for f in found:
        t = f.text
        if t in gazetteer.NOT_NAMES:
            continue
        if t[:1].islower() and t[1:2].isupper() and t not in gazetteer.COMPANIES:
            f = f._replace(type="MISC")  # a product (iPhone, iOS) or a term (mRNA)
        if f.type != "MISC":
            parts = t.split()
            if t in gazetteer.EVENTS or (
                len(parts) > 1
                and parts[-1] in gazetteer.EVENT_HEADS
                and parts[0] not in gazetteer.FIRST_NAME_WORDS
            ):
                f = f._replace(type="MISC")
        out.append(f)
    return out


_LEADERS = re.compile(r"(?<![\w.-])([A-Z][a-z][\w'’-]+) (?:administration|presidency|campaign)\b")


def leaders(text: str, found: list[Found]) -> list[Found]:
    """`the Trump administration`, `the Biden campaign`: the one capitalised
    word before it is a person; `Downing Street`, `Yangtze River`: a name ending
    in a street or landform word is a place."""
    out = found
    if not gazetteer.PLACE_HEADS.isdisjoint(_span_words(found)):
        out = [
            f._replace(type="PLACE")
            if f.type == "PERSON"
            and f.text.rsplit(" ", 1)[-1] in gazetteer.PLACE_HEADS
            and " " in f.text
            else f
            for f in found
        ]
    if " administration" not in text and " presidency" not in text and " campaign" not in text:
        return out
    changed = False
    surnames = {f.text.rsplit(" ", 1)[-1] for f in out if f.type == "PERSON"}
    for m in _LEADERS.finditer(text):
        s, e = m.span(1)
        w = m.group(1)
        if w in OPENERS or w == "The" or w in gazetteer.ORG_NAMES or w in gazetteer.COMPANIES:
            continue
        if gazetteer.lookup(w) or gazetteer.is_place(w):
            continue
        if m.group().endswith("campaign") and w not in surnames:
            continue  # `the Labour campaign`: only a person named so elsewhere
        inside = [f for f in out if f.start < e and s < f.end]
        if inside and (
            m.group().endswith("campaign")
            or any(f.start != s or f.end != e or f.type in ("PERSON", "PLACE") for f in inside)
        ):
            continue  # part of a longer name, or a place's administration
        out = _replace(out, _found(s, e, w, "PERSON"))
        changed = True
    return _sorted(out) if changed else out


# Verbs a headline writes capitalised between two names (`Solomon Islands Says China ...`).
HEADLINE_VERBS = _words(
    """Says Say Said Tells Told Warns Urges Calls Asks Slams Backs Denies Rejects Accuses
    Seeks Plans Wins Beats Vows Threatens Blames Sues Buys Sells Bans Joins Quits Hits Signs
    Meets Visits Claims Agrees Announces Launches Confirms Defends Criticises Criticizes
    Not Is Are Was Were Has Have Had""".replace("\n", " ")
)


def split_headline_verbs(text: str, found: list[Found]) -> list[Found]:
    """A headline's capitalised verb is no part of a name: `Solomon Islands Says
    China` is two names."""
    if HEADLINE_VERBS.isdisjoint(_span_words(found)):
        return found
    out: list[Found] = []
    changed = False
    for f in found:
        if " " not in f.text:
            out.append(f)
            continue
        words = list(_WORD.finditer(f.text))
        cut_at = [i for i, w in enumerate(words) if w.group() in HEADLINE_VERBS]
        if not cut_at:
            out.append(f)
            continue
        changed = True
        lo = 0
        for i in [*cut_at, len(words)]:
            if i > lo:
                part = _cut(text, f, f.start + words[lo].start(), f.start + words[i - 1].end())
                if part is not None and not (
                    " " not in part.text and part.text.endswith(("ing", "ed")) and lo > 0
                ):  # `... Not Influencing`: a headline's verb, no name
                    if gazetteer.is_place(part.text):
                        part = part._replace(type="PLACE")
                    out.append(part)
            lo = i + 1
    return _sorted(out) if changed else out


# --- two known names read as one -----------------------------------------------


def _known_kind(name: str) -> str | None:
    """The type a well-known name has on its own (None: not known)."""
    if name in gazetteer.EVENTS:
        return "MISC"
    if gazetteer.is_place(name):
        return "PLACE"
    if name in gazetteer.COMPANIES or name in gazetteer.ORG_NAMES:
        return "ORG"
    return None


def split_known_pairs(text: str, found: list[Found]) -> list[Found]:
    """`Facebook and Instagram`, `Christmas and Diwali` read as one name: two names
    each known on its own, joined by `and` or `or`, are two names with their own
    types, unless the whole is itself a known name (`Trinidad and Tobago`)."""
    if " and " not in text and " or " not in text:
        return found
    out: list[Found] = []
    changed = False
    for f in found:
        t = f.text
        sep = " and " if " and " in t else (" or " if " or " in t else None)
        if sep is None or t.count(sep) != 1 or _known_kind(t) is not None:
            out.append(f)
            continue
        left, right = t.split(sep)
        kl, kr = _known_kind(left), _known_kind(right)
        if kl is None or kr is None:
            out.append(f)
            continue
        e1 = f.start + len(left)
        s2 = e1 + len(sep)
        out.append(f._replace(end=e1, text=left, type=kl))
        out.append(f._replace(start=s2, text=right, type=kr))
        changed = True
    return _sorted(out) if changed else out


# --- job titles between names -------------------------------------------------

# Titles that stand between an organisation or a place and a person's name.
_TITLES = _words(
    """CEO COO CFO CTO Chairman Chairwoman Chairperson Founder Co-founder Cofounder Governor
    Senator Mayor President Minister Secretary Spokesman Spokeswoman Spokesperson Ambassador
    Premier Chancellor Commissioner Coach Boss Envoy"""
)
# Words that qualify a title (`Foreign Minister`, `Deputy Governor`).
_TITLE_MODIFIERS = _words(
    """Foreign Interior Finance Defence Defense Health Home Prime Deputy Vice Chief Executive
    Former Acting Interim First Economy Trade Justice Education Energy Environment Labour Labor
    Agriculture Transport Culture State Attorney General Opposition Party Head"""
)
# Words that may follow a title (`Secretary General`, `President Elect`).
_TITLE_AFTER = frozenset(["General", "Elect", "Designate", "Emeritus"])
_COMPANY_TITLES = frozenset(
    ["CEO", "COO", "CFO", "CTO", "Chairman", "Chairwoman", "Founder", "Co-founder", "Boss"]
)


def split_titles(text: str, found: list[Found]) -> list[Found]:
    """`Tesla CEO Elon Musk`, `U.S. President Joe Biden` read as one name: the
    words before the title are an organisation or a place, those after it a
    person."""
    if _TITLES.isdisjoint(_span_words(found)):
        return found
    out: list[Found] = []
    changed = False
    for f in found:
        if f.type == "MISC" or f.text.count(" ") < 2:
            out.append(f)
            continue
        words = list(_WORD.finditer(f.text))
        at = next(
            (i for i in range(1, len(words) - 1) if words[i].group() in _TITLES),
            None,
        )
        if at is None:
            out.append(f)
            continue
        right = at + 1
        while right < len(words) and (
            words[right].group() in _TITLES or words[right].group() in _TITLE_AFTER
        ):
            right += 1
        left = at
        while left > 0 and words[left - 1].group() in _TITLE_MODIFIERS:
            left -= 1
        if right >= len(words) or not words[right].group()[:1].isupper():
            out.append(f)
            continue
        person = _cut(text, f, f.start + words[right].start(), f.end, "PERSON")
        if person is not None:
            out.append(person)
        if left > 0:
            head = f.text[: words[left - 1].end()]
            if (
                gazetteer.is_place(head)
                or words[at].group() not in _COMPANY_TITLES
                and (f.type == "PLACE" or head in gazetteer.PLACE_WORDS)
            ):
                t = "PLACE"
            else:
                t = "ORG"
            org = _cut(text, f, f.start, f.start + words[left - 1].end(), t)
            if org is not None:
                out.append(org)
        changed = True
    return _sorted(out) if changed else out


# --- particles inside names ----------------------------------------------------

_PARTICLE_NAME = re.compile(
    r"([A-Z][\w'’-]+) ((?:(?:von|van|de|der|den|da|di|du|dos|das|del|della|la|le|ter|zu|bin|ibn"
    r"|bint|ben|al|el|abu|ul) ){1,2})([A-Z][\w'’-]+)"
)


_PARTICLES = _words(
    "von van de der den da di du dos das del della la le ter zu bin ibn bint ben al el abu ul"
)


def join_particles(text: str, found: list[Found]) -> list[Found]:
    """`Ursula von der Leyen`, `Mohammed bin Salman`: a person's name runs on
    over the particles inside it, however the tagger cut it."""
    if not found:
        return found
    out = list(found)
    changed = False
    for m in _PARTICLE_NAME.finditer(text):
        ls, le = m.span(1)
        rs, re_ = m.span(3)
        left = next((f for f in out if f.start <= ls < f.end), None)
        right = next((f for f in out if f.start <= rs < f.end), None)
        if left is None and right is None:
            continue
        if left is not None and right is not None and left == right:
            continue  # already one name
        persons = [f for f in (left, right) if f is not None and f.type == "PERSON"]
        if not persons and m.group(1) not in gazetteer.FIRST_NAME_WORDS:
            continue
        if any(f is not None and f.type == "ORG" and " " in f.text for f in (left, right)):
            continue
        start = left.start if left is not None else ls
        end = right.end if right is not None else re_
        if left is not None and left.end > ls + len(m.group(1)):
            continue  # the left name runs on past the word before the particle
        out = _replace(out, _found(start, end, text[start:end], "PERSON"))
        changed = True
    return _sorted(out) if changed else out


# --- companies, platforms and brands ------------------------------------------

_CAPITALISED = re.compile(r"[A-Z0-9][\w&'’.+-]*")


_NEXT_WORD = re.compile(r" ([\w&'’.+-]+)")


class _Names:
    """Known names that open with one word: whether the word alone is one, and
    the longer ones by their second word."""

    __slots__ = ("alone", "by_second")

    def __init__(self) -> None:
        self.alone = False
        self.by_second: dict[str, list[str]] = {}


def _company_index() -> dict[str, _Names]:
    by_first: dict[str, _Names] = {}
    for n in gazetteer.COMPANIES:
        parts = n.split(" ", 2)
        entry = by_first.setdefault(parts[0], _Names())
        if len(parts) == 1:
            entry.alone = True
        else:
            entry.by_second.setdefault(parts[1], []).append(n)
    for entry in by_first.values():
        for names in entry.by_second.values():
            names.sort(key=len, reverse=True)
    return by_first


_BY_FIRST = _company_index()
# names that start with a lower-case letter (eBay, easyJet), found apart
_LOWER_FIRST = re.compile(
    "(?:"
    + "|".join(
        sorted(
            (re.escape(n) for n in gazetteer.COMPANIES if n[:1].islower()), key=len, reverse=True
        )
    )
    + r")(?![\w&-])"
)
_DOT_COM = re.compile(r"\.com\b")
_NAME_CHARS = re.compile(r"[\w-]+$")


def _whole(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is not part of a longer word."""
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "&'’.-_"):
        return False
    return not (e < len(text) and (text[e].isalnum() or text[e] in "-&_"))


def _company_matches(text: str) -> list[tuple[int, int]]:
    """Where known company names stand in `text`, as whole words. The text's
    capitalised words are found at once; only those that can open a known name
    are looked for again, and a longer name is tried only when its second word
    follows."""
    out: list[tuple[int, int]] = []
    by_first = _BY_FIRST
    words = set(_CAPITALISED.findall(text))
    hits = words & by_first.keys()
    hits.update(w.rstrip(".'’") for w in words if w[-1] in ".'’" and w.rstrip(".'’") in by_first)
    for w in hits:
        entry = by_first[w]
        size = len(w)
        at = text.find(w)
        while at >= 0:
            end = at + size
            found = None
            if entry.by_second:
                m = _NEXT_WORD.match(text, end)
                if m is not None:
                    second = m.group(1)
                    names = entry.by_second.get(second) or entry.by_second.get(
                        second.rstrip(".,;:'’")
                    )
                    for n in names or ():
                        if text.startswith(n, at) and _whole(text, at, at + len(n)):
                            found = (at, at + len(n))
                            break
            if found is None and entry.alone and _whole(text, at, end):
                found = (at, end)
            if found is not None:
                out.append(found)
            at = text.find(w, at + 1)
    if ".com" in text:
        for m in _DOT_COM.finditer(text):
            head = _NAME_CHARS.search(text, max(0, m.start() - 40), m.start())
            if (
                head is not None
                and text[head.start()].isupper()
                and _whole(text, head.start(), m.end())
            ):
                out.append((head.start(), m.end()))
    out.extend(m.span() for m in _LOWER_FIRST.finditer(text) if _whole(text, *m.span()))
    return sorted(set(out))


_SUFFIX = re.compile(r",? (?:Inc|Corp|Ltd|LLC|Plc|plc|PLC|AG|SA|NV|SE|GmbH|SpA|Co)\b\.?")


def corporate_suffixes(text: str, found: list[Found]) -> list[Found]:
    """`Amazon.com Inc`, `Siemens AG`: a legal suffix right after a name makes it
    a company and belongs to it."""
    present = [w for w in _SUFFIXES if f" {w}" in text]
    if not present:
        return found
    # where a suffix may follow a name: the end of the word before it
    ends: set[int] = set()
    for w in present:
        for lead in (" ", ", "):
            at = text.find(lead + w)
            while at >= 0:
                ends.add(at)
                at = text.find(lead + w, at + 1)
    out: list[Found] = []
    skip_until = -1
    for f in found:
        if f.start < skip_until:
            continue
        if f.end in ends and f.type != "MISC" and not gazetteer.is_place(f.text):
            m = _SUFFIX.match(text, f.end)
            if m and not (m.end() < len(text) and text[m.end()].isalnum()):
                e = m.end()
                out.append(f._replace(end=e, text=text[f.start : e], type="ORG"))
                skip_until = e
                continue
        out.append(f)
    return out


def companies(text: str, found: list[Found]) -> list[Found]:
    """Known companies, platforms and brands (data/companies.txt and
    gazetteer.BRANDS) are organisations wherever the text names them, unless
    part of a longer name or a place after `the` (`the Amazon`)."""
    spans = _company_matches(text)
    if not spans:
        return found
    out = list(found)
    for s, e in spans:
        inside = [f for f in out if f.start < e and s < f.end]
        if any((f.start < s or f.end > e) and f.type != "MISC" for f in inside):
            continue
        if (
            len(inside) == 1
            and inside[0].type == "ORG"
            and (inside[0].start, inside[0].end) == (s, e)
        ):
            continue
        if inside and inside[0].type == "PLACE" and text[max(0, s - 4) : s].lower() == "the ":
            continue
        if not inside and _at_sentence_start(text, s) and text[s:e].lower() in _OPENER_LOWER:
            continue
        new = _found(s, e, text[s:e], "ORG")
        out = _replace(out, new)
    return _sorted(out)


_OPENER_LOWER = frozenset(w.lower() for w in OPENERS)


def _found(start: int, end: int, text: str, type_: str) -> Found:
    """A new name (extract.Found, imported late: extract imports this module)."""
    from tui.entities.extract import Found

    return Found(start, end, text, type_)


# Words right after a name that make it a company, platform or brand.
_AFTER_CUES = _words(
    """app apps platform platforms users user subscribers shares stock stocks CEO CEOs
    co-founder founder executives employees account accounts post posts page pages feed
    logo headquarters Inc Inc. Corp Corp. Ltd Ltd. LLC plc Plc PLC GmbH"""
)
# Words right before a name that make it one (`carmaker Nissan`, `groups such as Pro Asyl`).
_BEFORE_CUES = _words(
    """company companies firm firms startup start-up carmaker automaker retailer giant
    maker makers platform app conglomerate lender insurer airline broadcaster
    chipmaker drugmaker subsidiary brand streamer studio publisher outlet charity NGO
    group groups organisation organisations organization organizations"""
)
_APPOSITION = frozenset(["as", "like", "including", "called", "named"])


# `shares of X`, `CEO of X`: the words before `of` or `in`
_OF_CUES = frozenset(["shares", "stake", "CEO", "executive", "founder", "co-founder"])


_AFTER_WORD = re.compile(r"(?:['’]s)? ([\w.-]+)")


def _words_before(text: str, start: int, n: int) -> list[str]:
    """Up to `n` words right before `start` (nearest last), within 48 characters
    and the same line."""
    lead = text[max(0, start - 48) : start]
    cut = lead.rfind("\n")
    if cut >= 0:
        lead = lead[cut + 1 :]
    return lead.split()[-n:]


def context_cues(text: str, found: list[Found]) -> list[Found]:
    """A name typed PERSON or PLACE that the words around it show to be a
    company, platform or group (`Facebook users`, `shares of`, `carmaker Nissan`,
    `groups such as Pro Asyl`) is an organisation, everywhere in the text."""
    to_org: set[str] = set()
    is_place = gazetteer.is_place
    for f in found:
        if f.type not in ("PERSON", "PLACE") or f.text in to_org or is_place(f.text):
            continue
        m = _AFTER_WORD.match(text, f.end)
        if m is not None:
            after = m.group(1).rstrip(".,;:")
            if after in _AFTER_CUES or after.lower() in _AFTER_CUES_LOWER:
                to_org.add(f.text)
                continue
        if f.start == 0 or text[f.start - 1] != " ":
            continue
        last = text[text.rfind(" ", max(0, f.start - 30), f.start - 1) + 1 : f.start - 1]
        if last not in _BEFORE_CUES and last not in _APPOSITION and last not in ("of", "in"):
            continue
        before = _words_before(text, f.start, 4)
        if before and before[-1] in _APPOSITION:
            before.pop()
            if before and before[-1] == "such":
                before.pop()
            if before and before[-1] in _BEFORE_CUES:
                to_org.add(f.text)
            continue
        if not before:
            continue
        last = before[-1]
        if last in _BEFORE_CUES or (
            last in ("of", "in") and len(before) > 1 and before[-2] in _OF_CUES
        ):
            to_org.add(f.text)
    if not to_org:
        return found
    return [f._replace(type="ORG") if f.text in to_org and f.type != "MISC" else f for f in found]


_AFTER_CUES_LOWER = frozenset(["app", "platform", "users", "shares"])


# --- organisation names with lower-case words and a stated acronym -----------

_LOWER_INSIDE = _words(
    """of for the and without against with in on at to from by under over sans des de du la le
    et und für"""
)
_ACRONYM = re.compile(r"\(([A-Z][A-Z&.]{1,9})\)")
_TOKEN = re.compile(r"[\w’'&.-]+")


def acronym_names(text: str, found: list[Found]) -> list[Found]:
    """`Reporters without Borders (RSF)`: capitalised words joined by lower-case
    function words before a stated acronym that starts with the same letter are
    one organisation's name (the acronym may be of another language)."""
    out = list(found)
    changed = False
    for m in _ACRONYM.finditer(text):
        acr = m.group(1).replace(".", "")
        end = m.start()
        while end > 0 and text[end - 1] == " ":
            end -= 1
        left = text[max(0, end - 120) : end]
        words = list(_TOKEN.finditer(left))
        k = len(words)
        pos = len(left)
        while k > 0:
            w = words[k - 1]
            if left[w.end() : pos].strip():
                break  # punctuation between words ends the name
            if not (w.group()[:1].isupper() or w.group() in _LOWER_INSIDE):
                break
            k -= 1
            pos = w.start()
        stretch = words[k:]
        # the name starts at the last capitalised word with the acronym's initial
        # that has no opener before it
        starts = [
            i for i, w in enumerate(stretch) if w.group()[:1] == acr[0] and w.group() not in OPENERS
        ]
        if not starts:
            continue
        stretch = stretch[starts[0] :]
        caps = [w for w in stretch if w.group()[:1].isupper()]
        lowers = [w for w in stretch if not w.group()[:1].isupper()]
        if len(caps) < 2 or not lowers or not stretch[-1].group()[:1].isupper():
            continue
        if all(w.group() in ("of", "for", "the", "and", "on", "in", "at", "to") for w in lowers):
            continue  # initials rules in extract handle these
        base = max(0, end - 120)
        s, e = base + stretch[0].start(), base + stretch[-1].end()
        inside = [f for f in out if f.start < e and s < f.end]
        if any(f.start < s or f.end > e for f in inside):
            continue
        name = _found(s, e, text[s:e], "ORG")
        out = _replace(out, name)
        a_s, a_e = m.span(1)
        out = _replace(out, name._replace(start=a_s, end=a_e, text=m.group(1)))
        changed = True
    return _sorted(out) if changed else out


def one_sense(found: list[Found]) -> list[Found]:
    """A one-word name typed two ways in one text takes the type most of its
    mentions have (one sense per text), when more than half agree."""
    counts: dict[str, dict[str, int]] = {}
    for f in found:
        if " " not in f.text and f.type in ("PERSON", "ORG", "PLACE"):
            c = counts.setdefault(f.text, {})
            c[f.type] = c.get(f.type, 0) + 1
    mixed = {}
    for name, c in counts.items():
        if len(c) > 1:
            t = max(c, key=c.__getitem__)
            if c[t] * 2 > sum(c.values()):
                mixed[name] = t
    if not mixed:
        return found
    return [
        f._replace(type=mixed[f.text]) if f.text in mixed and f.type != "MISC" else f for f in found
    ]


_EVENT_WORDS = (
    gazetteer.NOT_NAMES
    | gazetteer.EVENT_HEADS
    | frozenset(w for e in gazetteer.EVENTS for w in e.split())
)
_SUFFIXES = sorted(_words("Inc Corp Ltd LLC Plc plc PLC AG SA NV SE GmbH SpA Co"))
