"""hostile.grade_all: every hostile solution (tests/hostile/*.cpp) handed in
as one student's student/assg_tasks.cpp and graded by grade-all, checked
against hostile_cases.py through each OUT/<student>/results.json,
feedback.md and grades.csv; then no process left and no file changed or
left behind.

    python3 hostile_grade_all.py GRADE_ALL_BINARY SOURCE_DIR

Three classes, each graded once (hidden tests on; the instructor's rubric
with a 1 s default time limit): the attacks on one task, the
static-initializer attacks (only tasks 2.2 and 3.3 enabled, as
hostile_cases.py says) and, last, the two killers. Everything runs confined (confinement.py). Exit 0 passed, 1
failed, 77 skipped (no private namespaces here).
"""

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "grade_all")]

import confinement  # noqa: E402

if len(sys.argv) != 3:
    sys.exit(f"usage: {sys.argv[0]} GRADE_ALL_BINARY SOURCE_DIR")
BUILD = Path(sys.argv[1]).resolve().parent.parent
SOURCE = Path(sys.argv[2]).resolve()
confinement.enter(SOURCE, BUILD)

import hostile_checks as checks  # noqa: E402
from grade_all_e2e import Test, load_json, read_csv  # noqa: E402
from hostile_cases import BEFORE_MAIN_TASKS, MAX_POINTS, extra_arguments, selected  # noqa: E402
from solution_text import flatten  # noqa: E402

test = Test("hostile.grade_all")
KEEP = {confinement.ROOT, test.tmp}
PROTECTED = checks.protected_files(SOURCE, BUILD)


def make_class(name, hostiles):
    folder = test.tmp / f"class-{name}"
    for hostile in hostiles:
        student = folder / hostile.name / "student"
        student.mkdir(parents=True)
        (student / "assg_tasks.cpp").write_text(flatten(SOURCE / hostile.source))
        shutil.copy2(SOURCE / "student" / "assg_tasks.hpp", student / "assg_tasks.hpp")
    return folder


def quick_rubric(name, tasks):
    """The instructor's rubric with a 1 s default time limit (an honest small
    case takes milliseconds, and two solutions run into the limit on every
    case: the infinite loop and the output flood) and only `tasks` enabled."""
    rubric = load_json(SOURCE / "grader" / "rubric.json")
    rubric["defaults"]["timeout_seconds"] = 1
    for task in rubric["tasks"]:
        if task["id"] not in tasks:
            task["enabled"] = False
    path = test.tmp / f"rubric-{name}.json"
    path.write_text(json.dumps(rubric, indent=1))
    return path


def check_grades_csv(label, rows, hostile, results):
    header, body = rows[0] if rows else [], rows[1:]
    row = next((r for r in body if r and r[0] == hostile.name), None)
    if not test.check(row is not None, f"{label}: no row in grades.csv"):
        return
    cells = dict(zip(header, row))
    tasks = {t.get("id"): t for t in (results or {}).get("tasks", [])}
    for task_id, task in tasks.items():
        test.check(cells.get(task_id) not in (None, "") and abs(float(cells[task_id]) - task.get("points", -1)) < 0.005,
                   f"{label}: grades.csv has {cells.get(task_id)!r} for task {task_id}, results.json "
                   f"{task.get('points')}")
    total = (results or {}).get("total_points")
    test.check(cells.get("total") not in (None, "") and total is not None
               and abs(float(cells["total"]) - total) < 0.005,
               f"{label}: grades.csv total {cells.get('total')!r}, results.json {total}")
    test.check(cells.get("status") == hostile.student_status,
               f"{label}: grades.csv status {cells.get('status')!r}, expected {hostile.student_status!r}")


def grade_class(name, hostiles, tasks=tuple(MAX_POINTS)):
    if not hostiles:
        return
    submissions = make_class(name, hostiles)
    out = test.tmp / f"out-{name}"
    arguments = ["--submissions", submissions, "--out", out, "--jobs", "2", "--rubric", quick_rubric(name, tasks),
                 *extra_arguments()]
    before = checks.snapshot()
    code, output = test.run(*arguments, expect=None)
    test.check(code == 0, f"class {name}: grade-all exited {code}, expected 0 (no harness error)")
    # Processes first: one left behind may still rewrite the results.
    checks.check_no_process_left(test, f"class {name}")
    summary = out / "summary.json"
    if summary.is_file():
        print(f"   isolation: {load_json(summary).get('isolation')}", flush=True)
    rows = read_csv(out / "grades.csv") if (out / "grades.csv").is_file() else []
    test.check(rows, f"class {name}: no grades.csv")
    for hostile in hostiles:
        label = f"{hostile.name} (grade-all)"
        results = checks.load_results(test, label, out / hostile.name / "results.json")
        if results is not None:
            submission = results.get("submission", {})
            test.check(submission.get("status") == hostile.student_status,
                       f"{label}: submission status {submission.get('status')!r}, expected {hostile.student_status!r}: "
                       f"{checks.short(submission.get('problem'), 300)}")
            attacked = ", ".join(f"{t['id']} {t['points']} {t['status']}" for t in results.get("tasks", [])
                                 if t.get("status") != "passed")
            print(f"   {label}: {results.get('total_points')}/{results.get('max_points')}; "
                  f"not passed: {attacked or '-'}")
        checks.check_grade(test, label, hostile, results)
        feedback = out / hostile.name / "feedback.md"
        if test.check(feedback.is_file(), f"{label}: no feedback.md"):
            checks.check_printed(test, f"{label} feedback.md", feedback.read_text(errors="replace"), results,
                                 headline=True)
        check_grades_csv(label, rows, hostile, results)
    checks.check_files(test, f"class {name}", PROTECTED, lambda path: False, KEEP, before)


HOSTILES = selected()
one_task = [h for h in HOSTILES if tuple(h.tasks) == tuple(MAX_POINTS) and not h.killer]
before_main = [h for h in HOSTILES if tuple(h.tasks) == BEFORE_MAIN_TASKS]
killers = [h for h in HOSTILES if h.killer]
grade_class("one-task", one_task)
grade_class("before-main", before_main, BEFORE_MAIN_TASKS)
grade_class("killers", killers)  # last: they may take down everything in this namespace but the test
test.finish()
