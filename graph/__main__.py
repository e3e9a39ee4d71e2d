"""``python -m graph`` runs the ``partygraph`` command."""

from graph.cli import main

if __name__ == "__main__":
    main()
