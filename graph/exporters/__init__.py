"""The export formats: one module per format, found by its name.

``partygraph.exporters.gexf`` is the ``gexf`` format, ``neo4j_admin`` is
``neo4j-admin``. A module offers ``write(G, out, schema) -> list[Path]`` and says
in its first docstring line what the format is for; nothing else registers it.
Modules whose name starts with ``_`` are helpers, not formats.
"""
