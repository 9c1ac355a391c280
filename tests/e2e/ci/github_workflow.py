#!/usr/bin/env python3
"""The student release's GitHub Actions workflow, run here as GitHub would.

    github_workflow.py SOURCE_DIR WORKFLOW WORK_DIR

Makes the students' repository with `make student-release` (its
.github/workflows/grade.yml must be WORKFLOW, which is what runs), parses
the workflow with a YAML parser, and runs its one job's steps in order in
that repository: `run:` steps as GitHub runs `shell: bash`
(bash --noprofile --norc -eo pipefail {0}, the script in a file), each with
its own GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, `${{ steps.X.outputs.Y }}`
in a step's env taken from what step X wrote to its GITHUB_OUTPUT, and a
`sudo` that just runs the command; `uses:` steps simulated: checkout is the
repository already there, upload-artifact checks that its path exists
(if-no-files-found: error), actions/cache (if used) does nothing. A step
that fails skips the later ones (no step has an `if:`), and the job's
conclusion is failure when a step failed, as GitHub concludes it.

For several solutions, graded one after the other in the same repository
(the first run builds everything from nothing, as a runner does; later
pushes reuse the build folder), it checks: results.json holds the points
grade-all gets (demo_class/expected_grades.csv); the job summary lists every
task with those points; there is one ::error annotation per failing task,
at the line that defines its function (or the compiler's line); results.json
is kept as an artifact; the last step says "P/M points"; and the job's
conclusion is success for full marks and failure otherwise. Then a broken
harness (a fixture removed) must fail the Grade step with the distinct
"could not run ... not your grade" error annotation and skip every later
step, so no points are claimed.

Exit status 0 passed, 1 a check failed. Standard library and PyYAML only.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ci_common import (RESULTS, STUDENT_FILE, break_harness, check, check_results, definition_line,  # noqa: E402
                       finish, full_marks, load_yaml, make_repository, maximum_of, put_solution, solutions,
                       stray_workflow_commands, sudo_shim)

WORKFLOW_PATH = ".github/workflows/grade.yml"
SIMULATED = ("actions/checkout@v4", "actions/upload-artifact@v4", "actions/cache@v4")


# --------------------------------------------------------------------------- the workflow
def load_job(path):
    """The workflow's one job, after checking what this test and the students rely on."""
    workflow = load_yaml(path)
    # YAML 1.1 reads a bare `on` as true: the key must be quoted.
    triggers = workflow.get("on")
    check(triggers is not None, "no 'on' key (a bare `on:` is read as true: quote it)")
    triggers = set(triggers if isinstance(triggers, list) else (triggers or {}))
    check(triggers == {"push", "workflow_dispatch"}, f"triggers are {sorted(triggers)}")
    # Workflow commands (annotations) need no token; nothing here writes to the repository.
    check(workflow.get("permissions") == {"contents": "read"}, f"permissions are {workflow.get('permissions')}")
    concurrency = workflow.get("concurrency") or {}
    check("${{ github.ref }}" in str(concurrency.get("group", "")) and concurrency.get("cancel-in-progress") is True,
          f"a newer push must cancel the older run of the same ref: concurrency {concurrency}")
    check(workflow.get("defaults") == {"run": {"shell": "bash"}},
          "run steps must use shell: bash (this test runs them as GitHub runs that shell)")
    text = Path(path).read_text()
    check("classroom-resources/" not in text and "github-classroom" not in text,
          "the workflow still talks to GitHub Classroom")
    jobs = workflow.get("jobs") or {}
    if not check(len(jobs) == 1, f"one job expected: {list(jobs)}"):
        finish()
    job = next(iter(jobs.values()))
    check("if" not in job, f"job conditions are not simulated: {job.get('if')}")
    check(job.get("runs-on") == "ubuntu-latest", f"runs-on {job.get('runs-on')}")
    check(isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60,
          f"timeout-minutes {job.get('timeout-minutes')}")
    return job


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


def run_script(step, name, env, repo, script_file, deadline):
    script = str(step["run"])
    check("${{" not in script, f"{name}: expressions in run scripts are not simulated (pass them through env)")
    script_file.write_text(script)
    try:
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
                              cwd=repo / step.get("working-directory", "."), env=env, text=True, errors="replace",
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=max(1.0, deadline - time.monotonic()))
        return done.returncode, done.stdout
    except subprocess.TimeoutExpired as expired:
        return 124, f"timed out (timeout-minutes): {expired.output}"


