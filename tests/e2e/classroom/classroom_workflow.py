#!/usr/bin/env python3
"""The student release's GitHub Classroom workflow, run here as GitHub would.

    classroom_workflow.py SOURCE_DIR WORKFLOW WORK_DIR

Makes the students' repository with `make student-release` (its
.github/workflows/classroom.yml must be WORKFLOW, which is what runs),
parses the workflow with a YAML parser, and runs its job's steps in order in that
repository: `run:` steps with bash as GitHub runs them (`shell: bash`:
bash --noprofile --norc -eo pipefail), each with its own GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY files and a `sudo` that just runs the command; `uses:`
steps simulated: checkout is the repository already there, upload-artifact
checks that its path exists, and Classroom's reporter is replayed from its
source (classroom-resources/autograding-grading-reporter@v1, dist/main.js:
for each id in `runners`, base64-decode and JSON-parse the environment
variable <ID>_RESULTS, whose `${{ steps.X.outputs.Y }}` are taken from the
outputs step X wrote; NotifyClassroom sends the sum of every test's score
over the runners with a non-zero max_score, out of the sum of those).

For several solutions, graded one after the other in the same repository
(the first run builds everything from nothing, as a runner does; later
pushes reuse the build folder), it checks that the Classroom dashboard
would get exactly each task's points and the total that results.json holds
and that grade-all gets (demo_class/expected_grades.csv), that there is one
annotation per failing task at the line that defines its function (or the
compiler's line), and that the job summary lists every task. Then a broken
harness (a fixture removed) must fail the Grade step with an error
annotation and stop the job before the reporter.

Exit status 0 passed, 1 a check failed. Standard library and PyYAML only.
"""

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

try:
    import yaml
except ImportError:  # the test cannot run at all: say how to get it
    sys.exit("classroom_workflow.py needs PyYAML: sudo apt-get install python3-yaml (or .ci/install-deps.sh check)")

STUDENT_FILE = "student/assg_tasks.cpp"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
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


