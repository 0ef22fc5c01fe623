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
    return "\n".join(lines)


def main(argv):
    folder, output, exit_code = Path(argv[1]), Path(argv[2]), int(argv[3])
    output.write_text(render(read_figures(folder), exit_code))
    print(f"Wrote {output}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
