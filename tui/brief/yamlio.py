"""The brief as YAML: written with `yaml.safe_dump` only, read with `yaml.safe_load` only.

Every string comes back exactly as it went in: the dump is checked by loading
it again, and when PyYAML's Unicode output would not survive (it folds U+0085,
NEL, into a space) the document is written with ASCII escapes instead.
"""

from __future__ import annotations

import re
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


def dump_data(data: Any) -> str:
    """Plain data as YAML text that `safe_load` turns back into equal data."""
    text = _dump(data, allow_unicode=True)
    if yaml.safe_load(text) == data:
        return text
    text = _dump(data, allow_unicode=False)
    if yaml.safe_load(text) != data:  # pragma: no cover - PyYAML's escapes always round-trip
        raise BriefFileError("the brief cannot be written as YAML without changing its text")
    return text


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
    try:
        return Brief.from_data(data)
    except BriefFileError as exc:
        raise BriefFileError(f"{name}: not a brief: {exc}") from exc
