"""Compile time: a 30-passage selection into a one-page brief (shortening and cutting
included), then the same plus writing YAML and Markdown text. Entity analyses are
computed beforehand, as the library holds them when the app compiles."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from bench import corpus
from bench.harness import BenchContext, Row

if TYPE_CHECKING:
    from tui.brief import Brief, SelectedPassage
    from tui.model import Analysis

PASSAGES = 30
TARGET_MS = 100.0


def _selection(seed: int) -> tuple[list[SelectedPassage], dict[str, Analysis]]:
    from tui.brief import SelectedPassage
    from tui.entities import analyse
    from tui.model import Article

    passages: list[SelectedPassage] = []
    analyses: dict[str, Analysis] = {}
    for a in itertools.islice(corpus.articles(200, seed), 200):
        art = Article.create(
            title=a.title,
            paragraphs=list(a.paragraphs),
            source_path=f"synthetic/{a.index}",
            outlet=a.outlet,
            published=a.published,
            url=a.url,
        )
        if len(art.paragraphs) < 3:
            continue
        analyses[art.id] = analyse(art)
        passages.extend(SelectedPassage(art, i) for i in (0, 1, 2))
        if len(passages) >= PASSAGES:
            break
    return passages[:PASSAGES], analyses


def run(ctx: BenchContext) -> list[Row]:
    import datetime as dt

    from tui.brief import compile_brief, dump_yaml, page_meter, render_markdown

    passages, analyses = _selection(ctx.seed)
    day = dt.date(2025, 1, 2)

    def compile_only() -> Brief:
        return compile_brief(passages, title="Bench brief", created=day, analyses=analyses)

    def compile_and_write() -> object:
        brief = compile_only()
        return dump_yaml(brief), render_markdown(brief)

    compile_only()  # warm caches and imports
    t_compile = ctx.median_time(compile_only, repeat=7)
    t_total = ctx.median_time(compile_and_write, repeat=7)
    brief = compile_brief(passages, title="Bench brief", created=day, analyses=analyses)
    meter = page_meter(render_markdown(brief))
    ctx.log(
        f"compile: {len(passages)} passages -> {len(brief.key_points)} key points, "
        f"{len(brief.cuts)} cuts, {meter.describe()}"
    )
    return [
        Row(
            "compile",
            f"compile a {len(passages)}-passage selection (median of 7)",
            t_compile * 1000,
            "ms",
            target=f"< {TARGET_MS:g} ms",
            ok=t_compile * 1000 < TARGET_MS,
        ),
        Row(
            "compile",
            "… plus YAML and Markdown text (for information)",
            t_total * 1000,
            "ms",
        ),
    ]
