"""Figures: numbers with what they count and the sentence that holds them.

`€551 million`, `2,451 fatalities` (the counted word may stand before the number:
"Fatalities dropped from 2,451 …"), `three million people`, `15 court rulings`,
`over 1 million Afghan refugees`. Bare years, dates, times, ordinals and small bare
counts are not figures; neither are number words without a counted noun
("the three of them") nor spans of time in words ("four years ago").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.model import Figure
from tui.text import sentence_spans


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_QUAL = (
    r"(?i:(?:over|more than|less than|fewer than|nearly|almost|about|around|some|at least|"
    r"up to|roughly|approximately|just|only|an estimated|a total of)\s+)?"
)
_CUR = r"(?P<cur>[€$£¥₹]|US\$|Rs\.?\s?|EUR\s?|USD\s?)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|hundred|mn|bn|m|k)\b)?"
# units that belong to the number itself; anything else counted is found after it
_MEASURE = (
    r"(?P<unit>\s?%|\s(?:percent|per cent|percentage points?|euros?|dollars?|pounds?|rupees?|yuan|"
    r"km|kilometres|kilometers|miles|metres|meters|tonnes|tons|barrels|years|months|weeks|"
    r"days|hours)\b)?"
)
_DIGIT_FIGURE = re.compile(
    r"(?<![\w.,/-])(?=[\d€$£¥₹]|US|Rs|EUR|(?i:over|more|less|fewer|nearly|almost|about|around|"
    r"some|at|up|roughly|approximately|just|only|an|a)\s)"
    rf"({_QUAL}{_CUR}(?:{_NUM}){_SCALE}{_MEASURE})(?![\w/-])",
)
# the numbers written as one word, defined once (quotes' speaker descriptions use them too)
NUMBER_WORDS = (
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    + ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
    + ("eighteen", "nineteen")
)
_SMALL_WORDS = "|".join(NUMBER_WORDS[1:])
_DIGITS = "|".join(NUMBER_WORDS[:9])
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUMBER = (
    rf"(?:(?:{_TENS})(?:-(?:{_DIGITS}))?|{_SMALL_WORDS}|"
    r"a hundred|one hundred|a thousand|one thousand|a million|one million|a billion|one billion|"
    r"a dozen|dozens|hundreds|thousands|tens of thousands|millions|billions)"
)
_WORD_FIGURE = re.compile(
    rf"(?<![\w-])({_QUAL}(?i:{_WORD_NUMBER})(?:\s(?:hundred|thousand|million|billion))?"
    r"(?:\s(?:of\s)?(?:millions|thousands|billions))?(?:\sof)?"
    r"(?:\s(?:dollars|euros|pounds))?)(?![\w-])",
    re.IGNORECASE,
)
_TIME_UNITS = _words(
    "year years month months week weeks day days hour hours minute minutes decade decades "
    "century centuries time times season seasons winter winters summer summers"
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_NEAR = re.compile(rf"(?:{_MONTHS})\s*$|^\s*(?:{_MONTHS})\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")
_NON_DIGIT = re.compile(r"\D")
_MORE_THAN_DIGITS = re.compile(r"[€$£¥%]|[a-z]{2,}", re.IGNORECASE)

# words that end (or cannot start) the noun a number counts
_NOT_COUNTED = _words(
    """a an the this that these those their its his her our my your in on at to for from by
    with and or but nor than as per via who whom which what when where while if so were was
    are is be been being have has had will would could can may might should must do did does
    not no into across over under between since during after before about around up down out
    off said says say told ago later earlier each more less most least such also only just
    then there here it they them he she we you i of aged left fled died lost went came got
    made took gave remain remained live lived face faced need needed wait waited without
    within throughout against among amid despite toward towards upon beyond behind near inside
    outside like unlike except following including"""
)
# nouns that may be counted by a number standing after them in the same sentence
_COUNT_NOUNS = _words(
    """fatalities deaths dead casualties victims attacks incidents killings people persons
    refugees migrants deportations deportees arrests detainees prisoners soldiers troops
    civilians children cases votes seats members workers jobs households homes families
    visas applications flights"""
)
_PLURALS = _words(
    "people staff children men women police personnel cattle sheep fish crew livestock media"
)
_NOUNS_IN_LY = _words("family assembly ally supply monopoly anomaly")
_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)|\s*([^\s\w])|\s+(\d)")
_MAX_COUNTED = 3


@dataclass(frozen=True)
class FigureSpan:
    """A figure found in a paragraph: the number as written (`about 350`, `€551 million`),
    what it counts (`former local staff`, or None), its offsets and its sentence's."""

    value: str
    counts: str | None
    start: int
    end: int
    sentence: tuple[int, int]

    @property
    def label(self) -> str:
        """The figure as a reader quotes it: `2,451 fatalities`."""
        return f"{self.value} {self.counts}" if self.counts else self.value


def _words_after(text: str, pos: int, limit: int = 6) -> list[tuple[str, int, int]]:
    """The next few tokens after `pos`: words, or punctuation/digits (which stop a noun)."""
    out: list[tuple[str, int, int]] = []
    while len(out) < limit:
        m = _WORD.match(text, pos)
        if m is None:
            break
        if m.group(1) is not None:
            out.append((m.group(1), m.start(1), m.end(1)))
        else:
            out.append(("", m.end(), m.end()))  # a stop
            break
        pos = m.end()
    return out


