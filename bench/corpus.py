"""A seeded synthetic news corpus for benchmarks.

`generate(n, out_dir)` writes `n` invented articles as files in the formats the
readers handle: mostly plain-text and Markdown files (one article each), some
multi-article scraped dumps with page furniture, some JSON Lines files. Every
article is derived from `(seed, index)` alone, so the 1k corpus is the first
thousand articles of the 10k one and every run sees the same data.

All names, outlets and places are invented by this module.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import json
import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GENERATOR_VERSION = 2  # also in the manifest: a hash of this file (see `generator_hash`)
MANIFEST = ".corpus.json"
FILES_PER_SHARD = 500

# --- word lists -------------------------------------------------------------------


def _words(block: str) -> list[str]:
    return block.split()


# Function words, most frequent first: they head the Zipf ranking.
_FUNCTION = _words(
    """
the of and to a in that is for on was with he it as at by said from his be have
has are an its not but they were their this who had been will after which or more
would about also one than we up out two new when year over all into there i
some other could last can first people government our years what three most him
only them under during against so while before because since those both may
between if any former such where then told just still many should now no these
her she week police officials state security country military national minister
"""
)

# News vocabulary, roughly by frequency.
_CONTENT = _words(
    """
president percent million report group public forces attack talks law election
party leaders support time day month including minister's city region border
province capital area water power health economy economic political foreign
international court officials agency data program programme policy crisis plan
deal agreement conflict war peace aid refugees migrants children women families
workers students farmers companies market markets prices inflation budget tax
billion trade exports imports energy gas oil electricity grid drought floods
rain heat season harvest food fuel shortage supplies hospital hospitals doctors
schools teachers university research study survey analysis figures increase
decline rise fall growth jobs unemployment wages protest protests demonstrators
rally strike strikes union unions vote votes voters ballot campaign candidate
candidates opposition coalition parliament senate assembly council committee
commission inquiry investigation evidence witnesses trial judge judges ruling
appeal sentence prison detention arrest arrests suspects charges fraud
corruption bribery scandal resignation cabinet reshuffle decree reform reforms
constitution referendum rights freedom press journalists media statement
spokesperson spokesman spokeswoman interview conference summit meeting visit
delegation envoy ambassador embassy ministry department office authority
authorities regulator regulators bank banks lenders debt loan loans bonds
currency exchange rate rates interest investors investment funds fund project
projects infrastructure roads railway port airport bridge dam pipeline mine
mining copper gold lithium coal forest forests land farms cattle fishing coast
island islands river valley mountains north south east west northern southern
eastern western central rural urban district districts villages village town
towns residents community communities local regional federal provincial
municipal mayor governor general commander troops soldiers army navy air force
ceasefire truce negotiations mediators mediation sanctions embargo tariffs
quota quotas shipment shipments cargo vessel vessels fleet patrol patrols
checkpoint checkpoints camp camps shelter shelters displaced returnees
humanitarian relief donors donor assistance grant grants contract contracts
tender bid bids court's verdict lawmakers lawmaker bill bills amendment
amendments draft proposal proposals measure measures decision decisions
announcement announced announcing warned warning warnings expected expects
planned plans agreed agreeing rejected rejecting denied denying confirmed
confirming reported reporting estimated estimates according added noted
stressed insisted argued claimed called calling urged urging asked asking
described describing launched launching opened closed closing suspended
resumed resuming delayed delays approved approving signed signing cancelled
increased increasing reduced reducing cut cuts raised raising lost losing
won winning killed injured wounded missing dead deaths death toll fatalities
victims casualties incidents incident violence clashes fighting militants
insurgents rebels fighters gunmen attackers bombing explosion blast raid raids
operation operations offensive withdrawal deployment mission missions
observers monitors inspectors experts analysts scholars researchers critics
supporters opponents residents citizens officials' leader's country's nation
nations world global continent neighbouring neighbours allies partners partner
relations ties cooperation dialogue diplomacy diplomatic recognition
legitimacy stability instability tension tensions dispute disputes claims
territory sovereignty independence autonomy separatist separatists movement
movements organisation organisations network networks platform platforms
online social digital internet phone phones network's technology software
system systems infrastructure's service services transport traffic passengers
flights flight routes route buses trains ferry ferries port's shipping
container containers warehouse factory factories plant plants production output
capacity demand supply consumers households income poverty hunger malnutrition
disease outbreak vaccine vaccines cases patients clinic clinics medicine
medicines shortages equipment staff nurses volunteers charity charities
church mosque temple schools' pupils exams curriculum language culture
history heritage museum festival tourism tourists hotel hotels visitors season's
weather storm storms cyclone earthquake landslide wildfire wildfires smoke
emissions climate carbon pollution waste recycling environment environmental
conservation wildlife species park reserve reserves drilling exploration
licence licences permit permits concession concessions royalties revenue
revenues spending deficit surplus austerity subsidies subsidy pension pensions
salary salaries payments payment arrears audit auditors accounts records
documents files leaked leak memo letter letters message messages video footage
images photos satellite drone drones missile missiles rocket rockets weapons
arms ammunition equipment's vehicles trucks convoy convoys helicopters aircraft
jets base bases barracks headquarters compound building buildings homes houses
apartments streets square market's bazaar shops traders merchants business
businesses firms firm industry industries sector sectors manufacturing
agriculture services exporters importers suppliers buyers sellers brokers
insurers insurance claims' premiums shares stocks index gains losses profit
profits quarter quarterly annual monthly weekly daily recent recently early
later late long short high low higher lower major minor key main top senior
junior young old new previous next final initial full partial total average
record largest smallest biggest strongest weakest worst best better worse
significant serious severe sharp steady slow rapid sudden gradual modest
limited widespread growing rising falling remaining additional further
possible likely unlikely clear unclear difficult hard easy strong weak
independent official unofficial formal informal legal illegal private
public's civil criminal military's political's economic's social cultural
religious ethnic tribal linguistic historic historical modern traditional
"""
)

_SYLLABLES = _words(
    """
ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri
ro sa se si so ta te ti to va ve vi vo za ze zi an en in on ar er ir or al el il
ol ash esh ish osh and end ind ond ast est ist ost har her hor mar mer mor tar
ter tor var ver vor gal gel gol bran dren kris stav tov mil rov zan lek dar
"""
)

_FIRST_NAMES = _words(
    """
