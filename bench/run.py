"""Benchmark suite: ``make bench`` (or ``.venv/bin/python -m bench.run --size M``).

Builds (or reuses, keyed by size and seed) the bulk database for SQLite and PostgreSQL
(database ``gz_bench``), serves the real app with gunicorn (``create_app``, 2 workers × 4
threads, as ``gezinsroute serve``), measures the floors and our figures in the same run and
prints ratios. Results go to ``bench/results/<timestamp>.json`` and ``.md``; the summary also to
``docs/performance.md``. The load generator shares the machine's 2 cores with the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT = ROOT / "deployments" / "demo.toml"
DATA = ROOT / "instance" / "bench"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
BIN = Path(sys.executable).parent
PORT = 8765
CLIENTS = 8
LATEST_MARK = "## Latest run"


def log(msg):
    print(msg, flush=True)


# -- database ------------------------------------------------------------------------------------
def database_url(backend: str, size: str, seed: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{DATA / f'gz_bench_{size}_{seed}.sqlite3'}"
    return f"{PG_SERVER}/gz_bench"


def ensure_database(backend: str, size: str, seed: int) -> tuple[str, float | None]:
    """The bulk database for ``size``/``seed``; built only when its marker is missing. Returns (url, load s)."""
    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(backend, size, seed)
    marker = DATA / f"{backend}_{size}_{seed}.ok"
    if marker.exists():
        return url, None
    if backend == "sqlite":
        path = Path(url.split("sqlite:///", 1)[1])
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    else:
        import psycopg2

        conn = psycopg2.connect(PG_SERVER + "/postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute('DROP DATABASE IF EXISTS "gz_bench" WITH (FORCE)')
            cur.execute('CREATE DATABASE "gz_bench"')
        conn.close()
    env = {**os.environ, "DATABASE_URL": url}
    cli = [str(BIN / "gezinsroute"), "-d", str(DEPLOYMENT)]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
    t0 = time.perf_counter()
    subprocess.run([*cli, "demo-data", "--size", size, "--seed", str(seed)], env=env, check=True)
    seconds = time.perf_counter() - t0
    marker.write_text(json.dumps({"size": size, "seed": seed, "load_seconds": seconds}))
    return url, seconds


# -- fixtures: a benchmark worker with a token and a login session ----------------------------------
def prepare(url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    from gezinsroute.api import create_token
    from gezinsroute.app import create_app
    from gezinsroute.models import LoginSession, Trajectory, Worker, WorkerRole
    from gezinsroute.models.base import utcnow
    from gezinsroute.web import sessions

    app = create_app(str(DEPLOYMENT))
    rt = app.extensions["gezinsroute"]
    db = rt.database
    db.connect(reuse_if_open=True)
    # the teamleider of the busiest bulk team: sees the team's families and signals
    lead = db.execute_sql(
        "SELECT w.id FROM worker w JOIN worker_role r ON r.worker_id = w.id AND r.role = 'teamleider' "
        f"WHERE w.username LIKE {db.param} ORDER BY w.id LIMIT 1", ("bulk%",)).fetchone()[0]
    worker = Worker.get_by_id(lead)
    for role in ("worker", "app_admin"):
        WorkerRole.get_or_create(worker=worker, role=role)
    with app.test_request_context("/"):
        token = create_token(worker, "bench", days=2)
        session_token, _ = sessions.create(worker, second_factor_done=True)
        cookie = f"{sessions.cookie_name()}={session_token}"
    LoginSession.update(expires_at=utcnow() + dt.timedelta(days=1)).where(
        LoginSession.worker == worker.id).execute()
    team_workers = [r[0] for r in db.execute_sql(f"SELECT id FROM worker WHERE team_id = {int(worker.team_id)}")]
    ids = ",".join(map(str, team_workers))
    families = [r[0] for r in db.execute_sql(
        f"SELECT DISTINCT family_id FROM involvement WHERE ended_on IS NULL AND worker_id IN ({ids})").fetchall()]
    # a caseload: a worker of the team gets a session too
    member = next(w for w in team_workers if w != worker.id)
    with app.test_request_context("/"):
        member_token, _ = sessions.create(Worker.get_by_id(member), second_factor_done=True)
        member_cookie = f"{sessions.cookie_name()}={member_token}"
    # Transitions to send: up to three steps along each open trajectory's next open phases, all
    # first steps before any second step, each with the lock_version it will have by then.
    steps: list[list[tuple]] = [[], [], []]
    for t in Trajectory.select().where(Trajectory.family.in_(families) & Trajectory.ended_on.is_null()):
        m = rt.registry.methodologies[t.methodology]
        phase, version = t.phase, t.lock_version
        for level in steps:
            nxt = [p.key for p in m.next_phases(phase) if p and not p.closed and p.key != phase]
            if not nxt:
                break
            level.append((t.id, nxt[0], version))
            phase, version = nxt[0], version + 1
    movable = [step for level in steps for step in level]
    max_id = db.execute_sql("SELECT MAX(id) FROM trajectory").fetchone()[0]
    db.close()
    return {"token": token, "cookie": cookie, "member_cookie": member_cookie, "families": families,
            "movable": movable, "max_trajectory": max_id, "worker_id": worker.id}


# -- server and load generator ----------------------------------------------------------------------
def start_server(url: str, cookie_secure=False):
    env = {**os.environ, "DATABASE_URL": url, "GEZINSROUTE_DEPLOYMENT": str(DEPLOYMENT),
           "GEZINSROUTE_SECRET_KEY": "bench-secret", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-k", "gthread", "--threads", "4", "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning", "bench.wsgi:app"], env=env, cwd=str(ROOT))
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            c.request("GET", "/_bench/hello")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def load(make_request, seconds: float, clients: int = CLIENTS) -> dict:
    """Closed loop: ``clients`` threads, keep-alive connections, for ``seconds`` (or until
    ``make_request`` returns ``None``: nothing left to send)."""
    lat, errors, statuses = [], [0], {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(n):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        rnd = random.Random(n)
        mine = []
        while time.perf_counter() < stop:
            request = make_request(rnd)
            if request is None:
                break
            method, path, body, headers = request
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            mine.append(time.perf_counter() - t0)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 0 or status >= 500:
                    errors[0] += 1
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else None

    return {"requests": len(lat), "rps": round(len(lat) / wall, 1), "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "errors": errors[0], "statuses": {str(k): v for k, v in sorted(statuses.items())}}


def single_latency(make_request, n=60) -> float:
    """Median latency of sequential requests (one client): for the floor sums."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    rnd = random.Random(1)
    times = []
    for _ in range(n):
        method, path, body, headers = make_request(rnd)
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        conn.getresponse().read()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 2)


