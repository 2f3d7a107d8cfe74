"""JSON and JSON Lines: records with common field names become articles.

Accepts one object, a list of objects, an object holding such a list
(`articles`, `items`, `entries`, `data`, `results`, `posts`), or one object a
line. Bodies may be plain text (paragraphs by line) or HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from tui.errors import InputError
from tui.ingest import furniture as fur
from tui.ingest import htmltext
from tui.ingest.meta import BODY_KEYS, SUMMARY_KEYS, make_article, meta_from_record, pick
from tui.ingest.segment import split_long
from tui.model import Article


class PartialRead(InputError):
    """Part of a file failed; `articles` holds what the rest of it gave."""

    def __init__(self, path: str, reason: str, values: list[object] | None = None) -> None:
        super().__init__(path, reason)
        self.values = values or []
        self.articles: list[Article] = []


LIST_KEYS = ("articles", "items", "entries", "data", "results", "posts", "documents", "docs")


def _records(value: object) -> Iterator[dict[str, object]]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                yield item
    elif isinstance(value, dict):
        inner = pick(value, LIST_KEYS)
        if isinstance(inner, list) and pick(value, BODY_KEYS) is None:
            yield from _records(inner)
        else:
            yield value


def _body_text(value: object) -> str:
    if isinstance(value, list):
        return "\n".join(_body_text(v) for v in value)
    if isinstance(value, dict):
        return _body_text(pick(value, ("text", "value", "content", "html", "body")))
    return "" if value is None else str(value)


def _paragraphs(body: str) -> list[str]:
    out: list[str] = []
    for line in htmltext.to_paragraphs(body):
        if fur.is_known(line):
            continue
        for piece in fur.cut_glued(line):
            out.extend(split_long(piece))
    return out


def _article(record: dict[str, object], source_path: str) -> Article | None:
    body = _body_text(pick(record, BODY_KEYS) or pick(record, SUMMARY_KEYS))
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return None
    meta = meta_from_record(record)
    return make_article(
        title=meta.title,
        paragraphs=paragraphs,
        source_path=source_path,
        outlet=meta.outlet,
        published=meta.published,
        url=meta.url,
    )


def parse_values(doc: str, source_path: str) -> list[object]:
    """The JSON value of a document, or each line's value for JSON Lines."""
    try:
        return [json.loads(doc)]
    except RecursionError as exc:
        raise InputError(source_path, "JSON nested too deeply") from exc
    except json.JSONDecodeError as first:
        values: list[object] = []
        bad: list[str] = []
        for n, line in enumerate(doc.split("\n"), 1):
            if not line.strip():
                continue
            try:
                values.append(json.loads(line))
            except RecursionError:
                bad.append(f"line {n}: nested too deeply")
            except json.JSONDecodeError as exc:
                if not values and not bad:
                    raise InputError(source_path, f"invalid JSON ({first})") from first
                bad.append(f"line {n}: {exc.msg}")
        if bad:
            more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
            raise PartialRead(
                source_path,
                f"invalid JSON Lines at {bad[0]}{more}; the other lines were read",
                values,
            ) from None
        return values


def _articles(values: list[object], source_path: str) -> list[Article]:
    articles: list[Article] = []
    for value in values:
        for record in _records(value):
            art = _article(record, source_path)
            if art is not None:
                articles.append(art)
    return articles


def read(doc: str, source_path: str) -> list[Article]:
    """Articles from a JSON or JSON Lines document (bad lines: PartialRead with the rest)."""
    try:
        values = parse_values(doc, source_path)
    except PartialRead as partial:
        partial.articles = _articles(partial.values, source_path)
        raise
    return _articles(values, source_path)