Arlen Belisa Corvin Dalia Emrik Farah Galen Hesper Idris Jovana Kaspar Lenora
Marek Nadia Orsin Petra Quill Rosalind Severin Talia Ulric Vesna Wendel Xenia
Yorick Zora Anselm Brisa Cyrus Delphine Elio Fenna Gideon Hana Ilya Junia Kenan
Liora Matthias Nilufar Oskar Priya Radomir Sabine Tobias Una Viktor Wilma
Yasmin Zeno Aurel Bettina Casimir Dorota Evander Flora Gregor Halima Ivo
Jelena Konstantin Lidia Milos Nora Ottilie Pavel Rania Stellan Tamsin Uriel
Valeria Wojtek Ysolde Zaid Amara Bastian Chiara Dmitri Esme Felix Greta
"""
)

_SURNAMES = _words(
    """
Voss Marlowe Okonjo Varga Halvorsen Castellan Drummond Iskander Petrescu Lindqvist
Abernathy Ferreira Kovalenko Nakashima Oyelaran Brandt Delacroix Moravec Szabo
Quintero Rahimzai Tennant Ulvaeus Vasquez Whitlock Yilmaz Zamora Achterberg
Bellweather Cardenas Dunmore Eskildsen Falconer Grimaldi Hollis Ivanova Jansen
Karimova Lombardi Mbeki Novak Ostrowski Pendergast Reinholt Sandoval Thibault
Umarov Valkonen Wexford Yamaguchi Zelenko Arkwright Bastos Corrigan Dragan
Ellsworth Fontaine Garrick Haddad Ingram Jovanovic Kessler Laroche Mendoza
Nyberg Orlov Palacios Rasmussen Sorensen Tavares Underhill Villanueva Wainwright
Xanthos Yusupov Zeller Amberly Blackwood Cisneros Dervish Engstrom Fairbanks
Galloway Hargrove Ibarra Jessup Kincaid Lacroix Montague Northcott Okafor
Prendergast Quarles Rutherford Stanhope Trevino Upton Vance Weatherby
"""
)

_ROLES = [
    "Interior Minister",
    "Foreign Minister",
    "Finance Minister",
    "Health Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "opposition leader",
    "police chief",
    "army spokesperson",
    "central bank governor",
    "provincial governor",
    "Mayor",
    "Senator",
    "Judge",
    "Dr.",
]

_ROLE_PHRASES = [
    "an analyst at the {org}",
    "a researcher with the {org}",
    "a spokesperson for the {org}",
    "the director of the {org}",
    "a senior official at the {org}",
    "an economist at the {org}",
    "a lawyer representing the {org}",
    "the head of the {org}",
]

_ORG_ADJ = _words(
    """
