"""Short commands on the ArcadeDB native build (``arcadedb``, the engine compiled by GraalVM
native-image and loaded with ctypes) against the JVM build partygraph runs today
(``arcadedb-embedded``, a bundled Java runtime through JPype), on the seed graph.

Each measurement is one fresh process, repeated (5 times unless ``--repeats``), the two
engines alternating run by run, with the load average recorded before each run:

(a) importing the engine module; (b) import + opening the graph read-only; (c) import + open
+ one named query (its look-ups and its final statement: the same Cypher text and parameters
on both) with its rows read; (d) the peak RSS of (c); (e) ``partygraph query --name ...`` end
to end (the JVM path, for comparison). The JVM side opens the graph the way ``partygraph
query`` does (``EmbeddedStore``, the first compiler tier, and the runtime's class cache, made
afresh for the run in a scratch cache folder; whether the runtime takes the user's own cache
is reported too); (c) is also run without the class cache, and a long query (a six-hop
count) shows the other end, on the JVM also with every compiler tier. Then every named
query in ``queries/`` (each ``example:`` line, and a few more) runs on both engines and the
rows are compared, and a scratch run checks whether the native build can create and write a
database through the calls partygraph's store makes (DDL scripts, Cypher writes in
transactions, GraphBatch, a server with Bolt).

The native build lives in its own environment (it cannot share one with ``arcadedb-jvm``)::

    python3 -m venv /tmp/native-venv && /tmp/native-venv/bin/pip install --pre arcadedb
    python benchmarks/native_startup.py --native-python /tmp/native-venv/bin/python

Run it with the project's interpreter. It builds the seed graph into a temporary folder
unless ``--home`` names a built graph home, and writes
``benchmarks/results/native_startup.json`` and ``native_startup.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
HEAVY = "MATCH (a)--(b)--(c)--(d)--(e)--(f) RETURN count(*) AS n"
SHAPES = {  # what a node, a relationship and a path come back as
    "node": "MATCH (p:Party) RETURN p ORDER BY p.id LIMIT 1",
    "relationship": "MATCH (:Party)-[r:ATTENDED]->(:Conference) RETURN r ORDER BY r.id LIMIT 1",
    "path": "MATCH path = (p:Party)-[:ATTENDED]->(:Conference) RETURN path ORDER BY p.id LIMIT 1",
}
EXTRA_CASES = [("evidence", {"type": "ORGANIZED"}), ("co_attendance", {}),
               ("evidence", {"from": "Workers' Party of Belgium"})]
PASSWORD = "bench-root-pass1"


# --------------------------------------------------------------------------- the child side
# Everything below up to the parent side runs in a fresh process of either interpreter: the
# native environment has only the standard library and ``arcadedb``.

def _plain(rows):
    """Rows as JSON values, so the two engines' answers compare (and travel) as data."""
    return json.loads(json.dumps(rows, default=str, sort_keys=True))


class _Native:
    name = "native"

    def __init__(self, spec: dict):
        import arcadedb

        self.module = arcadedb

    def open(self, path: str, read_only: bool = True) -> None:
        self.db = self.module.open_database(path, read_only=read_only)

    def run(self, cypher: str, params: dict | None = None) -> list:
        args = (params,) if params else ()
        return self.db.query("opencypher", cypher, *args).to_list()

    def close(self) -> None:
        self.db.close()


class _Jvm:
    """The JVM engine as ``partygraph query`` drives it."""

    name = "jvm"

    def __init__(self, spec: dict):
        import arcadedb_embedded  # noqa: F401 - the engine module itself, timed with the store's

        from partygraph.store import engine
        from partygraph.store.embedded import EmbeddedStore

        self.engine, self.store_class = engine, EmbeddedStore
        engine.configure(class_cache=spec.get("class_cache", True),
                         cache_root=spec.get("cache_root"))
        if spec.get("quick", True):
            engine.quick_start()  # as `partygraph query` does: the first compiler tier only

    def start(self) -> None:
        self.engine.start_engine()

    def open(self, path: str, read_only: bool = True) -> None:
        self.store = self.store_class.open(path, read_only=read_only)

    def run(self, cypher: str, params: dict | None = None) -> list:
        return self.store.run(cypher, params or None)

    def close(self) -> None:
        self.store.close()


