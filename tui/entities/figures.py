"""Figures: numbers with their units and context (`€551 million`, `2,451
fatalities`, `over 1 million Afghan refugees`), for the brief's figures list.
Bare years, dates, times and ordinals are not figures."""

from __future__ import annotations

import re

from tui.model import Figure

_QUAL = r"(?i:(?:over|more than|less than|fewer than|nearly|almost|about|around|some|at least|up to|roughly|approximately|just|only)\s+)?"
_CUR = r"(?:[€$£¥₹]|US\$|Rs\.?\s?|EUR\s?|USD\s?)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|hundred|mn|bn|m|k)\b)?"
_UNIT = (
    r"(?:\s?%|\s?(?:[A-Z][a-z]+\s(?=[a-z]))?(?:percent|per cent|percentage points?|euros?|dollars?|pounds?|rupees?|yuan|"
    r"people|persons|fatalities|deaths|dead|killed|casualties|attacks|incidents|refugees|"
    r"migrants|soldiers|troops|civilians|children|women|men|students|families|years|months|"
    r"weeks|days|hours|km|kilometres|kilometers|miles|tonnes|tons|barrels|votes|seats|points|"
    r"cases|members|workers|jobs|households|homes|schools|villages|countries|aircraft|flights|"
    r"journalists|prisoners|detainees|asylum seekers|applications|visas|euro|usd)\b)?"
)
FIGURE_RE = re.compile(
    r"(?<![\w.,/-])(?=[\d€$£¥₹]|US|Rs|EUR|(?i:over|more|less|fewer|nearly|almost|about|around|"
    r"some|at|up|roughly|approximately|just|only)\s)"
    rf"({_QUAL}{_CUR}(?:{_NUM}){_SCALE}{_UNIT})(?![\w/-])",
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_NEAR = re.compile(rf"(?:{_MONTHS})\s*$|^\s*(?:{_MONTHS})\b", re.IGNORECASE)
_CONTEXT = 90
_DIGIT = re.compile(r"\d")


_NON_DIGIT = re.compile(r"\D")
_MORE_THAN_DIGITS = re.compile(r"[€$£¥%]|[a-z]{2,}", re.IGNORECASE)


def _is_figure(value: str, before: str, after: str) -> bool:
    digits = _NON_DIGIT.sub("", value)
    has_more = _MORE_THAN_DIGITS.search(value) is not None
    bare = value.isdigit()
    if bare and len(digits) == 4 and 1800 <= int(digits) <= 2100:
        return False  # a year
    if _DATE_NEAR.search(before[-12:]) or _DATE_NEAR.search(after[:12]):
        return False
    if after[:1] in (":", "/") or before[-1:] in (":", "/", "#"):
        return False
    # small bare counts are rarely worth a figure
    return not (bare and len(digits) <= 2 and not has_more)


def _clause(text: str, start: int, end: int) -> str:
    """The words around a number, cut at sentence ends and kept short."""
    cuts = [i + 2 for i in (text.rfind(". ", 0, start), text.rfind("; ", 0, start)) if i >= 0]
    lo = max([*cuts, 0, start - _CONTEXT])
    hi_candidates = [i for i in (text.find(". ", end), text.find("; ", end)) if i >= 0]
    hi = min([*hi_candidates, len(text), end + _CONTEXT])
    s = text[lo:hi].strip()
    if lo > 0 and lo == start - _CONTEXT:
        s = "…" + s.split(" ", 1)[-1]
    if hi == end + _CONTEXT and hi < len(text):
        s = s.rsplit(" ", 1)[0] + "…"
    return s.rstrip(".,;")


def find_figures(paragraphs: tuple[str, ...] | list[str]) -> list[Figure]:
    """Figures in article order, with the clause around each."""
    out: list[Figure] = []
    for pi, text in enumerate(paragraphs):
        if not _DIGIT.search(text):
            continue
        for m in FIGURE_RE.finditer(text):
            value = m.group(1).strip()
            if not _is_figure(value, text[: m.start(1)], text[m.end(1) :]):
                continue
            out.append(Figure(value, _clause(text, m.start(1), m.end(1)), pi))
    return out
