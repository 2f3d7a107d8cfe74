"""Token F1 of extracted article text against gold text (bag of words, as article
extraction benchmarks score it).

Tokens are runs of letters and digits, casefolded, so layout (line breaks, table
separators, quotation marks) does not count; only which words were kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.casefold()))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score(predicted: str, gold: str) -> Score:
    """Precision and recall of the predicted text's words against the gold's."""
    pred, want = tokens(predicted), tokens(gold)
    common = sum((pred & want).values())
    n_pred, n_gold = sum(pred.values()), sum(want.values())
    if n_gold == 0:
        return Score(1.0 if n_pred == 0 else 0.0, 1.0)
    return Score(common / n_pred if n_pred else 0.0, common / n_gold)


def without_headline(text: str, headline: str) -> str:
    """The text without lines that are the headline (the gold holds the body only)."""
    want = " ".join(headline.split())
    return "\n".join(line for line in text.splitlines() if " ".join(line.split()) != want)
