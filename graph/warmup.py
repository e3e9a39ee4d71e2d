"""The training run of the runtime's class cache (:mod:`partygraph.store.jvmcache`):
create a small graph, write to it, run every named query, so the cache holds the
classes a typical command loads. Run as ``python -m partygraph.warmup OUTPUT``.

>>> callable(train)
True
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def train(output: Path) -> None:
    """What the cache learns from: create a small graph, write to it, query it."""
    from partygraph.queries import list_queries
    from partygraph.records import Edge, Node
    from partygraph.schema import load_schema
    from partygraph.store.embedded import EmbeddedStore
    from partygraph.store.engine import start_engine

    start_engine(extra=[f"-XX:AOTCacheOutput={output}"])
    with tempfile.TemporaryDirectory() as work:
        store = EmbeddedStore.create(Path(work) / "g", load_schema())
        evidence = {"source": "doc", "quote": "A"}
        store.write([Node("Party", "A"), Node("Conference", "C", props={"year": 1995}),
                     Node("Platform", "P")],
                    [Edge("ATTENDED", "party:a", "conference:c", dict(evidence)),
                     Edge("PART_OF", "conference:c", "platform:p", dict(evidence))])
        store.close()
        store = EmbeddedStore.open(Path(work) / "g")
        for query in list_queries():
            given = {name: "A" for name, p in query.params.items() if p.required}
            query.run(store.run, given)
        store.run("MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS p")
        store.close()


if __name__ == "__main__":
    train(Path(sys.argv[1]))