National Regional Independent United Democratic Federal Central Northern Southern
Eastern Western Coastal Highland Civic Popular Liberal Progressive Allied
Continental Maritime Agrarian Republican Sovereign
"""
)

_ORG_TOPIC = _words(
    """
Water Security Peace Development Energy Health Trade Labour Justice Rights Press
Freedom Transport Fisheries Forestry Mining Finance Education Housing Migration
Climate Elections Media Agriculture Industry Veterans Farmers Workers
"""
)

_ORG_KIND = [
    ("Institute for", True),
    ("Council for", True),
    ("Agency for", True),
    ("Commission on", True),
    ("Centre for", True),
    ("Alliance", False),
    ("Front", False),
    ("Party", False),
    ("Union", False),
    ("Authority", False),
    ("Bank", False),
    ("Movement", False),
    ("Federation", False),
    ("Foundation", False),
]

_PLACE_SUFFIX = ["", "", "", "ia", "stan", "ova", "burg", "port", " Valley", " Bay"]
_PLACE_PREFIX = ["", "", "", "", "Port ", "San ", "New ", "Upper ", "Lake "]

_OUTLETS = [
    "The Meridian Post",
    "Harbor Daily",
    "NVX News",
    "Coastline Courier",
    "The Northern Ledger",
    "Kestrel Wire",
    "Sablewood Times",
    "The Observer-Gazette",
    "Radio Veritan",
    "Capital Dispatch",
    "Orinda Herald",
    "Lumen Press Agency",
    "The Daily Varnish",
    "Continental Review",
    "Brightwater Tribune",
    "EastBank Monitor",
    "Quayside Journal",
    "The Halcyon Standard",
    "TVN24 International",
    "Marrow & Pike",
]

_FIGURE_NOUNS = [
    "fatalities",
    "attacks",
    "people",
    "households",
    "refugees",
    "schools",
    "tonnes of grain",
    "hectares",
    "jobs",
    "cases",
    "arrests",
    "vessels",
    "kilometres of road",
    "megawatts",
    "voters",
]

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Page furniture as aggregator pages carry it.
_VIDEO = (
    "To view this video please enable JavaScript, and consider upgrading to a web "
    "browser that supports HTML5 video"
)
_FURNITURE_BLOCKS = [
    ["Hashtags", "", "Try Our AI Features", "Explore what Newsline Assistant can do for you:"],
    ["Comments", "No comments yet..."],
    ["Share this article", "Facebook", "X", "WhatsApp", "Email"],
    ["Advertisement"],
    ["Sign up for our newsletter", "Subscribe"],
]


# --- vocabulary and casts -----------------------------------------------------------


# The long tail: invented words (names, places, technical and foreign words) by
# rank, with Zipf weights (rank + TAIL_OFFSET) ** -TAIL_EXPONENT over TAIL_SIZE
# ranks; TAIL_SHARE of running words come from it, TOPIC_SHARE more from each
# article's own few tail words. Together they follow Heaps' law roughly as news
# does: ~47k distinct words in 2k articles, ~133k in 10k, ~540k in 100k
# (`python -m bench.corpus --types N` counts them).
TAIL_SIZE = 3_000_000
TAIL_EXPONENT = 1.4
TAIL_OFFSET = 20.0
TAIL_SHARE = 0.3
TOPIC_SHARE = 0.03
TAIL_LISTED = 50_000  # tail ranks drawn like the head; the rarer ones through _DEEP
_DEEP = "\x00deep"  # drawn with the head's weights, replaced by a rarer tail word

_ONSETS = _words(
    """
