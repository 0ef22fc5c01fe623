"""The table of `make bench` (bench/results.md): the machine, the figures, and the targets of
issue #7 marked met (✓) or not met (✗) in each cell."""

import os
import platform
import re
import sqlite3
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# The targets of issue #7.
QUERY_BUDGET = {"visitor": 12, "member": 20, "feed": 20}
SERVER_TIME_RATIO = 1.5
UNCACHED_SHARE = 5.0  # % of the static ceiling
CACHED_SHARE = 50.0
LIGHTHOUSE_SCORE = 95
HOME_WEIGHT = 150 * 1024
YES, NO = "✓", "✗"


def mark(ok: bool) -> str:
    return YES if ok else NO


def queries_cell(page: dict, large: dict | None) -> tuple[str, bool]:
    budget = QUERY_BUDGET[page["who"]]

    def shown(counts):
        return str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"

    counts = page["queries"]
    ok = counts[-1] <= budget
    text = shown(counts)
    if large:
        ok = ok and large["queries"][-1] <= budget and large["queries"] == counts
        text += f" → {shown(large['queries'])}"
    return f"{text} {mark(ok)}", ok


def server_cell(page: dict, large: dict | None) -> tuple[str, bool | None]:
    if not large:
        return f"{page['server_ms']:.0f}", None
    ratio = large["server_ms"] / page["server_ms"]
    ok = ratio <= SERVER_TIME_RATIO
    text = f"{page['server_ms']:.0f} → {large['server_ms']:.0f} (x{ratio:.2f}) {mark(ok)}"
    return text, ok


def served_ok(page: dict) -> bool:
    return page.get("served_status") == 200 and page["uncached"]["non_2xx"] == 0


def share_cell(page: dict | None, which: str, target: float) -> tuple[str, bool | None]:
    if not page or which not in page:
        return "—", None
    rps = page[which]["rps"]
    ceiling = page["cached_static" if which == "cached" else "static"]["rps"]
    share = 100 * rps / ceiling if ceiling else 0.0
    from_cache = which != "cached" or page.get("cache_header") == "hit"
    ok = share >= target and served_ok(page) and page[which]["non_2xx"] == 0 and from_cache
    text = f"{rps:,.0f} / {ceiling:,.0f} = {share:.1f}% {mark(ok)}"
    if not from_cache:
        text += f" (not from the cache: X-Page-Cache {page.get('cache_header') or 'absent'})"
    if not served_ok(page) or page[which]["non_2xx"]:
        text += f" (HTTP {page.get('served_status')}, {page[which]['non_2xx']} non-2xx)"
    return text, ok


def lighthouse_cell(page: dict) -> tuple[str, bool | None]:
    scores = page.get("lighthouse")
    if not scores:
        return "—", None
    if "error" in scores:
        return f"failed: {' '.join(scores['error'])[:60]}", False
    ok = min(scores["performance"], scores["accessibility"]) >= LIGHTHOUSE_SCORE
    return f"{scores['performance']} / {scores['accessibility']} {mark(ok)}", ok


def shown_url(page: dict) -> str:
    # The feed's address is a secret, even in a throwaway database: not in a committed file.
    if page["key"] == "feed":
        return re.sub(r"/calendar/[^/]+\.ics$", "/calendar/<token>.ics", page["url"])
    return page["url"]


def kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def table(results: dict) -> tuple[list[str], list[bool]]:
    demo, large = results["demo"], results.get("large")
    large_pages = {page["key"]: page for page in large["pages"]} if large else {}
    lines = [
        "| page | as | queries demo → large | HTML KB demo / large | server ms demo → large "
        "| rps uncached / static, demo | rps uncached / static, large "
        "| rps cached / static, demo | rps cached / static, large | Lighthouse perf / a11y |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    verdicts = []
    for page in demo["pages"]:
        other = large_pages.get(page["key"])
        cells = [
            queries_cell(page, other),
            server_cell(page, other),
            share_cell(page, "uncached", UNCACHED_SHARE),
            share_cell(other, "uncached", UNCACHED_SHARE),
            share_cell(page, "cached", CACHED_SHARE),
            share_cell(other, "cached", CACHED_SHARE),
            lighthouse_cell(page),
        ]
        verdicts += [ok for _, ok in cells if ok is not None]
        size = kb(page["bytes"]) + (f" / {kb(other['bytes'])}" if other else "")
        who = {"visitor": "visitor", "member": "member", "feed": "feed address"}[page["who"]]
        label = f"{page['label']} `{shown_url(page)}`"
        if other and shown_url(other) != shown_url(page):
            label += f" (large: `{shown_url(other)}`)"
        texts = [text for text, _ in cells]
        lines.append(f"| {label} | {who} | {texts[0]} | {size} | " + " | ".join(texts[1:]) + " |")
    return lines, verdicts


def home_weight(demo: dict) -> tuple[str, bool]:
    weight = demo["home_weight"]
    assets = [asset for asset in weight["assets"] if asset["bytes"] is not None]
    raw = weight["html"] + sum(asset["bytes"] for asset in assets)
    # As this stack sends it: Django's HTML as it is, whitenoise's CSS and JS compressed.
    sent = weight["html"] + sum(asset["gzip"] for asset in assets)
    ok = sent <= HOME_WEIGHT
    home = next(page for page in demo["pages"] if page["key"] == "home")
    measured = home.get("lighthouse", {}).get("transferred_before_images")
    text = (
        f"Home page before images (HTML + {len(assets)} CSS and JavaScript "
        f"file{'' if len(assets) == 1 else 's'}): {kb(sent)} KB as sent "
        f"(HTML as is, CSS and JS gzipped by whitenoise), {kb(raw)} KB uncompressed"
    )
    if measured:
        text += f", {kb(measured)} KB transferred as Lighthouse measured it"
    return f"{text}; target ≤ 150 KB {mark(ok)}.", ok


def machine(database: str, postgres: str | None) -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s+(\d+) kB", meminfo.read_text(), re.M)
        memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GiB" if found else memory
    system = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', release.read_text(), re.M)
        system = f"{found.group(1)} (Linux {platform.release()})" if found else system
    redis = tool(["redis-server", "--version"], r"v=(\S+)")
    wrk = tool(["wrk", "-v"], r"(wrk \S+)")
    lighthouse = tool([str(BENCH / "node_modules/.bin/lighthouse"), "--version"], r"(\S+)")
    node = tool(["node", "--version"], r"v(\S+)")
    chromium = tool(["chromium", "--version"], r"(Chromium \S+)")
    lines = [
        f"- CPU: {cpu}, {os.cpu_count()} cores; RAM {memory}; {system}",
        f"- Python {platform.python_version()}, Django {package('django')}, Wagtail "
        f"{package('wagtail')}, gunicorn {package('gunicorn')}, whitenoise "
        f"{package('whitenoise')}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {postgres_version(postgres)}",
        f"- Database measured: {'PostgreSQL' if database == 'postgres' else 'SQLite'}; cache: "
        f"Redis {redis}; {wrk}; Lighthouse {lighthouse} on Node {node} and {chromium}",
    ]
    return lines


def package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def tool(command: list[str], pattern: str) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "(not installed)"
    found = re.search(pattern, completed.stdout + completed.stderr)
    return found.group(1) if found else "?"


def postgres_version(url: str | None) -> str:
    if not url:
        client = tool(["psql", "--version"], r"(\d+\.\d+)")
        return f"{client} (client; not used in this run)"
    import psycopg

    with psycopg.connect(f"{url}/postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def render(results, *, timings, notes, database, postgres, scale, when, load) -> str:
    lines, verdicts = table(results)
    weight, weight_ok = home_weight(results["demo"])
    verdicts.append(weight_ok)
    sizes = []
    for size, result in results.items():
        counts = ", ".join(f"{value:,} {name}" for name, value in result["counts"].items())
        sizes.append(f"- **{size}**: {counts}")
    seeding = (
        f"migrate {timings['migrate']:.0f} s and load_demo_content "
        f"{timings['load_demo_content']:.0f} s"
    )
    if "seed_scale" in timings:
        seeding += (
            f"; seed_scale{f' --scale {scale}' if scale else ''} {timings['seed_scale']:.0f} s"
        )
    met = sum(verdicts)
    return "\n".join(
        [
            "# Page benchmark",
            "",
            f"Measured by `make bench` (bench/pages.py) on {when:%Y-%m-%d %H:%M} UTC in "
            f"{timings['total'] / 60:.1f} minutes.",
            "",
            *machine(database, postgres),
            f"- Load average (1 minute) when the run started: {load[0][0]:.1f}, when it ended: "
            f"{load[1][0]:.1f} (other work on the machine lowers every rate below)",
            "",
            "Sizes:",
            *sizes,
            "",
            f"Building the databases took: {seeding}.",
            "",
            *lines,
            "",
            weight,
            "",
            f"**{met} of {len(verdicts)} targets met.** {' '.join(notes)}",
            "",
            "How to read it. *Queries*: SQL queries of one request in-process without the page "
            "cache (Django's test client, every request counted); at most 12 for a visitor and "
            "20 for a member, the same at both sizes. *Server ms*: median of "
            f"{os.environ.get('BENCH_REPEATS', '20')} requests in-process after two to warm up, "
            "with nothing cached; the large size within 1.5 times the demo's. *rps*: requests "
            "per second through gunicorn (2 sync workers, DEBUG off, whitenoise, 127.0.0.1) "
            "measured with "
            f"`wrk -t1 -c4 -d{os.environ.get('BENCH_WRK_SECONDS', '5')}s`, next to a static "
            "file of the same size served by the same gunicorn and whitenoise (the ceiling of "
            "this stack): uncached (PAGE_CACHE_SECONDS=0: nothing cached) at least "
            "5% of it, anonymous pages from the page cache at least 50%. Member pages send the "
            "member's cookies (session and CSRF token, as their browser would); they and the "
            "calendar feed are never served whole from the page cache. *Lighthouse*: "
            "performance and accessibility on its default mobile profile, 95 or more. "
            "wrk, gunicorn and the database share the same cores, as on a small server.",
            "",
        ]
    )
