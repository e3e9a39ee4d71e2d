"""Every module's doctests, run on the installed package (one namespace, no second copy)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import partygraph
import partygraph.loaders
import partygraph.queries

PACKAGES = (partygraph, partygraph.loaders, partygraph.queries)  # three folders, one namespace
MODULES = sorted({p.__name__ for p in PACKAGES} | {
    m.name for p in PACKAGES for m in pkgutil.walk_packages(p.__path__, p.__name__ + ".")
    if not m.name.endswith("__main__")})


def test_the_package_has_its_modules():
    assert {"partygraph.api", "partygraph.loaders.corpus", "partygraph.queries"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
