"""A brief's title drawn from its content, for a selection the user has not titled.

The title of the article most key points cite, led by the most mentioned person or
organisation when the brief draws on several articles and that title does not name
them: "Alexander Dobrindt: Pakistan detains Afghans waiting for Germany relocations".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.brief.schema import Actor, Brief
from tui.text import clean_line, fold

if TYPE_CHECKING:
    from tui.brief.compose import SelectedPassage

MAX_TITLE = 90
FALLBACK = "Brief"


def content_title(brief: Brief) -> str:
    """What the brief is about, in one line of at most MAX_TITLE characters."""
    cited = Counter(kp.source.article_id for kp in brief.key_points)
    if not cited:
        return FALLBACK
    first = {kp.source.article_id: kp.source.title for kp in reversed(brief.key_points)}
    order = [kp.source.article_id for kp in brief.key_points]
    main_id = max(cited, key=lambda a: (cited[a], -order.index(a)))
    main = clean_line(first[main_id]) or FALLBACK
    if len(cited) > 1:
        lead = _lead_actor(brief)
        if lead and not any(fold(n) in fold(main) for n in (lead.name, *lead.aliases) if n):
            main = f"{clean_line(lead.name)}: {main}"
    return _shorten(main)


def _lead_actor(brief: Brief) -> Actor | None:
    people = [a for a in brief.actors if a.type in ("PERSON", "ORG")]
    if not people:
        return None
    return max(people, key=lambda a: a.mentions)  # max keeps the first of equals


def _shorten(title: str) -> str:
    if len(title) <= MAX_TITLE:
        return title
    cut = title[: MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(" :,;-–—")
    return cut + "…"


def compile_titled(
    passages: Iterable[SelectedPassage], *, title: str | None, **kwargs: Any
) -> Brief:
    """compile_brief with `title`, or, without one, with the title its content gives
    (the brief is compiled again with it, so the page budget counts the real title)."""
    from tui.brief.compose import compile_brief

    passages = list(passages)
    if title:
        return compile_brief(passages, title=title, **kwargs)
    draft = compile_brief(passages, title=FALLBACK, **kwargs)
    drawn = content_title(draft)
    return draft if drawn == FALLBACK else compile_brief(passages, title=drawn, **kwargs)