def run_action(step, name, repo):
    """A `uses:` step, simulated: its exit status and the artifact path it kept (or None)."""
    uses, given = step["uses"], step.get("with") or {}
    if not check(uses in SIMULATED, f"{name}: uses {uses}, which this test does not simulate"):
        return 1, None
    if uses == "actions/checkout@v4":
        check(not given, f"{name}: checkout options are not simulated")
    elif uses == "actions/upload-artifact@v4":
        path = repo / str(given.get("path", ""))
        check(given.get("if-no-files-found") == "error", f"{name}: a missing results.json must be an error")
        return (0, path) if path.is_file() else (1, None)
    return 0, None  # actions/cache: nothing cached between these runs


def run_job(job, repo, tmp, label):
    """Runs the job's steps in order; what each did, and the job's conclusion."""
    shim = sudo_shim(tmp / "bin")
    deadline = time.monotonic() + 60 * job["timeout-minutes"]
    outputs, records = {}, []
    steps = job.get("steps", [])
    for number, step in enumerate(steps, 1):
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
        record = {"name": name, "id": step.get("id"), "rc": 0, "output": "", "summary": "", "artifact": None}
        print(f"   [{label}] {name}", flush=True)
        started = time.monotonic()
        if "run" in step:
            record["rc"], record["output"] = run_script(step, name, env, repo, tmp / f"{label}.{number}.sh", deadline)
            if step.get("id"):
                outputs[step["id"]] = read_outputs(files["GITHUB_OUTPUT"])
            record["summary"] = files["GITHUB_STEP_SUMMARY"].read_text()
        else:
            record["rc"], record["artifact"] = run_action(step, name, repo)
        print(f"      exit {record['rc']} after {time.monotonic() - started:.1f} s", flush=True)
        records.append(record)
        if record["rc"] != 0:
            break  # later steps run only on success (the default if: success())
    conclusion = "success" if len(records) == len(steps) and all(r["rc"] == 0 for r in records) else "failure"
    return records, conclusion


# --------------------------------------------------------------------------- what to expect
def escaped_markdown(text):
    return "".join("\\" + c if (c.isascii() and not c.isalnum() and not c.isspace()) else c for c in text)


def unescape_command(text):
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def error_annotations(output):
    return [line for line in output.split("\n") if line.startswith("::error ") or line.startswith("::error::")]


def check_annotations(label, failing, got, report, repo):
    """One annotation per failing task, at its definition (a compile error: the compiler's line)."""
    annotations = error_annotations(report["output"])
    check(len(annotations) == len(failing), f"{label}: {len(annotations)} annotations for {len(failing)} failing tasks")
    source = repo / STUDENT_FILE
    compile_error = all(task["status"] == "compile_error" for task in got.values())
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
        title = unescape_command(properties.get("title", ""))
        check(title.startswith(f"Task {task['id']} {task['function']}: "), f"{label}: annotation title {title}")
        check(got[task["id"]]["status"] in title, f"{label}: no status in {annotation}")


def check_summary(label, tasks, got, results, report):
    """The job summary: the total and a row per task, with results.json's points."""
    summary = report["summary"]
    heading = f"## Autograder: {results['total_points']:.2f} / {results['max_points']:g} points"
    check(heading in summary, f"{label}: summary heading is not {heading!r}:\n{summary[:300]}")
    rows = [line for line in summary.split("\n") if line.startswith("| ")]
    check(len(rows) == len(tasks) + 1, f"{label}: {len(rows) - 1} summary rows for {len(tasks)} tasks")
    for task in tasks:
        wanted = f"| {escaped_markdown(task['id'])} | {escaped_markdown(task['function'])} | "
        row = next((row for row in rows if row.startswith(wanted)), "")
        points = got[task["id"]]
        check(f" | {points['points']:.2f}/{points['max_points']:g} | " in row, f"{label}: summary row of {task['id']}: {row}")


