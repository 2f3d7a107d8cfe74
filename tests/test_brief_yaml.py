"""The brief's YAML: safe_dump/safe_load only, exact round-trips, Python tags refused."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.brief import (
    Actor,
    Brief,
    Cut,
    FigureItem,
    KeyPoint,
    QuoteItem,
    Source,
    SourceEntry,
    dump_yaml,
    load_yaml,
    read_brief,
)
from tui.errors import BriefFileError
from tui.text import sanitize

MISREAD = [
    "NO",
    "no",
    "yes",
    "Yes",
    "on",
    "off",
    "y",
    "n",
    "~",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    ".inf",
    "-.5",
    "2024-01-02",
    "2024-01-02 10:00:00",
    "12:30:00",
    "null",
    "Null",
    "@handle",
    "*alias",
    "&anchor",
    "!tag",
    "%directive",
    "- dash",
    "? key",
    ": colon",
    "#hash",
    "a: b",
    "line one  \nline two \n",
    "trailing  ",
    "  leading",
    "\n",
    "x\x85y",
    "\x85",
    "a\u2028b\u2029c",
    "\ufeffbom",
    "tab\there",
    "'single' \"double\"",
    "",
    "<<",
    "=",
]


def _source(text: str) -> Source:
    return Source(text or "id", text, text, "2024-01-02", text, 3)


def brief_with(text: str) -> Brief:
    src = _source(text)
    return Brief(
        title=text,
        created=dt.date(2024, 1, 2),
        bluf=text,
        key_points=(KeyPoint(text=text, note=text, source=src),),
        actors=(Actor(name=text, type="PERSON", mentions=2, role=text, aliases=(text, "x")),),
        quotes=(QuoteItem(speaker=text, text=text, source=src),),
        figures=(FigureItem(value=text, context=text, source=src),),
        sources=(SourceEntry(1, src.article_id, text, text, text, text),),
        cuts=(Cut("dropped", "key_point", text, text, 1),),
    )


@pytest.mark.parametrize("text", MISREAD)
def test_misreadable_strings_round_trip(text: str) -> None:
    b = brief_with(text)
    dumped = dump_yaml(b)
    assert load_yaml(dumped) == b
    assert isinstance(yaml.safe_load(dumped)["title"], str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_sanitised_text_round_trips(raw: str) -> None:
    text = sanitize(raw)
    b = brief_with(text)
    assert load_yaml(dump_yaml(b)) == b


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_any_text_round_trips_even_unsanitised(text: str) -> None:
    b = brief_with(text)
    assert load_yaml(dump_yaml(b)) == b


def test_dump_is_deterministic_and_headed() -> None:
    b = brief_with("same")
    assert dump_yaml(b) == dump_yaml(b)
    assert dump_yaml(b).startswith("# brief:")
    assert "\nschema: 1\n" in dump_yaml(b)


PYTHON_TAGS = [
    "schema: 1\ntitle: !!python/object/apply:os.system ['echo hacked']\n",
    "!!python/object:tui.brief.schema.Brief {}\n",
    "schema: 1\ntitle: !<tag:yaml.org,2002:python/name:os.system> x\n",
    "schema: 1\ntitle: !!python/str x\n",
]


@pytest.mark.parametrize("text", PYTHON_TAGS)
def test_python_tags_refused(text: str) -> None:
    with pytest.raises(BriefFileError, match="python"):
        load_yaml(text)


def test_aliases_refused_and_never_written() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nschema: 1\ntitle: *c\n"
    with pytest.raises(BriefFileError, match="aliases"):
        load_yaml(bomb)
    b = brief_with("same text everywhere")
    assert "&id" not in dump_yaml(b) and "*id" not in dump_yaml(b)


def test_other_tags_and_garbage_refused(tmp_path: object) -> None:
    with pytest.raises(BriefFileError, match="tag"):
        load_yaml("schema: 1\ntitle: !custom x\n")
    with pytest.raises(BriefFileError, match="not valid YAML"):
        load_yaml("schema: [1\n")
    with pytest.raises(BriefFileError, match="schema"):
        load_yaml("schema: 2\ntitle: x\ncreated: 2024-01-02\n")
    with pytest.raises(BriefFileError, match="title"):
        load_yaml("schema: 1\ntitle: 3\ncreated: 2024-01-02\n")
    with pytest.raises(BriefFileError, match="created"):
        load_yaml("schema: 1\ntitle: x\ncreated: soon\n")
    with pytest.raises(BriefFileError, match="mapping"):
        load_yaml("- a\n- b\n")


def test_read_brief_file(tmp_path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(dump_yaml(brief_with("NO")), encoding="utf-8")
    assert read_brief(path) == brief_with("NO")
    evil = tmp_path / "evil.yaml"
    evil.write_text(PYTHON_TAGS[0], encoding="utf-8")
    with pytest.raises(BriefFileError, match="python"):
        read_brief(evil)
    with pytest.raises(BriefFileError, match="cannot read"):
        read_brief(tmp_path / "missing.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BriefFileError, match="UTF-8"):
        read_brief(binary)


@pytest.mark.parametrize(
    ("content", "holds"), [("hello\n", "plain text"), ("- a\n- b\n", "a list"), ("", "nothing")]
)
def test_a_yaml_file_that_is_not_a_mapping_is_one_clear_line(content: str, holds: str) -> None:
    with pytest.raises(BriefFileError) as caught:
        load_yaml(content, "notes.yaml")
    message = str(caught.value)
    assert message.startswith(f"notes.yaml: not a brief: it holds {holds},"), message
    assert "\n" not in message and "brief: brief" not in message


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("schema: 1\ntitle: 3\n", "title: expected text, found int"),
        ("schema: 1\ntitle: t\n", "created: expected a date (YYYY-MM-DD), found nothing"),
        ("schema: 1\ntitle: t\ncreated: 2025-01-02\nkey_points: [x]\n", "key_points[0]: expected"),
        ("schema: 1\ntitle: t\ncreated: 2025-01-02\nbluf: b\nactors: 5\n", "actors: expected a list"),
    ],
)
def test_a_wrong_field_is_named_once_without_a_doubled_prefix(content: str, says: str) -> None:
    with pytest.raises(BriefFileError) as caught:
        load_yaml(content, "b.yaml")
    message = str(caught.value)
    assert message.startswith(f"b.yaml: not a brief: {says}"), message
    assert "brief." not in message and "brief: brief" not in message
