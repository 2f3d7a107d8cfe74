"""Output helpers shared by the subcommands: JSON Lines out, one-line errors."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def emit_json(obj: Any) -> None:
    """One JSON object per line on stdout, UTF-8."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def warn(message: str) -> None:
    """One line on stderr, never more: newlines in it are folded."""
    sys.stderr.write("brief: " + " ".join(message.split()) + "\n")
