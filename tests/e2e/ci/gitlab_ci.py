#!/usr/bin/env python3
"""The student release's .gitlab-ci.yml, its job run here as GitLab's runner runs it.

    gitlab_ci.py SOURCE_DIR GITLAB_CI WORK_DIR

Makes the students' repository with `make student-release` (its
.gitlab-ci.yml must be GITLAB_CI, which is what runs), parses it with
PyYAML, and runs its one job the way GitLab Runner's bash shell does for
the Docker executor (the default `image:` path; the shell executor writes
the same script), from its source:

  * GitLab sends the runner one "script" step made of before_script then
    script, and a separate "after_script" step that runs whatever happened
    (when: always) and whose failure does not fail the job
    (gitlab-org/gitlab, lib/gitlab/ci/build/step.rb: from_commands,
    from_after_script);
  * each step becomes one bash script (gitlab-org/gitlab-runner,
    shells/abstract.go writeCommands; shells/bash.go BashWriter.Finish):
    the job's variables exported, `cd` into the project folder, then for
    every command an `echo "$ <command>"` (a multi-line one: its first line
    and "# collapsed multi-line command") followed by the command as written,
    all inside `: | eval '...'` after `trap exit 1 TERM`,
    `set -o pipefail` (when the shell has it), `set -o errexit` and
    `set +o noclobber`, then `exit 0`. So the lines share one shell (a
    variable set in one is seen by the next), the first command that fails
    ends the step with its status, and stdin is empty;
  * with the Docker executor the script is fed on standard input to
    `bash` found by BashDetectShellScript (not a login shell: NormalShell).

The job's status is the script step's exit status (0 passed, else failed);
then the artifacts (when: always) are collected: every `paths:` entry and
the `reports: junit:` file must exist.

For the solutions the GitHub workflow test pushes (the stubs, full marks,
a crash, partial tasks, a compile error), it checks: results.json has
demo_class/expected_grades.csv's points; the JUnit XML parses, has one
<testsuite> per task (its points, maximum and status as properties, those of
results.json) and one <testcase> per case of results.json, a <failure>
exactly on the cases results.json has not passed, suites' points adding up
to results.json's total; the artifacts exist; and the job passes for full
marks and fails otherwise. A broken harness (a fixture removed) fails the
job with the distinct "could not run ... not your grade" message and no
JUnit report.

Not simulated: the container itself (debian:bookworm as root; here the
current user on this machine, with the packages already installed), the
runner's git clone, FF_ENABLE_BASH_EXIT_CODE_CHECK (off by default), and
the Kubernetes executor's JSON start/stop lines.

Exit status 0 passed, 1 a check failed. Standard library and PyYAML only.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ci_common import (RESULTS, STUDENT_FILE, break_harness, check, check_results, finish, full_marks,  # noqa: E402
                       load_yaml, make_repository, put_solution, solutions)

CI_PATH = ".gitlab-ci.yml"


# --------------------------------------------------------------------------- the job
def load_job(path):
    """The file's one job, after checking what this test and the students rely on."""
    config = load_yaml(path)
    jobs = {name: job for name, job in config.items()
            if isinstance(job, dict) and not name.startswith(".") and name not in ("default", "variables", "workflow", "stages")}
    if not check(list(jobs) == ["grade"], f"one job 'grade' expected: {list(jobs)}"):
        finish()
    job = jobs["grade"]
    check(str(job.get("image", "")).startswith("debian:"), f"image {job.get('image')}: .ci/install-deps.sh needs apt-get")
    check("rules" not in job and "only" not in job and "except" not in job, "job rules are not simulated")
    check(str(job.get("timeout", "")).endswith(("m", "h")), f"timeout {job.get('timeout')}")
    artifacts = job.get("artifacts") or {}
    check(artifacts.get("when") == "always", "artifacts must be kept when the job fails too (when: always)")
    check(bool(artifacts.get("expire_in")), "artifacts need an expire_in")
    junit = (artifacts.get("reports") or {}).get("junit")
    check(isinstance(junit, str), f"reports: junit must be one file: {junit!r}")
    check(junit in (artifacts.get("paths") or []), "the JUnit file is not among the artifacts' paths")
    check(RESULTS in (artifacts.get("paths") or []), f"{RESULTS} is not among the artifacts' paths")
    for key in ("before_script", "script", "after_script"):
        check(isinstance(job.get(key, []), list) and all(isinstance(line, str) for line in job.get(key, [])),
              f"{key} must be a list of command lines")
    return job