# -- in-process measurements ---------------------------------------------------------------------
def in_process(url: str, fx: dict, reports: bool = True) -> dict:
    os.environ["DATABASE_URL"] = url
    from gezinsroute import reports as reports_mod
    from gezinsroute.app import create_app

    app = create_app(str(DEPLOYMENT))
    rt = app.extensions["gezinsroute"]
    out = {}
    period = reports_mod.Period(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    for key in ("trajectories", "vijfv.funder") if reports else ():
        report = rt.registry.reports.get(key)
        if report is None:
            continue
        rt.database.connect(reuse_if_open=True)
        tracemalloc.start()
        t0 = time.perf_counter()
        with app.test_request_context("/"):
            table = report.run(period, rt.deployment)
        seconds = time.perf_counter() - t0
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[f"report:{key}"] = {"seconds": round(seconds, 3), "peak_mb": round(peak / 1e6, 2),
                                "rows": len(table.rows)}
    # pluggy share and queries per request, through the test client. The share is dispatch only:
    # the time inside ``rt.call`` minus the time inside the plugins' implementations (each
    # HookImpl.function is wrapped to time itself), so the plugins' own work (their queries) is not
    # counted as hook overhead. ``spent_total`` keeps the old figure (dispatch + plugin work).
    client = app.test_client(use_cookies=False)
    spent = [0.0]
    spent_total = [0.0]
    calls = [0]
    inner: list[float] = []
    original = rt.call

    def timed_call(*a, **kw):
        inner.append(0.0)
        t0 = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            elapsed = time.perf_counter() - t0
            spent_total[0] += elapsed if len(inner) == 1 else 0.0
            spent[0] += elapsed - inner.pop()
            calls[0] += 1

    def timed_impl(function):
        def wrapper(**kw):
            t0 = time.perf_counter()
            try:
                return function(**kw)
            finally:
                if inner:
                    inner[-1] += time.perf_counter() - t0
        return wrapper

    wrapped = []
    for caller in vars(rt.pm.hook).values():
        for impl in getattr(caller, "get_hookimpls", lambda: [])():
            wrapped.append((impl, impl.function))
            impl.function = timed_impl(impl.function)
    rt.call = timed_call
    queries = [0]
    db = rt.database
    original_exec = db.execute_sql

    def counting(*a, **kw):
        queries[0] += 1
        return original_exec(*a, **kw)

    db.execute_sql = counting
    total = 0.0
    fams = fx["families"][:40]
    for fid in fams:
        t0 = time.perf_counter()
        client.get(f"/families/{fid}", headers={"Cookie": fx["cookie"]})
        total += time.perf_counter() - t0
    out["pluggy_share_dossier"] = round(spent[0] / total, 4)
    out["pluggy_share_dossier_incl_plugin_work"] = round(spent_total[0] / total, 4)
    out["dossier_ms_in_process"] = round(total / len(fams) * 1000, 2)
    out["hook_calls_per_dossier"] = round(calls[0] / len(fams), 1)
    out["dispatch_us_per_call"] = round(spent[0] / max(calls[0], 1) * 1e6, 1)
    out["dossier_queries"] = round(queries[0] / len(fams), 1)
    headers = {"Authorization": f"Bearer {fx['token']}"}
    per = {}
    for name, path in [("trajectory_get", f"/api/v1/trajectories/{fx['movable'][0][0]}"),
                       ("trajectory_list", "/api/v1/trajectories?limit=50"),
                       ("family_get", f"/api/v1/families/{fams[0]}")]:
        client.get(path, headers=headers)
        queries[0] = 0
        spent[0] = 0
        t0 = time.perf_counter()
        for _ in range(10):
            client.get(path, headers=headers)
        per[name] = {"queries": queries[0] / 10, "pluggy_share": round(spent[0] / (time.perf_counter() - t0), 4)}
    out["api_queries"] = per
    rt.call = original
    for impl, function in wrapped:
        impl.function = function
    db.execute_sql = original_exec
    db.close()
    return out


def bulk_vs_raw(backend: str) -> dict:
    """Rows/s of the bulk generator against raw executemany of the same rows (SQLite, 5,000 families)."""
    import sqlite3

    from gezinsroute import bulk, migrate, reference
    from gezinsroute.runtime import boot

    tmp = Path(tempfile.mkdtemp())
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'a.sqlite3'}"
    rt = boot(str(DEPLOYMENT))
    rt.connect()
    migrate.upgrade(rt, rt.database)
    reference.sync(rt.deployment)
    rt.database.close()
    import shutil

    shutil.copy(tmp / "a.sqlite3", tmp / "b.sqlite3")
    rt.database.connect()
    result = bulk.generate(rt, families=5000, seed=3, rebuild_indexes=False)
    rows = sum(result.counts.values())
    ours = rows / result.seconds
    src = rt.database.connection()
    data = {t: src.execute(f'SELECT * FROM "{t}"').fetchall() for t in bulk.LOADED_TABLES}
    rt.database.close()
    dst = sqlite3.connect(tmp / "b.sqlite3", isolation_level=None)
    dst.execute("PRAGMA journal_mode=wal")
    dst.execute("PRAGMA synchronous=OFF")
    existing = {t: dst.execute(f'SELECT MAX(id) FROM "{t}"').fetchone()[0] or 0 for t in bulk.LOADED_TABLES}
    t0 = time.perf_counter()
    dst.execute("BEGIN")
    n = 0
    for table, table_rows in data.items():
        table_rows = [r for r in table_rows if r[0] > existing[table]]
        if table_rows:
            marks = ",".join("?" * len(table_rows[0]))
            dst.executemany(f'INSERT INTO "{table}" VALUES ({marks})', table_rows)
            n += len(table_rows)
    dst.execute("COMMIT")
    raw = n / (time.perf_counter() - t0)
    shutil.rmtree(tmp)
    return {"rows": rows, "ours_rows_s": round(ours), "raw_rows_s": round(raw), "ratio": round(ours / raw, 3),
            "note": "ours includes generating the rows and the audit chain in Python; raw only inserts them"}


