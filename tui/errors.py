"""The project's declared error types: anything else escaping is a bug."""


class BriefError(Exception):
    """Base class for errors that are reported to the user as one line."""


class InputError(BriefError):
    """A file (or stdin) could not be read as news: names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LibraryError(BriefError):
    """The library could not be opened or written."""


class QueryError(BriefError):
    """A search query could not be understood."""


class BriefFileError(BriefError):
    """A brief could not be compiled, read or written safely."""


class SelectionError(BriefError):
    """A selection could not be created, renamed or found (a bad or taken name)."""