def _timed_child(kind: str, action: str, spec: dict, started: float) -> dict:
    """Import, open, run and close, each step timed; what (a), (b), (c) and the long query use."""
    steps: dict[str, float] = {}
    mark = started
    if action == "import":
        __import__("arcadedb" if kind == "native" else "arcadedb_embedded")
        steps["import"] = time.perf_counter() - mark
    else:
        engine = (_Native if kind == "native" else _Jvm)(spec)
        now = time.perf_counter()
        steps["import"], mark = now - mark, now
        if hasattr(engine, "start"):
            engine.start()
            now = time.perf_counter()
            steps["runtime start"], mark = now - mark, now
        engine.open(spec["graph"])
        now = time.perf_counter()
        steps["open"], mark = now - mark, now
        rows: list = []
        for statement in spec.get("statements", []):
            rows = engine.run(statement["cypher"], statement["params"])
        if spec.get("statements"):
            now = time.perf_counter()
            steps["query"], mark = now - mark, now
        engine.close()
        now = time.perf_counter()
        steps["close"] = now - mark
        answer = json.dumps(_plain(rows), sort_keys=True).encode()
        steps_rows = {"rows": len(rows), "rows_sha1": hashlib.sha1(answer).hexdigest()[:12]}
    out = {"steps": {k: round(v, 4) for k, v in steps.items()},
           "in_process": round(time.perf_counter() - started, 4),
           "self_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    if action != "import":
        out.update(steps_rows)
    return out


def _compat_child(kind: str, spec: dict) -> dict:
    """Every statement of ``spec`` on one engine: its rows, or the engine's error text."""
    engine = (_Native if kind == "native" else _Jvm)(spec)
    try:
        engine.open(spec["graph"])
    except Exception as exc:  # noqa: BLE001 - the finding is the message
        return {"open_error": f"{type(exc).__name__}: {exc}"}
    answers = {}
    for key, statement in spec["statements"].items():
        try:
            answers[key] = {"rows": _plain(engine.run(statement["cypher"], statement["params"]))}
        except Exception as exc:  # noqa: BLE001
            answers[key] = {"error": f"{type(exc).__name__}: {str(exc)[:400]}"}
    engine.close()
    return {"answers": answers}


def _prepare_child(spec: dict) -> dict:
    """Each named-query case as the statements ``partygraph query --name`` runs for it (its
    look-ups of names, then the query with the ids found), taken from the JVM engine."""
    from partygraph.queries import get_query
    from partygraph.store import engine
    from partygraph.store.embedded import EmbeddedStore

    engine.configure(cache_root=spec.get("cache_root"))
    store = EmbeddedStore.open(spec["graph"])
    prepared = []
    for name, given in spec["cases"]:
        seen: list[dict] = []

        def run(cypher, params, seen=seen):
            seen.append({"cypher": cypher, "params": dict(params)})
            return store.run(cypher, params)

        query = get_query(name)
        try:
            params = query.prepare(run, dict(given))
            prepared.append({"name": name, "given": given, "lookups": seen,
                             "final": {"cypher": query.cypher, "params": params}})
        except Exception as exc:  # noqa: BLE001
            prepared.append({"name": name, "given": given, "error": str(exc)})
    store.close()
    return {"cases": prepared}


def _check(results: list, capability: str, call, *, detail=None) -> object:
    """Run ``call``; record yes (with ``detail`` of its value) or no (with the error)."""
    try:
        value = call()
    except Exception as exc:  # noqa: BLE001 - the finding is the message
        results.append({"capability": capability, "ok": False,
                        "error": f"{type(exc).__name__}: {str(exc)[:400]}"})
        return None
    results.append({"capability": capability, "ok": True,
                    "detail": detail(value) if detail else None})
    return value


def _refused(results: list, capability: str, call) -> None:
    """Run ``call``, which should fail: yes when the engine refuses it (with its message)."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the engine's message is the finding
        results.append({"capability": capability, "ok": True,
                        "detail": f"{type(exc).__name__}: {str(exc)[:300]}"})
        return
    results.append({"capability": capability, "ok": False, "error": "it was not refused"})


def _caps_child(spec: dict) -> dict:
    """The write paths of partygraph's embedded store, tried on the native build."""
    import arcadedb

    results: list[dict] = []
    path = spec["scratch"]
    db = _check(results, "create_database", lambda: arcadedb.create_database(path))
    if db is None:
        return {"capabilities": results}
    ddl = ["CREATE VERTEX TYPE Party", "CREATE PROPERTY Party.id STRING",
           "CREATE PROPERTY Party.key STRING", "CREATE PROPERTY Party.founded INTEGER",
           "CREATE VERTEX TYPE Country", "CREATE PROPERTY Country.id STRING",
           "CREATE PROPERTY Country.key STRING", "CREATE EDGE TYPE BASED_IN",
           "CREATE EDGE TYPE ATTENDED"]
    _check(results, 'command("sqlscript", schema DDL)',
           lambda: db.command("sqlscript", ";\n".join(ddl)))
    _check(results, "schema types through the Java database (_java_db.getSchema())",
           lambda: db._java_db.getSchema().getTypes())
    _check(results, "schema types through the wrapper (db.schema.get_types())",
           lambda: sorted(str(t.getName()) for t in db.schema.get_types()),
           detail=lambda v: "getName(): " + ", ".join(v))
    _check(results, "Java bridge classes of the JVM wheel (com.arcadedb.python.*, via jpype)",
           lambda: __import__("jpype").JClass("com.arcadedb.python.VertexBatcher"))
    parties = [{"id": f"party:{i}", "key": f"party {i}", "name": f"Party {i}",
                "aliases": [f"P{i}", f"PP{i}"], "founded": 1900 + i} for i in range(50)]

    def cypher_nodes():
        with db.transaction():
            db.command("opencypher", "UNWIND $rows AS row CREATE (n:Party) SET n = row",
                       {"rows": parties})
        return db.query("opencypher", "MATCH (n:Party) RETURN count(n) AS n").to_list()[0]["n"]

    _check(results, 'transaction + command("opencypher", UNWIND ... CREATE ... SET n = row)',
           cypher_nodes, detail=lambda n: f"{n} Party nodes")

    def failed_transaction():
        try:
            with db.transaction():
                db.command("opencypher", "CREATE (n:Party {id: 'party:rolled-back'})")
                raise RuntimeError("stop")
        except RuntimeError:
            pass
        return (db.is_transaction_active(), db.query(
            "opencypher", "MATCH (n:Party {id: 'party:rolled-back'}) RETURN n").to_list())

    _check(results, "rollback when the transaction block raises", failed_transaction,
           detail=lambda v: f"transaction active after: {v[0]}, rolled-back rows: {len(v[1])}")
    indexes = ["CREATE INDEX ON Party (id) UNIQUE", "CREATE INDEX ON Party (key) NOTUNIQUE",
               "CREATE INDEX ON Party (founded) NOTUNIQUE NULL_STRATEGY SKIP",
               "CREATE INDEX ON Country (id) UNIQUE", "CREATE INDEX ON Country (key) NOTUNIQUE"]
    _check(results, 'command("sqlscript", indexes incl. NULL_STRATEGY SKIP)',
           lambda: db.command("sqlscript", ";\n".join(indexes)))

    def bulk():
        batch = db.graph_batch(expected_edge_count=60, parallel_flush=True)
        countries = [{"id": f"country:{i}", "key": f"country {i}", "name": f"Country {i}",
                      "aliases": [f"C{i}"]} for i in range(10)]
        rids = batch.create_vertices("Country", countries)
        party_rids = [row["rid"] for row in db.query(
            "sql", "SELECT @rid AS rid FROM Party ORDER BY id").to_list()]
        rows = [{"id": f"rel:{i}", "source": "bench", "quote": f"quote {i}", "line": i}
                for i in range(len(party_rids))]
        batch.new_edges(party_rids, "BASED_IN", [rids[i % len(rids)] for i in
                                                   range(len(party_rids))], rows)
        batch.close()
        return rids[:2], db.query("opencypher", "MATCH (:Party)-[r:BASED_IN]->(c:Country) "
                                  "RETURN count(r) AS n, collect(DISTINCT c.aliases)[0] AS a"
                                  ).to_list()[0]

    _check(results, "graph_batch(expected_edge_count, parallel_flush) + create_vertices + "
           "new_edges + close", bulk,
           detail=lambda v: f"record ids {v[0]} (text), {v[1]['n']} edges read back")

    def cypher_edges():
        rows = [{"start": "party:1", "end": "country:2", "props": {"id": "rel:x", "role": "host"}}]
        with db.transaction():
            db.command("opencypher", "UNWIND $rows AS row MATCH (a:Party {id: row.start}) "
                       "MATCH (b:Country {id: row.end}) CREATE (a)-[r:ATTENDED]->(b) "
                       "SET r = row.props", {"rows": rows})
        return db.query("opencypher", "MATCH ()-[r:ATTENDED]->() RETURN r.role AS role"
                        ).to_list()

    _check(results, "transaction + command(UNWIND ... MATCH ... CREATE relationship)",
           cypher_edges, detail=lambda v: json.dumps(v))
    _refused(results, "query() refuses a writing clause",
             lambda: db.query("opencypher", "CREATE (n:Party {id: 'party:q'})").to_list())
    db.close()

    ro = arcadedb.open_database(path, read_only=True)

    def write_read_only():
        with ro.transaction():
            ro.command("opencypher", "CREATE (n:Party {id: 'party:ro'})")

    _refused(results, "a write on a database opened read-only is refused", write_read_only)
    _check(results, "per-database command timeout on a read-only database "
           "(ALTER DATABASE `arcadedb.command.timeout`)",
           lambda: ro.command("sql", "ALTER DATABASE `arcadedb.command.timeout` 500"))
    ro.close()

    def write_on_copy():
        # what `partygraph query --write` does: a copy of the published generation, written
        copy = spec["copy"]
        shutil.copytree(spec["graph"], copy)
        rw = arcadedb.open_database(copy, read_only=False)
        with rw.transaction():
            rw.command("opencypher", "MATCH (p:Party {id: $id}) SET p.note = $note",
                       {"id": spec["party_id"], "note": "written by the native build"})
        rw.close()
        return copy

    _check(results, "write a copy of the graph the JVM engine built", write_on_copy)
    return {"capabilities": results}


def _serve_child(spec: dict) -> None:
    """The engine's server with its Bolt plugin on loopback, until stdin closes."""
    import socket

    import arcadedb

    def free() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    bolt, http = free(), free()
    server = arcadedb.create_server(spec["root"], root_password=PASSWORD, config={
        "host": "127.0.0.1", "http_port": http, "mode": "test",
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": bolt,
        "server_defaultDatabaseMode": "READ_WRITE"})
    started = time.perf_counter()
    try:
        server.start()
        server.get_database("partygraph")
    except Exception as exc:  # noqa: BLE001
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
        return
    print(json.dumps({"bolt": bolt, "http": http,
                      "start_s": round(time.perf_counter() - started, 3),
                      "java_server": hasattr(server, "_java_server")}), flush=True)
    sys.stdin.read()
    server.stop()


def _timeout_child(spec: dict) -> dict:
    """The long query under a process-wide command timeout (an isolate option)."""
    engine = _Native(spec)
    engine.open(spec["graph"])
    started = time.perf_counter()
    try:
        rows = engine.run(HEAVY)
        out = {"stopped": False, "rows": rows}
    except Exception as exc:  # noqa: BLE001
        out = {"stopped": True, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    out["seconds"] = round(time.perf_counter() - started, 3)
    engine.close()
    return out


def _coexist_child(spec: dict) -> dict:
    """Both builds' modules in one process (the JVM wheel's folder on PYTHONPATH), each
    engine opening the graph: what running the two side by side would take."""
    import arcadedb
    import arcadedb_embedded
    import jpype
    from arcadedb_embedded.jvm import start_jvm

    native = arcadedb.open_database(spec["graph"], read_only=True)
    counted = {"native": native.query("opencypher", spec["cypher"]).to_list()}
    start_jvm(heap_size="1g")
    factory = jpype.JClass("com.arcadedb.database.DatabaseFactory")(spec["copy"])
    mode = jpype.JClass("com.arcadedb.engine.ComponentFile$MODE").READ_ONLY
    jvm = arcadedb_embedded.Database(factory.open(mode))
    counted["jvm"] = jvm.query("opencypher", spec["cypher"]).to_list()
    jvm.close()
    native.close()
    return {"backend": arcadedb.__backend__, "counted": counted}


def _aot_probe_child(spec: dict) -> dict:
    """Whether the runtime takes the class cache under ``cache_root``, started with the
    flags ``partygraph query`` gives it, and the runtime's own reason when it does not."""
    from arcadedb_embedded.jvm import start_jvm

    from partygraph.store import engine, jvmcache

    root = Path(spec["cache_root"])
    path = jvmcache.cache_path(root)
    if not path.is_file():
        return {"cache": str(path), "state": "missing"}
    log = Path(spec["log"])
    start_jvm(heap_size="1g", jvm_args=[
        f"-Djava.util.logging.config.file={engine.LOG_CONFIG}", *jvmcache.jvm_args(root),
        "-XX:TieredStopAtLevel=1", f"-Xlog:aot=info:file={log}"])
    text = log.read_text() if log.exists() else ""
    errors = [line.split("] ", 1)[-1] for line in text.splitlines() if "[error" in line]
    import arcadedb_embedded

    jars = max(p.stat().st_mtime for p in
               (Path(arcadedb_embedded.__file__).parent / "jars").glob("*.jar"))
    return {"cache": str(path), "state": "rejected" if errors else
            "accepted" if "Opened AOT cache" in text else "unknown", "errors": errors,
            "cache_older_than_jars": path.stat().st_mtime < jars,
            "cache_made": time.strftime("%Y-%m-%d %H:%M", time.gmtime(path.stat().st_mtime)),
            "jars_installed": time.strftime("%Y-%m-%d %H:%M", time.gmtime(jars))}


def child(kind: str, action: str, spec_file: str) -> None:
    started = time.perf_counter()
    spec = json.loads(Path(spec_file).read_text())
    if action == "serve":
        _serve_child(spec)
        return
    if action in ("import", "open", "query"):
        out = _timed_child(kind, action, spec, started)
    elif action == "compat":
        out = _compat_child(kind, spec)
    elif action == "prepare":
        out = _prepare_child(spec)
    elif action == "caps":
        out = _caps_child(spec)
    elif action == "timeout":
        out = _timeout_child(spec)
    elif action == "coexist":
        out = _coexist_child(spec)
    elif action == "aot":
        out = _aot_probe_child(spec)
    else:
        raise SystemExit(f"unknown action {action}")
    print("\n" + json.dumps(out))


# --------------------------------------------------------------------------- the parent side

class Bench:
    def __init__(self, args, scratch: Path):
        self.args = args
        self.scratch = scratch
        self.pythons = {"native": args.native_python, "jvm": args.jvm_python,
                        "jvm-nocache": args.jvm_python, "jvm-full": args.jvm_python}
        self.runs: list[dict] = []
        self._specs = 0

    def spec(self, **content) -> str:
        content.setdefault("cache_root", str(self.scratch / "xdg" / "partygraph"))
        self._specs += 1
        path = self.scratch / f"spec-{self._specs}.json"
        path.write_text(json.dumps(content))
        return str(path)

    def env(self, kind: str, extra: dict | None = None) -> dict:
        env = dict(os.environ)
        if kind == "native":
            env["ARCADEDB_LOG_CONSOLE"] = "0"  # the engine's INFO lines off the terminal
        else:  # the JVM's class cache made for this run (`partygraph query` reads it too)
            env["XDG_CACHE_HOME"] = str(self.scratch / "xdg")
        env.update(extra or {})
        return env

    def process(self, command: list[str], env: dict) -> dict:
        """Run one process to its end: wall time, exit status, peak RSS (its own, from
        wait4), output, and the load average before and after."""
        out_file = self.scratch / "out.txt"
        err_file = self.scratch / "err.txt"
        load = os.getloadavg()
        with open(out_file, "w") as out, open(err_file, "w") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                    env=env, cwd=self.scratch)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        return {"wall": round(wall, 4), "rc": proc.returncode,
                "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
                "load_before": [round(x, 2) for x in load],
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "stdout": out_file.read_text(), "stderr": err_file.read_text()}

    def worker(self, kind: str, action: str, spec: str, env_extra: dict | None = None) -> dict:
        engine = "native" if kind == "native" else "jvm"
        done = self.process([self.pythons[kind], str(Path(__file__).resolve()), "--worker",
                             engine, action, spec], self.env(kind, env_extra))
        lines = done["stdout"].strip().splitlines()
        try:
            done["result"] = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            done["result"] = None
            done["error"] = (done["stderr"] or done["stdout"])[-1500:]
        return done

    def timed(self, measurement: str, kind: str, action: str, spec: str, repeat: int) -> None:
        done = self.worker(kind, action, spec)
        record = {"measurement": measurement, "engine": kind, "repeat": repeat,
                  **{k: done[k] for k in ("wall", "rc", "maxrss_mb", "load_before",
                                          "load_after")}}
        if done.get("result"):
            record.update(done["result"])
        else:
            record["error"] = done.get("error")
        self.runs.append(record)
        print(f"  {measurement:<28} {kind:<12} #{repeat}: wall {done['wall']:.3f} s, "
              f"rss {done['maxrss_mb']} MB, load {done['load_before'][0]}", flush=True)

    def cli(self, repeat: int, case: tuple[str, dict]) -> list | None:
        name, given = case
        command = [str(Path(self.args.jvm_python).parent / "partygraph"), "query", "--db",
                   str(self.args.home), "--name", name, "--format", "json"]
        for key, value in given.items():
            command += ["--param", f"{key}={value}"]
        done = self.process(command, self.env("jvm"))
        record = {"measurement": "e: partygraph query (CLI)", "engine": "jvm", "repeat": repeat,
                  **{k: done[k] for k in ("wall", "rc", "maxrss_mb", "load_before",
                                          "load_after")}}
        rows = None
        try:
            rows = json.loads(done["stdout"])
            record["rows"] = len(rows)
        except json.JSONDecodeError:
            record["error"] = done["stderr"][-800:]
        self.runs.append(record)
        print(f"  {'e: partygraph query (CLI)':<28} {'jvm':<12} #{repeat}: wall "
              f"{done['wall']:.3f} s, rss {done['maxrss_mb']} MB, "
              f"load {done['load_before'][0]}", flush=True)
        return rows


def parse_examples() -> list[tuple[str, dict]]:
    """The ``example:`` lines of every named query, as (name, parameters)."""
    from partygraph.cli.output import parse_params
    from partygraph.queries import list_queries

    cases = []
    for query in list_queries():
        for example in query.examples:
            words = shlex.split(example)
            pairs = [words[i + 1] for i, w in enumerate(words) if w in ("--param", "-p")]
            cases.append((query.name, parse_params(pairs)))
    for case in EXTRA_CASES:
        if case not in cases:
            cases.append(case)
    return cases


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha1()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compare(native: dict, jvm: dict) -> dict:
    if "error" in native or "error" in jvm:
        return {"verdict": "fails", "native_error": native.get("error"),
                "jvm_error": jvm.get("error")}
    a, b = native["rows"], jvm["rows"]
    if a == b:
        return {"verdict": "same rows, same order", "rows": len(a)}
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    if key(a) == key(b):
        return {"verdict": "same rows, other order", "rows": len(a)}
    return {"verdict": "differ", "native_rows": len(a), "jvm_rows": len(b),
            "native_first": a[:1], "jvm_first": b[:1]}


def summarize(runs: list[dict]) -> list[dict]:
    table = []
    keys = sorted({(r["measurement"], r["engine"]) for r in runs})
    for measurement, engine in keys:
        done = [r for r in runs if r["measurement"] == measurement and r["engine"] == engine
                and r["rc"] == 0 and "error" not in r]
        if not done:
            table.append({"measurement": measurement, "engine": engine, "runs": 0})
            continue
        row = {"measurement": measurement, "engine": engine, "runs": len(done),
               "failed": sum(1 for r in runs if r["measurement"] == measurement
                             and r["engine"] == engine) - len(done),
               "load_1min": [min(r["load_before"][0] for r in done),
                             max(r["load_before"][0] for r in done)]}
        for field, values in (("wall_s", [r["wall"] for r in done]),
                              ("in_process_s", [r["in_process"] for r in done
                                                if "in_process" in r]),
                              ("maxrss_mb", [r["maxrss_mb"] for r in done])):
            if values:
                row[field] = {"median": round(statistics.median(values), 3),
                              "min": round(min(values), 3), "max": round(max(values), 3)}
        steps = [r["steps"] for r in done if "steps" in r]
        if steps:
            row["steps_median_s"] = {k: round(statistics.median(s[k] for s in steps), 4)
                                     for k in steps[0]}
        table.append(row)
    return table


def java_ties() -> dict[str, int]:
    """Lines of partygraph's store that reach into JPype or the JVM wheel's Java objects."""
    ties = {}
    for path in sorted((ROOT / "graph" / "store").glob("*.py")):
        text = path.read_text()
        count = sum(1 for line in text.splitlines() if "jpype" in line or "_java_" in line)
        if count:
            ties[f"graph/store/{path.name}"] = count
    return ties


def bolt_check(bench: Bench, graph: Path) -> list[dict]:
    """The native server with its Bolt plugin, asked through the official driver."""
    results = []
    root = bench.scratch / "serve"
    shutil.copytree(graph, root / "databases" / "partygraph")
    spec = bench.spec(root=str(root))
    proc = subprocess.Popen([bench.pythons["native"], str(Path(__file__).resolve()),
                             "--worker", "native", "serve", spec], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=bench.env("native"), cwd=bench.scratch)
    try:
        line = proc.stdout.readline()
        ready = json.loads(line) if line.strip() else {"error": proc.stderr.read()[-800:]}
        if "error" in ready:
            results.append({"capability": "server with the Bolt plugin", "ok": False,
                            "error": ready["error"]})
            return results
        results.append({"capability": "server with the Bolt plugin starts", "ok": True,
                        "detail": f"started in {ready['start_s']} s"})
        results.append({"capability": "server's Java object (_java_server: security, "
                        "per-database timeout, running queries)", "ok": ready["java_server"],
                        **({} if ready["java_server"] else {
                            "error": "the native server object has no _java_server"})})
        try:
            import neo4j

            uri = f"bolt://127.0.0.1:{ready['bolt']}"
            with neo4j.GraphDatabase.driver(uri, auth=("root", PASSWORD)) as driver, \
                    driver.session(database="partygraph") as session:
                count = session.run("MATCH (p:Party) RETURN count(p) AS n").single()["n"]
            results.append({"capability": "Bolt query through the neo4j driver", "ok": True,
                            "detail": f"{count} parties"})
        except Exception as exc:  # noqa: BLE001
            results.append({"capability": "Bolt query through the neo4j driver", "ok": False,
                            "error": f"{type(exc).__name__}: {exc}"})
        results.append(http_user(ready["http"]))
    finally:
        if proc.poll() is None:
            proc.stdin.close()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return results


def http_user(port: int) -> dict:
    """A reader account made through the server's HTTP API (the JVM path uses Java)."""
    import base64
    import urllib.request

    user = {"name": "reader", "password": "bench-reader-pass1",
            "databases": {"partygraph": ["reader"]}}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/server",
        data=json.dumps({"command": f"create user {json.dumps(user)}"}).encode(),
        headers={"Authorization": "Basic " + base64.b64encode(
            f"root:{PASSWORD}".encode()).decode(), "Content-Type": "application/json"})
    name = "account made through the HTTP API (`create user`)"
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            return {"capability": name, "ok": True, "detail": reply.read().decode()[:200]}
    except Exception as exc:  # noqa: BLE001
        return {"capability": name, "ok": False, "error": f"{type(exc).__name__}: {exc}"}


