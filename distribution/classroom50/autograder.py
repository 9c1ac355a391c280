#!/usr/bin/env python3
"""Classroom 50's autograder for CSci 560 assignment 05 (convolution and pooling).

Classroom 50's runner (foundation50/classroom50, runner.py) fetches this
bundle, extracts it to $CLASSROOM50_BUNDLE_DIR and runs this file with the
job's Python, in the student's checkout. It:

1. copies the bundle's harness (the student release as the instructor made
   it: grader, fixtures, rubric, interface header) to a scratch folder, so
   that nothing the student edited in their copy of those files is used;
2. puts into it only the rubric's student files (student/assg_tasks.cpp)
   from the checkout, and notes any instructor file the student changed;
3. grades as `make test` does (grader/grade_solution.sh), hidden cases too
   if the bundle was made with them (make classroom50 ARGS=--include-hidden);
4. writes ./result.json (classroom50/result/v1, scores in hundredths of a
   point), ./release-body.md, and classroom50-assets/results.json and
   feedback.md for the release (the assignment's release_assets), and a
   status and summary for the run ($GITHUB_OUTPUT).

Exit status 0 whenever a grade was taken, 0 points included; non-zero only
when the harness itself could not run (the runner then records an error,
not a grade). Standard library only.
"""

import datetime
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BUNDLE = Path(os.environ.get("CLASSROOM50_BUNDLE_DIR") or Path(__file__).resolve().parent).resolve()
HARNESS = BUNDLE / "harness"
HIDDEN = BUNDLE / "hidden"
ASSETS = "classroom50-assets"
# The job stops after 15 minutes; grading must leave time to publish.
GRADING_TIMEOUT_SECONDS = 12 * 60
MAX_STUDENT_FILE_BYTES = 1 << 20


class HarnessError(Exception):
    """The autograder could not grade: not the student's doing."""


def log(message):
    print(f"autograder: {message}", flush=True)


def identity():
    """The submission's identity, from the runner's environment."""
    env = os.environ
    needed = {"CLASSROOM": "classroom", "ASSIGNMENT": "assignment", "SUBMISSION_TAG": "submission",
              "COMMIT_URL": "commit", "RELEASE_URL": "release"}
    found = {key: env.get(name, "").strip() for name, key in needed.items()}
    found["owner"] = (env.get("OWNER") or env.get("USERNAME") or "").strip()
    found["review"] = (env.get("REVIEW_URL") or found["commit"]).strip()
    found["assignment_type"] = (env.get("ASSIGNMENT_TYPE") or "individual").strip()
    missing = [name for name, key in list(needed.items()) + [("OWNER", "owner")] if not found[key]]
    if missing:
        raise HarnessError("not run by Classroom 50's runner: " + ", ".join(missing) + " unset")
    return found


