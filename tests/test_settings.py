"""Settings are read once, at the boundary, and checked there."""

from __future__ import annotations

import re

import pytest

from partygraph.errors import UsageError
from partygraph.settings import Settings
from tests.conftest import PARTYGRAPH, user_env
from tests.test_layers import MODULES

# the one variable read below the boundary: the engine wrapper's own crash-log setting,
# which the engine sets for the runtime's start and takes back
READS_ENV = re.compile(r"os\.environ|os\.getenv|getenv\(")
ALLOWED = {"partygraph.settings", "partygraph.store.engine"}


@pytest.mark.parametrize(("variable", "value", "said"), [
    ("PARTYGRAPH_HEAP", "abc", "is not a heap size"),
    ("PARTYGRAPH_HEAP", "0g", "is not a heap size"),
    ("PARTYGRAPH_QUERY_TIMEOUT", "soon", "is not a number of seconds"),
    ("PARTYGRAPH_QUERY_TIMEOUT", "-1", "is not a number of seconds"),
])
def test_a_bad_variable_is_a_usage_error_naming_it(variable, value, said):
    with pytest.raises(UsageError, match=said) as caught:
        Settings.from_env({variable: value})
    assert variable in str(caught.value) and caught.value.fix


def test_the_command_says_which_variable_is_wrong_and_exits_2(tmp_path):
    import subprocess

    done = subprocess.run([PARTYGRAPH, "where"], capture_output=True, text=True, cwd=tmp_path,
                          env={**user_env(), "PARTYGRAPH_HEAP": "abc"}, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "PARTYGRAPH_HEAP='abc'" in done.stderr and "fix:" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_variable_has_its_setting():
    s = Settings.from_env({"PARTYGRAPH_DB": "/g", "PARTYGRAPH_JVM_CACHE": "0",
                           "XDG_CACHE_HOME": "/c", "PARTYGRAPH_QUERY_TIMEOUT": "2.5",
                           "PARTYGRAPH_BOLT_PASSWORD": "pw", "NEO4J_URI": "bolt://h:7687",
                           "NEO4J_USERNAME": "me", "NEO4J_PASSWORD": "x", "NEO4J_DATABASE": "d"})
    assert (str(s.db), s.class_cache, str(s.cache_root), s.query_timeout) == \
        ("/g", False, "/c/partygraph", 2.5)
    credentials = s.neo4j_credentials()
    assert (credentials.uri, credentials.user, credentials.database) == ("bolt://h:7687", "me", "d")
    assert "x" not in repr(credentials)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_nothing_below_the_boundary_reads_the_environment(name):
    if name in ALLOWED:
        return
    assert not READS_ENV.search(MODULES[name].read_text(encoding="utf-8")), name