def run(args) -> dict:
    from partygraph.store.location import find_home

    scratch = Path(tempfile.mkdtemp(prefix="native-startup-"))
    bench = Bench(args, scratch)
    if args.home is None:
        args.home = scratch / "seedgraph"
        subprocess.run([str(Path(args.jvm_python).parent / "partygraph"), "build", "--seeds",
                        str(args.seeds), "--db", str(args.home), "-q"], check=True,
                       cwd=scratch)
    graph = find_home(args.home).current()
    if graph is None:
        raise SystemExit(f"no built graph in {args.home}: run partygraph build")
    graph = graph.resolve()
    before = tree_digest(graph)
    print(f"graph: {graph}", flush=True)
    cache_root = scratch / "xdg" / "partygraph"
    print("making the JVM's class cache for this run", flush=True)
    subprocess.run([args.jvm_python, "-c", "import sys; from pathlib import Path; "
                    "from partygraph.store import jvmcache; "
                    "jvmcache.ensure(Path(sys.argv[1]), background=False)", str(cache_root)],
                   check=True, env=bench.env("jvm"), cwd=scratch)
    user_root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "partygraph"
    class_cache = {}
    for label, root in (("made for this run", cache_root), ("the user's", user_root)):
        probe = bench.worker("jvm", "aot", bench.spec(cache_root=str(root), log=str(
            scratch / f"aot-{len(class_cache)}.log")))
        class_cache[label] = probe.get("result") or {"state": "probe failed",
                                                     "errors": [probe.get("error")]}
    print(f"class cache: {json.dumps(class_cache)}", flush=True)

    cases = parse_examples()
    prepared = bench.worker("jvm", "prepare", bench.spec(graph=str(graph), cases=cases))
    prepared = prepared["result"]["cases"]
    chosen = next(c for c in prepared if c["name"] == args.query and "error" not in c)
    statements = [*chosen["lookups"], chosen["final"]]

    # (a)-(d): fresh processes, the engines alternating
    common = {"graph": str(graph), "cache_root": str(cache_root)}
    open_spec = bench.spec(**common)
    query_spec = bench.spec(**common, statements=statements)
    nocache_spec = bench.spec(**common, statements=statements, class_cache=False)
    heavy_spec = bench.spec(**common, statements=[{"cypher": HEAVY, "params": {}}])
    full_spec = bench.spec(**common, statements=[{"cypher": HEAVY, "params": {}}], quick=False)
    plan = [("a: import", "import", open_spec, ("native", "jvm")),
            ("b: import + open", "open", open_spec, ("native", "jvm")),
            ("c: import + open + query", "query", query_spec, ("native", "jvm")),
            ("c2: (c), JVM without class cache", "query", nocache_spec, ("jvm-nocache",))]
    print("warm-up (not counted)", flush=True)
    for kind in ("native", "jvm"):
        bench.worker(kind, "query", query_spec)
    bench.runs.clear()
    cli_rows = None
    for repeat in range(args.repeats):
        for measurement, action, spec, kinds in plan:
            order = kinds if repeat % 2 == 0 else kinds[::-1]
            for kind in order:
                bench.timed(measurement, kind, action, spec, repeat)
        rows = bench.cli(repeat, (chosen["name"], chosen["given"]))
        cli_rows = cli_rows or rows
    for repeat in range(args.heavy_repeats):
        runs = [("native", heavy_spec), ("jvm", heavy_spec), ("jvm-full", full_spec)]
        for kind, spec in (runs if repeat % 2 == 0 else runs[::-1]):
            name = ("f2: (f), JVM with every compiler tier" if kind == "jvm-full"
                    else "f: long query (6-hop count)")
            bench.timed(name, kind, "query", spec, repeat)

    # compatibility: every case on both engines
    print("compatibility", flush=True)
    statements_all = {}
    for number, case in enumerate(prepared):
        if "error" in case:
            continue
        for step, statement in enumerate(case["lookups"]):
            statements_all[f"{number}:lookup{step}"] = statement
        statements_all[f"{number}:final"] = case["final"]
    statements_all["count"] = {"cypher": "MATCH (p:Party) RETURN count(p) AS n", "params": {}}
    shapes = {f"shape:{k}": {"cypher": v, "params": {}} for k, v in SHAPES.items()}
    answers = {}
    for kind in ("native", "jvm"):
        answers[kind] = bench.worker(kind, "compat", bench.spec(
            graph=str(graph), statements={**statements_all, **shapes}))["result"]
    compat = {"open": {k: answers[k].get("open_error", "ok") for k in answers}, "cases": []}
    if all("answers" in answers[k] for k in answers):
        native, jvm = answers["native"]["answers"], answers["jvm"]["answers"]
        for number, case in enumerate(prepared):
            entry = {"name": case["name"], "given": case["given"]}
            if "error" in case:
                entry["verdict"] = f"not prepared: {case['error']}"
            else:
                keys = [k for k in statements_all if k.startswith(f"{number}:")]
                lookups = [compare(native[k], jvm[k]) for k in keys if "lookup" in k]
                entry["lookups"] = len(lookups)
                entry["lookups_same"] = all(c["verdict"].startswith("same") for c in lookups)
                entry.update(compare(native[f"{number}:final"], jvm[f"{number}:final"]))
                if case is chosen and cli_rows is not None:
                    entry["cli_rows_equal_native"] = (cli_rows == native[f"{number}:final"]
                                                      .get("rows"))
            compat["cases"].append(entry)
        compat["count"] = compare(native["count"], jvm["count"])
        compat["shapes"] = {k.split(":")[1]: {"native": native[k], "jvm (partygraph rows)":
                                              jvm[k]} for k in shapes}
    compat["graph_files_unchanged_after_reads"] = tree_digest(graph) == before

    # capabilities: writes on the native build, then the JVM engine reads what it wrote
    print("capabilities", flush=True)
    party_id = "party:communist-party-of-belgium"
    caps_spec = bench.spec(scratch=str(scratch / "native-made"), graph=str(graph),
                           copy=str(scratch / "written-copy"), party_id=party_id)
    caps = bench.worker("native", "caps", caps_spec)
    capabilities = (caps["result"] or {}).get("capabilities") or [
        {"capability": "capability run", "ok": False, "error": caps.get("error")}]
    back = bench.worker("jvm", "compat", bench.spec(graph=str(scratch / "native-made"),
                                                    statements={"parties": {
        "cypher": "MATCH (p:Party) RETURN count(p) AS n", "params": {}}, "edges": {
        "cypher": "MATCH (:Party)-[r:BASED_IN]->(:Country) RETURN count(r) AS n",
        "params": {}}}))
    capabilities.append(_read_back("the JVM engine opens the database the native build made",
                                   back))
    note = bench.worker("jvm", "compat", bench.spec(graph=str(scratch / "written-copy"),
                                                    statements={"note": {
        "cypher": "MATCH (p:Party {id: $id}) RETURN p.note AS note", "params": {
            "id": party_id}}}))
    capabilities.append(_read_back("the JVM engine reads the copy the native build wrote",
                                   note))
    capabilities += bolt_check(bench, graph)
    stopped = bench.worker("native", "timeout", bench.spec(graph=str(graph)), env_extra={
        "ARCADEDB_NATIVE_ISOLATE_ARGS": "-Darcadedb.command.timeout=300"})
    result = stopped.get("result") or {}
    capabilities.append({
        "capability": "process-wide command timeout (ARCADEDB_NATIVE_ISOLATE_ARGS="
                      "-Darcadedb.command.timeout=300)", "ok": bool(result.get("stopped")),
        "detail": f"long query stopped after {result.get('seconds')} s: {result.get('error')}"
        if result.get("stopped") else None,
        **({} if result.get("stopped") else {"error": str(result or stopped.get("error"))})})

    capabilities.append(coexist(bench, graph))
    versions = {}
    for kind, code in (("native", NATIVE_VERSION), ("jvm", JVM_VERSION)):
        probe = subprocess.run([bench.pythons[kind], "-c", code], capture_output=True,
                               text=True, env=bench.env(kind))
        versions[kind] = probe.stdout.strip()
    shutil.rmtree(scratch, ignore_errors=True)
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "platform": sys.platform},
        "versions": versions, "graph": str(graph), "repeats": args.repeats,
        "heavy_repeats": args.heavy_repeats,
        "query": {"name": chosen["name"], "given": chosen["given"],
                  "statements": len(statements)},
        "summary": summarize(bench.runs), "runs": bench.runs, "compatibility": compat,
        "capabilities": capabilities, "java_ties": java_ties(), "class_cache": class_cache,
    }


