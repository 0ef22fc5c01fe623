"""Writes docs/trust-report.md from the figures the trust tests recorded (`make trust`).

python -m tests.trust.report RESULTS_FOLDER OUTPUT.md PYTEST_EXIT_CODE
"""

import datetime
import json
import platform
import subprocess
import sys
from collections import defaultdict
from pathlib import Path


def read_figures(folder: Path) -> dict:
    """{section: {figure: [passed, attempted, details]}}, summed over tests and workers."""
    sections = defaultdict(dict)
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            totals = sections[record["section"]].setdefault(record["figure"], [0, 0, []])
            totals[0] += record["passed"]
            totals[1] += record["attempted"]
            if record.get("detail"):
                totals[2].append(record["detail"])
    return sections


def commit() -> str:
    def git(*args) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout

    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        changed = git("status", "--porcelain", "--untracked-files=no").strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} with uncommitted changes" if changed else head


# The outside review's findings (issue #16) and the tests that failed before each fix. The
# report lists them so a reader can go from a finding to what now proves it closed.
FINDINGS = [
    (
        "1. A host took over other hosts' gatherings and series",
        'tests/events/test_admin_hosts.py; matrix rows after "#16, item 1" in '
        "tests/trust/routes.py (persona host_of_nothing)",
    ),
    (
        "2. Hosts read hidden gatherings and stories in review through the admin",
        "tests/events/test_admin_visibility.py, tests/practices/test_admin_visibility.py; "
        'matrix rows after "#16, item 2"; the canary crawl\'s admin seeds',
    ),
    (
        "3. Editors made themselves a host",
        "tests/events/test_hosting.py; "
        "test_an_editors_copy_carries_no_join_link_or_venue_and_keeps_its_hosts",
    ),
    (
        "4. Two-factor guarded only /admin/; a password could enrol an authenticator",
        "tests/members/test_two_factor.py; staff personas sign in through the real forms "
        "(tests/trust/world.py)",
    ),
    (
        "5. /admin/account/ changed the email address around allauth",
        "tests/members/test_admin.py (account email and password management off)",
    ),
    (
        "6. Sealed topics through /admin/tag-autocomplete/",
        "tests/convening_site/test_tag_autocomplete.py; matrix rows tag_autocomplete*",
    ),
    ("7. CSV formula injection in admin exports", "tests/shared/test_spreadsheets.py"),
    (
        "8. Blocking did not cover shared reflections; replies had no rate limit",
        "tests/convening/circles/test_reflections.py (test_a_block_*, replies per hour/day)",
    ),
    (
        "9. A member's text could stop email delivery",
        "tests/members/test_notifications.py (per-email link mark)",
    ),
    (
        "10. Guest links, address squatting, dev-server log, deleted words, lock-out",
        "tests/events/test_invitations.py (guest invitations, deleted host); "
        "tests/members/test_signup.py; tests/convening_site/test_logs.py; "
        "tests/members/test_data_rights.py, tests/convening/circles/test_reflection_privacy.py; "
        "tests/members/test_authentication.py (wrong passwords from elsewhere)",
    ),
]


def render_findings() -> list[str]:
    lines = [
        "## Findings of the outside review (#16) and their tests",
        "",
        "Each test failed on the code before its fix; the suites above run them.",
        "",
        "| finding | tests |",
        "|---|---|",
    ]
    lines += [f"| {finding} | {tests} |" for finding, tests in FINDINGS]
    return [*lines, ""]


def render(sections: dict, exit_code: int) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    all_passed = all(p == a for figures in sections.values() for p, a, _ in figures.values())
    verdict = "all passed" if all_passed and exit_code == 0 else "NOT all passed"
    lines = [
        "# Trust report",
        "",
        f"Written by `make trust` on {now} at commit {commit()} "
        f"(Python {platform.python_version()}, {platform.system()}). "
        f"Tests: {'passed' if exit_code == 0 else f'FAILED (pytest exit code {exit_code})'}; "
        f"figures: {verdict}.",
        "",
        "Each figure is passed / attempted. The tests under `tests/trust/` and the other "
        "suites they name assert every one of them; this page only counts.",
        "",
    ]
    for section in sorted(sections):
        lines += [
            f"## {section}",
            "",
            "| figure | passed / attempted | | notes |",
            "|---|---:|---|---|",
        ]
        for figure, (passed, attempted, details) in sorted(sections[section].items()):
            mark = "✓" if passed == attempted else "✗"
            notes = "; ".join(sorted(set(details)))  # workers finish in any order
            lines.append(f"| {figure} | {passed:,} / {attempted:,} | {mark} | {notes} |")
        lines.append("")
    lines += render_findings()
    return "\n".join(lines)


def main(argv):
    folder, output, exit_code = Path(argv[1]), Path(argv[2]), int(argv[3])
    output.write_text(render(read_figures(folder), exit_code))
    print(f"Wrote {output}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
