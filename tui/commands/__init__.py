"""The CLI's subcommands: one module each, with `register(subparsers)`."""
