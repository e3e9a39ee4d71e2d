"""``python -m partygraph`` runs the ``partygraph`` command."""

from partygraph.cli import main

if __name__ == "__main__":
    main()
