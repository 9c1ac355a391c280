#!/usr/bin/env python3
"""One score everywhere: every student of the demo class gets the same points
per task from each way this project grades.

    one_score_everywhere.py GRADE_ALL REPO

The ways:
  * make test      the student's own run, in the student release (what a
                   student has, and what the release's CI files run);
  * GitHub         the release's workflow report step (results-export github)
                   on that run's results.json: the points of each task's row
                   in the job summary;
  * GitLab         the release's .gitlab-ci.yml conversion (results-export
                   junit) of that results.json: each task's test suite's
                   "points" property;
  * Classroom 50   what its autograder.py hands Classroom 50 (results-export
                   classroom50) for that results.json: each task's tests'
                   integer scores, in hundredths of a point (the whole
                   autograder.py, run as Classroom 50 runs it, is
                   classroom50.contract_replay's);
  * grade-all      the instructor's run on the whole class;
  * Gradescope     distribution/gradescope/run_autograder, per student, on a
                   fake /autograder whose source is this repository and its
                   build, with the student's submission as Gradescope unpacks it.

Without hidden tests (grade-all --no-hidden, Gradescope packaged with
--no-hidden) all must agree task by task. With the hidden tests (the
default) grade-all and Gradescope must agree: make test and the CI files
never see them, which docs/instructor.md says.
"""
import io
import re
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from release_checks import check, finish  # noqa: E402

GRADE_ALL = Path(sys.argv[1]).resolve()
REPO = Path(sys.argv[2]).resolve()
BUILD = GRADE_ALL.parent.parent
DEMO = REPO / "demo_class"


def run(args, cwd, env=None):
    print("$", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=cwd, text=True, capture_output=True, env=env)


def points(value):
    return round(float(value), 2)


# ---------------------------------------------------------------- submissions
def read_entry(entry):
    """A demo-class entry as Gradescope would unpack it: {relative path: bytes}."""
    files = {}
    if entry.is_dir():
        for path in entry.rglob("*"):
            if path.is_file():
                files[str(path.relative_to(entry))] = path.read_bytes()
    elif entry.name.endswith(".zip"):
        with zipfile.ZipFile(entry) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    files[info.filename] = archive.read(info)
    elif entry.name.endswith(".tar.gz"):
        with tarfile.open(entry) as archive:
            for member in archive.getmembers():
                if member.isfile():
                    files[member.name] = archive.extractfile(member).read()
    return files


def student_file(files):
    """The student's assg_tasks.cpp, at the top or under one folder, as grade-all finds it."""
    for name, content in files.items():
        parts = Path(name).parts
        if parts[-2:] == ("student", "assg_tasks.cpp") and len(parts) <= 3:
            return content
    return None


students = {}
for entry in sorted(DEMO.iterdir()):
    if entry.is_dir() or entry.name.endswith((".zip", ".tar.gz")):
        name = entry.name.split(".")[0]
        students[name] = read_entry(entry)
print(f"{len(students)} students: {', '.join(students)}")
check(len(students) == 13, f"{len(students)} demo students, expected 13")


def by_task_from_results(results):
    return {task["id"]: points(task["points"]) for task in results["tasks"]}


def by_task_from_summary(summary):
    """The job summary's rows: | 1\\.1 | function | 3/4 | 12.50/15 | ... (the id Markdown-escaped)."""
    found = {}
    for row in summary.splitlines():
        match = re.match(r"^\| (?P<id>(?:\\.|[^|\\ ])+) \| .*? \| \d+/\d+ \| (?P<points>[0-9.]+)/[0-9.]+ \| ", row)
        if match:
            found[re.sub(r"\\(.)", r"\1", match.group("id")).rstrip("*")] = points(match.group("points"))
    return found


def by_task_from_classroom50(result, results):
    """Each task's points in result.json: its tests' hundredths, summed."""
    by_task = {}
    for task in results["tasks"]:
        prefix = f"{task['id']} {task['function']}"
        hundredths = [t["score"] for t in result["tests"] if t["test-name"].split(" / ")[0].startswith(prefix)]
        check(all(isinstance(h, int) and not isinstance(h, bool) for h in hundredths), f"{prefix}: a score is not an integer")
        by_task[task["id"]] = points(sum(hundredths) / 100)
    return by_task


