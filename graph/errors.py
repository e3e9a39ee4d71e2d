"""One exception base for partygraph.

Every error that a user can cause names where it happened (file, line) and
how to fix it, so the CLI can print it and exit with status 2.

>>> err = InputError("unknown label 'Partie'", file="seeds/facts/x.yaml", line=12,
...                  fix="use one of: Party, Conference")
>>> print(err)
seeds/facts/x.yaml:12: unknown label 'Partie'
  fix: use one of: Party, Conference
"""

from __future__ import annotations

from pathlib import Path


class PartygraphError(Exception):
    """Base of every error partygraph raises on purpose.

    >>> str(PartygraphError("no graph yet", fix="run `partygraph build`"))
    'no graph yet\\n  fix: run `partygraph build`'
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        fix: str | None = None,
    ):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """``file:line``, ``file`` or an empty string."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class SchemaError(PartygraphError):
    """The schema file itself is malformed."""


class InputError(PartygraphError):
    """A source document, catalog, alias or fact file is wrong."""


class QuoteNotFoundError(InputError):
    """A quote does not occur, byte for byte, in the document it cites."""


class ValidationError(InputError):
    """A record breaks the schema (label, type, property, endpoint)."""


class UsageError(PartygraphError):
    """A command line choice that does not exist (an unknown format, role or option value)."""


class StoreError(PartygraphError):
    """The database could not be opened, written or queried."""


class QueryError(PartygraphError):
    """A Cypher query is malformed, unknown, or missing parameters."""


class ReadOnlyError(QueryError):
    """A query would write while the store was opened read-only."""


class BuildLockedError(PartygraphError):
    """Another build is writing the same database directory."""


class HomeNotOwnedError(StoreError):
    """A ``--db`` folder holds files that partygraph did not make."""
