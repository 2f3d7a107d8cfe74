"""Hostile strings by category, in the spirit of the Big List of Naughty Strings
(written for this project): what fuzzers are seeded with."""

from __future__ import annotations

ESCAPES = [
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52 clipboard write
    "\x1b]0;pwned title\x07",  # OSC 0 window title
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[2J\x1b[H",  # clear screen, home
    "\x9b31m",  # 8-bit CSI
    "\x1bP+q544e\x1b\\",  # DCS request
    "\x1b_hidden\x1b\\",  # APC
    "\x1b[?1049h",  # alternate screen
    "\x1b]52;c;",  # unterminated OSC
    "\x1b[38;2;255;0;0",  # unterminated CSI
    "\x00\x07\x08\x7f\x85\x90\x9c\x9d",
]
MARKUP = ["[/]", "[bold", "[link=https://x]y", "[red]x[/red]", "[@click=app.quit]q[/]", "\\[x]"]
BIDI = ["\u202eevil\u202c", "\u2066iso\u2069", "שלום עולם", "مرحبا بالعالم", "a\u200fb"]
ZERO_WIDTH = ["👩\u200d👩\u200d👧\u200d👦", "a\u200bb", "\ufeffbom", "क्‍ष"]
ZALGO = ["Z̷̨̛̖̰͓a̸̧̛̤l̴̢̛g̶̨̛o̵̧̢"]
NUMBERS = ["1e308", "-0", "99999999999999999999999999999", "NaN", "0x1F", "1,000,000.00"]
QUOTES = ["'", '"', "“”‘’", "«»", "\"'\"'", "`"]
YAMLISH = [
    "NO",
    "yes",
    "null",
    "~",
    "1e3",
    "2024-01-02",
    "@x",
    "*x",
    "&a",
    "!!python/object",
    "a\u0085b",
]

ALL = ESCAPES + MARKUP + BIDI + ZERO_WIDTH + ZALGO + NUMBERS + QUOTES + YAMLISH
