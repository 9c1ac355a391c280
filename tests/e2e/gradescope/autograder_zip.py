#!/usr/bin/env python3
"""make gradescope, end to end: the autograder zip run as Gradescope runs it.

    autograder_zip.py GRADE_ALL_BINARY SOURCE_DIR WORK_DIR

Packages the autograder with `make gradescope` (the build of GRADE_ALL_BINARY
as BUILD, ARGS="--hidden-seed 7"), checks what the zip holds, unzips it
into a fake Gradescope layout WORK_DIR/autograder/source (modes as the zip
records them), runs setup.sh there (a fresh build) and then, for several
submissions, run_autograder with AUTOGRADER_ROOT=WORK_DIR/autograder, as
Gradescope would: a full-marks file uploaded alone, the untouched stubs, a
file that does not compile, a submission without the file, a whole
repository (demo_class/eli), the same repository zipped inside its folder,
and two candidate files. Each results/results.json is checked against
Gradescope's specification (gradescope-autograders.readthedocs.io, "Autograder
Specifications": types, allowed formats and visibilities, scores within
their maxima and adding up to the score), hidden cases after_published,
visible names the fixtures' cases, and each task's points and the total
against what the instructor's grade-all (GRADE_ALL_BINARY, --hidden-seed 7)
gives the same files. Then the failures: an autograder whose build is
missing and one whose grade-all refuses its options still write a valid
results.json (0 points and why). And make gradescope refuses a folder
holding other files and options run_autograder sets itself.

WORK_DIR is emptied first, and removed when every check passed. Exit
status 0 passed, 1 a check failed. Standard library only.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grade_all"))
from grade_all_e2e import load_json  # noqa: E402

OPTIONS = ["--hidden-seed", "7"]
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
             "visibility", "extra_data"}

failures = []
started = time.monotonic()


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", flush=True)
    return bool(condition)


def finish(work):
    seconds = time.monotonic() - started
    if failures:
        print(f"\ngradescope.autograder_zip: {len(failures)} check(s) failed ({seconds:.1f} s); kept {work}")
        for failure in failures:
            print(f"  - {failure}")
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    print(f"\ngradescope.autograder_zip: passed ({seconds:.1f} s)")
    sys.exit(0)


def fatal(message, work):
    failures.append(message)
    print(f"FAIL (cannot go on): {message}", flush=True)
    finish(work)


def run(command, cwd, env=None, timeout=1500):
    begun = time.monotonic()
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace", timeout=timeout)
    print(f"$ {' '.join(str(c) for c in command)}\n{done.stdout}-> exit {done.returncode} in "
          f"{time.monotonic() - begun:.1f} s\n", flush=True)
    return done


def number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ------------------------------------------------------------------------- the specification
def check_spec(results, label):
    """Gradescope's results.json format; returns False if it is not even usable."""
    if not check(isinstance(results, dict), f"{label}: results.json is not a JSON object"):
        return False
    check(set(results) <= TOP_KEYS, f"{label}: keys Gradescope does not know: {set(results) - TOP_KEYS}")
    ok = check(number(results.get("score")), f"{label}: no numeric top-level score")
    check(isinstance(results.get("output", ""), str), f"{label}: output is not a string")
    for key in ("output_format", "test_output_format", "test_name_format"):
        if key in results:
            check(results[key] in FORMATS, f"{label}: {key} {results[key]!r} is not one of {sorted(FORMATS)}")
    for key in ("visibility", "stdout_visibility"):
        if key in results:
            check(results[key] in VISIBILITIES, f"{label}: {key} {results[key]!r} is not one of {sorted(VISIBILITIES)}")
    check(results.get("stdout_visibility", "hidden") == "hidden",
          f"{label}: the log (which names hidden outcomes) is shown to students")
    check(isinstance(results.get("extra_data", {}), dict), f"{label}: extra_data is not an object")
    tests = results.get("tests", [])
    if not check(isinstance(tests, list), f"{label}: tests is not a list"):
        return False
    total = 0.0
    for index, test in enumerate(tests):
        where = f"{label}: test {index + 1}"
        if not check(isinstance(test, dict), f"{where} is not an object"):
            ok = False
            continue
        check(set(test) <= TEST_KEYS, f"{where}: keys Gradescope does not know: {set(test) - TEST_KEYS}")
        check(isinstance(test.get("name"), str) and test.get("name"), f"{where}: no name")
        if not check(number(test.get("score")) and number(test.get("max_score")), f"{where}: score or max_score not numbers"):
            ok = False
            continue
        check(0 <= test["score"] <= test["max_score"] + 1e-9, f"{where}: score {test['score']} outside 0..{test['max_score']}")
        check(test.get("status") in ("passed", "failed"), f"{where}: status {test.get('status')!r}")
        check(test.get("visibility", "visible") in VISIBILITIES, f"{where}: visibility {test.get('visibility')!r}")
        check(isinstance(test.get("output", ""), str), f"{where}: output is not a string")
        total += test["score"]
    if ok:
        check(abs(total - results["score"]) < 0.005, f"{label}: the tests' scores add up to {total:.4f}, not the score {results['score']}")
    return ok


