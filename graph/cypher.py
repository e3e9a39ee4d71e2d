"""Cypher text: the one check that stands between a name and the query text.

Part of the core model: stores, the query library and exports all take
labels and relationship types through :func:`ident`; values always travel
as parameters.
"""

from __future__ import annotations

import re

from partygraph.errors import StoreError

IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def ident(name: str) -> str:
    """A label or relationship type, checked: the only thing ever written into
    Cypher text; every value travels as a parameter.

    >>> ident("Party")
    'Party'
    >>> ident("Party) DETACH DELETE (n")
    Traceback (most recent call last):
    ...
    partygraph.errors.StoreError: not a valid label or type: 'Party) DETACH DELETE (n'
    """
    if not isinstance(name, str) or not IDENT.match(name):
        raise StoreError(f"not a valid label or type: {name!r}")
    return name
