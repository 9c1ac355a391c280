"""How a student declares an assignment function decides whether other
files can call it; grade-all grades what can be graded and says what
happened to the rest.

* `inline` (every function, as tests/solutions/inline_full_marks.cpp):
  graded, full marks. The compiler emits an inline function only where its
  own file uses it, so the runner's weak fallback for a missing function
  used to be linked in its place: 0 points, "not_implemented".
* `inline` on one function only (zero_pad): full marks too.
* `static`, `constexpr`, `extern "C"` on calc_new_height_width: the file
  does not compile (the interface declares an ordinary function), and the
  message names the function and the keyword to remove.
* Every function inside a namespace: not_implemented, and the message says
  to check for a namespace."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.linkage_of_the_nine_functions")
solutions = test.source / "tests" / "solutions"
plain = (solutions / "plain_loops_full_marks.cpp").read_text()
DEFINITION = "std::pair<int, int> calc_new_height_width("


def with_prefix(text, prefix, function_start):
    if function_start not in text:
        test.fatal(f"plain_loops_full_marks.cpp no longer defines {function_start!r}; update this test")
    return text.replace("\n" + function_start, "\n" + prefix + function_start, 1)


students = {
    "all_inline": ((solutions / "inline_full_marks.cpp").read_text(), ("graded", 100, None)),
    "one_inline": (with_prefix(plain, "inline ", "Tensor4 zero_pad("), ("graded", 100, None)),
    "static_one": (with_prefix(plain, "static ", DEFINITION),
                   ("compile_error", 0, r"calc_new_height_width is defined static.*remove static")),
    "constexpr_one": (with_prefix(plain, "constexpr ", DEFINITION),
                      ("compile_error", 0, r"calc_new_height_width is defined constexpr.*remove constexpr")),
    "extern_c_one": (with_prefix(plain, 'extern "C" ', DEFINITION),
                     ("compile_error", 0, r'calc_new_height_width is defined inside extern "C"')),
    "namespaced": ((solutions / "defines_in_a_namespace.cpp").read_text(),
                   ("graded", 0, r"not inside a namespace")),
}

submissions = test.tmp / "class"
for name, (source, _) in students.items():
    (submissions / name / "student").mkdir(parents=True)
    (submissions / name / "student" / "assg_tasks.cpp").write_text(source)

out = test.tmp / "out"
test.run("--submissions", submissions, "--out", out, "--jobs", "2", "--no-hidden", expect=None)


def messages(results):
    return [t.get("message", "") for task in results.get("tasks", []) for t in task.get("tests", [])]


for name, (_, (status, total, pattern)) in students.items():
    path = out / name / "results.json"
    if not test.check(path.is_file(), f"{name}: no results.json"):
        continue
    results = load_json(path)
    submission = results.get("submission", {})
    test.check(submission.get("status") == status and results.get("total_points") == total,
               f"{name}: {submission.get('status')} {results.get('total_points')}, expected {status} {total}; "
               f"problem: {submission.get('problem')!r}")
    if pattern:
        said = [submission.get("problem", "")] + messages(results)
        test.check(any(re.search(pattern, text, re.S) for text in said),
                   f"{name}: no message matches {pattern!r}; problem: {submission.get('problem')!r}")
test.finish()
