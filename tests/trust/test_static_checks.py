"""Section 6 of #8: static checks over our own code, with zero findings.

- bandit at high severity (any confidence);
- our own semgrep rules (tests/trust/semgrep.yml): no mark_safe or format_html on member data,
  no csrf_exempt, no `random` for secrets, no SQL built from strings, no published pages listed
  without the visibility filter. semgrep runs offline: local rules only, no metrics.

Each rule (and bandit) has bad and good examples in tests/trust/semgrep_examples/; a control
test proves it finds exactly the lines marked `# bad` there, so a check that has gone blind
fails. A reviewed exception in our code is marked `# nosemgrep: <rule>` with its reason.
About 30 s of CPU in all (semgrep's start-up is most of it), so they run with the lint
(`make lint`, marker `lint`) and under `make trust`, not in `make test`.
"""

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OUR_CODE = ["members", "practices", "events", "convening", "site"]
RULES = REPO / "tests" / "trust" / "semgrep.yml"
EXAMPLES = REPO / "tests" / "trust" / "semgrep_examples"
BIN = Path(sys.executable).parent
SECTION = "6. Headers and static checks"

pytestmark = pytest.mark.lint


def rule_ids() -> list[str]:
    return re.findall(r"^  - id: ([\w-]+)$", RULES.read_text(), flags=re.MULTILINE)


def _run(args) -> dict:
    result = subprocess.run(
        args, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    # Both exit with 1 when they find something: the findings say more than the status.
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout)


@cache
def semgrep(*targets) -> list[tuple[str, str, int]]:
    """(rule, path, line) of each finding. Offline: the local rules file, no metrics, no
    version check. semgrep skips folders named tests/ when given a folder, so the examples are
    passed one file at a time."""
    found = _run(
        [
            str(BIN / "semgrep"),
            "scan",
            "--config",
            str(RULES),
            "--metrics=off",
            "--disable-version-check",
            "--quiet",
            "--json",
            *targets,
        ]
    )
    assert not found["errors"], found["errors"]
    return [
        (r["check_id"].rsplit(".", 1)[-1], r["path"], r["start"]["line"]) for r in found["results"]
    ]


def bandit(*targets) -> list[tuple[str, str, int]]:
    found = _run([str(BIN / "bandit"), "--quiet", "--format", "json", "-lll", "-r", *targets])
    return [(r["test_id"], r["filename"], r["line_number"]) for r in found["results"]]


def marked_bad(path: Path) -> set[int]:
    return {
        number
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.rstrip().endswith("# bad")
    }


def test_our_code_has_no_finding_of_our_semgrep_rules(trust_figures):
    findings = semgrep(*OUR_CODE)

    rules = rule_ids()
    clean = [rule for rule in rules if not any(found[0] == rule for found in findings)]
    trust_figures.record(
        SECTION,
        "semgrep rules with zero findings in our code",
        passed=len(clean),
        attempted=len(rules),
        detail="; ".join(f"{rule} at {path}:{line}" for rule, path, line in findings),
    )
    assert findings == []


def test_our_code_has_no_high_severity_bandit_finding(trust_figures):
    findings = bandit(*OUR_CODE)

    trust_figures.record(
        SECTION,
        "bandit high-severity findings in our code (passed = none)",
        passed=int(not findings),
        attempted=1,
        detail="; ".join(f"{test} at {path}:{line}" for test, path, line in findings),
    )
    assert findings == []


@pytest.mark.parametrize("rule", rule_ids())
def test_each_semgrep_rule_finds_exactly_its_bad_examples(rule):
    example = EXAMPLES / f"{rule}.py"
    examples = sorted(str(path.relative_to(REPO)) for path in EXAMPLES.glob("*.py"))

    found = {line for name, path, line in semgrep(*examples) if name == rule}

    assert marked_bad(example), f"{example.name} has no line marked bad"
    assert found == marked_bad(example)
    # And it finds nothing in the other rules' examples: each rule fires on its own mistakes.
    elsewhere = [
        (path, line)
        for name, path, line in semgrep(*examples)
        if name == rule and Path(path).name != example.name
    ]
    assert elsewhere == []


def test_bandit_finds_its_bad_examples():
    example = EXAMPLES / "bandit-high-severity.py"

    found = {line for _, _, line in bandit(str(example.relative_to(REPO)))}

    assert found == marked_bad(example)


def test_every_rule_has_examples_and_every_example_a_rule():
    examples = {path.stem for path in EXAMPLES.glob("*.py")}

    assert examples == {*rule_ids(), "bandit-high-severity"}
