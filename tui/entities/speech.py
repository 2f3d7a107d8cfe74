"""The words of reported speech: verbs that introduce a quotation (`said`,
`told`, `according to`), what may stand between a speaker and the verb
(`also`, `later`), and the words that show a name is not the speaker (`to`,
`for`: `an adviser to Trump said`)."""

from __future__ import annotations

import re

from tui.entities.figures import NUMBER_WORDS

# regular verbs: base form; the -s, -ed and -ing forms are made from it
_REGULAR = [
    "add",
    "argue",
    "ask",
    "assert",
    "boast",
    "claim",
    "comment",
    "complain",
    "concede",
    "conclude",
    "confirm",
    "contend",
    "continue",
    "counter",
    "declare",
    "demand",
    "deny",
    "describe",
    "emphasize",
    "emphasise",
    "explain",
    "insist",
    "joke",
    "lament",
    "mention",
    "note",
    "observe",
    "plead",
    "point",
    "promise",
    "quip",
    "recall",
    "remark",
    "repeat",
    "reply",
    "respond",
    "scoff",
    "shout",
    "snap",
    "state",
    "stress",
    "suggest",
    "tweet",
    "urge",
    "vow",
    "warn",
    "wonder",
    "yell",
    "opine",
    "acknowledge",
    "admit",
    "agree",
    "announce",
    "caution",
    "predict",
    "muse",
    "recount",
    "testify",
    "chime",
    "elaborate",
    "exclaim",
    "proclaim",
    "retort",
    "sneer",
    "thunder",
    "grumble",
    "gush",
    "maintain",
    "posit",
    "reiterate",
    "report",
    "post",
    "type",
    "tell",
    "write",
    "gloat",
]
_IRREGULAR = [
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "telling",
    "wrote",
    "put",
    "puts",
    "went",
    "goes",
]


def _forms(base: str) -> list[str]:
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base in ("admit", "snap", "quip", "chat"):
        return [base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"]
    return [base, base + "s", stem + "ed", stem + "ing"]


# the bare form (`did not deny`, `will continue`) rarely reports speech; `say` does
_VERB_WORDS = {f for b in _REGULAR for f in _forms(b)[1:]} | set(_IRREGULAR) | {"say"}
# bare forms used as nouns or orders (`a post`, `tell me`), or only in phrases
_VERB_WORDS -= {"tell", "post", "put", "puts", "went", "goes", "type", "typed", "typing"}
# -s forms that are far more often nouns: `Trump's comments`, `the claims`
for _noun in [
    "comments",
    "claims",
    "notes",
    "states",
    "points",
    "demands",
    "promises",
    "remarks",
    "reports",
    "posts",
    "types",
    "counters",
    "tweets",
    "quips",
    "jokes",
    "mentions",
    "replies",
    "responds",
    "observes",
    "stresses",
]:
    _VERB_WORDS.discard(_noun)
# the -ing forms: a participle clause (`…, saying "…"`) takes the sentence's subject
ING_RE = re.compile(r"ing$")

# `put it`, `went on`, `according to` and friends are matched as phrases
_PHRASES = [
    r"[Aa]ccording\s+to",
    r"(?:shot|fired|hit|pushed|wrote|snapped|struck)\s+back",
    r"chimed\s+in",
    r"put\s+it",
    r"puts\s+it",
    r"went\s+on",
    r"goes\s+on",
    r"said\s+in\s+a\s+statement",
    r"wrote\s+in\s+an?\s+\w+",
]
SPEECH_RE = re.compile(
    r"\b(?:" + "|".join(_PHRASES + sorted(_VERB_WORDS, key=len, reverse=True)) + r")\b"
)
# -s forms that are verbs only right after a name and a quotation: `"…," Viguerie notes`
TAIL_VERB_RE = re.compile(
    r"\b(?:notes|claims|states|points\s+out|tweets|quips|jokes|replies|responds|observes|"
    r"remarks|counters|writes|reports|posts|Tweeted|Wrote|Said)\b"
)
# verbs that frame a partial quotation inside the speaker's own sentence
FRAMING_RE = re.compile(r"\b(?:called|calls|calling|dubbed|dubs|labeled|labelled|branded)\b")

# an object, not a speaker, follows these verbs: `told DW`, `asked reporters`
TOLD = frozenset(["told", "tells", "telling", "asked", "asks", "asking", "urged", "urges"])

# words that may stand between a speaker and the verb: `Khan also noted`
BETWEEN = frozenset(
    [
        "also",
        "later",
        "then",
        "once",
        "again",
        "further",
        "earlier",
        "recently",
        "previously",
        "repeatedly",
        "publicly",
        "privately",
        "has",
        "had",
        "have",
        "would",
        "will",
        "was",
        "is",
        "had",
        "been",
        "reportedly",
        "simply",
        "bluntly",
        "flatly",
        "quickly",
        "initially",
        "first",
        "finally",
        "now",
        "still",
        "only",
        "just",
        "separately",
        "subsequently",
        "herself",
        "himself",
        "themselves",
        "itself",
        "too",
        "has",
        "already",
        "even",
    ]
)

# a name right after one of these is the object of something, not the speaker
PREPOSITIONS = frozenset(
    [
        "to",
        "for",
        "of",
        "at",
        "from",
        "with",
        "by",
        "about",
        "against",
        "than",
        "on",
        "in",
        "into",
        "like",
        "including",
        "as",
        "under",
        "over",
        "between",
        "among",
        "toward",
        "towards",
        "told",
        "asked",
        "via",
        "near",
        "behind",
        "versus",
        "vs.",
        "and",
        "or",
    ]
)

# words that start a clause: a speaker's description does not run back past them
CLAUSE_WORDS = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "while",
        "after",
        "before",
        "because",
        "since",
        "although",
        "though",
        "if",
        "unless",
        "but",
        "and",
        "as",
        "so",
        "where",
        "whereas",
        "yet",
    ]
)

DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "some",
        "several",
        "many",
        *NUMBER_WORDS[1:10],  # two to ten
        "dozens",
        "hundreds",
        "thousands",
        "one",
        "other",
        "others",
        "most",
        "all",
        "both",
        "his",
        "her",
        "their",
        "its",
        "our",
    ]
)

PRONOUNS = {"he": "m", "she": "f", "they": "p", "i": "s", "we": "p", "it": "n"}
PRONOUN_RE = re.compile(r"\b(?:he|she|they|I|we|it|He|She|They|We|It)\b")

# gender evidence: titles, and the pronouns that refer back to a person
MALE_TITLES = frozenset(["mr", "mr.", "sir", "lord", "king", "prince", "father", "brother"])
FEMALE_TITLES = frozenset(
    ["mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess", "sister"]
)
MALE_WORDS = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)
FEMALE_WORDS = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)

# roles by which a known person is named again: `the senator said`
ROLE_WORDS = {
    "senator": ("sen.", "senator"),
    "governor": ("gov.", "governor"),
    "congressman": ("rep.", "congressman", "representative"),
    "congresswoman": ("rep.", "congresswoman", "representative"),
    "minister": ("minister",),
    "president": ("president",),
    "mayor": ("mayor",),
    "candidate": ("candidate", "nominee"),
    "nominee": ("nominee", "candidate"),
    "analyst": ("analyst",),
    "expert": ("expert",),
    "researcher": ("researcher",),
    "spokesman": ("spokesman", "spokesperson"),
    "spokeswoman": ("spokeswoman", "spokesperson"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman"),
    "chancellor": ("chancellor",),
    "secretary": ("secretary",),
    "judge": ("judge",),
    "attorney": ("attorney", "lawyer"),
    "lawyer": ("lawyer", "attorney"),
}
ROLE_GENDER = {"congressman": "m", "congresswoman": "f", "spokesman": "m", "spokeswoman": "f"}
