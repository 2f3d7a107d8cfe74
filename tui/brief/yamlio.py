"""The brief as YAML: written with `yaml.safe_dump` only, read with `yaml.safe_load` only.

Every string comes back exactly as it went in: when a string holds a character
PyYAML's Unicode output would not keep (it folds U+0085, NEL, into a space; line
and paragraph separators and other unprintable characters are risky too) the
document is written with ASCII escapes instead, which always read back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from tui.brief.schema import Brief
from tui.errors import BriefFileError

HEADER = "# brief: one-page briefing, schema 1 (docs/brief-schema.md)\n"

_PYTHON_TAG = re.compile(r"!!python/|!<?tag:yaml\.org,2002:python/")


def _dump(data: Any, allow_unicode: bool) -> str:
    return yaml.safe_dump(
        data,
        allow_unicode=allow_unicode,
        sort_keys=False,
        default_flow_style=False,
        width=88,
        indent=2,
    )


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _strings(v)


# What PyYAML's Unicode output keeps exactly: tab, newline, printable ASCII and the
# printable Unicode planes, less U+0085 (NEL, folded into a space), the line and
# paragraph separators and the byte-order mark.
_RISKY = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def dump_data(data: Any) -> str:
    """Plain data as YAML text that `safe_load` turns back into equal data.

    Readable Unicode when every string is plain; otherwise ASCII with escapes, which
    PyYAML always reads back exactly (the property tests check both ways).
    """
    return _dump(data, allow_unicode=not any(_RISKY.search(t) for t in _strings(data)))


def dump_yaml(brief: Brief) -> str:
    """The brief's YAML file content: a header comment, then the schema's fields in order."""
    return HEADER + dump_data(brief.to_data())


def load_yaml(text: str, name: str = "brief") -> Brief:
    """Read a brief written by `dump_yaml`; refuses Python tags and anything malformed."""
    if _PYTHON_TAG.search(text):
        raise BriefFileError(
            f"{name}: refused: the file holds a !!python tag, which a brief never contains "
            "(it could run code when loaded unsafely)"
        )
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text)):
            raise BriefFileError(
                f"{name}: refused: YAML aliases (*name) are never used in a brief "
                "(they can make a small file expand without bound)"
            )
        data = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:
        raise BriefFileError(f"{name}: refused: unsupported YAML tag ({exc.problem})") from exc
    except yaml.YAMLError as exc:
        raise BriefFileError(f"{name}: not valid YAML ({' '.join(str(exc).split())})") from exc
    if not isinstance(data, dict):
        raise BriefFileError(
            f"{name}: not a brief: it holds {_kind(data)}, not the mapping of fields a brief is "
            "(schema, title, key_points, …)"
        )
    try:
        return Brief.from_data(data)
    except BriefFileError as exc:
        raise BriefFileError(f"{name}: not a brief: {exc}") from exc


def _kind(data: object) -> str:
    """What a YAML document that is not a mapping holds, in words."""
    if data is None:
        return "nothing"
    if isinstance(data, str):
        return "plain text"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, bool):
        return "a yes/no value"
    if isinstance(data, int | float):
        return "a number"
    return f"a {type(data).__name__}"
