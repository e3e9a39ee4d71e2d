"""Words that make another party: names that differ in one ("New", "in" against "of",
"Workers'", "Marxist") are never spelling variants of each other, whatever their score.
The resolver (``build``) and the mention finder (``extract``) both ask here.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

QUALIFIERS = frozenset({
    "new", "united", "unified", "revolutionary", "workers", "communists", "marxist", "leninist",
    "maoist", "left", "socialist", "popular", "peoples", "people", "labor", "democratic",
    "national", "youth", "young", "in", "proletarian", "reconstructed", "refoundation", "free",
    "independent", "progressive", "green", "liberation", "front", "movement", "league", "union",
    "communist"})


def kept_apart(a: str, b: str) -> bool:
    """Whether two normalized names differ in a word that makes another party ("New",
    "in" vs "of", "Workers'"), so no spelling score may join them.

    >>> kept_apart("new communist party of britain", "communist party of britain")
    True
    >>> kept_apart("communist party in denmark", "communist party of denmark")
    True
    >>> kept_apart("comunist party of spain", "communist party of spain")
    False
    """
    return _qualifiers(a) != _qualifiers(b)


@lru_cache(maxsize=65536)
def _qualifiers(name: str) -> frozenset[str]:
    """The qualifier words of a normalized name, typos allowed ("comunist")."""
    return frozenset(q for word in name.split() if (q := _as_qualifier(word)))


@lru_cache(maxsize=65536)
def _as_qualifier(word: str) -> str | None:
    if word in QUALIFIERS:
        return word
    if len(word) >= 6:
        best = max(QUALIFIERS, key=lambda q: fuzz.ratio(word, q))
        if fuzz.ratio(word, best) >= 88:
            return best
    return None