b br bl c ch cl cr d dr f fl fr g gl gr gh h j k kh kl kr l m n p ph pl pr qu r s
sh sk sl sm sn sp st str sv t th tr ts v vr w wh y z zh b d g k l m n p r s t v
"""
)
_NUCLEI = _words("a e i o u a e i o u a e i o u a e i o a e ai au ei ie oo ou ea ia y")
_CODAS = _words("n r l s t k m nd nk nt rk rn rs st rt ng sh ch x ff ll ss tz d g v z")
_ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"}

_TAIL_C1 = TAIL_OFFSET ** (1 - TAIL_EXPONENT)
_TAIL_SPAN = _TAIL_C1 - (TAIL_SIZE + TAIL_OFFSET) ** (1 - TAIL_EXPONENT)
_TAIL_POWER = 1 / (1 - TAIL_EXPONENT)


def _tail_cdf(rank: float) -> float:
    """The share of the tail's weight below `rank` (continuous Zipf)."""
    return (_TAIL_C1 - (rank + TAIL_OFFSET) ** (1 - TAIL_EXPONENT)) / _TAIL_SPAN


def _tail_rank(u: float) -> int:
    """The tail rank at quantile `u` (the inverse of `_tail_cdf`)."""
    return min(TAIL_SIZE - 1, int((_TAIL_C1 - u * _TAIL_SPAN) ** _TAIL_POWER - TAIL_OFFSET))


_DEEP_FROM = _tail_cdf(TAIL_LISTED)


SLOT_BITS = 20
SLOTS = 1 << SLOT_BITS  # words are drawn by slot: one random number and one lookup each
_REST = "\x00rest"  # the slot of the words too rare for a whole slot of their own


@dataclass(frozen=True)
class _Vocab:
    """Running words by weight: a word of weight x holds int(x * SLOTS) of the
    SLOTS slots; the fractions left over share the _REST slots, drawn by bisection."""

    slots: list[str]
    rest: tuple[str, ...]
    rest_cum: tuple[float, ...]


@lru_cache(maxsize=4)
def _head(seed: int) -> frozenset[str]:
    """Function words and news words (tail words are never one of them)."""
    return frozenset(itertools.chain(_FUNCTION, _CONTENT))


@lru_cache(maxsize=4)
def _vocab(seed: int) -> _Vocab:
    """Function and news words with Zipf weights, then the tail's share by rank
    (its first TAIL_LISTED ranks listed, the rarer ones through _DEEP)."""
    words = list(dict.fromkeys(itertools.chain(_FUNCTION, _CONTENT)))
    weights = [1.0 / (rank + 2.7) ** 1.07 for rank in range(len(words))]
    tail = sum(weights) * TAIL_SHARE / (1.0 - TAIL_SHARE - TOPIC_SHARE)
    cdf = [_tail_cdf(r) for r in range(TAIL_LISTED + 1)]
    words += [_tail_word(seed, r) for r in range(TAIL_LISTED)]
    weights += [tail * (cdf[r + 1] - cdf[r]) for r in range(TAIL_LISTED)]
    words.append(_DEEP)
    weights.append(tail * (1.0 - _DEEP_FROM))
    scale = SLOTS / sum(weights)
    slots: list[str] = []
    rest: list[str] = []
    rest_weights: list[float] = []
    for word, weight in zip(words, weights, strict=True):
        whole, part = divmod(weight * scale, 1.0)
        slots.extend([word] * int(whole))
        if part > 0:
            rest.append(word)
            rest_weights.append(part)
    slots.extend([_REST] * (SLOTS - len(slots)))
    return _Vocab(slots, tuple(rest), tuple(itertools.accumulate(rest_weights)))


def _invent(rng: random.Random, syllables: tuple[int, ...] = (8, 42, 34, 16)) -> str:
    """A pronounceable invented word (at least 3 letters) of one to four syllables,
    weighted by `syllables`."""
    while True:
        n = rng.choices((1, 2, 3, 4), syllables)[0]
        parts = []
        for k in range(n):
            if k or rng.random() < 0.85:
                parts.append(rng.choice(_ONSETS))
            parts.append(rng.choice(_NUCLEI))
            if rng.random() < 0.3 or n == 1:
                parts.append(rng.choice(_CODAS))
        word = "".join(parts)
        if len(word) >= 3:
            return word


