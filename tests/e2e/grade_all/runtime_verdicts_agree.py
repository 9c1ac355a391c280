"""How a runner ended is judged the same under every sandbox grade-all has,
and the same as `make test` judges it (grade-all's Landlock path is make
test's own: the grader confines the runner itself).

* New memory is junk everywhere: conv_backward without db.setZero() or
  without dW.setZero(), and distribute_value adding into a tensor it never
  zeroed, lose every case of their task (these blocks are small enough for
  glibc's per-thread cache, which MALLOC_PERTURB_ alone never fills, and
  they earned partial credit), while the rest of each solution keeps full
  marks.
* A busy infinite loop is "used N s of CPU time ... a loop that never ends"
  (under bubblewrap the runner is the sandbox's grandchild, whose CPU time
  was not read, and it was called sleeping); a sleeper is "neither running
  nor waiting for a CPU"; exit(152) is "exit status 152" (under bubblewrap
  128 + N was read as signal N, here SIGXCPU: "timed out"); a real
  segmentation fault is SIGSEGV.

Each misbehaviour is confined to distribute_value's one_by_one case, so the
class grades in seconds; the rest of the file is the independent
full-marks solution (tests/solutions/student_style_full_marks.cpp)."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.runtime_verdicts_agree")
solutions = test.source / "tests" / "solutions"
full_marks = (solutions / "student_style_full_marks.cpp").read_text()
INCLUDE = '#include "student_style_full_marks.cpp"'


def inlined(name):
    """A tests/solutions file that includes the full-marks solution, as one file."""
    text = (solutions / name).read_text()
    if INCLUDE not in text:
        test.fatal(f"tests/solutions/{name} no longer includes the full-marks solution; update this test")
    return text.replace(INCLUDE, full_marks)


def one_by_one_misbehaves(statement, includes=""):
    """The full-marks solution whose distribute_value runs `statement` on a 1x1 window."""
    return f"""{includes}
#define distribute_value correct_distribute_value
{full_marks}
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {{
  if (n_h == 1 && n_w == 1) {{
    {statement}
  }}
  return correct_distribute_value(dz, n_h, n_w);
}}
"""


students = {
    "forgets_db_set_zero": inlined("forgets_db_set_zero.cpp"),
    "forgets_dw_set_zero": inlined("forgets_dw_set_zero.cpp"),
    "distribute_value_accumulates": inlined("distribute_value_accumulates.cpp"),
    "busy_loop": one_by_one_misbehaves("volatile double w = 0; for (;;) w += 0;"),
    "sleeps": one_by_one_misbehaves("std::this_thread::sleep_for(std::chrono::hours(1));",
                                    "#include <chrono>\n#include <thread>"),
    "exits_152": one_by_one_misbehaves("std::exit(152);", "#include <cstdlib>"),
    "segfaults": one_by_one_misbehaves("*static_cast<volatile int*>(nullptr) = 1;"),
}
# What each must get: the task that loses points, its points, and for the
# one_by_one case its status and a pattern its message must match.
FULL = {"1.1": 15, "1.2": 20, "2.1": 15, "2.2": 15, "2.3": 20, "3.1": 6, "3.2": 3, "3.3": 3, "3.4": 3}
expected_zero = {"forgets_db_set_zero": "3.1", "forgets_dw_set_zero": "3.1", "distribute_value_accumulates": "3.3"}
expected_case = {
    "busy_loop": ("timed_out", r"used 3 s of CPU time, this case's limit.*loop that never ends"),
    "sleeps": ("timed_out", r"neither running nor waiting for a CPU.*is it sleeping"),
    "exits_152": ("crashed", r"exit status 152"),
    "segfaults": ("crashed", r"SIGSEGV"),
}

submissions = test.tmp / "class"
for name, source in students.items():
    (submissions / name / "student").mkdir(parents=True)
    (submissions / name / "student" / "assg_tasks.cpp").write_text(source)


def task(results, task_id):
    return next((t for t in results.get("tasks", []) if t.get("id") == task_id), {})


def one_by_one(results):
    return next((t for t in task(results, "3.3").get("tests", []) if t.get("name") == "one_by_one"), {})


def verdicts(out, label):
    """Per student: (each task's points, the one_by_one case's status and message)."""
    found = {}
    for name in students:
        results = load_json(out / name / "results.json")
        if not test.check(results.get("submission", {}).get("status") == "graded",
                          f"{label}: {name} is {results.get('submission')}, expected graded"):
            continue
        points = {t["id"]: t.get("points") for t in results.get("tasks", [])}
        case = one_by_one(results)
        found[name] = (points, case.get("status"), case.get("message", ""))
        losing = expected_zero.get(name) or ("3.3" if name in expected_case else None)
        for task_id, full in FULL.items():
            if task_id == losing:
                continue
            test.check(points.get(task_id) == full,
                       f"{label}: {name} got {points.get(task_id)}/{full} on task {task_id}, which it does right")
        if name in expected_zero:
            test.check(points.get(losing) == 0,
                       f"{label}: {name} got {points.get(losing)} on task {losing}, whose results it never zeroed "
                       "(new memory is not junk on some path)")
        else:
            status, pattern = expected_case[name]
            test.check(case.get("status") == status and re.search(pattern, case.get("message", ""), re.S),
                       f"{label}: {name}'s one_by_one case is {case.get('status')!r}: {case.get('message', '')[:300]!r}; "
                       f"expected {status!r} matching {pattern!r}")
    return found


def without_numbers(text):
    return re.sub(r"\d+(\.\d+)?", "N", text)


seen = {}
for sandbox in ("bwrap", "landlock"):
    out = test.tmp / f"out-{sandbox}"
    code, log = test.run("--submissions", submissions, "--out", out, "--jobs", "2", "--no-hidden", "--sandbox",
                         sandbox, expect=None)
    if code != 0 and "--sandbox" in log and "works here" not in log and not (out / "summary.json").exists():
        test.check(False, f"grade-all --sandbox {sandbox} could not grade here (exit {code})")
        continue
    seen[sandbox] = verdicts(out, f"--sandbox {sandbox}")

if len(seen) == 2:
    for name in students:
        a, b = seen["bwrap"].get(name), seen["landlock"].get(name)
        if a and b:
            test.check(a[0] == b[0] and a[1] == b[1] and without_numbers(a[2]) == without_numbers(b[2]),
                       f"{name} is judged differently under bubblewrap ({a[1]}: {a[2][:200]!r}, {a[0]}) and under "
                       f"Landlock ({b[1]}: {b[2][:200]!r}, {b[0]})")
test.finish()