NATIVE_VERSION = ("import importlib.metadata as m, arcadedb as a; "
                  "print(m.version('arcadedb'), a.ENGINE_VERSION, a.NATIVE_IMAGE, sep='|')")
JVM_VERSION = ("import importlib.metadata as m, pathlib, arcadedb_embedded as a; "
               "jar = next((pathlib.Path(a.__file__).parent / 'jars').glob('arcadedb-engine-*'));"
               "print(m.version('arcadedb-embedded'), jar.stem.split('-')[-1], "
               "'bundled JRE, JPype', sep='|')")


def coexist(bench: Bench, graph: Path) -> dict:
    """The native build with the JVM wheel's folder on its path, both engines in one process."""
    folder = subprocess.run([bench.pythons["jvm"], "-c", "import arcadedb_embedded, pathlib; "
                             "print(pathlib.Path(arcadedb_embedded.__file__).parents[1])"],
                            capture_output=True, text=True).stdout.strip()
    copy = bench.scratch / "coexist-copy"
    shutil.copytree(graph, copy)
    done = bench.worker("native", "coexist", bench.spec(
        graph=str(graph), copy=str(copy), cypher="MATCH (p:Party) RETURN count(p) AS n"),
        env_extra={"PYTHONPATH": folder})
    name = ("`arcadedb` (native) and `arcadedb_embedded` (JVM) import side by side, both "
            "engines open the graph in one process")
    result = done.get("result")
    if not result:
        return {"capability": name, "ok": False, "error": done.get("error")}
    return {"capability": name, "ok": True, "detail": json.dumps(result["counted"])}