# --------------------------------------------------------------------------- the repository
def make_repository(source, workflow, repo):
    if repo.exists():
        shutil.rmtree(repo)
    print(f"student repository: make student-release OUT={repo}", flush=True)
    # The release's manifest goes next to the repository, never into the source tree.
    result = subprocess.run(["make", "-C", str(source), "student-release", f"OUT={repo}"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=dict(os.environ, RELEASE_MANIFESTS=str(repo.parent / f"{repo.name}-manifests")))
    if result.returncode != 0:
        fatal(f"make student-release failed:\n{result.stdout}")
    shipped = repo / ".github/workflows/classroom.yml"
    check(shipped.is_file() and shipped.read_bytes() == workflow.read_bytes(),
          f"the release's .github/workflows/classroom.yml is not {workflow}")
    shutil.copy2(workflow, shipped)  # what runs is WORKFLOW, whatever the release had
    check(not (repo / "build").exists(), "the fresh repository already has a build folder")


# --------------------------------------------------------------------------- the workflow
def load_job(path):
    """The workflow's one job, after checking what Classroom and this test rely on."""
    workflow = yaml.safe_load(path.read_text())
    check(workflow.get("name") == "Autograding Tests", "Classroom needs the workflow name 'Autograding Tests'")
    # YAML 1.1 reads a bare `on` as true: the key must be quoted.
    triggers = workflow.get("on")
    check(triggers is not None, "no 'on' key (a bare `on:` is read as true: quote it)")
    triggers = set(triggers if isinstance(triggers, list) else (triggers or {}))
    check({"push", "workflow_dispatch", "repository_dispatch"} <= triggers, f"triggers are {sorted(triggers)}")
    check(workflow.get("permissions") == {"checks": "write", "actions": "read", "contents": "read"},
          f"permissions are {workflow.get('permissions')}")
    check(workflow.get("defaults") == {"run": {"shell": "bash"}},
          "run steps must use shell: bash (this test runs them as GitHub runs that shell)")
    jobs = workflow.get("jobs") or {}
    if not check(list(jobs) == ["run-autograding-tests"], f"Classroom needs one job run-autograding-tests: {list(jobs)}"):
        finish()
    job = jobs["run-autograding-tests"]
    check(job.get("runs-on") == "ubuntu-latest", f"runs-on {job.get('runs-on')}")
    check(isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60,
          f"timeout-minutes {job.get('timeout-minutes')}")
    return job


def job_runs_for(job, actor):
    """The job's `if:`, for the one expression it may hold."""
    condition = job.get("if")
    if not check(condition == "github.actor != 'github-classroom[bot]'", f"unexpected job condition {condition!r}"):
        return True
    return actor != "github-classroom[bot]"


EXPRESSION = re.compile(r"^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}$")


def evaluate(value, outputs):
    """A step's env value: text, or exactly one ${{ steps.X.outputs.Y }} (missing: empty, as GitHub gives)."""
    value = str(value)
    if "${{" not in value:
        return value
    match = EXPRESSION.match(value)
    if not check(match, f"an expression this test cannot evaluate: {value}"):
        return ""
    return outputs.get(match.group(1), {}).get(match.group(2), "")


def read_outputs(path):
    """GITHUB_OUTPUT's two forms: name=value and name<<DELIMITER ... DELIMITER."""
    outputs, lines = {}, path.read_text().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            i += 1
            outputs[name] = "\n".join(value)
        elif check("=" in line, f"a GITHUB_OUTPUT line GitHub would refuse: {line[:80]}"):
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


def js_number(value):
    """How JavaScript writes a number in a template string."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e21 else repr(float(value))


def run_reporter(step, env):
    """Classroom's reporter: what its log says and what it sends Classroom."""
    runners_input = str((step.get("with") or {}).get("runners", ""))
    # Its error path checks this pattern: a runner list that fails it hides the real error.
    check(re.fullmatch(r"([A-Za-z0-9_]+,)*[A-Za-z0-9_]+", runners_input), f"runners input {runners_input!r}")
    runners = []
    for runner in runners_input.split(","):
        key = f"{runner.strip().upper()}_RESULTS"
        encoded = env.get(key)
        if not check(encoded, f"the reporter's {key} is empty or missing"):
            return None
        try:
            results = json.loads(base64.b64decode(encoded, validate=True).decode("utf-8"))
        except ValueError as error:
            check(False, f"{key} is not base64 of JSON: {error}")
            return None
        runners.append((runner.strip(), results))
    total, maximum = 0.0, 0.0
    for runner, results in runners:
        check(results.get("version") == 1, f"{runner}: version {results.get('version')}")
        check(results.get("status") in ("pass", "fail", "error"), f"{runner}: status {results.get('status')}")
        for test in results.get("tests", []):
            check(isinstance(test.get("name"), str) and "\n" not in test["name"], f"{runner}: test name {test.get('name')!r}")
            check(test.get("status") in ("pass", "fail", "error"), f"{runner}: test status {test.get('status')}")
            check(isinstance(test.get("score"), (int, float)), f"{runner}: score {test.get('score')!r}")
            # The log prints " - line <line_no>" unless it is 0: it must be a number.
            check(isinstance(test.get("line_no"), int), f"{runner}: line_no {test.get('line_no')!r}")
            check("\n" not in str(test.get("message", "")), f"{runner}: a message of several lines")
        if not results.get("max_score"):  # NotifyClassroom skips such a runner whole
            continue
        maximum += results["max_score"]
        for test in results["tests"]:
            total += test["score"]
    failed = any(results["status"] == "fail" for _, results in runners)
    return {"runners": dict(runners), "total": total, "max": maximum,
            "notice": f"Points {js_number(total)}/{js_number(maximum)}", "failed": failed}


def run_job(job, repo, tmp, label):
    """Runs the job's steps in order; what each did."""
    shim = tmp / "bin"
    shim.mkdir(parents=True, exist_ok=True)
    (shim / "sudo").write_text('#!/bin/sh\n# sudo as on GitHub\'s runners (no password); here it just runs the command.\n'
                               'case "$1" in -*) echo "sudo shim: option $1 not simulated" >&2; exit 1 ;; esac\n'
                               'exec "$@"\n')
    (shim / "sudo").chmod(0o755)
    deadline = time.monotonic() + 60 * job["timeout-minutes"]
    outputs, results = {}, []
    for number, step in enumerate(job.get("steps", []), 1):
        name = step.get("name", f"step {number}")
        check(("run" in step) != ("uses" in step), f"{name}: needs exactly one of run and uses")
        check("if" not in step, f"{name}: step conditions are not simulated")
        files = {key: tmp / f"{label}.{number}.{key.lower()}" for key in
                 ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH")}
        for path in files.values():
            path.write_text("")
        env = {"PATH": f"{shim}:{os.environ.get('PATH', '/usr/bin:/bin')}", "HOME": os.environ.get("HOME", "/root"),
               "LANG": "C.UTF-8", "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "student",
               "GITHUB_EVENT_NAME": "push", "GITHUB_WORKSPACE": str(repo), "RUNNER_TEMP": str(tmp),
               **{key: str(path) for key, path in files.items()}}
        for key, value in (step.get("env") or {}).items():
            env[key] = evaluate(value, outputs)
        record = {"name": name, "id": step.get("id"), "rc": 0, "output": "", "summary": "", "reporter": None}
        print(f"   [{label}] {name}", flush=True)
        if "run" in step:
            script = str(step["run"])
            check("${{" not in script, f"{name}: expressions in run scripts are not simulated")
            script_file = tmp / f"{label}.{number}.sh"
            script_file.write_text(script)
            started = time.monotonic()
            try:
                done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
                                      cwd=repo / step.get("working-directory", "."), env=env, text=True,
                                      errors="replace", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      timeout=max(1.0, deadline - time.monotonic()))
                record["rc"], record["output"] = done.returncode, done.stdout
            except subprocess.TimeoutExpired as expired:
                record["rc"], record["output"] = 124, f"timed out (timeout-minutes): {expired.output}"
            record["seconds"] = time.monotonic() - started
            if step.get("id"):
                outputs[step["id"]] = read_outputs(files["GITHUB_OUTPUT"])
            record["summary"] = files["GITHUB_STEP_SUMMARY"].read_text()
            print(f"      exit {record['rc']} after {record['seconds']:.1f} s", flush=True)
        else:
            uses, given = step["uses"], step.get("with") or {}
            if uses == "actions/checkout@v4":
                check(not given, f"{name}: checkout options are not simulated")
            elif uses == "actions/upload-artifact@v4":
                path = repo / str(given.get("path", ""))
                check(given.get("if-no-files-found") == "error", f"{name}: a missing results.json must be an error")
                record["rc"] = 0 if path.is_file() else 1
                record["path"] = path
            elif uses == REPORTER:
                record["reporter"] = run_reporter(step, env)
                record["rc"] = 1 if record["reporter"] is None or record["reporter"]["failed"] else 0
            else:
                check(False, f"{name}: uses {uses}, which this test does not simulate")
                record["rc"] = 1
        results.append(record)
        if record["rc"] != 0:
            break  # later steps run only on success (the default if:)
    return results


# --------------------------------------------------------------------------- what to expect
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


def escaped_markdown(text):
    return "".join("\\" + c if (c.isascii() and not c.isalnum() and not c.isspace()) else c for c in text)


def unescape_command(text):
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def check_run(label, solution, expected, tasks, steps, repo):
    """One push of `solution`, whose tasks should get `expected` (task id -> points)."""
    by_name = {step["name"]: step for step in steps}
    grade = next((s for s in steps if s["id"] == "grade"), None)
    report = next((s for s in steps if s["id"] == "report"), None)
    reporter = next((s["reporter"] for s in steps if s["reporter"] is not None), None)
    if not check(grade and grade["rc"] == 0, f"{label}: the Grade step failed:\n{grade and grade['output'][-3000:]}"):
        return
    if not check(report and report["rc"] == 0, f"{label}: the Report step failed:\n{report and report['output'][-3000:]}"):
        return
    check(any(s.get("path") for s in steps), f"{label}: results.json was not kept as an artifact")
    if not check(reporter is not None, f"{label}: the reporter did not run: {[(s['name'], s['rc']) for s in steps]}"):
        return
    results = json.loads((repo / "build/results/results.json").read_text())
    got = {task["id"]: task for task in results["tasks"]}
    check(list(got) == [task["id"] for task in tasks], f"{label}: results.json's tasks {list(got)}")
    total = round(sum(expected.values()), 2)
    maximum = sum(task["points"] for task in tasks if not task.get("bonus"))
    # The grade itself (make test's), as grade-all's expected figures have it.
    for task in tasks:
        check(abs(got[task["id"]]["points"] - expected[task["id"]]) < 0.005,
              f"{label}: results.json gives {task['id']} {got[task['id']]['points']}, expected {expected[task['id']]}")
    check(abs(results["total_points"] - total) < 0.005, f"{label}: results.json total {results['total_points']} != {total}")
    check(f"Total: {total:.2f}/{maximum:g}" in grade["output"], f"{label}: make test's table does not say Total: {total:.2f}")

    # What Classroom gets: the same, task by task and in total.
    runners = reporter["runners"]
    counting = [task for task in tasks if not task.get("bonus")]
    expected_ids = ["task_" + re.sub(r"[^a-z0-9]", "_", task["id"].lower()) for task in counting]
    check(list(runners) == expected_ids, f"{label}: reporter runners {list(runners)} != {expected_ids}")
    for task in tasks:
        found = [(runner, test) for runner, result in runners.items() for test in result["tests"]
                 if test["name"].startswith(f"Task {task['id']} {task['function']}")]
        if not check(len(found) == 1, f"{label}: {len(found)} reporter tests for task {task['id']}"):
            continue
        runner, test = found[0]
        # (the last score may be nudged by an ulp so that the sum below is exact)
        check(abs(test["score"] - got[task["id"]]["points"]) < 1e-9, f"{label}: reporter score of {task['id']} is {test['score']}")
        check(abs(test["score"] - expected[task["id"]]) < 0.005, f"{label}: reporter gives {task['id']} {test['score']}")
        full = abs(expected[task["id"]] - task["points"]) < 0.005
        check(test["status"] == ("pass" if full else "fail"), f"{label}: {task['id']}'s reporter status {test['status']}")
        if not task.get("bonus"):
            check(runners[runner]["max_score"] == task["points"], f"{label}: {runner}'s max_score")
    check(reporter["total"] == results["total_points"],
          f"{label}: Classroom would get {reporter['total']!r}, results.json has {results['total_points']!r}")
    check(reporter["max"] == maximum, f"{label}: Classroom's maximum {reporter['max']} != {maximum}")
    check(reporter["notice"] == f"Points {js_number(total)}/{js_number(maximum)}",
          f"{label}: the reporter's notice would read {reporter['notice']}")
    check(reporter["failed"] == (total < maximum), f"{label}: the reporter would fail the job: {reporter['failed']}")
    print(f"      Classroom: {reporter['notice']}", flush=True)

    # One annotation per failing task, at its definition (a compile error: the compiler's line).
    failing = [task for task in tasks if abs(expected[task["id"]] - task["points"]) >= 0.005]
    annotations = [line for line in report["output"].split("\n") if line.startswith("::error ")]
    check(len(annotations) == len(failing), f"{label}: {len(annotations)} annotations for {len(failing)} failing tasks")
    source = repo / STUDENT_FILE
    compile_error = all(task["status"] == "compile_error" for task in results["tasks"])
    for task, annotation in zip(failing, annotations):
        match = re.match(r"::error (?P<properties>[^:]*)::(?P<message>.*)$", annotation)
        if not check(match, f"{label}: malformed annotation {annotation}"):
            continue
        properties = dict(item.split("=", 1) for item in match.group("properties").split(","))
        if compile_error:  # dev's undeclared n_C_prev
            line = next(n for n, text in enumerate(source.read_text().split("\n"), 1) if "n_C_prev" in text)
        else:
            line = definition_line(source, task["function"])
        check(properties.get("file") == STUDENT_FILE and properties.get("line") == str(line),
              f"{label}: {task['id']}'s annotation is at {properties.get('file')}:{properties.get('line')}, not line {line}")
        check(unescape_command(properties.get("title", "")).startswith(f"Task {task['id']} {task['function']}: "),
              f"{label}: annotation title {properties.get('title')}")
        check(got[task["id"]]["status"] in unescape_command(properties.get("title", "")), f"{label}: no status in {annotation}")

    # The job summary: the total and a row per task.
    summary = report["summary"]
    check(f"## Autograder: {total:.2f} / {maximum:g} points" in summary, f"{label}: summary heading:\n{summary[:300]}")
    rows = [line for line in summary.split("\n") if line.startswith("| ")]
    check(len(rows) == len(tasks) + 1, f"{label}: {len(rows) - 1} summary rows for {len(tasks)} tasks")
    for task in tasks:
        wanted = f"| {escaped_markdown(task['id'])} | {escaped_markdown(task['function'])} | "
        row = next((row for row in rows if row.startswith(wanted)), "")
        check(f" | {expected[task['id']]:.2f}/{task['points']:g} | " in row, f"{label}: summary row of {task['id']}: {row}")


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} SOURCE_DIR WORKFLOW WORK_DIR")
    source, workflow, work = (Path(arg).resolve() for arg in sys.argv[1:])
    work.mkdir(parents=True, exist_ok=True)
    repo, tmp = work / "repo", work / "runner"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    make_repository(source, workflow, repo)
    job = load_job(repo / ".github/workflows/classroom.yml")
    check(not job_runs_for(job, "github-classroom[bot]"), "Classroom's own first commit would be graded")
    check(job_runs_for(job, "student"), "a student's push would not be graded")

    rubric = json.loads((repo / "grader/rubric.json").read_text())
    tasks = [task for task in rubric["tasks"] if task.get("enabled", True)]
    with open(source / "demo_class/expected_grades.csv", newline="") as handle:
        demo = {row["student"]: row for row in csv.DictReader(handle)}
    solutions = [
        # (label, file or None for the release's own stubs, expected points per task)
        ("stubs", None, {task["id"]: 0.0 for task in tasks}),
        ("full_marks", source / "tests/solutions/plain_loops_full_marks.cpp", {task["id"]: task["points"] for task in tasks}),
    ] + [(name, source / f"demo_class/{name}/{STUDENT_FILE}", {task["id"]: float(demo[name][task["id"]]) for task in tasks})
         for name in ("eli", "mia", "dev")]  # a crash (80), partial tasks (72.58), a compile error (0)
    stubs = (repo / STUDENT_FILE).read_bytes()
    for label, solution, expected in solutions:
        print(f"== {label}: {solution or 'the stubs as shipped'}", flush=True)
        (repo / STUDENT_FILE).write_bytes(solution.read_bytes() if solution else stubs)
        shutil.rmtree(repo / "build/results", ignore_errors=True)
        steps = run_job(job, repo, tmp, label)
        check_run(label, solution, expected, tasks, steps, repo)

    # The grader itself broken (a fixture gone): the Grade step fails with an
    # error annotation, and the job stops before anything reports a grade.
    print("== a broken harness (fixtures/zero_pad.json removed)", flush=True)
    fixture = repo / "fixtures/zero_pad.json"
    kept = fixture.read_bytes()
    fixture.unlink()
    shutil.rmtree(repo / "build/results", ignore_errors=True)
    steps = run_job(job, repo, tmp, "broken")
    fixture.write_bytes(kept)
    grade = steps[-1]
    check(grade["id"] == "grade" and grade["rc"] == 2,
          f"a broken harness: the job went on to {grade['name']} (exit {grade['rc']}):\n{grade['output'][-2000:]}")
    check(re.search(r"^::error title=The autograder could not run::", grade["output"], re.MULTILINE),
          "a broken harness: no error annotation from the Grade step")
    finish()


if __name__ == "__main__":
    main()