def task_points(results):
    """Task id -> points, from the tests' names ("2.3 conv_forward / case")."""
    points = {}
    for test in results.get("tests", []):
        task = test["name"].split(" ", 1)[0]
        points[task] = round(points.get(task, 0.0) + test["score"], 2)
    return points


def visible_case_names(source):
    """'2.3 conv_forward / course_example' for every visible fixture case."""
    names = set()
    for task in load_json(source / "grader/rubric.json")["tasks"]:
        if task.get("enabled", True) is False:
            continue
        fixture = load_json(source / "fixtures" / f"{task['function']}.json")
        for case in fixture["cases"]:
            names.add(f"{task['id']} {task['function']} / {case['name']}")
    return names


# ------------------------------------------------------------------------- the zip
def unzip(archive, folder):
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            zipped.extract(info, folder)
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                os.chmod(folder / info.filename, mode)


def check_zip(archive):
    with zipfile.ZipFile(archive) as zipped:
        infos = {info.filename: info for info in zipped.infolist()}
        names = set(infos)
        for script in ("setup.sh", "run_autograder"):
            if check(script in names, f"the zip has no {script} at its root"):
                check((infos[script].external_attr >> 16) & 0o111, f"{script} is not executable in the zip")
        for needed in ("CMakeLists.txt", "Makefile", ".ci/install-deps.sh", "grader/rubric.json", "student/assg_tasks.hpp",
                       "reference/assg_tasks_reference.cpp", "fixtures/conv_forward.json",
                       "fixtures/spec/hidden/conv_forward.json", "distribution/gradescope/run_autograder"):
            check(needed in names, f"the zip lacks {needed}")
        for name in names:
            top = name.split("/", 1)[0]
            check(top not in ("tests", "demo_class", ".git", "docs") and not top.startswith("build")
                  and "__pycache__" not in name, f"the zip holds {name}, which grading does not need")
        options = zipped.read("distribution/gradescope/grade-all-options").decode().split()
        check(options == OPTIONS, f"the zip records grade-all options {options}, not {OPTIONS}")