def _read_back(capability: str, done: dict) -> dict:
    result = done.get("result") or {}
    if "answers" not in result:
        return {"capability": capability, "ok": False,
                "error": result.get("open_error") or done.get("error")}
    errors = [a["error"] for a in result["answers"].values() if "error" in a]
    if errors:
        return {"capability": capability, "ok": False, "error": errors[0]}
    return {"capability": capability, "ok": True, "detail": json.dumps(
        {k: a["rows"] for k, a in result["answers"].items()})}


# --------------------------------------------------------------------------- the report

def _cell(row: dict | None, field: str, unit: str = "") -> str:
    if not row or field not in row:
        return "-"
    v = row[field]
    return f"{v['median']:g}{unit} ({v['min']:g}-{v['max']:g})"


def markdown(report: dict) -> str:
    by = {(r["measurement"], r["engine"]): r for r in report["summary"]}
    names = sorted({m for m, _ in by}, key=lambda m: (m[0], m.split(":")[0]))
    lines = ["# ArcadeDB native build for short commands", "",
             f"Engines: native `arcadedb` {report['versions'].get('native')}; JVM "
             f"`arcadedb-embedded` {report['versions'].get('jvm')} (package | engine | image). "
             f"Seed graph, {report['machine']['cpus']} cores, Python "
             f"{report['machine']['python']}. Each figure is the median (min-max) of "
             f"{report['repeats']} fresh processes ({report['heavy_repeats']} for the long "
             "query), the engines alternating, after one warm-up run of each. *wall* is the "
             "whole process, interpreter start and exit included; *in-process* is from the "
             "first line of the child to its last. The JVM side opens the graph as "
             "`partygraph query` does (class cache, first compiler tier only) unless the row "
             f"says otherwise. Named query: `{report['query']['name']}` "
             f"{json.dumps(report['query']['given'])}, {report['query']['statements']} "
             "statements (its name look-ups, then the query), the same text and parameters on "
             "both.", "",
             "| measurement | native wall s | native in-process s | JVM wall s | "
             "JVM in-process s | wall JVM/native | load (1 min) |",
             "|---|---|---|---|---|---:|---|"]
    for name in names:
        native = by.get((name, "native"))
        jvm = (by.get((name, "jvm")) or by.get((name, "jvm-nocache"))
               or by.get((name, "jvm-full")))
        ratio, against, label = "-", native, ""
        if against is None and name[0] in "ce":  # the JVM-only rows against native (c)
            against, label = by.get(("c: import + open + query", "native")), " vs native (c)"
        if against is None and name[0] == "f":
            against, label = by.get(("f: long query (6-hop count)", "native")), " vs native (f)"
        if against and jvm and "wall_s" in against and "wall_s" in jvm:
            ratio = f"{jvm['wall_s']['median'] / against['wall_s']['median']:.1f}x{label}"
        loads = [r["load_1min"] for r in (native, jvm) if r and "load_1min" in r]
        load = (f"{min(x[0] for x in loads):.2f}-{max(x[1] for x in loads):.2f}"
                if loads else "-")
        lines.append(f"| {name} | {_cell(native, 'wall_s')} | {_cell(native, 'in_process_s')} "
                     f"| {_cell(jvm, 'wall_s')} | {_cell(jvm, 'in_process_s')} | {ratio} | "
                     f"{load} |")
    query_native = by.get(("c: import + open + query", "native"))
    query_jvm = by.get(("c: import + open + query", "jvm"))
    nocache = by.get(("c2: (c), JVM without class cache", "jvm-nocache"))
    lines += ["", "| d: peak RSS of (c), MB | native | JVM | JVM without class cache |",
              "|---|---|---|---|",
              f"| wait4 ru_maxrss | {_cell(query_native, 'maxrss_mb')} | "
              f"{_cell(query_jvm, 'maxrss_mb')} | {_cell(nocache, 'maxrss_mb')} |", ""]
    lines += ["Median seconds per step of (c):", "",
              "| engine | " + " | ".join(["import", "runtime start", "open", "query", "close"])
              + " |", "|---|---:|---:|---:|---:|---:|"]
    for label, row in (("native", query_native), ("JVM", query_jvm),
                       ("JVM without class cache", nocache)):
        steps = (row or {}).get("steps_median_s", {})
        lines.append(f"| {label} | " + " | ".join(
            str(steps.get(k, "-")) for k in ("import", "runtime start", "open", "query",
                                            "close")) + " |")
    notes = []
    for label, state in report.get("class_cache", {}).items():
        note = f"{label}: {state.get('state')}"
        if state.get("errors"):
            note += f" (the runtime says: {' / '.join(state['errors'])})"
        if state.get("cache_older_than_jars"):
            note += (f"; that cache was made {state['cache_made']} UTC, before the wheel's jars "
                     f"were installed ({state['jars_installed']} UTC), and its name, which "
                     "`jvmcache.cache_path` derives from the versions, jar names and folder, "
                     "stayed the same, so it is still offered and, with the runtime's logging "
                     "off, refused in silence")
        notes.append(note)
    lines += ["", "The JVM's class cache (`partygraph.store.jvmcache`), as the runtime took it "
              "with the flags `partygraph query` gives it: " + "; ".join(notes) + ". The JVM "
              "rows use the cache made for this run."]
    compat = report["compatibility"]
    lines += ["", "## Compatibility", "",
              f"Opening the graph directory the 26.10 JVM engine wrote, read-only: native "
              f"{compat['open']['native']}, JVM {compat['open']['jvm']}; its files unchanged "
              f"after all the reads of both engines: "
              f"{compat['graph_files_unchanged_after_reads']}.", "",
              "| named query | parameters | look-ups same | final rows | verdict |",
              "|---|---|---|---:|---|"]
    for case in compat.get("cases", []):
        rows = case.get("rows", f"{case.get('native_rows')} / {case.get('jvm_rows')}")
        said = case.get("verdict", "")
        if case.get("native_error") or case.get("jvm_error"):
            said += f": native `{case.get('native_error')}`, JVM `{case.get('jvm_error')}`"
        if "cli_rows_equal_native" in case:
            said += (f"; `partygraph query` JSON equals the native rows: "
                        f"{case['cli_rows_equal_native']}")
        lines.append(f"| {case['name']} | `{json.dumps(case['given'])}` | "
                     f"{case.get('lookups_same', '-')} ({case.get('lookups', 0)}) | {rows} | "
                     f"{said} |")
    if "shapes" in compat:
        lines += ["", "What a node, a relationship and a path come back as (native raw rows; "
                  "JVM after partygraph's `values.rows`):", ""]
        for kind, both in compat["shapes"].items():
            lines.append(f"- {kind}: native {_shape(both['native'])}; JVM "
                         f"{_shape(both['jvm (partygraph rows)'])}")
    lines += ["", "## Writing on the native build", "", "| capability | works | detail or error |",
              "|---|---|---|"]
    for cap in report["capabilities"]:
        text = (cap.get("detail") if cap["ok"] else cap.get("error")) or ""
        lines.append(f"| {cap['capability']} | {'yes' if cap['ok'] else 'no'} | "
                     f"{_short(text, 220)} |")
    ties = ", ".join(f"`{k}` {v}" for k, v in report["java_ties"].items())
    lines += ["", f"Lines of partygraph's store that use JPype or the JVM wheel's Java objects "
              f"(`jpype`, `_java_*`): {ties}.", "", "## Verdict", "", verdict(report), ""]
    return "\n".join(lines)