def check_run(label, expected, tasks, steps, conclusion, repo):
    """One push, whose tasks should get `expected` (task id -> points)."""
    by_name = {step["name"]: step for step in steps}
    grade, report, points = by_name.get("Grade"), by_name.get("Report"), by_name.get("Points")
    if not check(grade and grade["rc"] == 0, f"{label}: the Grade step failed:\n{grade and grade['output'][-3000:]}"):
        return
    results = check_results(label, expected, tasks, repo)
    if results is None:
        return
    total, maximum = round(sum(expected.values()), 2), maximum_of(tasks)
    check(f"Total: {total:.2f}/{maximum:g}" in grade["output"], f"{label}: make test's table does not say Total: {total:.2f}")
    if not check(report and report["rc"] == 0, f"{label}: the Report step failed:\n{report and report['output'][-3000:]}"):
        return
    got = {task["id"]: task for task in results["tasks"]}
    failing = [task for task in tasks if abs(expected[task["id"]] - task["points"]) >= 0.005]
    check_annotations(label, failing, got, report, repo)
    check_summary(label, tasks, got, results, report)
    artifact = next((step["artifact"] for step in steps if step["artifact"]), None)
    check(artifact == repo / RESULTS, f"{label}: results.json was not kept as an artifact ({artifact})")

    # The last step says the points and decides the job's conclusion.
    full = full_marks(expected, tasks)
    if not check(points is not None and steps[-1] is points, f"{label}: the Points step did not run last: {[s['name'] for s in steps]}"):
        return
    said = f"{results['total_points']:.2f}/{results['max_points']:g} points"
    kind = "notice" if full else "error"
    check(re.search(rf"^::{kind} title=[^:]*::{re.escape(said)}", points["output"], re.MULTILINE),
          f"{label}: the Points step does not say ::{kind} ... {said}: {points['output']!r}")
    check(points["rc"] == (0 if full else 1), f"{label}: the Points step exited {points['rc']}")
    check(conclusion == ("success" if full else "failure"), f"{label}: the job's conclusion is {conclusion}")
    print(f"      {said}, job {conclusion}", flush=True)


def check_injection(job, repo, tmp, stubs):
    """A compile error whose #line makes the compiler print "::error" at the
    start of a line: the Grade step's log carries it, and GitHub runs none
    of it as a command."""
    print("== a #line that makes the compiler print ::error:: at the start of a line", flush=True)
    (repo / STUDENT_FILE).write_bytes(b'#line 1 "::error title=INJECTED::x"\n#error boom\n')
    steps, _ = run_job(job, repo, tmp, "injection")
    (repo / STUDENT_FILE).write_bytes(stubs)
    grade = next((step for step in steps if step["name"] == "Grade"), None)
    if not check(grade is not None, "injection: no Grade step ran"):
        return
    check("INJECTED" in grade["output"], "injection: the compiler's message is not in the log (the case proves nothing)")
    stray = stray_workflow_commands(grade["output"])
    check(not stray, f"injection: GitHub would run these lines as workflow commands: {stray[:3]}")


def check_broken_harness(job, repo, tmp):
    """A broken grader: the Grade step fails with the distinct error, nothing later runs."""
    print("== a broken harness (fixtures/zero_pad.json removed)", flush=True)
    restore = break_harness(repo)
    steps, conclusion = run_job(job, repo, tmp, "broken")
    restore()
    grade = steps[-1]
    check(grade["name"] == "Grade" and grade["rc"] == 2,
          f"a broken harness: the job went on to {grade['name']} (exit {grade['rc']}):\n{grade['output'][-2000:]}")
    check(re.search(r"^::error title=The autograder could not run::.*This is not your grade", grade["output"], re.MULTILINE),
          "a broken harness: no 'could not run ... not your grade' error annotation from the Grade step")
    check(not any("points" in line for line in error_annotations(grade["output"])),
          "a broken harness: an annotation claims points")
    check(conclusion == "failure", f"a broken harness: the job's conclusion is {conclusion}")


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} SOURCE_DIR WORKFLOW WORK_DIR")
    source, workflow, work = (Path(arg).resolve() for arg in sys.argv[1:])
    work.mkdir(parents=True, exist_ok=True)
    repo, tmp = work / "repo", work / "runner"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    tasks = make_repository(source, repo, WORKFLOW_PATH, workflow)
    shutil.copy2(workflow, repo / WORKFLOW_PATH)  # what runs is WORKFLOW, whatever the release had
    job = load_job(repo / WORKFLOW_PATH)
    stubs = (repo / STUDENT_FILE).read_bytes()
    for label, solution, expected in solutions(source, tasks):
        print(f"== {label}: {solution or 'the stubs as shipped'}", flush=True)
        put_solution(repo, solution, stubs)
        steps, conclusion = run_job(job, repo, tmp, label)
        check_run(label, expected, tasks, steps, conclusion, repo)
    check_injection(job, repo, tmp, stubs)
    check_broken_harness(job, repo, tmp)
    finish()


if __name__ == "__main__":
    main()
