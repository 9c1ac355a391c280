#!/usr/bin/env python3
"""Classroom 50's runner contract, replayed here for make classroom50's bundle.

    contract_replay.py SOURCE_DIR BUILD_DIR WORK_DIR

What foundation50/classroom50's runner.py (cli/gh-teacher/skeleton/dotgithub/
scripts/runner.py) does with a per-assignment autograder, step by step:

- the bundle folder CLASSROOM/autograders/ASSIGNMENT/ is published as a
  tar.gz (at most 10 MiB, MAX_FETCH_BYTES) and extracted with
  tarfile's "data" filter (Python >= 3.12), or, before 3.12, a check that
  refuses links, devices, absolute paths and "..": both are applied here;
- it lands in $RUNNER_TEMP/classroom50-runtime/ASSIGNMENT, named by
  CLASSROOM50_BUNDLE_DIR, and autograder.py runs as [sys.executable, path]
  with the student's checkout as working directory and the environment
  run_entrypoint sets (USERNAME, OWNER, ASSIGNMENT_TYPE, COMMIT_URL,
  RELEASE_URL, REVIEW_URL, beside CLASSROOM, ASSIGNMENT, SUBMISSION_TAG);
- a non-zero exit is an error result, not a grade (Finalizer.error);
- finalize_result reads ./result.json, stamps owner, assignment_type,
  datetime and graded_at, and validates it; collect_scores.py's
  validate_result is the gradebook's rule, transcribed below.

The student checkout is the student release with .classroom50.yaml and
.github/workflows/autograde.yaml committed (Classroom 50's accept commit).
Graded: the stubs, full marks, partial credit with fractional points (mia,
72.58), a compile error (dev), a crash (eli) and a checkout whose header
the student edited (full marks still, and the edit named; not named once
a release manifest in the bundle lists that very header). Then hostile
checkouts: the release-asset paths taken by a file, a folder and a link to
result.json (still a valid grade); the student's file a link to a file
outside the checkout (the stub is graded); and a compile error whose #line
puts "::error" at the start of a compiler line (no line GitHub would run
as a workflow command reaches the log). Each task's
points must be those of demo_class/expected_grades.csv (what grade-all
gives), in hundredths. Then a broken bundle (a fixture gone) must exit
non-zero, as must a run without the runner's environment.

Exit status 0 passed, 1 a check failed. Standard library only.
"""

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ci"))
from ci_common import stray_workflow_commands  # noqa: E402

CLASSROOM, ASSIGNMENT, OWNER = "csci560", "cnn-layers", "ada"
STUDENT_FILE = "student/assg_tasks.cpp"
MAX_FETCH_BYTES = 10 * 1024 * 1024
RELEASE_BODY_LIMIT = 125000  # GitHub's limit on a release body
ASSET_NAME = re.compile(r"^[A-Za-z0-9_-](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9_-])?$")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", flush=True)
    return condition


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


# --- collect_scores.py's validate_result, transcribed -----------------------------
def validate_result(payload, classroom, assignment, username, is_group=False):
    if not isinstance(payload, dict):
        raise ValueError("top-level value must be an object")
    if payload.get("schema") != "classroom50/result/v1":
        raise ValueError(f"schema = {payload.get('schema')!r}")
    if payload.get("classroom") != classroom:
        raise ValueError("classroom mismatch")
    if payload.get("assignment") != assignment:
        raise ValueError("assignment mismatch")
    owner = payload.get("owner")
    if not isinstance(owner, str) or not owner or owner.lower() != username.lower():
        raise ValueError(f"owner = {owner!r}")
    if payload.get("assignment_type") != ("group" if is_group else "individual"):
        raise ValueError("assignment_type mismatch")
    submission = payload.get("submission")
    if not isinstance(submission, str) or not submission.startswith("submit/"):
        raise ValueError("submission must start with submit/")
    for field in ("submission", "commit", "release", "review", "datetime"):
        value = payload.get(field)
        if not isinstance(value, str) or not value:
            raise ValueError(f"{field} must be a non-empty string")
    for field in ("score", "max-score"):
        value = payload.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{field} must be a non-negative integer, got {value!r}")
    if payload["score"] > payload["max-score"]:
        raise ValueError("score > max-score")
    tests = payload.get("tests")
    if not isinstance(tests, list):
        raise ValueError("tests must be a list")
    for i, test in enumerate(tests):
        if not isinstance(test, dict):
            raise ValueError(f"tests[{i}] must be an object")
        if not isinstance(test.get("test-name"), str) or not test["test-name"]:
            raise ValueError(f"tests[{i}].test-name must be a non-empty string")
        if not isinstance(test.get("passed"), bool):
            raise ValueError(f"tests[{i}].passed must be a boolean")
        for field in ("score", "max-score"):
            value = test.get(field)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"tests[{i}].{field} must be a non-negative integer")
        if test["score"] > test["max-score"]:
            raise ValueError(f"tests[{i}].score > max-score")