_MASK64 = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64: a well-spread 64-bit number from `x` (cheaper than seeding a
    random.Random for each of the hundreds of thousands of tail words)."""
    z = (x + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


# syllables per tail word by rank: rarer words are longer (as in real text), which
# also keeps them apart
_SYLLABLES_BY_RANK = ((2000, (30, 85, 100, 100)), (50_000, (0, 45, 90, 100)), (0, (0, 15, 70, 100)))


@lru_cache(maxsize=1 << 20)
def _tail_word(seed: int, rank: int) -> str:
    """The invented word at `rank` of the long tail (depends on seed and rank only).

    About a third are proper names (capitalised); one in a hundred has an
    accented letter."""
    cum = next(c for limit, c in _SYLLABLES_BY_RANK if rank < limit or not limit)
    head = _head(seed)
    x = seed * 10_000_019 + rank
    while True:
        x = _mix(x)
        h = x | (_mix(x ^ 0x5851F42D4C957F2D) << 64)  # 128 bits to draw from
        h, r = divmod(h, 100)
        n = 1 + sum(r >= c for c in cum)
        parts = []
        for k in range(n):
            h, r = divmod(h, 100)
            if k or r < 85:
                h, r = divmod(h, len(_ONSETS))
                parts.append(_ONSETS[r])
            h, r = divmod(h, len(_NUCLEI))
            parts.append(_NUCLEI[r])
            h, r = divmod(h, 10)
            if r < 3 or n == 1:
                h, r = divmod(h, len(_CODAS))
                parts.append(_CODAS[r])
        word = "".join(parts)
        if len(word) >= 3 and word not in head:
            break
    y = _mix(x ^ 0xD1B54A32D192ED03)
    if y % 100 == 0:
        i = next((i for i, c in enumerate(word) if c in _ACCENTED), -1)
        if i >= 0:
            word = word[:i] + _ACCENTED[word[i]] + word[i + 1 :]
    return word.capitalize() if (y >> 8) % 100 < 35 else word


@dataclass(frozen=True)
class _Org:
    name: str
    acronym: str


@dataclass(frozen=True)
class _Person:
    first: str
    last: str
    role: str  # a title before the name ("Interior Minister") or empty
    org: int  # index of the organisation they speak for


@lru_cache(maxsize=4)
def _cast(seed: int) -> tuple[tuple[_Person, ...], tuple[_Org, ...], tuple[str, ...]]:
    """The pools of invented people, organisations and places, shared by all articles."""
    rng = random.Random(f"cast:{seed}")
    places: list[str] = []
    seen: set[str] = set()
    while len(places) < 3000:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = rng.choice(_PLACE_PREFIX) + stem + rng.choice(_PLACE_SUFFIX)
        if name not in seen:
            seen.add(name)
            places.append(name)
    orgs: list[_Org] = []
    seen = set()
    while len(orgs) < 800:
        kind, of = rng.choice(_ORG_KIND)
        adj = rng.choice(_ORG_ADJ)
        topic = rng.choice(_ORG_TOPIC)
        if of:
            words = [adj, *kind.split()[:-1], kind.split()[-1], topic]
            name = f"{adj} {kind} {topic}"
            if rng.random() < 0.3:
                name += f" in {rng.choice(places)}"
        else:
            words = [adj, topic, kind]
            name = f"{adj} {topic} {kind}"
        acronym = "".join(w[0] for w in words if w[0].isupper())
        if name not in seen:
            seen.add(name)
            orgs.append(_Org(name, acronym))
    people: list[_Person] = []
    seen = set()
    while len(people) < 20000:
        first = rng.choice(_FIRST_NAMES)
        last = rng.choice(_SURNAMES) if rng.random() < 0.4 else _invent(rng).capitalize()
        if rng.random() < 0.2:
            last = f"{last}-{rng.choice(_SURNAMES)}"
        if f"{first} {last}" in seen:
            continue
        seen.add(f"{first} {last}")
        role = rng.choice(_ROLES) if rng.random() < 0.35 else ""
        people.append(_Person(first, last, role, rng.randrange(len(orgs))))
    return tuple(people), tuple(orgs), tuple(places)


def _cap(s: str) -> str:
    """Upper-case the first letter only (names inside stay as they are)."""
    return s[:1].upper() + s[1:]


def _zipf_index(rng: random.Random, n: int) -> int:
    """An index in [0, n) where low indexes are much more popular."""
    return min(n - 1, int(n ** rng.random()) - 1)


# --- articles -----------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article, before it is written in some file format."""

    index: int
    title: str
    outlet: str
    published: str  # YYYY-MM-DD
    url: str
    paragraphs: tuple[str, ...]