def committer_date(workspace):
    """The graded commit's committer date in UTC (the runner stamps the same)."""
    try:
        out = subprocess.run(["git", "show", "-s", "--format=%cI", "HEAD"], cwd=workspace, capture_output=True,
                             text=True, timeout=30, check=True).stdout.strip()
        when = datetime.datetime.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        when = datetime.datetime.now(datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def student_files():
    rubric = HARNESS / "grader" / "rubric.json"
    try:
        files = json.loads(rubric.read_text())["student_files"]
    except (OSError, ValueError, KeyError) as error:
        raise HarnessError(f"{rubric}: cannot read student_files ({error})")
    return files


def copy_harness(scratch):
    if not (HARNESS / "grader" / "grade_solution.sh").is_file():
        raise HarnessError(f"{HARNESS} holds no harness: was the bundle written by make classroom50?")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(HARNESS, scratch, symlinks=True)


def take_student_files(workspace, scratch, files):
    """Each student file from the checkout into the scratch harness. A link
    or a missing file leaves the stub in place (graded as not attempted)."""
    notes = []
    for relative in files:
        source, target = workspace / relative, scratch / relative
        if source.is_symlink() or not source.is_file():
            notes.append(f"{relative} is not a file in your repository: its starting stub was graded")
        elif source.stat().st_size > MAX_STUDENT_FILE_BYTES:
            notes.append(f"{relative} is larger than {MAX_STUDENT_FILE_BYTES} bytes: its starting stub was graded")
        else:
            shutil.copyfile(source, target)
    return notes


def edited_instructor_files(workspace, files):
    """Instructor files (the interface header, the grader...) the student's
    checkout holds in a changed form. Their edits are never graded."""
    edited = []
    for path in sorted(HARNESS.rglob("*")):
        relative = path.relative_to(HARNESS).as_posix()
        if not path.is_file() or relative in files or relative.startswith((".git/", "build/")):
            continue
        theirs = workspace / relative
        if theirs.is_file() and not theirs.is_symlink() and not filecmp.cmp(path, theirs, shallow=False):
            edited.append(relative)
    return edited


def grade(scratch, build):
    command = ["bash", "grader/grade_solution.sh"]
    if (HIDDEN / "fixtures").is_dir():
        command += ["--hidden-fixtures", str(HIDDEN / "fixtures")]
        if (HIDDEN / "rubric.json").is_file():
            command += ["--hidden-rubric", str(HIDDEN / "rubric.json")]
    command += [str(build), "student/assg_tasks.cpp", str(build / "results/results.json")]
    env = dict(os.environ, NO_COLOR="1")
    log("grading: " + " ".join(command))
    try:
        status = subprocess.run(command, cwd=scratch, env=env, timeout=GRADING_TIMEOUT_SECONDS).returncode
    except subprocess.TimeoutExpired:
        raise HarnessError(f"grading took longer than {GRADING_TIMEOUT_SECONDS} s")
    if status not in (0, 1) or not (build / "results/results.json").is_file():
        raise HarnessError(f"grader/grade_solution.sh exited with status {status} (its messages are above)")
    built = subprocess.run(["cmake", "--build", str(build), "--target", "results-export"], cwd=scratch,
                           capture_output=True, text=True)
    if built.returncode != 0:
        print(built.stdout + built.stderr)
        raise HarnessError("could not build results-export")


def export(build, workspace, who, edited):
    assets = workspace / ASSETS
    assets.mkdir(exist_ok=True)
    results = build / "results/results.json"
    summary = build / "results/summary.txt"
    command = [str(build / "bin/results-export"), "classroom50", str(results),
               "--classroom", who["classroom"], "--assignment", who["assignment"], "--owner", who["owner"],
               "--assignment-type", who["assignment_type"], "--submission", who["submission"],
               "--commit", who["commit"], "--release", who["release"], "--review", who["review"],
               "--datetime", committer_date(workspace), "--out", str(workspace / "result.json"),
               "--release-body", str(workspace / "release-body.md"), "--feedback", str(assets / "feedback.md"),
               "--summary", str(summary)]
    for file in edited:
        command += ["--edited-file", file]
    if subprocess.run(command).returncode != 0:
        raise HarnessError("results-export could not write result.json (its message is above)")
    shutil.copyfile(results, assets / "results.json")
    return summary.read_text().strip()


def report_status(workspace, summary, notes):
    result = json.loads((workspace / "result.json").read_text())
    if notes:
        with open(workspace / "release-body.md", "a", encoding="utf-8") as body:
            body.write("\n" + "".join(f"Note: {note}.\n\n" for note in notes))
    status = "success" if result["score"] == result["max-score"] else "failure"
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"status={status}\nsummary={summary}\n")
    log(f"{status}: {summary}")


def main():
    workspace = Path.cwd()
    try:
        who = identity()
        # A fresh copy of the harness for every run; its build folder beside
        # it, so that a second run in the same job (a test's) builds only the
        # student's file again.
        root = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "assg05-classroom50"
        scratch, build = root / "harness", root / "build"
        copy_harness(scratch)
        files = student_files()
        notes = take_student_files(workspace, scratch, files)
        edited = edited_instructor_files(workspace, files)
        for stale in ("results.json", "summary.txt"):
            (build / "results" / stale).unlink(missing_ok=True)
        grade(scratch, build)
        summary = export(build, workspace, who, edited)
        report_status(workspace, summary, notes)
    except (HarnessError, OSError) as error:
        print(f"::error title=The autograder could not run::{error}. This is not your grade: tell your instructor.",
              flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
