"""brief: a terminal reader that turns piles of news into one-page briefings."""

__version__ = "0.1.0"
