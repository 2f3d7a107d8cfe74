"""Site furniture: the text a page carries that is not the article.

General rules, not per-site lists: known phrases (comment, share, related,
newsletter and video-player notices), relative-time and `- OUTLET` header
lines, lines that repeat within a page, link-list blocks (runs of short lines
that are not sentences) and very short non-sentence lines. Furniture glued
inside a long line (a video notice in the middle of a one-line body) is cut
out, and the cut is kept as a paragraph break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tui.ingest.dates import DATE_PATTERN

# Whole lines that are page furniture wherever they appear (compared casefolded,
# trailing punctuation and dots ignored).
KNOWN_LINES = frozenset(
    [
        *["advertisement", "ad", "sponsored", "sponsored content", "promoted", "skip to content"],
        *[
            "skip to main content",
            "menu",
            "search",
            "close",
            "home",
            "share",
            "share this",
            "share this article",
        ],
        *[
            "share on facebook",
            "share on x",
            "share on twitter",
            "share via email",
            "copy link",
            "print",
        ],
        *[
            "email",
            "follow us",
            "follow",
            "subscribe",
            "subscribe now",
            "sign up",
            "sign in",
            "log in",
            "login",
        ],
        *["register", "newsletter", "comment", "be the first to comment", "show comments"],
        *[
            "view comments",
            "load more",
            "show more",
            "read more",
            "continue reading",
            "more from this author",
        ],
        *[
            "editor's picks",
            "also read",
            "try our ai features",
            "accept cookies",
            "cookie settings",
        ],
        *[
            "manage cookies",
            "all rights reserved",
            "back to top",
            "listen to this article",
            "watch",
        ],
    ]
)

# Sections after which the rest belongs to the page, not the article.
END_MARKERS = frozenset(
    [
        "hashtags",
        "tags",
        "topics",
        "keywords",
        "comments",
        "no comments yet",
        "leave a comment",
        "related",
        "related articles",
        "related stories",
        "related content",
        "related topics",
        "more on this topic",
        "more stories",
        "you may also like",
        "recommended",
        "recommended for you",
        "most read",
        "most popular",
        "top stories",
        "see also",
        "read next",
    ]
)

_PATTERNS = re.compile(
    "|".join(
        [
            r"to view this video,? please enable javascript\b.*",
            r"(?:please )?enable javascript to (?:view|watch|play|see)\b.*",
            r"your browser does not support (?:the )?(?:html5 )?(?:video|audio)\b.*",
            r"explore what .{1,40} can do for you:?",
            r"(?:sign up|subscribe) (?:for|to) (?:our|the)\b.{0,60}",
            r"(?:click|tap) here\b.{0,80}",
            r"(?:©|\(c\)|copyright\b).{0,100}",
            r"\d+ (?:comments?|shares?|replies)",
            r"(?:photo|image|picture|video|graphic)s?(?: (?:credit|source|caption)s?)?[:,] .{0,100}",
            r"media caption[:,] .{0,100}",
            r"(?:read|watch|listen)(?: more| also| next)?: .{0,120}",
            r"(?:source|sources|via): .{0,80}",
            r"(?:story|article) continues below(?: this)? (?:advertisement|ad)",
            r"advertisement\W{1,5}scroll to continue(?: reading)?",
            r"\(?(?:reporting|writing|editing|additional reporting) by [^.;]{1,60}"
            r"(?:;\s*(?:additional reporting|writing|editing) by [^.;]{1,60})*\)?\.?",
            r"(?:follow|like) (?:us|\w+) on \w+.{0,60}",
            r"(?:download|get) (?:the|our) (?:free )?app\b.{0,60}",
            r"our standards: .{0,100}",
            r"(?:this|the) (?:post|page) may contain affiliate links\b.{0,100}",
        ]
    ),
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3}"
_BYLINE = re.compile(
    rf"(?:By|BY|by):? {_NAME}(?:(?:,| and|, and) {_NAME})*(?:,? [A-Z][\w' ]{{0,30}})?"
)

RELATIVE_TIME = re.compile(
    r"(?:(?:updated|published|posted)\s+)?(?:(?:\d+|an?|one)\s*"
    r"(?:s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|y|yrs?|years?)"
    r"\s+ago|just now|yesterday|today)",
    re.IGNORECASE,
)
DATE_LINE = re.compile(
    r"(?:(?:updated|published|posted|last updated)[:\s]+)?(?:[A-Z][a-z]+,?\s+)?"
    + DATE_PATTERN
    + r"(?:[\s,]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?",
    re.IGNORECASE,
)
OUTLET_MARK = re.compile(r"[-–—•|]\s*(?P<outlet>[^\s.!?].{0,58}?)")

# Furniture that turns up glued inside a long line, mid-sentence.
GLUED = re.compile(
    # a player's no-script notice, up to its usual end ("...supports HTML5 video")
    r"To view this video,? please enable JavaScript(?:[^.]{0,120}?\bHTML5 video\b)?\.?"
    r"|Your browser does not support (?:the )?(?:HTML5 )?video(?: tag| element)?\.?",
    re.IGNORECASE,
)


def key(line: str) -> str:
    """A line's comparison form: casefolded, trailing dots and colons dropped."""
    return " ".join(line.casefold().rstrip(" .:…!").split())


