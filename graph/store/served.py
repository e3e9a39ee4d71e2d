"""The engine side of ``serve``: the engine's server in a process of its own.

A query the engine cannot stop (one long expression, a procedure that sleeps) is
stopped by ending this process; the serving process (:mod:`partygraph.store.supervisor`)
then starts another on the same copy of the graph. Run as
``python -m partygraph.store.served`` with one JSON line of settings on standard input
(the password never appears in the process list); it reports on the file descriptor
named there, one JSON object a line (``{"ready": ...}``, ``{"overdue": [...]}``,
``{"error": ...}``), and stops when its standard input closes, so it never outlives
the serving process. Ctrl-C is the serving process's to handle, not this one's.

Example settings line::

    {"root": "/tmp/partygraph-serve-x", "password": "...", "query_seconds": 60,
     "grace": 5, "bolt": 0, "http": 0, "channel": 5, "parent": 4242}
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import sys
import threading
from pathlib import Path


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    settings = json.loads(sys.stdin.readline())
    channel = os.fdopen(settings["channel"], "w", buffering=1, encoding="utf-8")
    lock = threading.Lock()

    def send(what: dict) -> None:
        with lock:
            channel.write(json.dumps(what) + "\n")

    from partygraph.store import engine
    from partygraph.store.arcade_server import (
        DATABASE,
        LOOPBACK,
        QueryWatch,
        add_reader,
        limit_queries,
        start_server,
    )

    try:
        server, bolt, http = start_server(
            Path(settings["root"]), host=LOOPBACK, root_password=secrets.token_urlsafe(18),
            bolt_port=settings.get("bolt", 0), http_port=settings.get("http", 0))
        engine.on_stop(server, server.stop)
        server.get_database(DATABASE)
        limit_queries(server, settings["query_seconds"])
        add_reader(server, settings["password"], settings["query_seconds"])
    except Exception as exc:  # noqa: BLE001 - said to the serving process, which says it
        send({"error": str(exc)})
        return 2
    watch = QueryWatch(server, bolt, limit=settings["query_seconds"], grace=settings["grace"],
                       report=lambda clients: send({"overdue": clients})).start()
    send({"ready": True, "bolt": bolt, "http": http})
    sys.stdin.read()  # until the serving process closes it (or ends)
    watch.stop()
    engine.stop_engine()
    if os.getppid() != settings.get("parent"):  # it ended without cleaning up: we do
        shutil.rmtree(settings["root"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