def _noun_phrase(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The counted noun words at the start of `tokens` (at most three)."""
    taken: list[tuple[str, int, int]] = []
    for i, (word, s, e) in enumerate(tokens):
        low = word.casefold()
        if not word or low in _NOT_COUNTED or len(taken) == _MAX_COUNTED:
            break
        if word[:1].isupper():
            # a capitalised word starts the noun only before a lower-case one
            # (`Afghan refugees`), never ends it (`2,400 in Pakistan`)
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            ends = not nxt or nxt.casefold() in _NOT_COUNTED
            if not taken and ends and len(word) > 3 and word.endswith("s") and not word.isupper():
                taken.append((word, s, e))  # `3 million Afghans`
                break
            if taken or ends or not nxt[:1].islower():
                break
        elif low.endswith("ing") and len(low) > 5:
            break  # `rulings confirming …`: a clause starts
        elif low.endswith("ly") and low not in _NOUNS_IN_LY:
            break  # `people currently …`
        taken.append((word, s, e))
    while taken and not _plural(taken[-1][0]):
        taken.pop()  # `people arrested`, `places along`: a number counts a plural noun
    return taken


def _plural(word: str) -> bool:
    low = word.casefold()
    return low in _PLURALS or (low.endswith("s") and not low.endswith(("ss", "us", "is")))


def _counted_after(text: str, end: int) -> str | None:
    """The noun right after a number (`420 clinics`, `2,400 of these people`)."""
    tokens = _words_after(text, end)
    if tokens and tokens[0][0].casefold() == "of":
        rest = tokens[1:]
        if rest and rest[0][0].casefold() in ("these", "those", "the", "them", "its", "their"):
            rest = rest[1:]
        phrase = _noun_phrase(rest)
        return " ".join(w for w, _, _ in phrase) or None
    phrase = _noun_phrase(tokens)
    return " ".join(w for w, _, _ in phrase) or None


_BEFORE_WORDS = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*")


def _counted_before(text: str, sentence_start: int, start: int) -> str | None:
    """A count noun earlier in the sentence that no number of its own counts:
    `Fatalities dropped from 2,451 across …` → fatalities."""
    words = [m.group() for m in _BEFORE_WORDS.finditer(text, sentence_start, start)]
    for i in range(len(words) - 1, -1, -1):
        low = words[i].casefold()
        if low in _COUNT_NOUNS:
            prev = words[i - 1].casefold() if i else ""
            if prev[:1].isdigit() or prev in ("million", "billion", "thousand", "hundred"):
                continue  # `1,717 attacks` is that number's
            return low
    return None


def _digit_is_figure(value: str, before: str, after: str, counted: bool) -> bool:
    digits = _NON_DIGIT.sub("", value)
    has_more = _MORE_THAN_DIGITS.search(value) is not None
    bare = value.isdigit()
    if bare and len(digits) == 4 and 1800 <= int(digits) <= 2100 and not counted:
        return False  # a year
    if _DATE_NEAR.search(before[-12:]) or _DATE_NEAR.search(after[:12]):
        return False
    if after[:1] in (":", "/") or before[-1:] in (":", "/", "#"):
        return False
    # small bare numbers are figures only when they count something
    return counted or not (bare and len(digits) <= 2 and not has_more)


def figures_in(text: str) -> list[FigureSpan]:
    """The figures of one paragraph, in text order."""
    spans = sentence_spans(text)

    def sentence_of(pos: int) -> tuple[int, int]:
        for a, b in spans:
            if a <= pos < b:
                return (a, b)
        return (0, len(text))

    found: list[FigureSpan] = []
    if _DIGIT.search(text):
        for m in _DIGIT_FIGURE.finditer(text):
            value = m.group(1).strip()
            start, end = m.start(1), m.start(1) + len(value)
            sent = sentence_of(start)
            counts = None
            if not m.group("cur") and not m.group("unit"):
                counts = _counted_after(text, end)
                if _YEAR.match(value):  # `in 2013` counts nothing, `in 2013 Reuters` neither
                    counts = counts if counts and counts[:1].islower() else None
                else:
                    counts = counts or _counted_before(text, sent[0], start)
            if not _digit_is_figure(value, text[:start], text[end:], counts is not None):
                continue
            found.append(FigureSpan(value, counts, start, end, sent))
    taken = [(f.start, f.end) for f in found]
    for m in _WORD_FIGURE.finditer(text):
        start, end = m.start(1), m.end(1)
        if any(a < end and start < b for a, b in taken):
            continue
        value = m.group(1)
        if value.casefold().endswith(" of"):
            value, end = value[:-3], end - 3
            counts = _counted_after(text, end)
        else:
            counts = _counted_after(text, end)
        currency = value.casefold().endswith(("dollars", "euros", "pounds"))
        if not counts and not currency:
            continue  # `the three of them`
        if counts and counts.split()[-1].casefold() in _TIME_UNITS:
            continue  # `four years ago`
        found.append(FigureSpan(value, counts, start, end, sentence_of(start)))
    found.sort(key=lambda f: f.start)
    return found


def find_figures(paragraphs: tuple[str, ...] | list[str]) -> list[Figure]:
    """Figures in article order: the figure as quoted (`2,451 fatalities`) and the
    sentence that holds it."""
    out: list[Figure] = []
    for pi, text in enumerate(paragraphs):
        for f in figures_in(text):
            a, b = f.sentence
            out.append(Figure(f.label, text[a:b], pi))
    return out