class _Writer:
    """Builds the sentences of one article around its cast."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.vocab = _vocab(seed)
        people, orgs, places = _cast(seed)
        self.orgs = orgs
        self.people = [people[_zipf_index(rng, len(people))] for _ in range(rng.randint(2, 6))]
        self.org_pick = [orgs[_zipf_index(rng, len(orgs))] for _ in range(rng.randint(1, 4))]
        self.places = [places[_zipf_index(rng, len(places))] for _ in range(rng.randint(1, 4))]
        self.named: set[str] = set()
        self.seed = seed
        # what the story is about: a few rarer tail words it keeps coming back to
        self.topic = [
            _tail_word(seed, _tail_rank(0.5 + 0.5 * rng.random())) for _ in range(rng.randint(3, 6))
        ]

    def words(self, k: int) -> list[str]:
        rng = self.rng
        rnd, bits, slots = rng.random, rng.getrandbits, self.vocab.slots
        drawn = [slots[bits(SLOT_BITS)] for _ in range(k)]
        if _REST in drawn or _DEEP in drawn:
            drawn = [w if w[0] != "\x00" else self._rare(w) for w in drawn]
        # about TOPIC_SHARE of words are the article's topic words
        u = rnd()
        if u < k * TOPIC_SHARE:  # then u / TOPIC_SHARE is uniform over [0, k)
            drawn[int(u / TOPIC_SHARE)] = self.topic[int(rnd() * len(self.topic))]
        return drawn

    def _rare(self, marker: str) -> str:
        """The word behind a _REST or _DEEP slot."""
        word = marker
        if word is _REST:
            v = self.vocab
            word = v.rest[bisect.bisect(v.rest_cum, self.rng.random() * v.rest_cum[-1])]
        if word is not _DEEP:
            return word
        u = _DEEP_FROM + (1.0 - _DEEP_FROM) * self.rng.random()
        return _tail_word(self.seed, _tail_rank(u))

    def person(self) -> str:
        p = self.rng.choice(self.people)
        full = f"{p.first} {p.last}"
        if full in self.named:
            return p.last
        self.named.add(full)
        if p.role:
            return f"{p.role} {full}"
        role = self.rng.choice(_ROLE_PHRASES).format(org=self.org(self.orgs[p.org]))
        return f"{full}, {role},"

    def org(self, org: _Org | None = None) -> str:
        o = org or self.rng.choice(self.org_pick)
        if o.name in self.named:
            return o.acronym if len(o.acronym) > 1 else o.name
        self.named.add(o.name)
        return f"{o.name} ({o.acronym})" if len(o.acronym) > 1 else o.name

    def figure(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.5:
            return f"{rng.randint(11, 99_999):,} {rng.choice(_FIGURE_NOUNS)}"
        if kind < 0.75:
            return f"{rng.randint(1, 99)}.{rng.randint(0, 9)} percent"
        return f"${rng.randint(1, 99)}.{rng.randint(1, 9)} {rng.choice(['million', 'billion'])}"

    def clause(self, lo: int = 6, hi: int = 22) -> str:
        ws = self.words(self.rng.randint(lo, hi))
        if self.rng.random() < 0.3:
            ws.insert(self.rng.randrange(1, len(ws)), ws.pop() + ",")
        return " ".join(ws)

    def sentence(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.14:
            body = _cap(self.clause())
            speaker = self.person()
            if speaker.endswith(","):
                return f'"{body}," said {speaker.rstrip(",")}.'
            return f'"{body}," {speaker} said.'
        if r < 0.24:
            return (
                f"{_cap(self.clause(4, 10))} {self.figure()} in "
                f"{rng.randint(2005, 2025)}, according to the {self.org()}."
            )
        if r < 0.34:
            return f"In {rng.choice(self.places)}, {self.clause()}."
        if r < 0.40:
            day = rng.randint(1, 28)
            return f"On {rng.choice(_MONTHS)} {day}, {self.person().rstrip(',')} {self.clause()}."
        if r < 0.55:
            ws = self.words(rng.randint(8, 24))
            ws.insert(rng.randrange(len(ws)), self.org() if rng.random() < 0.5 else self.person())
            return _cap(" ".join(ws).rstrip(",")) + "."
        return _cap(self.clause(8, 28)) + "."


def article(index: int, seed: int = 7) -> SyntheticArticle:
    """The article at `index` of the corpus for `seed` (deterministic)."""
    rng = random.Random(f"article:{seed}:{index}")
    w = _Writer(rng, seed)
    paragraphs = []
    for _ in range(rng.randint(5, 25)):
        paragraphs.append(" ".join(w.sentence() for _ in range(rng.randint(2, 5))))
    head = _cap(" ".join(w.words(rng.randint(3, 7))))
    place = rng.choice(w.places)
    title = rng.choice([f"{place}: {head}", f"{head} in {place}", f"{head}, {w.org()} says"])
    title = title.replace("  ", " ")
    outlet = _OUTLETS[_zipf_index(rng, len(_OUTLETS))]
    published = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = "-".join(head.lower().split()[:6])
    host = outlet.lower().replace("the ", "").replace(" ", "").replace("&", "and")
    url = f"https://{host}.example/{published[:4]}/{slug}-{index}"
    return SyntheticArticle(index, title, outlet, published, url, tuple(paragraphs))


def articles(n_articles: int, seed: int = 7) -> Iterator[SyntheticArticle]:
    """The first `n_articles` articles of the corpus."""
    for i in range(n_articles):
        yield article(i, seed)


def passages(n_articles: int, seed: int = 7) -> Iterator[str]:
    """Every paragraph of the first `n_articles` articles, in order (e.g. for fzf)."""
    for art in articles(n_articles, seed):
        yield from art.paragraphs


# --- file formats -------------------------------------------------------------------


def _plain(a: SyntheticArticle) -> str:
    return a.title + "\n\n" + "\n\n".join(a.paragraphs) + "\n"


def _markdown(a: SyntheticArticle) -> str:
    front = (
        f"---\ntitle: {json.dumps(a.title)}\noutlet: {json.dumps(a.outlet)}\n"
        f"date: {a.published}\nurl: {a.url}\n---\n\n"
    )
    return front + "\n\n".join(a.paragraphs) + "\n"


def _us_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{m}/{d}/{y}"


def _dump(arts: list[SyntheticArticle], rng: random.Random) -> str:
    """An aggregator page: a main article a paragraph a line, furniture, related ones."""
    main, related = arts[0], arts[1:]
    lines = ["", f"{main.title} – {main.outlet} – {_us_date(main.published)}"]
    for i, p in enumerate(main.paragraphs):
        lines.append(p)
        if i and rng.random() < 0.12:
            lines.append(_VIDEO)
    for block in rng.sample(_FURNITURE_BLOCKS, rng.randint(2, 4)):
        lines.extend(block)
    lines.append("Related Articles")
    for a in related:
        title = a.title
        if rng.random() < 0.6:
            title += f" – {a.outlet} – {_us_date(a.published)}"
        body = list(a.paragraphs)
        if len(body) > 2 and rng.random() < 0.5:
            cut = rng.randrange(1, len(body))
            first = body[cut].rstrip(".")
            body[cut] = f"{_VIDEO} {first[0].upper()}{first[1:]}."
        lines += ["", "", a.outlet, f"{rng.randint(1, 23)} hours ago", f"- {a.outlet}", title]
        lines.append(" ".join(body))
    return "\n".join(lines) + "\n"


def _jsonl(arts: list[SyntheticArticle]) -> str:
    rows = [
        json.dumps(
            {
                "title": a.title,
                "text": "\n\n".join(a.paragraphs),
                "url": a.url,
                "published": a.published,
                "source": a.outlet,
            },
            ensure_ascii=False,
        )
        for a in arts
    ]
    return "\n".join(rows) + "\n"


def _units(n_articles: int, seed: int) -> Iterator[tuple[str, list[int]]]:
    """How articles are grouped into files: (format, article indexes)."""
    i = unit = 0
    while i < n_articles:
        rng = random.Random(f"unit:{seed}:{unit}")
        r = rng.random()
        if r < 0.62:
            kind, size = "txt", 1
        elif r < 0.86:
            kind, size = "md", 1
        elif r < 0.95:
            kind, size = "dump", rng.randint(2, 5)
        else:
            kind, size = "jsonl", rng.randint(5, 20)
        size = min(size, n_articles - i)
        yield kind, list(range(i, i + size))
        i += size
        unit += 1


@lru_cache(maxsize=1)
def generator_hash() -> str:
    """A short hash of this module's source: a corpus (and whatever is cached from
    it) written by another version of the generator is written again."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def _manifest(n_articles: int, seed: int) -> dict[str, int | str]:
    return {
        "version": GENERATOR_VERSION,
        "generator": generator_hash(),
        "n_articles": n_articles,
        "seed": seed,
    }