_CLOSERS = "\"'”’»)]"


def is_sentence(line: str) -> bool:
    """Whether a line ends the way a sentence does."""
    return line.rstrip().rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…")


def is_relative_time(line: str) -> bool:
    return len(line) <= 40 and bool(RELATIVE_TIME.fullmatch(line.strip()))


def is_date_line(line: str) -> bool:
    return len(line) <= 80 and bool(DATE_LINE.fullmatch(line.strip()))


def outlet_mark(line: str) -> str | None:
    """The outlet named by a `- OUTLET` header line, else None."""
    if len(line) > 64 or line[:1] not in "-–—•|":
        return None
    m = OUTLET_MARK.fullmatch(line.strip())
    if not m or is_sentence(m["outlet"]) or len(m["outlet"].split()) > 6:
        return None
    return m["outlet"].strip()


def is_known(line: str) -> bool:
    """Known furniture: a listed phrase or one of the furniture patterns."""
    if len(line) > 250:
        return False
    if len(line) <= 60:
        k = key(line)
        if k in KNOWN_LINES or k in END_MARKERS:
            return True
    return bool(_PATTERNS.fullmatch(line.strip()) or _BYLINE.fullmatch(line.strip()))


def is_end_marker(line: str) -> bool:
    """A section heading after which the page, not the article, goes on."""
    return len(line) <= 40 and key(line) in END_MARKERS


def is_short_fragment(line: str, max_words: int = 4) -> bool:
    """A very short line that is not a sentence (a label, a button, a crosshead)."""
    return len(line) <= 15 * max_words and len(line.split()) <= max_words and not is_sentence(line)


def is_link_item(line: str) -> bool:
    """A line that could be one entry of a menu or link list."""
    return len(line) <= 60 and not is_sentence(line) and len(line.split()) <= 8


_LINK_SEPARATOR = re.compile(r"\s+[|•·»/]\s+")


def is_link_row(line: str) -> bool:
    """A single line holding a whole menu: `Home | World | Business | Sport`."""
    if len(line) > 300 or not (
        "|" in line or "/" in line or "•" in line or "·" in line or "»" in line
    ):
        return False
    parts = _LINK_SEPARATOR.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def repeated_lines(lines: Iterable[str], min_count: int = 2) -> set[str]:
    """Non-blank lines that occur more than once in a page (boilerplate)."""
    counts = Counter(line for line in lines if line)
    return {line for line, n in counts.items() if n >= min_count}


def cut_glued(line: str, phrases: Iterable[str] = ()) -> list[str]:
    """Split a line where furniture stood inside it; the furniture itself is dropped."""
    video = "video" in line or "Video" in line or "VIDEO" in line
    pieces = GLUED.split(line) if video and GLUED.search(line) else [line]
    for phrase in phrases:
        if phrase in line:
            pieces = [part for piece in pieces for part in piece.split(phrase)]
    if len(pieces) == 1:
        return [line] if line.strip() else []
    return [" ".join(p.split()) for p in pieces if p.strip()]
