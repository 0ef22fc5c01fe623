"""`make bench`: how fast each main page is, on the demo data and on a large community.

    .venv/bin/python bench/pages.py        # what `make bench` runs, after installing wrk,
                                           # Chromium and Lighthouse when they are missing

1. Builds two fresh databases: **demo** (`migrate` + `load_demo_content`) and **large** (the
   same, then `bench/seed_scale.py`), SQLite files in bench/.work/ or, with BENCH_DATABASE=postgres,
   the PostgreSQL databases `bench_demo` and `bench_large`.
2. In-process (bench/inprocess.py, Django's test client), with nothing cached: SQL queries,
   HTML bytes and the median server time of each page.
3. Through the Procfile's web process (gunicorn, 2 sync workers, on 127.0.0.1; DEBUG off,
   whitenoise, collectstatic done): requests per second with wrk, next to those of a static
   file of the same size served by the same gunicorn and whitenoise: the ceiling of this stack.
   Three ways: with no shared cache (REDIS_URL unset, the site's default: no page cache);
   with REDIS_URL set (the framework page cache for visitors, cached sessions), read only;
   and the same while members make 5 writes a second through the site (bench/activity.py).
4. Lighthouse (mobile profile) on the home, library, practice and gathering pages of the demo.
5. Prints one table and writes it to bench/results.md, with the machine and the targets of
   issue #15 marked met (✓) or not (✗), beside bakerydemo's published ratios.

Environment: BENCH_DATABASE (`sqlite`, the default, or `postgres`), BENCH_POSTGRES_URL
(`postgres://postgres@127.0.0.1:5432`), BENCH_REDIS_URL (`redis://127.0.0.1:6379/6`),
BENCH_SCALE (passed to seed_scale as --scale, e.g. 0.01 for a quick run), BENCH_SIZES
(`demo,large`), BENCH_REPEATS (20 timed requests per page), BENCH_WRK_SECONDS (5),
BENCH_WRK_CONNECTIONS (8), BENCH_WRITES_PER_SECOND (5), BENCH_LIGHTHOUSE (`0` to skip it),
BENCH_PORT (8201: four consecutive ports are used), BENCH_REUSE (`1`: measure the databases
the last run built instead of building them again).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import activity
import report
import serving

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
PYTHON = str(Path(os.environ.get("BENCH_PYTHON", ROOT / ".venv" / "bin" / "python")))
DATABASE = os.environ.get("BENCH_DATABASE", "sqlite")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
SCALE = os.environ.get("BENCH_SCALE", "")
SIZES = [size for size in os.environ.get("BENCH_SIZES", "demo,large").split(",") if size]
FIRST_PORT = int(os.environ.get("BENCH_PORT", "8201"))
WRITES_PER_SECOND = float(os.environ.get("BENCH_WRITES_PER_SECOND", str(activity.RATE)))
LIGHTHOUSE_PAGES = ["home", "library", "practice", "gathering"]


def database_url(size: str) -> str:
    if DATABASE == "postgres":
        return f"{POSTGRES}/bench_{size}"
    return f"sqlite:///{WORK / f'bench_{size}.sqlite3'}"


def site_env(size: str, port: int, *, shared_cache: bool) -> dict:
    """The environment of the servers and of the in-process measurement: production settings
    except plain http on 127.0.0.1. With `shared_cache`, REDIS_URL names the benchmark's Redis
    and the site turns on what it turns on with it (the page cache, cached sessions); without,
    REDIS_URL is unset and the site runs as it does then (a cache in each process, no page
    cache)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "convening_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-5f1c9a7e3d2b8c4a6e0f9d1b7c3a5e8f",
        "DATABASE_URL": database_url(size),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "TASKS_IMMEDIATE": "false",
        # The demo's story illustrations, served by the site as the demo serves them.
        "SERVE_MEDIA": "true",
    }
    # The site's own defaults for these, not whatever the shell running the bench has.
    for name in ["REDIS_URL", "PAGE_CACHE_SECONDS", "WEB_CONCURRENCY"]:
        env.pop(name, None)
    if shared_cache:
        env["REDIS_URL"] = REDIS_URL
    return env