def _shape(answer: dict) -> str:
    """One answer's single value in brief: a map by its keys, anything else as it is."""
    if "rows" not in answer or not answer["rows"]:
        return f"`{_short(answer)}`"
    value = next(iter(answer["rows"][0].values()))
    if isinstance(value, dict):
        inner = {k: sorted(v[0]) if isinstance(v, list) and v and isinstance(v[0], dict)
                 else None for k, v in value.items()}
        keys = ", ".join(k if inner[k] is None else f"{k}: [{{{', '.join(inner[k])}}}]"
                         for k in sorted(value))
        return f"a map with `{_short(keys, 400)}`"
    return f"`{_short(value)}` ({type(value).__name__})"


def _short(value, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = (text or "").replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def verdict(report: dict) -> str:
    by = {(r["measurement"], r["engine"]): r for r in report["summary"]}

    def median(measurement, engine):
        return ((by.get((measurement, engine)) or {}).get("wall_s") or {}).get("median")

    native_q = median("c: import + open + query", "native")
    jvm_q = median("c: import + open + query", "jvm")
    cli = median("e: partygraph query (CLI)", "jvm")
    rss_n = ((by.get(("c: import + open + query", "native")) or {}).get("maxrss_mb") or {})
    rss_j = ((by.get(("c: import + open + query", "jvm")) or {}).get("maxrss_mb") or {})
    cases = report["compatibility"].get("cases", [])
    same = sum(1 for c in cases if str(c.get("verdict", "")).startswith("same"))
    failed = [c["capability"] for c in report["capabilities"] if not c["ok"]]
    engine_release = ([*report["versions"].get("native", "").split("|"), "?", "?"][1]
                      or "?")
    heavy_n = median("f: long query (6-hop count)", "native")
    heavy_j = median("f: long query (6-hop count)", "jvm")
    speed = (f"On the seed graph a fresh process with the native build answers a named query "
             f"in {native_q:g} s (median wall time) against {jvm_q:g} s for the JVM engine "
             f"opened the way `partygraph query` opens it ({jvm_q / native_q:.1f}x), and "
             f"`partygraph query` itself takes {cli:g} s; the native process peaks at "
             f"{rss_n.get('median')} MB RSS against {rss_j.get('median')} MB"
             if native_q and jvm_q and cli else "")
    heavy_f = median("f2: (f), JVM with every compiler tier", "jvm-full")
    if heavy_n and heavy_j:
        speed += (f"; the six-hop count over the whole graph takes {heavy_n:g} s against "
                  f"{heavy_j:g} s with the first compiler tier that `partygraph query` keeps "
                  "to" + (f", and {heavy_f:g} s with every tier" + (
                      ", faster than the native build: the JVM's compiler pays off once a "
                      "query runs for seconds" if heavy_f < heavy_n else
                      ", still slower than the native build at this size")
                      if heavy_f else ""))
    ties = sum(report["java_ties"].values())
    coexists = any(c["ok"] for c in report["capabilities"] if "side by side" in c["capability"])
    return (
        speed + f". It opens the directory the JVM engine wrote (the same engine release, "
        f"{engine_release}) without changing a file, and {same} of {len(cases)} named-query "
        "cases (their look-ups included) return the same rows in the same order. The engine "
        "itself is not what blocks it: creating a database, DDL and index scripts, Cypher "
        "writes in transactions, GraphBatch, the Bolt server, an account made over HTTP and a "
        "per-process command timeout all work, and each build reads what the other wrote. "
        "partygraph cannot adopt it for short commands now, for three reasons. It is a "
        "development pre-release (`pip install --pre`), and the package's description says a last "
        "`arcadedb-embedded` release will install it in place of the JVM build, so the "
        "project's pin `arcadedb-embedded>=26.10.2,<26.11` is what keeps the JVM engine "
        f"today. partygraph's store is written against the JVM wheel's Java objects ({ties} "
        "lines: JPype's `DatabaseFactory` in `open`, `_java_db.getSchema()` in `prepare`, the "
        "`com.arcadedb.python` row and batch bridges, `GlobalConfiguration` for per-query "
        "time limits, `_java_server` for the reader account, time limits and the query watch "
        "of `serve`), none of which the native build has"
        + (f" (what failed here: {'; '.join(failed)})" if failed else "") + ". And a node, "
        "relationship or path comes back in another shape (maps with `@rid` and `@type`, "
        "a relationship without its ends, a path as text), so `values.rows` needs a second "
        "branch before any answer with a node is the same. "
        + ("The two import names can share one environment (this run loaded both engines in "
           "one process, the JVM wheel's folder on the native interpreter's path), so the way "
           "in, once a release is out, is a second, read-only store for `query` with the "
           "process-wide timeout as its time limit, the JVM engine kept for builds, writes and "
           "`serve` (bulk loads at scale were not measured here), and the named-query "
           "comparison here as its test."
           if coexists else "The two builds did not load side by side here, so adopting it "
           "means moving every command to it at once.")
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--native-python", required=True,
                        help="the interpreter of an environment with the native `arcadedb`")
    parser.add_argument("--jvm-python", default=sys.executable,
                        help="the interpreter of partygraph's environment (this one)")
    parser.add_argument("--home", type=Path, default=None,
                        help="a built graph home (default: build seeds/ into a temp folder)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--heavy-repeats", type=int, default=3)
    parser.add_argument("--query", default="conference_participants",
                        help="the named query of (c) and (e), with its example's parameters")
    parser.add_argument("--out", type=Path, default=RESULTS / "native_startup.json")
    parser.add_argument("--render", action="store_true",
                        help="only write the .md again from the .json of --out")
    args = parser.parse_args()
    if args.render:
        report = json.loads(args.out.read_text())
        args.out.with_suffix(".md").write_text(markdown(report))
        return
    report = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str) + "\n")
    args.out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
