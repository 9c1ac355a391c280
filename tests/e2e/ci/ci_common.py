"""What tests/e2e/ci/github_workflow.py and gitlab_ci.py share: the checks'
bookkeeping, a fresh student repository made by `make student-release`, the
solutions both push (with the points each task should get) and the checks of
results.json against those points. Standard library only."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

STUDENT_FILE = "student/assg_tasks.cpp"
RESULTS = "build/results/results.json"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", flush=True)
    return bool(condition)


def fatal(message):
    failures.append(message)
    print(f"FAIL (cannot go on): {message}", flush=True)
    finish()


def finish():
    if failures:
        print(f"\n{len(failures)} check(s) failed:")
        for failure in failures:
            print(f"  - {failure}")
        sys.exit(1)
    print("\nall checks passed")
    sys.exit(0)


def load_yaml(path):
    try:
        import yaml
    except ImportError:  # the test cannot run at all: say how to get it
        sys.exit(f"{sys.argv[0]} needs PyYAML: sudo apt-get install python3-yaml (or .ci/install-deps.sh check)")
    return yaml.safe_load(Path(path).read_text())


def make_repository(source, repo, shipped_as, ci_file):
    """`make student-release OUT=repo`; its `shipped_as` must be `ci_file` byte for byte."""
    if repo.exists():
        shutil.rmtree(repo)
    print(f"student repository: make student-release OUT={repo}", flush=True)
    # The release's manifest goes next to the repository, never into the source tree.
    result = subprocess.run(["make", "-C", str(source), "student-release", f"OUT={repo}"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=dict(os.environ, RELEASE_MANIFESTS=str(repo.parent / f"{repo.name}-manifests")))
    if result.returncode != 0:
        fatal(f"make student-release failed:\n{result.stdout}")
    shipped = repo / shipped_as
    check(shipped.is_file() and shipped.read_bytes() == ci_file.read_bytes(), f"the release's {shipped_as} is not {ci_file}")
    check(not (repo / "build").exists(), "the fresh repository already has a build folder")
    rubric = json.loads((repo / "grader/rubric.json").read_text())
    # The CI files grade this one file, by name.
    check(rubric.get("student_files") == [STUDENT_FILE], f"the rubric's student files are {rubric.get('student_files')}")
    return [task for task in rubric["tasks"] if task.get("enabled", True)]


def sudo_shim(folder):
    """A `sudo` that runs the command (GitHub's runners have password-less sudo)."""
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "sudo"
    shim.write_text('#!/bin/sh\n# sudo as on GitHub\'s runners (no password); here it just runs the command.\n'
                    'case "$1" in -*) echo "sudo shim: option $1 not simulated" >&2; exit 1 ;; esac\n'
                    'exec "$@"\n')
    shim.chmod(0o755)
    return folder


def solutions(source, tasks):
    """(label, file or None for the release's own stubs, expected points per task)."""
    with open(source / "demo_class/expected_grades.csv", newline="") as handle:
        demo = {row["student"]: row for row in csv.DictReader(handle)}
    return [
        ("stubs", None, {task["id"]: 0.0 for task in tasks}),
        ("full_marks", source / "tests/solutions/plain_loops_full_marks.cpp", {task["id"]: task["points"] for task in tasks}),
    ] + [(name, source / f"demo_class/{name}/{STUDENT_FILE}", {task["id"]: float(demo[name][task["id"]]) for task in tasks})
         for name in ("eli", "mia", "dev")]  # a crash (80), partial tasks (72.58), a compile error (0)


def put_solution(repo, solution, stubs):
    (repo / STUDENT_FILE).write_bytes(solution.read_bytes() if solution else stubs)
    shutil.rmtree(repo / "build/results", ignore_errors=True)


def full_marks(expected, tasks):
    return all(abs(expected[task["id"]] - task["points"]) < 0.005 for task in tasks)


def maximum_of(tasks):
    return sum(task["points"] for task in tasks if not task.get("bonus"))


def check_results(label, expected, tasks, repo):
    """results.json holds the expected points (demo_class/expected_grades.csv's); returns it, or None."""
    path = repo / RESULTS
    if not check(path.is_file(), f"{label}: no {RESULTS}"):
        return None
    results = json.loads(path.read_text())
    got = {task["id"]: task for task in results["tasks"]}
    check(list(got) == [task["id"] for task in tasks], f"{label}: results.json's tasks {list(got)}")
    for task in tasks:
        check(task["id"] in got and abs(got[task["id"]]["points"] - expected[task["id"]]) < 0.005,
              f"{label}: results.json gives {task['id']} {got.get(task['id'], {}).get('points')}, expected {expected[task['id']]}")
    total = round(sum(expected.values()), 2)
    check(abs(results["total_points"] - total) < 0.005, f"{label}: results.json total {results['total_points']} != {total}")
    check(results["max_points"] == maximum_of(tasks), f"{label}: results.json maximum {results['max_points']}")
    return results


def definition_line(path, function):
    """First line that starts a definition of `function` (these files define them at column 0)."""
    lines = Path(path).read_text().split("\n")
    for number, line in enumerate(lines, 1):
        if re.match(r"^[A-Za-z_].*\b" + re.escape(function) + r"\s*\(", line):
            # A definition's body starts before the next ';' (a declaration has none).
            rest = "\n".join(lines[number - 1:])
            if rest.find("{") != -1 and (rest.find(";") == -1 or rest.find("{") < rest.find(";")):
                return number
    return 0


def break_harness(repo):
    """The grader itself broken (a fixture gone); returns what puts it back."""
    fixture = repo / "fixtures/zero_pad.json"
    kept = fixture.read_bytes()
    fixture.unlink()
    shutil.rmtree(repo / "build/results", ignore_errors=True)
    return lambda: fixture.write_bytes(kept)


def stray_workflow_commands(log, own=("::error title=The autograder could not run::",)):
    """Lines of a log GitHub would run as workflow commands, other than the
    harness's own (`own` prefixes): every line starting with "::" outside a
    ::stop-commands::TOKEN ... ::TOKEN:: pair, the pair's lines excepted."""
    stray, token = [], None
    for line in log.split("\n"):
        if token is not None:
            if line == f"::{token}::":
                token = None
            continue
        if line.startswith("::stop-commands::"):
            token = line[len("::stop-commands::"):]
        elif line.startswith("::") and not line.startswith(own):
            stray.append(line)
    return stray