def manage(*args, env: dict, log: Path | None = None) -> float:
    """Run a management command; returns the seconds it took."""
    began = time.perf_counter()
    if log is None:
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    else:
        with log.open("ab") as out:
            completed = subprocess.run(
                [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        if completed.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed; see {log}")
    return time.perf_counter() - began


def fresh_database(size: str):
    if DATABASE == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "bench_{size}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "bench_{size}"')
    else:
        for path in WORK.glob(f"bench_{size}.sqlite3*"):
            path.unlink()


def copy_database(source: str, target: str):
    """The large size starts as a copy of the demo: the same migrations and demo content,
    without running them twice."""
    if DATABASE == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "bench_{target}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "bench_{target}" TEMPLATE "bench_{source}"')
    else:
        fresh_database(target)
        with (
            sqlite3.connect(WORK / f"bench_{source}.sqlite3") as src,
            sqlite3.connect(WORK / f"bench_{target}.sqlite3") as dst,
        ):
            src.backup(dst)


def seed_scale(*args, env: dict) -> float:
    """Run bench/seed_scale.py; returns the seconds it took."""
    began = time.perf_counter()
    subprocess.run([PYTHON, str(BENCH / "seed_scale.py"), *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - began


def build(sizes: list[str], timings: dict, notes: list[str]) -> dict:
    """Fresh databases for each size; returns seed_scale's targets file by size."""
    log = WORK / "build.log"
    log.write_bytes(b"")
    builder = {
        **site_env("demo", FIRST_PORT, shared_cache=False),
        "DEBUG": "true",  # load_demo_content refuses to run with DEBUG off
        "TASKS_IMMEDIATE": "true",  # index for search at once: no worker runs here
    }
    print(f"Building the demo database ({DATABASE})...", flush=True)
    fresh_database("demo")
    timings["migrate"] = manage("migrate", "--noinput", env=builder, log=log)
    timings["load_demo_content"] = manage("load_demo_content", env=builder, log=log)
    print(
        f"  migrate {timings['migrate']:.0f} s, load_demo_content "
        f"{timings['load_demo_content']:.0f} s",
        flush=True,
    )
    targets = {}
    if "large" in sizes:
        builder["DATABASE_URL"] = database_url("large")
        copy_database("demo", "large")
        path = WORK / "targets-large.json"
        path.unlink(missing_ok=True)
        command = ["--targets", str(path)]
        if SCALE:
            command += ["--scale", SCALE]
        print(f"Seeding the large database ({' '.join(command[2:]) or 'full size'})...")
        timings["seed_scale"] = seed_scale(*command, env=builder)
        print(f"  seed_scale {timings['seed_scale']:.0f} s", flush=True)
        if DATABASE == "postgres":
            # As autovacuum soon would on a real server: the planner needs the tables' sizes.
            import psycopg

            with psycopg.connect(database_url("large"), autocommit=True) as connection:
                connection.execute("ANALYZE")
        if path.exists():
            targets["large"] = path
    return targets


def measure_in_process(size: str, port: int, targets: dict) -> dict:
    out = WORK / f"inprocess-{size}.json"
    command = [PYTHON, str(BENCH / "inprocess.py"), "--size", size, "--out", str(out)]
    if size in targets:
        command += ["--targets", str(targets[size])]
    elif targets:
        command += ["--filters-from", str(next(iter(targets.values())))]
    env = site_env(size, port, shared_cache=False)
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def flush_cache():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def measure_served(size: str, port: int, result: dict, samples: dict[int, str]):
    """Requests per second through gunicorn: each page and a static file of its size with no
    shared cache; then with Redis, each page read only, again under members' writes, and the
    static file once more (the rates move with the machine's load, so each page's ceiling is
    measured beside it)."""
    pages = result["pages"]
    print(f"Serving the {size} size with no shared cache on port {port}...", flush=True)
    env = site_env(size, port, shared_cache=False)
    with serving.Server(port, env, WORK / f"gunicorn-{port}.log") as server:
        for page in pages:
            cookie = result["cookie"] if page["who"] == "member" else None
            for _ in range(3):
                page["served_status"], page["served_bytes"], _ = server.get(page["url"], cookie)
            page["uncached"] = serving.wrk(server.base + page["url"], cookie)
            page["static"] = serving.wrk(server.base + samples[page["bytes"]])
            print(
                f"  {page['label']}: {page['uncached']['rps']:.0f} rps, static "
                f"{page['static']['rps']:.0f} rps",
                flush=True,
            )
    flush_cache()
    cached_port = port + 1
    print(f"Serving the {size} size with Redis on port {cached_port}...", flush=True)
    env = site_env(size, cached_port, shared_cache=True)
    with serving.Server(cached_port, env, WORK / f"gunicorn-{cached_port}.log") as server:
        members = result["activity"]
        writers = [activity.Writer(server.base, w, members["urls"]) for w in members["writers"]]
        problems = [problem for writer in writers if (problem := writer.prepare())]
        if problems or not writers:
            result["activity_note"] = "; ".join(problems) or "no member could write"
            print(f"  No writes: {result['activity_note']}", flush=True)
        for page in pages:
            cookie = result["cookie"] if page["who"] == "member" else None
            for _ in range(3):
                page["cached_status"], _, page["cache_header"] = server.get(page["url"], cookie)
            page["cached"] = serving.wrk(server.base + page["url"], cookie)
            line = f"  {page['label']}: {page['cached']['rps']:.0f} rps read only"
            if writers and not problems:
                with activity.Activity(server.base, writers, WRITES_PER_SECOND) as writing:
                    page["under_writes"] = serving.wrk(server.base + page["url"], cookie)
                page["writes"] = writing.summary()
                line += (
                    f", {page['under_writes']['rps']:.0f} rps under "
                    f"{page['writes']['per_second']:.1f} writes/s "
                    f"({page['writes']['made']} made, {page['writes']['made_after']} late, "
                    f"{page['writes']['failed']} failed)"
                )
            page["cached_static"] = serving.wrk(server.base + samples[page["bytes"]])
            print(f"{line}, static {page['cached_static']['rps']:.0f} rps", flush=True)
        if size == "demo" and os.environ.get("BENCH_LIGHTHOUSE", "1") != "0":
            run_lighthouse(server, pages, result)


def run_lighthouse(server, pages, result):
    missing = serving.lighthouse_available()
    if missing:
        result["lighthouse_note"] = missing
        print(f"  Lighthouse skipped: {missing}", flush=True)
        return
    for page in pages:
        if page["key"] in LIGHTHOUSE_PAGES:
            print(f"  Lighthouse: {page['label']}...", flush=True)
            page["lighthouse"] = serving.lighthouse(
                server.base + page["url"], WORK / f"lighthouse-{page['key']}.json"
            )


def main():
    started = time.perf_counter()
    load = os.getloadavg()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench does it for you).")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL).ping()
    except Exception as error:
        message = f"Redis at {REDIS_URL} cannot be used ({error}): start it and rerun."
        raise SystemExit(message) from error
    WORK.mkdir(exist_ok=True)
    sizes = list(SIZES)
    timings, notes = {}, []
    static_env = site_env("demo", FIRST_PORT, shared_cache=False)
    print("Collecting static files...", flush=True)
    manage("collectstatic", "--noinput", env=static_env, log=WORK / "build.log")
    static_root = Path(
        subprocess.run(
            [PYTHON, "-c", "from django.conf import settings; print(settings.STATIC_ROOT)"],
            cwd=ROOT,
            env={**static_env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    if os.environ.get("BENCH_REUSE") == "1":
        timings.update(json.loads((WORK / "timings.json").read_text(encoding="utf-8")))
        path = WORK / "targets-large.json"
        targets = {"large": path} if "large" in sizes and path.exists() else {}
    else:
        targets = build(sizes, timings, notes)
        (WORK / "timings.json").write_text(json.dumps(timings), encoding="utf-8")
    results = {}
    ports = {size: FIRST_PORT + 2 * n for n, size in enumerate(["demo", "large"])}
    for size in sizes:
        print(f"Measuring the {size} size in-process...", flush=True)
        results[size] = measure_in_process(size, ports[size], targets)
    sizes_needed = {page["bytes"] for result in results.values() for page in result["pages"]}
    samples = serving.write_samples(static_root, sizes_needed)
    try:
        for size in sizes:
            measure_served(size, ports[size], results[size], samples)
    finally:
        serving.remove_samples(static_root)
        flush_cache()
    timings["total"] = time.perf_counter() - started
    (WORK / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = report.render(
        results,
        timings=timings,
        notes=notes,
        database=DATABASE,
        postgres=POSTGRES if DATABASE == "postgres" else None,
        scale=SCALE,
        writes_per_second=WRITES_PER_SECOND,
        when=datetime.now(UTC),
        load=(load, os.getloadavg()),
    )
    print()
    print(text)
    (BENCH / "results.md").write_text(text, encoding="utf-8")
    print(f"Written to bench/results.md in {timings['total'] / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