# -- the suite -----------------------------------------------------------------------------------
PARTS = ("single", "load", "admin", "inprocess", "bulk")


def run_backend(backend, size, seed, seconds, parts=PARTS, scenarios=None):
    url, load_seconds = ensure_database(backend, size, seed)
    log(f"[{backend}] database ready ({url}); load {load_seconds and round(load_seconds, 1)} s")
    fx = prepare(url)
    res = {"backend": backend, "load_seconds": load_seconds, "families_visible": len(fx["families"])}
    proc = start_server(url)
    try:
        auth = {"Authorization": f"Bearer {fx['token']}"}
        cookie = {"Cookie": fx["cookie"]}
        fams = fx["families"]

        def hello(r):
            return "GET", "/_bench/hello", None, {}

        def sql_floor(r):
            return "GET", f"/_bench/sql/family/{r.choice(fams)}", None, {}

        def dossier(r):
            return "GET", f"/families/{r.choice(fams)}", None, cookie

        def caseload(r):
            return "GET", "/caseload", None, {"Cookie": fx["member_cookie"]}

        def team_signals(r):
            return "GET", "/signals/team", None, cookie

        def api_deep(r):
            after = r.randint(fx["max_trajectory"] // 2, fx["max_trajectory"])
            return "GET", f"/api/v1/trajectories?after={after}&limit=50", None, auth

        movable = list(fx["movable"])
        mlock = threading.Lock()

        def transition(r):
            with mlock:
                if not movable:
                    return None  # every prepared transition was sent
                tid, to_phase, version = movable.pop(0)
            body = json.dumps({"to_phase": to_phase, "lock_version": version})
            return "POST", f"/api/v1/trajectories/{tid}/transition", body, {**auth, "Content-Type": "application/json"}

        def admin(view, q=None):
            def req(r):
                path = f"/beheer/{view}/" + (f"?search={q}" if q else "")
                return "GET", path, None, cookie
            return req

        if "single" in parts:
            hello_ms = single_latency(hello)
            sql_ms = single_latency(sql_floor)
            dossier_ms = single_latency(dossier)
            res["single"] = {"http_floor_ms": hello_ms, "data_floor_ms": round(sql_ms - hello_ms, 2),
                             "dossier_ms": dossier_ms}
            res["dossier_latency_ratio"] = round(dossier_ms / max(sql_ms, 0.01), 2)  # vs HTTP + data floor
            log(f"[{backend}] single: {res['single']}")
        if "load" in parts:
            for name, fn in [("hello", hello), ("sql_floor", sql_floor), ("dossier", dossier),
                             ("caseload", caseload), ("team_signals", team_signals), ("api_deep_keyset", api_deep),
                             ("transition", transition)]:
                if scenarios and name not in scenarios and name != "hello":  # hello: the throughput floor
                    continue
                res[name] = load(fn, seconds)
                log(f"[{backend}] {name}: {res[name]}")
            if "dossier" in res:
                res["dossier_throughput_share"] = round(res["dossier"]["rps"] / res["hello"]["rps"], 3)
        if "admin" in parts:
            for name, fn in [("admin_ours_list", admin("bench-ours")), ("admin_default_list", admin("bench-default")),
                             ("admin_ours_search", admin("bench-ours", "uitvoering")),
                             ("admin_default_search", admin("bench-default", "uitvoering"))]:
                res[name] = {"p50_ms": single_latency(fn, n=25)}
                log(f"[{backend}] {name}: {res[name]}")
    finally:
        proc.terminate()
        proc.wait()
    if "inprocess" in parts:
        res["in_process"] = in_process(url, fx, reports=scenarios is None or "reports" in scenarios)
        log(f"[{backend}] in-process: {res['in_process']}")
    return res


def markdown(results: dict) -> str:
    command = results.get("command") or f"--size {results['size']} --seed {results['seed']}"
    lines = [f"Command: `.venv/bin/python -m bench.run {command}`, {results['when']}, 2 cores shared by "
             f"server (gunicorn 2 × gthread 4) and client ({CLIENTS} threads, keep-alive).", "",
             "| Figure | " + " | ".join(b["backend"] for b in results["backends"]) + " | Target |",
             "|---|" + "---|" * len(results["backends"]) + "---|"]

    def row(label, fn, target):
        cells = []
        for b in results["backends"]:
            try:
                cells.append(str(fn(b)))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    row("M load (s)", lambda b: b["load_seconds"] and round(b["load_seconds"]), "≤ 120")
    row("HTTP floor / data floor / dossier (ms, 1 client)",
        lambda b: f"{b['single']['http_floor_ms']} / {b['single']['data_floor_ms']} / "
                  f"{b['single']['dossier_ms']}", "")
    row("dossier latency ÷ (HTTP + data floor)", lambda b: b["dossier_latency_ratio"], "≤ 2")
    row("dossier req/s ÷ bare endpoint req/s", lambda b: b["dossier_throughput_share"], "≥ 0.35")
    for name in ("hello", "dossier", "caseload", "team_signals", "api_deep_keyset", "transition"):
        row(f"{name}: req/s, p50/p95/p99 ms, errors",
            lambda b, n=name: f"{b[n]['rps']}, {b[n]['p50_ms']}/{b[n]['p95_ms']}/{b[n]['p99_ms']}, {b[n]['errors']}",
            "0 errors")
    row("admin list: default ÷ ours (p50)",
        lambda b: round(b["admin_default_list"]["p50_ms"] / b["admin_ours_list"]["p50_ms"], 2), "≥ 3")
    row("admin search: default ÷ ours; ours ms",
        lambda b: f"{round(b['admin_default_search']['p50_ms'] / b['admin_ours_search']['p50_ms'], 2)}; "
                  f"{b['admin_ours_search']['p50_ms']}", "≥ 3; ≤ 300 ms")
    for key in ("trajectories", "vijfv.funder"):
        row(f"report {key}: s, peak MB",
            lambda b, k=key: f"{b['in_process'][f'report:{k}']['seconds']}, "
                             f"{b['in_process'][f'report:{k}']['peak_mb']}", "constant memory")
    row("pluggy dispatch share of dossier time (calls/request, µs/call)",
        lambda b: f"{b['in_process']['pluggy_share_dossier']} ({b['in_process']['hook_calls_per_dossier']}, "
                  f"{b['in_process']['dispatch_us_per_call']})", "≤ 0.05")
    row("hooks incl. plugins' own work, share of dossier time",
        lambda b: b["in_process"]["pluggy_share_dossier_incl_plugin_work"], "")
    row("SQL queries per dossier read", lambda b: b["in_process"]["dossier_queries"], "")
    row("SQL queries per API request (get / list / family)",
        lambda b: " / ".join(str(v["queries"]) for v in b["in_process"]["api_queries"].values()), "≤ 5")
    if "bulk_vs_raw" in results:
        br = results["bulk_vs_raw"]
        lines.append("")
        lines.append(f"Bulk import: {br['ours_rows_s']:,} rows/s against raw executemany {br['raw_rows_s']:,} "
                     f"rows/s on the same rows: ratio {br['ratio']} (target ≥ 0.30; {br['note']}).")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="M")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"which parts to run (comma-separated, default all): {', '.join(PARTS)}")
    parser.add_argument("--scenarios", default=None,
                        help="only these load scenarios (hello always runs, as the floor), e.g. dossier,transition; "
                             "add 'reports' to keep the in-process reports")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    args = parser.parse_args(argv)
    parts = tuple(p for p in args.parts.split(",") if p)
    scenarios = set(args.scenarios.split(",")) if args.scenarios else None
    when = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    results = {"size": args.size, "seed": args.seed, "when": when, "backends": [],
               "command": " ".join(argv if argv is not None else sys.argv[1:])}
    for backend in args.backends.split(","):
        results["backends"].append(run_backend(backend, args.size, args.seed, args.seconds, parts, scenarios))
    if "bulk" in parts:
        results["bulk_vs_raw"] = bulk_vs_raw("sqlite")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{when}.json").write_text(json.dumps(results, indent=2, default=str))
    md = markdown(results)
    (RESULTS / f"{when}.md").write_text(md)
    doc = ROOT / "docs" / "performance.md"
    if args.no_doc:
        print(md)
        return results
    head = doc.read_text().split(LATEST_MARK)[0] if doc.exists() else "# Performance\n\n"
    doc.write_text(head + LATEST_MARK + "\n\n" + md)
    print(md)
    return results


if __name__ == "__main__":
    main()
