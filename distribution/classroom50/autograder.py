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
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

BUNDLE = Path(os.environ.get("CLASSROOM50_BUNDLE_DIR") or Path(__file__).resolve().parent).resolve()
HARNESS = BUNDLE / "harness"
HIDDEN = BUNDLE / "hidden"
RELEASES = BUNDLE / "releases"
ASSETS = "classroom50-assets"
# The job stops after 15 minutes, setup (apt, Python) included; grading must
# leave time for that and for publishing.
GRADING_TIMEOUT_SECONDS = 10 * 60
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


def in_checkout(workspace, relative):
    """The checkout's file at `relative`, or None when it is missing, not a
    regular file, or reached through a link anywhere on its path (which
    could point outside the checkout)."""
    path = workspace / relative
    try:
        real = os.path.realpath(path)
        if real != os.path.join(os.path.realpath(workspace), *Path(relative).parts) or not path.is_file():
            return None
    except OSError:
        return None
    return path


def take_student_files(workspace, scratch, files):
    """Each student file from the checkout into the scratch harness. A link
    or a missing file leaves the stub in place (graded as not attempted)."""
    notes = []
    for relative in files:
        source, target = in_checkout(workspace, relative), scratch / relative
        if source is None:
            notes.append(f"{relative} is not a file in your repository: its starting stub was graded")
        elif source.stat().st_size > MAX_STUDENT_FILE_BYTES:
            notes.append(f"{relative} is larger than {MAX_STUDENT_FILE_BYTES} bytes: its starting stub was graded")
        else:
            shutil.copyfile(source, target)
        # Newer than anything built: a build folder reused from an earlier
        # run (a test's) must compile this file, even when it is the stub
        # copied with the bundle's older time.
        os.utime(target)
    return notes


def released_versions():
    """(path, SHA-256) of every file of every student release (the release
    manifests make student-release writes), so that a student who kept an
    older release's copy of a file is not told they edited it."""
    versions = set()
    for manifest in sorted(RELEASES.glob("*.json")):
        try:
            files = json.loads(manifest.read_text())["files"]
            versions.update((path, digest) for path, digest in files.items())
        except (OSError, ValueError, KeyError, AttributeError) as error:
            log(f"{manifest.name}: not a release manifest ({error}); left out")
    return versions


def sha256_of(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edited_instructor_files(workspace, files):
    """Instructor files (the interface header, the grader...) the student's
    checkout holds in a form no release had. Their edits are never graded."""
    released = released_versions()
    edited = []
    for path in sorted(HARNESS.rglob("*")):
        relative = path.relative_to(HARNESS).as_posix()
        if not path.is_file() or relative in files or relative.startswith((".git/", "build/")):
            continue
        theirs = in_checkout(workspace, relative)
        if theirs is not None and not filecmp.cmp(path, theirs, shallow=False) and \
                (relative, sha256_of(theirs)) not in released:
            edited.append(relative)
    return edited


def run_quietly_for_github(command, cwd, env, timeout):
    """Runs `command` with GitHub's workflow commands switched off: the
    grader echoes compiler messages, which a student's #line directive can
    make start with "::error::". The whole process group goes on a timeout."""
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    process = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    finally:
        print(f"::{token}::", flush=True)


def grade(scratch, build):
    command = ["bash", "grader/grade_solution.sh"]
    if (HIDDEN / "fixtures").is_dir():
        command += ["--hidden-fixtures", str(HIDDEN / "fixtures")]
        if (HIDDEN / "rubric.json").is_file():
            command += ["--hidden-rubric", str(HIDDEN / "rubric.json")]
    command += [str(build), "student/assg_tasks.cpp", str(build / "results/results.json")]
    env = dict(os.environ, NO_COLOR="1")
    log("grading: " + " ".join(command))
    status = run_quietly_for_github(command, scratch, env, GRADING_TIMEOUT_SECONDS)
    if status is None:
        raise HarnessError(f"grading took longer than {GRADING_TIMEOUT_SECONDS} s")
    if status not in (0, 1) or not (build / "results/results.json").is_file():
        raise HarnessError(f"grader/grade_solution.sh exited with status {status} (its messages are above)")
    built = subprocess.run(["cmake", "--build", str(build), "--target", "results-export"], cwd=scratch,
                           capture_output=True, text=True)
    if built.returncode != 0:
        print(built.stdout + built.stderr)
        raise HarnessError("could not build results-export")


def export(build, out, workspace, who, edited, notes):
    """Every file Classroom 50 reads, written into `out` first."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    results = build / "results/results.json"
    command = [str(build / "bin/results-export"), "classroom50", str(results),
               "--classroom", who["classroom"], "--assignment", who["assignment"], "--owner", who["owner"],
               "--assignment-type", who["assignment_type"], "--submission", who["submission"],
               "--commit", who["commit"], "--release", who["release"], "--review", who["review"],
               "--datetime", committer_date(workspace), "--out", str(out / "result.json"),
               "--release-body", str(out / "release-body.md"), "--feedback", str(out / "feedback.md"),
               "--summary", str(out / "summary.txt")]
    for file in edited:
        command += ["--edited-file", file]
    if subprocess.run(command).returncode != 0:
        raise HarnessError("results-export could not write result.json (its message is above)")
    shutil.copyfile(results, out / "results.json")
    if notes:
        with open(out / "release-body.md", "a", encoding="utf-8") as body:
            body.write("\n" + "".join(f"Note: {note}.\n\n" for note in notes))


def remove(path):
    """Removes what is at `path` without following a link."""
    if os.path.lexists(path):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def publish(out, workspace):
    """Into the checkout: result.json and release-body.md at its top, the
    release assets in a fresh classroom50-assets/. Whatever the student
    committed at those paths (a file, a folder, a link) is removed first,
    so that nothing is written through a link or refused by a folder."""
    for name in ("result.json", "release-body.md"):
        remove(workspace / name)
        shutil.copyfile(out / name, workspace / name)
    assets = workspace / ASSETS
    remove(assets)
    assets.mkdir()
    for name in ("results.json", "feedback.md"):
        shutil.copyfile(out / name, assets / name)


def report_status(out):
    """The run's status, by the runner's own rule: success when every test
    passed (a bonus task's too)."""
    result = json.loads((out / "result.json").read_text())
    summary = (out / "summary.txt").read_text().strip()
    status = "success" if all(test["passed"] for test in result["tests"]) else "failure"
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
        export(build, root / "out", workspace, who, edited, notes)
        publish(root / "out", workspace)
        report_status(root / "out")
    except Exception as error:  # noqa: BLE001 - any failure here is the harness's, never a grade
        print(f"::error title=The autograder could not run::{error}. This is not your grade: tell your instructor.",
              flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