def step_script(commands, variables, project_dir):
    """What BashWriter writes for one step: each command echoed then run, in one errexit/pipefail bash."""
    body = [f"export {name}={shlex.quote(value)}" for name, value in variables.items()]
    body.append(f"cd {shlex.quote(str(project_dir))}")
    for command in commands:
        command = command.strip()
        if command:
            lines = command.split("\n", 1)
            shown = f"$ {lines[0]}" + (" # collapsed multi-line command" if len(lines) > 1 else "")
            body.append("echo " + shlex.quote(f"\x1b[32;1m{shown}\x1b[0;m"))
        else:
            body.append("echo")
        body.append(command)
    return ("trap exit 1 TERM\n\n"
            "if set -o | grep pipefail > /dev/null; then set -o pipefail; fi; set -o errexit\n"
            "set +o noclobber\n"
            ": | eval " + shlex.quote("\n".join(body) + "\n") + "\n"
            "exit 0\n")


def run_step(commands, repo, env, timeout):
    script = step_script(commands, {"CI": "true", "GITLAB_CI": "true", "CI_JOB_NAME": "grade",
                                    "CI_PROJECT_DIR": str(repo)}, repo)
    try:
        # Docker executor: `sh -c <detect script>` execs /bin/bash, which reads the script on stdin.
        done = subprocess.run(["sh", "-c", "exec bash"], input=script, cwd="/", env=env, text=True, errors="replace",
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        return done.returncode, done.stdout
    except subprocess.TimeoutExpired as expired:
        return 124, f"timed out (timeout): {expired.output}"


def run_job(job, repo, label):
    """The script step (before_script + script), then after_script; the job's status and its logs."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    print(f"   [{label}] before_script + script", flush=True)
    started = time.monotonic()
    rc, log = run_step(job.get("before_script", []) + job["script"], repo, env, timeout=30 * 60)
    print(f"      exit {rc} after {time.monotonic() - started:.1f} s", flush=True)
    after = None
    if job.get("after_script"):
        # Always run, in a shell of its own; its status never changes the job's.
        after = run_step(job["after_script"], repo, env, timeout=5 * 60)
    for command in job.get("before_script", []) + job["script"]:
        if rc in (0, 1):  # every command ran (the last exits with the grade), each echoed first
            first = command.strip().split("\n", 1)[0]
            check(f"$ {first}" in log, f"{label}: the log does not echo `$ {first}`")
    return {"status": "success" if rc == 0 else "failed", "rc": rc, "log": log, "after": after}


def collect_artifacts(job, repo):
    """What the runner would upload: the missing paths (when: always, so whatever the status)."""
    artifacts = job["artifacts"]
    wanted = list(artifacts.get("paths", [])) + [artifacts["reports"]["junit"]]
    return [path for path in wanted if not (repo / path).is_file()]


# --------------------------------------------------------------------------- what to expect
def check_junit(label, path, results):
    """The JUnit report: a suite per task, a case per case, failures and points as results.json has them."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as error:
        check(False, f"{label}: {path} does not parse: {error}")
        return
    check(root.tag == "testsuites", f"{label}: the root is <{root.tag}>")
    suites = root.findall("testsuite")
    check(len(suites) == len(results["tasks"]), f"{label}: {len(suites)} test suites for {len(results['tasks'])} tasks")
    points = 0.0
    for task, suite in zip(results["tasks"], suites):
        name = f"{task['id']} {task['function']}"
        check(suite.get("name") == name, f"{label}: suite {suite.get('name')!r} is not {name!r}")
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        check(abs(float(properties.get("points", "nan")) - task["points"]) < 0.005,
              f"{label}: {name}'s points {properties.get('points')} != {task['points']}")
        check(float(properties.get("max_points", "nan")) == task["max_points"], f"{label}: {name}'s max_points")
        check(properties.get("status") == task["status"], f"{label}: {name}'s status {properties.get('status')}")
        points += float(properties.get("points", "0"))
        cases = suite.findall("testcase")
        check([case.get("name") for case in cases] == [test["name"] for test in task["tests"]],
              f"{label}: {name}'s test cases {[case.get('name') for case in cases][:5]} are not results.json's")
        for case, test in zip(cases, task["tests"]):
            failure = case.find("failure")
            check((failure is None) == test["passed"],
                  f"{label}: {name} / {test['name']}: failure {failure is not None}, passed {test['passed']}")
            if failure is not None:
                check(failure.get("type") == test["status"], f"{label}: {name} / {test['name']}: type {failure.get('type')}")
        failed = sum(1 for test in task["tests"] if not test["passed"])
        check(suite.get("tests") == str(len(task["tests"])) and suite.get("failures") == str(failed),
              f"{label}: {name}'s counts tests={suite.get('tests')} failures={suite.get('failures')}")
    check(abs(points - results["total_points"]) < 0.005, f"{label}: the suites' points add up to {points}, not {results['total_points']}")


def check_run(label, expected, tasks, job, run, repo):
    results = check_results(label, expected, tasks, repo)
    missing = collect_artifacts(job, repo)
    check(not missing, f"{label}: artifacts missing: {missing}\n{run['log'][-3000:]}")
    if results is not None and (repo / job["artifacts"]["reports"]["junit"]).is_file():
        check_junit(label, repo / job["artifacts"]["reports"]["junit"], results)
    full = full_marks(expected, tasks)
    check(run["status"] == ("success" if full else "failed"), f"{label}: the job {run['status']} (exit {run['rc']})")
    check(run["rc"] in (0, 1), f"{label}: the job exited {run['rc']}, neither a pass nor a grade:\n{run['log'][-3000:]}")
    total = round(sum(expected.values()), 2)
    check(f"Total: {total:.2f}/" in run["log"], f"{label}: make test's table (Total: {total:.2f}) is not in the job log")
    print(f"      {total:.2f} points, job {run['status']}", flush=True)


def check_broken_harness(job, repo):
    print("== a broken harness (fixtures/zero_pad.json removed)", flush=True)
    restore = break_harness(repo)
    run = run_job(job, repo, "broken")
    restore()
    check(run["status"] == "failed" and run["rc"] == 2, f"a broken harness: the job {run['status']} with exit {run['rc']}")
    check("The autograder could not run" in run["log"] and "This is not your grade" in run["log"],
          f"a broken harness: no 'could not run ... not your grade' message:\n{run['log'][-2000:]}")
    check(not (repo / job["artifacts"]["reports"]["junit"]).exists(), "a broken harness: a JUnit report was written")


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} SOURCE_DIR GITLAB_CI WORK_DIR")
    source, ci_file, work = (Path(arg).resolve() for arg in sys.argv[1:])
    work.mkdir(parents=True, exist_ok=True)
    repo = work / "repo"
    tasks = make_repository(source, repo, CI_PATH, ci_file)
    shutil.copy2(ci_file, repo / CI_PATH)  # what runs is GITLAB_CI, whatever the release had
    job = load_job(repo / CI_PATH)
    stubs = (repo / STUDENT_FILE).read_bytes()
    for label, solution, expected in solutions(source, tasks):
        print(f"== {label}: {solution or 'the stubs as shipped'}", flush=True)
        put_solution(repo, solution, stubs)
        run = run_job(job, repo, label)
        check_run(label, expected, tasks, job, run, repo)
    check_broken_harness(job, repo)
    finish()


if __name__ == "__main__":
    main()
