"""One exception tree for the whole package.

    LagebildError                 anything lagebild reports to the user (exit 1)
    ├── InputError                bad usage or bad input: file, URL, option (exit 2)
    │   ├── FetchError            a URL could not be fetched
    │   └── UnsupportedLanguage   text in a language the pipeline does not cover
    └── StoreError                the SQLite store cannot be opened or migrated

Messages are one line: what was attempted, what went wrong, and what to do next.
"""

from __future__ import annotations


class LagebildError(Exception):
    """Base class for every error lagebild reports to the user."""

    exit_code = 1


class InputError(LagebildError):
    """Bad input or usage; the CLI exits with status 2."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}" if source else message)


class FetchError(InputError):
    """A URL could not be fetched (offline, refused, too large, wrong type)."""


class UnsupportedLanguage(InputError):
    """The text is in a language the analysis pipeline does not cover."""


class StoreError(LagebildError):
    """The store could not be opened, migrated or written."""
