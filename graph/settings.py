"""Settings: read once, at the command line or API boundary, into one object.

Nothing below reads the environment: the engine, the stores and the graph
home are handed what they need. Every variable is checked here, so a bad
value is a usage error naming the variable and the fix, not a traceback.

>>> s = Settings.from_env({"PARTYGRAPH_HEAP": "2g", "PARTYGRAPH_JVM_CACHE": "off"})
>>> s.heap, s.class_cache
('2g', False)
>>> Settings.from_env({"PARTYGRAPH_HEAP": "abc"})
Traceback (most recent call last):
...
partygraph.errors.UsageError: PARTYGRAPH_HEAP='abc' is not a heap size
  fix: give a size such as 2g or 1500m, or unset PARTYGRAPH_HEAP
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from partygraph.errors import StoreError, UsageError

HEAP_RE = re.compile(r"^[1-9][0-9]*[mMgG]$")
OFF = ("off", "0", "no", "false")


@dataclass(frozen=True)
class Settings:
    """What the environment says, checked. ``db`` is ``PARTYGRAPH_DB``; ``heap``,
    ``PARTYGRAPH_HEAP``; ``class_cache``, ``PARTYGRAPH_JVM_CACHE``; ``cache_root``,
    ``$XDG_CACHE_HOME/partygraph``; ``query_timeout``, ``PARTYGRAPH_QUERY_TIMEOUT``;
    ``bolt_password``, ``PARTYGRAPH_BOLT_PASSWORD``; ``neo4j_*``, the ``NEO4J_*``."""

    db: Path | None = None
    heap: str | None = None
    class_cache: bool = True
    cache_root: Path = Path.home() / ".cache" / "partygraph"
    query_timeout: float | None = None
    bolt_password: str | None = None
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings of ``env`` (the process environment by default)."""
        env = os.environ if env is None else env
        heap = env.get("PARTYGRAPH_HEAP") or None
        if heap is not None and not HEAP_RE.match(heap):
            raise UsageError(f"PARTYGRAPH_HEAP={heap!r} is not a heap size",
                             fix="give a size such as 2g or 1500m, or unset PARTYGRAPH_HEAP")
        timeout = env.get("PARTYGRAPH_QUERY_TIMEOUT") or None
        if timeout is not None:
            try:
                timeout = float(timeout)
                if not timeout > 0:
                    raise ValueError
            except ValueError:
                raise UsageError(f"PARTYGRAPH_QUERY_TIMEOUT={timeout!r} is not a number of "
                                 "seconds", fix="give seconds such as 30, or unset it") from None
        cache = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "partygraph"
        return cls(db=Path(env["PARTYGRAPH_DB"]) if env.get("PARTYGRAPH_DB") else None,
                   heap=heap,
                   class_cache=env.get("PARTYGRAPH_JVM_CACHE", "on").lower() not in OFF,
                   cache_root=cache, query_timeout=timeout,
                   bolt_password=env.get("PARTYGRAPH_BOLT_PASSWORD") or None,
                   neo4j_uri=env.get("NEO4J_URI") or None,
                   neo4j_user=env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
                   neo4j_password=env.get("NEO4J_PASSWORD"),
                   neo4j_database=env.get("NEO4J_DATABASE") or None)

    def apply(self) -> Settings:
        """Hand the engine its part (heap, class cache, cache folder); returns itself."""
        from partygraph.store import engine

        engine.configure(heap=self.heap, class_cache=self.class_cache,
                         cache_root=self.cache_root)
        return self

    def neo4j_credentials(self, uri: str | None = None, *, prompt=None):
        """Credentials for a Neo4j (or any Bolt) server; ``prompt(text)`` asks for a
        missing password (never echoed by the CLI)."""
        from partygraph.store.neo4j import Credentials

        uri = uri or self.neo4j_uri
        if not uri:
            raise StoreError("no Neo4j URI", fix="pass --neo4j neo4j://host:7687 or set NEO4J_URI")
        password = self.neo4j_password
        if password is None:
            if prompt is None:
                raise StoreError(f"no password for {self.neo4j_user} at {uri}",
                                 fix="set NEO4J_PASSWORD (it is never printed)")
            password = prompt(f"Password for {self.neo4j_user} at {uri}")
        return Credentials(uri, self.neo4j_user, password, self.neo4j_database)


_pinned: Settings | None = None


def current() -> Settings:
    """The settings in force: those the command line pinned at its start, else the
    environment's as it is now (a notebook may change it between calls), applied."""
    if _pinned is not None:
        return _pinned
    return Settings.from_env().apply()


def use(settings: Settings) -> Settings:
    """Pin ``settings`` for this process (the CLI does, once, at its start)."""
    global _pinned
    _pinned = settings.apply()
    return _pinned


def release() -> None:
    """Unpin: the command is over (a process that goes on, such as a notebook or a test
    session, reads its environment again)."""
    global _pinned
    _pinned = None

