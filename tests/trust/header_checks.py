"""The header checks of #8, section 6, shared by the gunicorn test (test_headers.py) and its
fast in-process part (test_headers_fast.py)."""

import re

YEAR = 31_536_000
# What would tell an attacker which software, or which version of it, answers.
SOFTWARE = re.compile(r"gunicorn|nginx|apache|python|django|wagtail|werkzeug|\d+\.\d+", re.I)


def header_problems(answer, *, html: bool, private: bool) -> tuple[int, list[str]]:
    """The checks made on one response and what failed among them."""
    headers = answer.headers
    problems = []
    checks = 0

    def check(ok, problem):
        nonlocal checks
        checks += 1
        if not ok:
            problems.append(problem)

    hsts = headers.get("Strict-Transport-Security", "")
    age = re.search(r"max-age=(\d+)", hsts)
    check(age and int(age.group(1)) >= YEAR, f"HSTS of less than a year: {hsts!r}")
    check("includesubdomains" in hsts.lower(), f"HSTS without includeSubDomains: {hsts!r}")
    check(headers.get("X-Content-Type-Options") == "nosniff", "no X-Content-Type-Options nosniff")
    check(headers.get("Referrer-Policy"), "no Referrer-Policy")
    server = headers.get("Server")
    check(server is None or not SOFTWARE.search(server), f"Server header names it: {server!r}")
    check("X-Powered-By" not in headers, "an X-Powered-By header")
    if html:
        csp = headers.get("Content-Security-Policy", "")
        check("object-src 'none'" in csp, f"CSP without object-src 'none': {csp!r}")
        check("base-uri 'none'" in csp, f"CSP without base-uri 'none': {csp!r}")
        check("frame-ancestors" in csp, f"CSP without frame-ancestors: {csp!r}")
    if private:
        cache_control = headers.get("Cache-Control", "")
        check(
            "private" in cache_control or "no-store" in cache_control,
            f"a private response that a shared cache may keep: Cache-Control {cache_control!r}",
        )
    return checks, problems
