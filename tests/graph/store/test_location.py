"""The graph home removes only what it made: the `build --db DIR` data-loss defect."""

from __future__ import annotations

import json
import os

import pytest

from partygraph.errors import HomeNotOwnedError
from partygraph.store.location import MANIFEST, GraphHome
from tests.conftest import SEEDS, run_partygraph, tree_digest


@pytest.mark.parametrize("foreign", ["graph-notes/a.txt", "thesis.txt", "graph-notes"])
def test_build_refuses_a_folder_holding_anything_else_and_deletes_nothing(tmp_path, foreign):
    folder = tmp_path / "x"
    item = folder / foreign
    if foreign.endswith(".txt"):
        item.parent.mkdir(parents=True, exist_ok=True)
        item.write_text("thesis\n")
    else:
        item.mkdir(parents=True)
    before = tree_digest(folder)
    done = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(folder), "-q",
                          cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "partygraph did not make" in done.stderr and "fix:" in done.stderr
    assert foreign.split("/")[0] in done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(folder) == before  # not a file added, changed or removed


def test_a_graph_folder_made_by_hand_beside_the_home_survives_rebuilds(tmp_path):
    home = GraphHome(tmp_path / "db")
    for _ in range(3):
        done = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(home.root), "-q",
                              cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    mine = home.generations()
    assert len(mine) == 2 and home.current().name in mine  # current and previous kept
    assert sorted(p.name for p in home.root.glob("graph-*")) == sorted(mine)


def test_only_recorded_generations_are_removed(tmp_path):
    home = GraphHome(tmp_path / "db")
    first = home.staging()
    first.mkdir()
    home.publish(first)
    stranger = home.root / "graph-20200101T000000-1-1"  # a generation's name, not recorded
    stranger.mkdir()
    (stranger / "configuration.json").write_text("{}")
    for _ in range(3):
        new = home.staging()
        new.mkdir()
        home.publish(new)
    assert stranger.is_dir() and not first.exists()
    assert stranger.name not in home.generations()


def test_an_empty_or_missing_folder_becomes_a_home(tmp_path):
    (tmp_path / "empty").mkdir()
    for root in (tmp_path / "missing" / "db", tmp_path / "empty"):
        home = GraphHome(root)
        home.claim()
        assert json.loads((root / MANIFEST).read_text())["generations"] == []


def test_a_home_made_before_the_manifest_is_adopted(tmp_path):
    root = tmp_path / "db"
    old = root / "graph-20250101T000000-7-7"
    old.mkdir(parents=True)
    (old / "configuration.json").write_text("{}")
    os.symlink(old.name, root / "current")
    (root / "build.lock").write_text("")
    home = GraphHome(root)
    home.claim()
    assert home.generations() == [old.name]


def test_a_file_is_not_a_home(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("mine")
    with pytest.raises(HomeNotOwnedError, match="is a file"):
        GraphHome(path).check_owned()
    assert path.read_text() == "mine"
