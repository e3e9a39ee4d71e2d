"""The notebooks run top to bottom on the seed graph (nbclient, a real kernel)."""

import os

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_both_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["centrality.ipynb", "explore.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, seed_home, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "notebooks are stored without outputs"
    monkeypatch.setenv("PARTYGRAPH_DB", str(seed_home.root))
    monkeypatch.setenv("MPLBACKEND", "agg")
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=dict(os.environ))
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert any(o.get("data", {}).get("text/html", "").startswith("<iframe srcdoc=")
               for c in notebook.cells for o in c.get("outputs", []))