def by_task_from_junit(path):
    """Each test suite ("<task id> <function>") with its points property."""
    found = {}
    for suite in ElementTree.parse(path).getroot().findall("testsuite"):
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        found[suite.get("name").split(" ")[0]] = points(properties["points"])
    return found


with tempfile.TemporaryDirectory(prefix="assg-one-score-") as tmp:
    tmp = Path(tmp)
    grades = {}  # way -> student -> task -> points

    # ------------------------------------------------------------ grade-all
    for way, extra in (("grade-all", ["--no-hidden"]), ("grade-all+hidden", [])):
        out = tmp / way
        done = run([GRADE_ALL, "--submissions", DEMO, "--out", out, "--jobs", "2", "--progress", "log", *extra], REPO)
        check(done.returncode in (0, 1), f"{way} failed ({done.returncode}): {done.stderr[-500:]}")
        grades[way] = {}
        for student in students:
            results = out / student / "results.json"
            if check(results.exists(), f"{way}: no results for {student}"):
                grades[way][student] = by_task_from_results(json.loads(results.read_text()))

    # --------------------------------------------- make test + the CI files' reports, in the release
    release = tmp / "release"
    # Its manifest goes to a temporary folder, never into the source tree.
    done = run(["make", "student-release", f"OUT={release}"], REPO,
               env=dict(os.environ, RELEASE_MANIFESTS=str(tmp / "release-manifests")))
    check(done.returncode == 0, f"make student-release failed: {done.stderr[-500:]}")
    grades["make test"], grades["GitHub"], grades["GitLab"], grades["Classroom 50"] = {}, {}, {}, {}
    for student, files in students.items():
        source = student_file(files)
        if source is None:
            continue  # kim: nothing to run make test on (grade-all and Gradescope: missing)
        (release / "student" / "assg_tasks.cpp").write_bytes(source)
        results = tmp / "make-test" / f"{student}.json"
        done = run(["make", "test", f"RESULTS={results}"], release)
        if not check(results.exists(), f"make test wrote no results for {student}: {done.stdout[-800:]}"):
            continue
        grades["make test"][student] = by_task_from_results(json.loads(results.read_text()))

        # The workflow's report step and the GitLab job's conversion (both
        # build results-export, as here).
        if not (release / "build" / "bin" / "results-export").exists():
            run(["cmake", "--build", "build", "--target", "results-export"], release)
        outputs, summary = tmp / "github" / f"{student}.outputs", tmp / "github" / f"{student}.md"
        outputs.parent.mkdir(parents=True, exist_ok=True)
        done = run([release / "build" / "bin" / "results-export", "github", results, "--outputs", outputs,
                    "--summary", summary], release)
        check(done.returncode == 0, f"results-export github failed for {student}: {done.stderr[-300:]}")
        grades["GitHub"][student] = by_task_from_summary(summary.read_text()) if summary.exists() else {}
        junit = tmp / "gitlab" / f"{student}.xml"
        junit.parent.mkdir(parents=True, exist_ok=True)
        done = run([release / "build" / "bin" / "results-export", "junit", results, "--out", junit], release)
        check(done.returncode == 0, f"results-export junit failed for {student}: {done.stderr[-300:]}")
        grades["GitLab"][student] = by_task_from_junit(junit) if junit.exists() else {}
        result = tmp / "classroom50" / f"{student}.json"
        result.parent.mkdir(parents=True, exist_ok=True)
        done = run([release / "build" / "bin" / "results-export", "classroom50", results, "--classroom", "csci560",
                    "--assignment", "cnn-layers", "--owner", student, "--submission", "submit/20261203T000000Z-0000000",
                    "--commit", "c", "--release", "r", "--review", "v", "--datetime", "2026-12-03T00:00:00Z",
                    "--out", result], release)
        check(done.returncode == 0, f"results-export classroom50 failed for {student}: {done.stderr[-300:]}")
        grades["Classroom 50"][student] = (by_task_from_classroom50(json.loads(result.read_text()),
                                                                    json.loads(results.read_text()))
                                           if result.exists() else {})

    # A student's whole repository (the release, with eli's file) graded by
    # grade-all: none of the course's files counts as edited (the release's
    # Makefile lacks the instructor's targets), and the points are make test's.
    eli = student_file(students["eli"])
    (release / "student" / "assg_tasks.cpp").write_bytes(eli)
    repository_class = tmp / "repository-class"
    shutil.copytree(release, repository_class / "eli-repo", ignore=shutil.ignore_patterns("build", ".git"))
    done = run([GRADE_ALL, "--submissions", repository_class, "--out", tmp / "repository-out", "--no-hidden",
                "--jobs", "2", "--progress", "log"], REPO)
    results = tmp / "repository-out" / "eli-repo" / "results.json"
    if check(results.exists(), f"grade-all did not grade the release as a submission: {done.stderr[-500:]}"):
        graded = json.loads(results.read_text())
        check(graded.get("submission", {}).get("edited_files") == [],
              f"a student's unchanged release is flagged as edited: {graded.get('submission', {}).get('edited_files')}")
        check(by_task_from_results(graded) == grades["make test"].get("eli"),
              f"eli's repository: grade-all {by_task_from_results(graded)}, make test {grades['make test'].get('eli')}")

    # ---------------------------------------------------------- Gradescope
    # A fake /autograder: source = this repository (its build included),
    # with the options make gradescope would record.
    for way, options in (("Gradescope", "--no-hidden"), ("Gradescope+hidden", "")):
        root = tmp / way
        source = root / "source"
        source.mkdir(parents=True)
        for item in REPO.iterdir():
            if item.name != "distribution":
                (source / item.name).symlink_to(item)
        shutil.copytree(REPO / "distribution", source / "distribution", symlinks=True)
        (source / "distribution" / "gradescope" / "grade-all-options").write_text(options + "\n")
        if BUILD != REPO / "build":
            (source / "build").unlink(missing_ok=True)
            (source / "build").symlink_to(BUILD)
        grades[way] = {}
        for student, files in students.items():
            submission = root / "submission"
            shutil.rmtree(submission, ignore_errors=True)
            shutil.rmtree(root / "results", ignore_errors=True)
            submission.mkdir()
            for name, content in files.items():
                (submission / name).parent.mkdir(parents=True, exist_ok=True)
                (submission / name).write_bytes(content)
            env = dict(os.environ, AUTOGRADER_ROOT=str(root))
            done = run([REPO / "distribution" / "gradescope" / "run_autograder"], root, env=env)
            results = root / "results" / "results.json"
            if not check(results.exists(), f"{way}: no results.json for {student}: {done.stdout[-500:]}"):
                continue
            gradescope = json.loads(results.read_text())
            per_task = {}
            for test in gradescope.get("tests", []):
                task = test["name"].split(" ")[0]
                per_task[task] = points(per_task.get(task, 0) + test["score"])
            check(points(sum(per_task.values())) == points(gradescope.get("score", -1)),
                  f"{way}: {student}'s tests add up to {sum(per_task.values())}, not its score {gradescope.get('score')}")
            grades[way][student] = per_task

    # --------------------------------------------------------------- compare
    def compare(reference_way, other_way):
        for student, expected in grades[reference_way].items():
            got = grades[other_way].get(student)
            if got is None:
                check(other_way in ("make test", "GitHub", "GitLab", "Classroom 50") and
                      student_file(students[student]) is None,
                      f"{other_way} has no grade for {student}")
                continue
            check(sorted(got) == sorted(expected),
                  f"{student}: {other_way} grades tasks {sorted(got)}, {reference_way} {sorted(expected)}")
            for task, value in expected.items():
                check(got.get(task) == value,
                      f"{student} task {task}: {reference_way} {value}, {other_way} {got.get(task)}")
            check(points(sum(got.values())) == points(sum(expected.values())),
                  f"{student}: {other_way} total {sum(got.values())}, {reference_way} {sum(expected.values())}")

    for way in ("make test", "GitHub", "GitLab", "Classroom 50", "Gradescope"):
        compare("grade-all", way)
    compare("grade-all+hidden", "Gradescope+hidden")
    # The hidden tests do count: somebody's points move with them.
    moved = [s for s in students if grades["grade-all"].get(s) != grades["grade-all+hidden"].get(s)]
    check(moved, "the hidden tests change nobody's points: the hidden comparison proves little")
    # The comparisons are not vacuous: partial credit is among them.
    totals = sorted(points(sum(g.values())) for g in grades["grade-all"].values())
    print("visible totals:", totals, "\nstudents whose points the hidden tests move:", moved)
    check(len(set(totals)) >= 5, f"only {len(set(totals))} distinct totals in the demo class")
    for way, table in grades.items():
        print(f"{way:18s}", {s: points(sum(v.values())) for s, v in table.items()})

finish("one score everywhere")
