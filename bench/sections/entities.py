"""Entity throughput: MB of article text per second on one core, alias linking,
roles, quotes and figures included (`tui.entities.analyse`)."""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING

from bench import corpus
from bench.harness import BenchContext, Row

if TYPE_CHECKING:
    from tui.model import Article

TARGET_MB_S = 1.0


def _articles(n: int, seed: int) -> list[Article]:
    from tui.model import Article

    out = []
    for a in itertools.islice(corpus.articles(n, seed), n):
        out.append(
            Article.create(
                title=a.title,
                paragraphs=list(a.paragraphs),
                source_path=f"synthetic/{a.index}",
                outlet=a.outlet,
                published=a.published,
                url=a.url,
            )
        )
    return out


def run(ctx: BenchContext) -> list[Row]:
    from tui import entities
    from tui.entities.tagger import default

    default()  # the model is loaded once per process; loading is not throughput
    n = min(ctx.sizes[0], 1000 if ctx.quick else 2000)
    arts = _articles(n, ctx.seed)
    size = sum(len(p.encode("utf-8")) for a in arts for p in a.paragraphs)
    rates = []
    for _ in range(3):
        start = time.process_time()
        for a in arts:
            entities.analyse(a)
        rates.append(size / 1e6 / (time.process_time() - start))
    rates.sort()
    rate = rates[len(rates) // 2]
    ctx.log(f"entities: {n} articles, {size / 1e6:.1f} MB, {rate:.2f} MB/s (median of 3)")
    return [
        Row(
            "entities",
            f"throughput, {n:,} articles (one core, CPU time, linking included)",
            rate,
            "MB/s",
            target=f">= {TARGET_MB_S:g} MB/s",
            ok=rate >= TARGET_MB_S,
        )
    ]
