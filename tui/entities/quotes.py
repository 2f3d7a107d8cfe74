"""Quotations and who said them: `"…," Sial told DW`, `"…," said Safdar Sial`,
`Khan said: "…"`, `he said` (the last person named), and quotes that run on
over several paragraphs (each opening with a quote mark, only the last closing)."""

from __future__ import annotations

import re

from tui.model import Mention, Quote

SPEECH = (
    "said|says|told|tells|added|adds|stated|explained|explains|noted|notes|warned|warns|"
    "argued|argues|claimed|claims|insisted|insists|wrote|writes|asked|asks|stressed|stresses|"
    "emphasized|emphasised|according to|recalled|recalls|continued|continues|concluded|"
    "observed|pointed out|points out|remarked|replied|said in a statement|announced|urged"
)
_SPEECH_RE = re.compile(rf"\b(?:{SPEECH})\b")
_PRONOUN_RE = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)
_OPEN = '"“«„'
_CLOSE = '"”»“'
_MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


# the quote mark first, then the look-behind: the scan jumps from mark to mark
_OPEN_RE = re.compile(r"[\"“«„](?<![^\W_][\"“«„])")


def _segments(text: str) -> list[tuple[int, int, bool]]:
    """Quoted stretches in a paragraph as (start, end, closed), quote marks excluded."""
    out: list[tuple[int, int, bool]] = []
    n = len(text)
    i = 0
    while True:
        m = _OPEN_RE.search(text, i)
        if m is None:
            break
        ch = m.group()
        i = m.start()
        closer = "”" if ch == "“" else "»" if ch == "«" else "“" if ch == "„" else '"'
        j = text.find(closer, i + 1)
        if closer == "”" and j < 0:
            j = text.find('"', i + 1)
        if j < 0:
            out.append((i + 1, n, False))
            break
        out.append((i + 1, j, True))
        i = j + 1
    return out


def _speaker_near(
    text: str, lo: int, hi: int, mentions: list[Mention], last_person: str | None
) -> str | None:
    """A speaker attributed in text[lo:hi]: a named person or org next to a speech verb."""
    window = text[lo:hi]
    verb = _SPEECH_RE.search(window)
    if not verb:
        return None
    cands = [m for m in mentions if lo <= m.start and m.end <= hi and m.type in ("PERSON", "ORG")]
    persons = [m for m in cands if m.type == "PERSON"]
    # an organisation speaks only right next to the verb (`the ministry said`)
    vs, ve = lo + verb.start(), lo + verb.end()
    orgs = [
        m for m in cands if m.type == "ORG" and (0 <= vs - m.end <= 2 or 0 <= m.start - ve <= 2)
    ]
    if persons:
        return min(persons, key=lambda m: abs(m.start - vs)).canonical
    if last_person and (
        _PRONOUN_RE.search(window[max(0, verb.start() - 6) : verb.start()])
        or _PRONOUN_RE.match(window, verb.end() + 1)
    ):
        return last_person  # `he told DW`, `said she`
    # an organisation speaks before the verb (`the ministry said`) or after `said`,
    # never as the one told (`told DW`)
    orgs = [
        m
        for m in orgs
        if m.end <= vs or not verb.group().startswith(("told", "tells", "asked", "asks"))
    ]
    if orgs:
        return min(orgs, key=lambda m: abs(m.start - vs)).canonical
    if _PRONOUN_RE.search(window) and last_person:
        return last_person
    return None


def find_quotes(paragraphs: tuple[str, ...] | list[str], mentions: list[Mention]) -> list[Quote]:
    """Quotes with canonical speakers, in article order."""
    by_para: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.paragraph is not None:
            by_para.setdefault(m.paragraph, []).append(m)
    quotes: list[Quote] = []
    last_person: str | None = None
    pending: list[tuple[int, str]] = []  # an unclosed quote running over paragraphs
    for pi, text in enumerate(paragraphs):
        ms = by_para.get(pi, [])
        segs = _segments(text)
        prev_speaker: str | None = None
        carried = last_person
        for qi, (s, e, closed) in enumerate(segs):
            before = [m.canonical for m in ms if m.type == "PERSON" and m.end <= s]
            last_person = before[-1] if before else carried
            body = text[s:e].strip().rstrip(",")
            if pending and qi == 0 and s <= 1:
                pending.append((pi, body))
                if not closed:
                    continue
                pieces = pending
                pending = []
            elif not closed:
                pending = [(pi, body)]
                continue
            else:
                pieces = [(pi, body)]
            if sum(len(b.split()) for _, b in pieces) < _MIN_WORDS:
                continue  # a scare-quoted phrase, not a quotation
            # attribution after the quote (to the end of the sentence), else before it
            after_end = len(text)
            m_end = _SENTENCE_END.search(text, e + 1)
            if m_end:
                after_end = m_end.end()
            nxt = segs[qi + 1][0] - 1 if qi + 1 < len(segs) else len(text)
            speaker = _speaker_near(text, e + 1, min(after_end, nxt), ms, last_person)
            if speaker is None:
                prev_end = segs[qi - 1][1] + 1 if qi > 0 else 0
                start_sent = max(text.rfind(". ", prev_end, s), prev_end)
                speaker = _speaker_near(text, start_sent, s - 1, ms, last_person)
            if speaker is None and not pieces[0][0] < pi:
                # `"…" including …, Sial added.` at the end of the paragraph
                speaker = _speaker_near(text, e + 1, len(text), ms, last_person)
            if speaker is None:
                speaker = prev_speaker  # a second quote running on from the first
            prev_speaker = speaker
            if speaker:
                for ppi, b in pieces:
                    if b:
                        quotes.append(Quote(speaker, b, ppi))
        last_person = carried
        for m in ms:
            if m.type == "PERSON":
                last_person = m.canonical
    return quotes