# ------------------------------------------------------------------------- one submission
def grade_on_gradescope(root, label, lay_out, env):
    submission = root / "submission"
    results_dir = root / "results"
    for folder in (submission, results_dir):
        shutil.rmtree(folder, ignore_errors=True)
    submission.mkdir()
    lay_out(submission)
    done = run([root / "run_autograder"], cwd=root, env=env, timeout=900)
    check(done.returncode == 0, f"{label}: run_autograder exited {done.returncode}")
    path = results_dir / "results.json"
    if not check(path.is_file(), f"{label}: no results/results.json"):
        return None, done.stdout
    try:
        results = load_json(path)
    except ValueError as error:
        check(False, f"{label}: results.json is not JSON: {error}")
        return None, done.stdout
    print(f"{label}: score {results.get('score')}\n{results.get('output')}\n", flush=True)
    return (results if check_spec(results, label) else None), done.stdout


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} GRADE_ALL_BINARY SOURCE_DIR WORK_DIR")
    grade_all = Path(sys.argv[1]).resolve()
    source = Path(sys.argv[2]).resolve()
    work = Path(sys.argv[3]).resolve()
    build = grade_all.parent.parent
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    make = shutil.which("make")
    if make is None:
        fatal("no make on PATH", work)

    # --- make gradescope: refusals, then the zip ---------------------------------
    crowded = work / "crowded"
    crowded.mkdir()
    (crowded / "grades.csv").write_text("student,total\n")
    done = run([make, "-s", "gradescope", f"OUT={crowded}", f"BUILD={build}"], cwd=source)
    check(done.returncode != 0 and "holds other files" in done.stdout and not (crowded / "autograder.zip").exists(),
          "make gradescope wrote into a folder holding other files")
    done = run([make, "-s", "gradescope", f"OUT={work / 'refused'}", f"BUILD={build}", "ARGS=--out elsewhere"], cwd=source)
    check(done.returncode != 0 and "set by run_autograder" in done.stdout and not (work / "refused/autograder.zip").exists(),
          "make gradescope accepted ARGS=--out, which run_autograder sets itself")
    done = run([make, "-s", "gradescope", f"OUT={work / 'refused'}", f"BUILD={build}", "ARGS=--hidden-seed seven"],
               cwd=source)
    check(done.returncode != 0 and "refuses" in done.stdout and not (work / "refused/autograder.zip").exists(),
          "make gradescope accepted options grade-all refuses (--hidden-seed seven)")

    out = work / "zip"
    done = run([make, "-s", "gradescope", f"OUT={out}", f"BUILD={build}", f"ARGS={' '.join(OPTIONS)}"], cwd=source)
    archive = out / "autograder.zip"
    if not check(done.returncode == 0 and archive.is_file(), "make gradescope wrote no autograder.zip"):
        finish(work)
    check_zip(archive)
    # Again into the same folder: it holds only the earlier zip, which is replaced.
    done = run([make, "-s", "gradescope", f"OUT={out}", f"BUILD={build}", f"ARGS={' '.join(OPTIONS)}"], cwd=source)
    check(done.returncode == 0, "make gradescope refused a folder holding only its earlier autograder.zip")

    # --- Gradescope's image: /autograder/source, setup.sh once ------------------------
    root = work / "autograder"
    unzip(archive, root / "source")
    begun = time.monotonic()
    done = run(["bash", root / "source/setup.sh"], cwd=root / "source", timeout=1500)
    setup_seconds = time.monotonic() - begun
    if not check(done.returncode == 0, f"setup.sh exited {done.returncode}"):
        finish(work)
    print(f"setup.sh: {setup_seconds:.1f} s", flush=True)
    shutil.copy2(root / "source/run_autograder", root / "run_autograder")

    tmp = work / "tmp"
    tmp.mkdir()
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), TMPDIR=str(tmp))

    # --- the submissions, and the same files through the instructor's grade-all ------
    demo = source / "demo_class"
    full_marks = source / "tests/solutions/plain_loops_full_marks.cpp"
    stubs = source / "student/assg_tasks.cpp"
    broken = demo / "dev/student/assg_tasks.cpp"

    def single(file):
        return lambda folder: shutil.copy2(file, folder / "assg_tasks.cpp")

    def repository(entry, inside=None):
        def lay_out(folder):
            target = folder / inside if inside else folder
            shutil.copytree(demo / entry, target, dirs_exist_ok=True)
        return lay_out

    def nothing(folder):
        (folder / "README.txt").write_text("my answers are in my other folder\n")

    def two(folder):
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        shutil.copy2(full_marks, folder / "a/assg_tasks.cpp")
        shutil.copy2(stubs, folder / "b/assg_tasks.cpp")

    # label: (lay out, the instructor's class entry with the same file or None, expected status)
    cases = {
        "full_marks_file": (single(full_marks), full_marks, "graded"),
        "stubs_file": (single(stubs), stubs, "not_attempted"),
        "compile_error_file": (single(broken), broken, "compile_error"),
        "no_file": (nothing, None, "missing"),
        "eli_repository": (repository("eli"), demo / "eli/student/assg_tasks.cpp", "graded"),
        "eli_zipped_folder": (repository("eli", "eli-assg05-main"), demo / "eli/student/assg_tasks.cpp", "graded"),
        "two_files": (two, None, "invalid"),
    }
    klass = work / "class"
    for label, (_, file, _) in cases.items():
        if file is not None:
            (klass / label / "student").mkdir(parents=True)
            shutil.copy2(file, klass / label / "student/assg_tasks.cpp")
    done = run([grade_all, "--submissions", klass, "--out", work / "class-out", "--jobs", "2", "--progress", "log", *OPTIONS],
               cwd=work)
    check(done.returncode == 0, f"the instructor's grade-all exited {done.returncode}")

    visible_names = visible_case_names(source)
    graded = {}
    for label, (lay_out, file, status) in cases.items():
        results, _ = grade_on_gradescope(root, label, lay_out, env)
        if results is None:
            continue
        graded[label] = results
        extra = results.get("extra_data", {})
        check(extra.get("submission_status") == status,
              f"{label}: submission status {extra.get('submission_status')!r}, expected {status!r}")
        output = results.get("output", "")
        check("hidden_test" not in output, f"{label}: the summary students see at once names hidden tests")
        if file is not None and check((work / "class-out" / label / "results.json").is_file(),
                                      f"{label}: the instructor's grade-all has no result to compare with"):
            expected = load_json(work / "class-out" / label / "results.json")
            want = {task["id"]: round(task["points"], 2) for task in expected["tasks"]}
            check(task_points(results) == want, f"{label}: points per task {task_points(results)}, grade-all gives {want}")
            check(abs(results["score"] - expected["total_points"]) < 0.005,
                  f"{label}: score {results['score']}, grade-all gives {expected['total_points']}")
            names = {test["name"] for test in results["tests"]}
            visible = {test["name"] for test in results["tests"] if test.get("visibility", "visible") == "visible"}
            hidden = [test for test in results["tests"] if test.get("visibility") == "after_published"]
            check(visible == visible_names, f"{label}: visible tests {sorted(visible ^ visible_names)[:5]} ... differ "
                                            f"from the fixtures' cases")
            check(hidden and all(" / hidden_test_" in test["name"] for test in hidden),
                  f"{label}: the hidden cases are not the after_published tests")
            check(len(names) == len(results["tests"]), f"{label}: two tests share a name")
            check("Total:" not in output, f"{label}: the summary gives a total while hidden tests are unpublished")
        elif file is None:
            check(results["score"] == 0 and all(test["visibility"] == "visible" for test in results["tests"]),
                  f"{label}: not graded, yet score {results['score']} or tests not visible")
        check("(hidden)" not in output and "secret" not in output, f"{label}: hidden details in the summary")
        if status == "missing":
            check("Not graded: no assg_tasks.cpp to grade" in output, f"{label}: the summary does not say what is missing")
        if status == "compile_error":
            check("does not compile" in output and "n_C_prev" in output, f"{label}: the compiler's message is not shown")

    summaries = {label: load_json(work / "class-out" / label / "results.json")
                 for label in ("full_marks_file", "stubs_file") if (work / "class-out" / label / "results.json").is_file()}
    check(summaries.get("full_marks_file", {}).get("total_points") == 100,
          "the full-marks solution does not get 100 from grade-all")
    check(summaries.get("stubs_file", {}).get("total_points") == 0, "the stubs do not get 0")
    check(not any(tmp.iterdir()), f"run_autograder left files in TMPDIR: {sorted(p.name for p in tmp.iterdir())}")

    # The summary says which file was graded (grade-all found it: one rule
    # for Gradescope and the instructor's class), or why none was.
    notes = {"full_marks_file": "Graded assg_tasks.cpp of your submission (as your student/assg_tasks.cpp).",
             "eli_repository": "Graded student/assg_tasks.cpp of your submission.",
             "eli_zipped_folder": "Graded eli-assg05-main/student/assg_tasks.cpp of your submission (as your "
                                  "student/assg_tasks.cpp).",
             "two_files": "2 files named assg_tasks.cpp (a/assg_tasks.cpp, b/assg_tasks.cpp), so none was graded",
             "no_file": "no student/assg_tasks.cpp in the submission, nor any file named assg_tasks.cpp (it holds: "
                        "README.txt)"}
    for label, note in notes.items():
        if label in graded:
            check(note in graded[label]["output"], f"{label}: the summary does not say {note!r}")

    # --- failures still give a valid results.json -------------------------------------
    unbuilt = work / "unbuilt"
    (unbuilt / "source").mkdir(parents=True)
    shutil.copy2(root / "run_autograder", unbuilt / "run_autograder")
    results, _ = grade_on_gradescope(unbuilt, "not built", single(full_marks), dict(env, AUTOGRADER_ROOT=str(unbuilt)))
    if results is not None:
        check(results["score"] == 0 and results["extra_data"].get("autograder_error") == "not_built"
              and "Please tell your instructor" in results["output"], "not built: not 0 points with the reason")

    refused = work / "refused-options"
    (refused / "source/distribution/gradescope").mkdir(parents=True)
    (refused / "source/build").symlink_to(root / "source/build")
    (refused / "source/distribution/gradescope/grade-all-options").write_text("--no-such-option\n")
    shutil.copy2(root / "run_autograder", refused / "run_autograder")
    results, _ = grade_on_gradescope(refused, "options refused", single(full_marks), dict(env, AUTOGRADER_ROOT=str(refused)))
    if results is not None:
        check(results["score"] == 0 and results["extra_data"].get("autograder_error") == "grade_all_failed",
              "grade-all refusing its options: not 0 points with the reason")

    print(f"setup.sh took {setup_seconds:.1f} s")
    finish(work)


if __name__ == "__main__":
    main()