def generate(n_articles: int, out_dir: Path, seed: int = 7) -> Path:
    """Write the corpus into `out_dir` (skipped when it already holds the same one)."""
    out_dir = Path(out_dir)
    want = _manifest(n_articles, seed)
    if _matches(out_dir, want):
        return out_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir.with_name(f".{out_dir.name}.lock")):  # another run may be writing it
        if not _matches(out_dir, want):
            _write(n_articles, out_dir, seed, want)
    return out_dir


def _matches(out_dir: Path, want: dict[str, int | str]) -> bool:
    try:
        have = json.loads((out_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(have, dict) and {k: have.get(k) for k in want} == want


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write(n_articles: int, out_dir: Path, seed: int, want: dict[str, int | str]) -> None:
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).exists():
        raise FileExistsError(f"{out_dir}: not empty and not a generated corpus")
    tmp = out_dir.with_name(f"{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        files = total = 0
        for unit, (kind, idxs) in enumerate(_units(n_articles, seed)):
            arts = [article(i, seed) for i in idxs]
            rng = random.Random(f"layout:{seed}:{unit}")
            if kind == "txt":
                name, content = f"{idxs[0]:06d}.txt", _plain(arts[0])
            elif kind == "md":
                name, content = f"{idxs[0]:06d}.md", _markdown(arts[0])
            elif kind == "dump":
                name, content = f"{idxs[0]:06d}-page.txt", _dump(arts, rng)
            else:
                name, content = f"{idxs[0]:06d}.jsonl", _jsonl(arts)
            shard = tmp / kind / f"{idxs[0] // (FILES_PER_SHARD * 2):04d}"
            shard.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8")
            (shard / name).write_bytes(data)
            files += 1
            total += len(data)
        (tmp / MANIFEST).write_text(json.dumps({**want, "files": files, "bytes": total}) + "\n")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def stats(out_dir: Path) -> dict[str, int]:
    """The manifest of a generated corpus: n_articles, seed, files, bytes (and the
    generator's version and hash)."""
    return dict(json.loads((Path(out_dir) / MANIFEST).read_text()))


def type_counts(n_articles: int, seed: int = 7, every: int = 0) -> list[tuple[int, int, int]]:
    """(articles, running words, distinct words) as the corpus grows: how its
    vocabulary follows Heaps' law. Words are the search index's folded tokens."""
    from tui.search.terms import index_terms

    seen: set[str] = set()
    tokens = 0
    out = []
    step = every or n_articles
    for a in articles(n_articles, seed):
        for text in (a.title, *a.paragraphs):
            words = index_terms(text)
            tokens += len(words)
            seen.update(words)
        if (a.index + 1) % step == 0 or a.index + 1 == n_articles:
            out.append((a.index + 1, tokens, len(seen)))
    return out


def _main(argv: list[str]) -> None:
    import argparse

    p = argparse.ArgumentParser(prog="python -m bench.corpus")
    p.add_argument("n", type=int, nargs="?", default=1000, help="articles (default 1000)")
    p.add_argument("out", nargs="?", help="folder (default bench/.cache/corpus/nN-s7)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--types", action="store_true", help="count distinct words instead")
    args = p.parse_args(argv)
    if args.types:
        for n, tokens, types in type_counts(args.n, args.seed, every=max(1, args.n // 10)):
            print(f"{n:>8,} articles {tokens:>12,} words {types:>10,} distinct")
        return
    where = Path(args.out or f"bench/.cache/corpus/n{args.n}-s{args.seed}")
    print(generate(args.n, where, args.seed), stats(where))


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
