"""The document loaders, by registration: a new loader is one module in ``loaders/``.

A loader reads one catalogued document into records. It registers itself
with :func:`loader`, naming the catalog kinds it reads (``"*"``: every text
document); :func:`loaders_for` finds the loaders of a document in their
order, after every module of ``partygraph.loaders`` has been imported once.

>>> [entry.name for entry in loaders_for_kind("report")]
['lists']
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

ANY = "*"


@dataclass(frozen=True)
class Loader:
    """A registered loader: ``load(document, resolver) -> Batch``."""

    name: str
    load: Callable
    kinds: tuple[str, ...] = (ANY,)
    order: int = 50  # lower runs first

    def reads(self, kind: str | None) -> bool:
        return ANY in self.kinds if kind is None else (kind in self.kinds or (
            ANY in self.kinds and kind not in EXCLUSIVE))


LOADERS: dict[str, Loader] = {}
EXCLUSIVE: set[str] = set()  # kinds that only their own loaders read (tables, not text)
_found = False


def loader(name: str, *, kinds: tuple[str, ...] = (ANY,), order: int = 50,
           exclusive: bool = False):
    """Register the decorated ``load(document, resolver)`` under ``name``. With
    ``exclusive``, documents of ``kinds`` are read by this loader alone (a table
    is not searched for lists)."""
    def register(load: Callable) -> Callable:
        LOADERS[name] = Loader(name, load, tuple(kinds), order)
        if exclusive:
            EXCLUSIVE.update(k for k in kinds if k != ANY)
        return load
    return register


def discover() -> None:
    """Import every module of the loaders package once, so each registers itself."""
    global _found
    if _found:
        return
    import partygraph.loaders as package

    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{module.name}")
    _found = True


def loaders_for_kind(kind: str | None) -> list[Loader]:
    """The loaders that read a document of this catalog ``kind``, in order."""
    discover()
    return sorted((entry for entry in LOADERS.values() if entry.reads(kind)),
                  key=lambda entry: (entry.order, entry.name))


def loaders_for(document) -> list[Loader]:
    """The loaders of a catalogued document."""
    return loaders_for_kind(getattr(document, "kind", None))
