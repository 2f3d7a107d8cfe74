"""`python -m tui` is the same as the `brief` command."""

from tui.cli import main

raise SystemExit(main())