# --- the runner's fetch and extract ------------------------------------------------
def publish_and_extract(bundle, runtime):
    """The bundle as Pages serves it, extracted as the runner extracts it."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:gz") as tar:
        tar.add(bundle, arcname=ASSIGNMENT)
    check(len(data.getvalue()) <= MAX_FETCH_BYTES, f"the bundle is {len(data.getvalue())} bytes, over 10 MiB")
    data.seek(0)
    shutil.rmtree(runtime, ignore_errors=True)
    runtime.mkdir(parents=True)
    with tarfile.open(fileobj=data, mode="r:gz") as tar:
        for member in tar.getmembers():
            check(member.isfile() or member.isdir(), f"the bundle holds {member.name}, neither file nor folder")
            check(not member.name.startswith("/") and ".." not in Path(member.name).parts,
                  f"the bundle's {member.name} would land outside it")
        if sys.version_info >= (3, 12):
            tar.extractall(runtime, filter="data")
        else:
            tar.extractall(runtime)
    return runtime / ASSIGNMENT


def runner_environment(work, checkout, bundle_dir):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CLASSROOM", "GITHUB_"))}
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=checkout, capture_output=True, text=True).stdout.strip()
    repo = f"https://github.com/org/{CLASSROOM}-{ASSIGNMENT}-{OWNER}"
    tag = f"submit/20261203T120000Z-{sha[:7]}"
    env.update({
        "PAGES_BASE_URL": "https://org.github.io/classroom50", "CLASSROOM": CLASSROOM, "ASSIGNMENT": ASSIGNMENT,
        "SUBMISSION_TAG": tag, "GITHUB_SHA": sha, "GITHUB_ACTOR": OWNER, "GITHUB_REPOSITORY": f"org/{repo}",
        "USERNAME": OWNER, "OWNER": OWNER, "ASSIGNMENT_TYPE": "individual", "COMMIT_URL": f"{repo}/commit/{sha}",
        "RELEASE_URL": f"{repo}/releases/tag/submit%2F20261203T120000Z-{sha[:7]}", "REVIEW_URL": f"{repo}/compare/x...{sha}",
        "CLASSROOM50_BUNDLE_DIR": str(bundle_dir), "RUNNER_TEMP": str(work / "runner-temp"),
        "GITHUB_OUTPUT": str(work / "github-output"), "GITHUB_STEP_SUMMARY": str(work / "step-summary"),
    })
    return env


def committer_date(checkout):
    out = subprocess.run(["git", "show", "-s", "--format=%cI", "HEAD"], cwd=checkout, capture_output=True,
                         text=True).stdout.strip()
    import datetime
    return datetime.datetime.fromisoformat(out).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_autograder(work, checkout, bundle_dir, env=None):
    """Runs the entry point as run_entrypoint does; returns its exit status
    (its output, the Actions log, is kept in work/autograder.log)."""
    for stale in ("result.json", "release-body.md"):
        (checkout / stale).unlink(missing_ok=True)
    (work / "github-output").write_text("")
    env = env if env is not None else runner_environment(work, checkout, bundle_dir)
    done = subprocess.run([sys.executable, str(bundle_dir / "autograder.py")], cwd=checkout, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    print(done.stdout[-3000:], flush=True)
    (work / "autograder.log").write_text(done.stdout)
    return done.returncode


def finalize_and_validate(label, checkout):
    """finalize_result's stamping, then the collector's validation."""
    result = json.loads((checkout / "result.json").read_text())
    check(result.get("datetime") == committer_date(checkout),
          f"{label}: datetime {result.get('datetime')} is not the commit's committer date")
    result["owner"], result["assignment_type"] = OWNER, "individual"
    try:
        validate_result(result, CLASSROOM, ASSIGNMENT, OWNER)
    except ValueError as error:
        check(False, f"{label}: collect_scores.py would refuse result.json: {error}")
    return result


def check_grade(label, result, expected, tasks):
    tests = result["tests"]
    check(sum(t["score"] for t in tests) == result["score"], f"{label}: the tests' scores do not add up to score")
    check(sum(t["max-score"] for t in tests) == result["max-score"], f"{label}: the tests' maxima do not add up")
    check(result["max-score"] == round(100 * sum(task["points"] for task in tasks)), f"{label}: max-score is not 100 x points")
    for task in tasks:
        got = sum(t["score"] for t in tests if t["test-name"].startswith(f"{task['id']} {task['function']}"))
        check(got == round(100 * expected[task["id"]]),
              f"{label}: task {task['id']} got {got} hundredths, grade-all gives {expected[task['id']]} points")


def check_outputs(label, checkout, work, result):
    body = (checkout / "release-body.md").read_text()
    check(len(body) <= RELEASE_BODY_LIMIT, f"{label}: release-body.md is {len(body)} characters")
    check("Task  Function" in body and "Total:" in body, f"{label}: release-body.md has no per-task table")
    check(f"{result['score']} of {result['max-score']}" in body, f"{label}: release-body.md does not give the score")
    for asset in json.loads((work / "bundle-out/release_assets.json").read_text()):
        path = checkout / asset
        check(path.is_file() and not path.is_symlink(), f"{label}: release asset {asset} was not written")
        check(ASSET_NAME.match(path.name) and path.name.lower() not in ("result.json", "release-body.md"),
              f"{label}: release asset {asset} has a name Classroom 50 refuses")
    outputs = (work / "github-output").read_text()
    status = "success" if result["score"] == result["max-score"] else "failure"
    check(f"status={status}\n" in outputs, f"{label}: GITHUB_OUTPUT has no status={status}: {outputs!r}")
    return body


def remove_path(path):
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def commit(checkout, message):
    run(["git", "add", "-A"], cwd=checkout)
    run(["git", "-c", "user.name=Student", "-c", "user.email=s@example.org", "commit", "-qm", message,
         "--allow-empty"], cwd=checkout)


def make_checkout(source, work):
    checkout = work / "checkout"
    env = dict(os.environ, RELEASE_MANIFESTS=str(work / "manifests"))
    run([str(source / "distribution/student_release.sh"), str(checkout)], env=env, stdout=subprocess.DEVNULL)
    if not (checkout / ".git").is_dir():
        run(["git", "init", "-q"], cwd=checkout)
    (checkout / ".classroom50.yaml").write_text(f"classroom: {CLASSROOM}\nassignment: {ASSIGNMENT}\n")
    (checkout / ".github/workflows").mkdir(parents=True, exist_ok=True)
    (checkout / ".github/workflows/autograde.yaml").write_text("# Classroom 50's trigger (not run here)\n")
    commit(checkout, "accept")
    return checkout


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} SOURCE_DIR BUILD_DIR WORK_DIR")
    source, build, work = (Path(arg).resolve() for arg in sys.argv[1:])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    run([str(source / "distribution/classroom50/package.sh"), str(build), str(work / "bundle-out"), CLASSROOM, ASSIGNMENT])
    bundle = work / "bundle-out" / CLASSROOM / "autograders" / ASSIGNMENT
    check(not (bundle / "harness/reference").exists(), "the bundle holds the reference")
    check(not list(bundle.rglob("spec")), "the bundle holds fixture specs (the hidden ones live there)")
    check(not (bundle / "hidden").exists(), "the bundle holds hidden tests without --include-hidden")
    bundle_dir = publish_and_extract(bundle, work / "runner-temp/classroom50-runtime")
    checkout = make_checkout(source, work)

    rubric = json.loads((source / "grader/rubric.json").read_text())
    tasks = [task for task in rubric["tasks"] if task.get("enabled", True)]
    with open(source / "demo_class/expected_grades.csv", newline="") as handle:
        demo = {row["student"]: row for row in csv.DictReader(handle)}
    stubs = (checkout / STUDENT_FILE).read_bytes()
    full = source / "tests/solutions/plain_loops_full_marks.cpp"
    cases = [("stubs", stubs, {t["id"]: 0.0 for t in tasks}),
             ("full_marks", full.read_bytes(), {t["id"]: float(t["points"]) for t in tasks})]
    cases += [(name, (source / f"demo_class/{name}/{STUDENT_FILE}").read_bytes(),
               {t["id"]: float(demo[name][t["id"]]) for t in tasks}) for name in ("mia", "dev", "eli")]
    for label, content, expected in cases:
        print(f"== {label}", flush=True)
        (checkout / STUDENT_FILE).write_bytes(content)
        commit(checkout, label)
        if not check(run_autograder(work, checkout, bundle_dir) == 0, f"{label}: autograder.py exited non-zero"):
            continue
        result = finalize_and_validate(label, checkout)
        check_grade(label, result, expected, tasks)
        check_outputs(label, checkout, work, result)

    print("== an edited header (student/assg_tasks.hpp made unusable)", flush=True)
    header = checkout / "student/assg_tasks.hpp"
    kept_header = header.read_bytes()
    header.write_bytes(kept_header + b"\n#error this copy of the header must never be compiled\n")
    (checkout / STUDENT_FILE).write_bytes(full.read_bytes())
    commit(checkout, "edited header")
    if check(run_autograder(work, checkout, bundle_dir) == 0, "edited header: autograder.py exited non-zero"):
        result = finalize_and_validate("edited header", checkout)
        check_grade("edited header", result, {t["id"]: float(t["points"]) for t in tasks}, tasks)
        body = check_outputs("edited header", checkout, work, result)
        check("student/assg_tasks.hpp" in body, "edited header: the release body does not name the edited header")
    # The same header as an earlier release shipped it (a manifest naming its
    # SHA-256): kept from a release, not edited, so not named.
    (bundle_dir / "releases").mkdir(exist_ok=True)
    (bundle_dir / "releases/20261101T000000Z-00000000.json").write_text(json.dumps(
        {"release": "20261101T000000Z-00000000",
         "files": {"student/assg_tasks.hpp": hashlib.sha256(header.read_bytes()).hexdigest()}}))
    if check(run_autograder(work, checkout, bundle_dir) == 0, "released header: autograder.py exited non-zero"):
        check("student/assg_tasks.hpp" not in (checkout / "release-body.md").read_text(),
              "a header as an earlier release shipped it is called edited")
    shutil.rmtree(bundle_dir / "releases")
    header.write_bytes(kept_header)
    commit(checkout, "header restored")

    print("== hostile paths: the asset folder a file, then its files a folder and a link to result.json", flush=True)
    (checkout / STUDENT_FILE).write_bytes(full.read_bytes())
    remove_path(checkout / "classroom50-assets")  # the last run's
    (checkout / "classroom50-assets").write_text("in the way\n")
    commit(checkout, "assets folder is a file")
    if check(run_autograder(work, checkout, bundle_dir) == 0, "asset folder a file: autograder.py exited non-zero"):
        check_grade("asset folder a file", finalize_and_validate("asset folder a file", checkout),
                    {t["id"]: float(t["points"]) for t in tasks}, tasks)
    remove_path(checkout / "classroom50-assets")
    (checkout / "classroom50-assets/feedback.md").mkdir(parents=True)
    (checkout / "classroom50-assets/results.json").symlink_to("../result.json")
    commit(checkout, "assets are a folder and a link")
    if check(run_autograder(work, checkout, bundle_dir) == 0, "asset folder and link: autograder.py exited non-zero"):
        result = finalize_and_validate("asset folder and link", checkout)
        check_grade("asset folder and link", result, {t["id"]: float(t["points"]) for t in tasks}, tasks)
        check_outputs("asset folder and link", checkout, work, result)
    remove_path(checkout / "classroom50-assets")

    print("== the student's file a link to a full-marks file outside the checkout", flush=True)
    outside = work / "outside.cpp"
    outside.write_bytes(full.read_bytes())
    (checkout / STUDENT_FILE).unlink()
    (checkout / STUDENT_FILE).symlink_to(outside)
    commit(checkout, "linked")
    if check(run_autograder(work, checkout, bundle_dir) == 0, "linked file: autograder.py exited non-zero"):
        result = finalize_and_validate("linked file", checkout)
        check(result["score"] == 0, f"linked file: a file outside the checkout was graded ({result['score']})")
        check("is not a file in your repository" in (checkout / "release-body.md").read_text(),
              "linked file: the release body does not say the stub was graded")
    (checkout / STUDENT_FILE).unlink()

    print("== a compile error whose #line makes the compiler print ::error:: at the start of a line", flush=True)
    (checkout / STUDENT_FILE).write_bytes(b'#line 1 "::error title=INJECTED::x"\n#error boom\n')
    commit(checkout, "injection")
    if check(run_autograder(work, checkout, bundle_dir) == 0, "injection: autograder.py exited non-zero"):
        result = finalize_and_validate("injection", checkout)
        check(result["score"] == 0, "injection: a file that does not compile got points")
        log = (work / "autograder.log").read_text()
        check("INJECTED" in log, "injection: the compiler's message is not in the log (the case proves nothing)")
        stray = stray_workflow_commands(log)
        check(not stray, f"injection: GitHub would run these lines as workflow commands: {stray[:3]}")
    (checkout / STUDENT_FILE).write_bytes(stubs)
    commit(checkout, "stubs again")

    print("== without the runner's environment", flush=True)
    env = {key: value for key, value in runner_environment(work, checkout, bundle_dir).items()
           if key not in ("CLASSROOM", "SUBMISSION_TAG")}
    check(run_autograder(work, checkout, bundle_dir, env) != 0, "no CLASSROOM: autograder.py exited 0")

    print("== a broken bundle (fixtures/zero_pad.json gone)", flush=True)
    (bundle_dir / "harness/fixtures/zero_pad.json").unlink()
    check(run_autograder(work, checkout, bundle_dir) != 0, "a broken bundle: autograder.py exited 0")

    print(f"{len(failures)} check(s) failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
