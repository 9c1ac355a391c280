"""A case's worth in hundredths is decided by its name, never by the order
the cases run in (issue 11, findings 8 and 14).

zero_pad (15 points) has 9 cases: 166.67 hundredths each, so 6 of them are
worth 1.67 and 3 worth 1.66. By name (sorted), the 6 are
channels_are_not_padded ... dlai_example_pad_3; hand_checked_pad_1 is worth
1.66 (the expected totals below are worked out here from the case names,
not read from grade-all). Each variant of plain_loops_full_marks.cpp gets
one zero_pad case wrong, and is graded with the fixtures as committed and
with zero_pad's cases in reverse order: the total must not move. (Before,
the leftover hundredths went to the first cases listed: hand_checked_pad_1
failing was 98.34 in the committed order and 98.33 reversed.)

Also: the grader refuses --gtest_shuffle and GTEST_SHUFFLE (exit 2); rubric
points that are not whole hundredths are refused, naming the rubric and the
task; and summary.json's max_points is results.json's."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.case_worths_by_name")
plain = (test.source / "tests" / "solutions" / "plain_loops_full_marks.cpp").read_text()
ZERO_PAD_BODY = "Tensor4 zero_pad(const Tensor4& X, int pad) {\n"
if ZERO_PAD_BODY not in plain:
    test.fatal("plain_loops_full_marks.cpp no longer defines zero_pad as this test expects; update the test")

fixture = load_json(test.source / "fixtures" / "zero_pad.json")
names = [case["name"] for case in fixture["cases"]]


def worth_by_name(points, case_names, name):
    """Largest remainder with equal weights: the leftover hundredths go to
    the names that sort first."""
    base, left = divmod(round(points * 100), len(case_names))
    return (base + (1 if sorted(case_names).index(name) < left else 0)) / 100


# Each wrong only in one case: X of shape (1,1,2,1) padded by 1, and (2,1,1,6) by 2.
bugs = {
    "fails_hand_checked_pad_1": ("hand_checked_pad_1",
                                 "X.dimension(1) == 1 && X.dimension(2) == 2 && X.dimension(3) == 1 && pad == 1"),
    "fails_channels_are_not_padded": ("channels_are_not_padded", "X.dimension(3) == 6 && pad == 2"),
}
submissions = test.tmp / "class"
for student, (case, condition) in bugs.items():
    if case not in names:
        test.fatal(f"fixtures/zero_pad.json has no case {case}; update this test")
    source = plain.replace(ZERO_PAD_BODY, ZERO_PAD_BODY + f"  if ({condition}) pad += 1;  // one case wrong\n", 1)
    (submissions / student / "student").mkdir(parents=True)
    (submissions / student / "student" / "assg_tasks.cpp").write_text(source)

# The committed fixtures, and a copy with zero_pad's cases reversed.
reversed_fixtures = test.tmp / "fixtures-reversed"
shutil.copytree(test.source / "fixtures", reversed_fixtures, ignore=shutil.ignore_patterns("spec"))
fixture["cases"].reverse()
(reversed_fixtures / "zero_pad.json").write_text(json.dumps(fixture))

totals = {}
for label, fixtures in (("committed", test.source / "fixtures"), ("reversed", reversed_fixtures)):
    out = test.tmp / f"out-{label}"
    test.run("--submissions", submissions, "--out", out, "--jobs", "2", "--no-hidden", "--fixtures", fixtures,
             expect=None)
    for student, (case, _) in bugs.items():
        path = out / student / "results.json"
        if not test.check(path.is_file(), f"{label}: {student}: no results.json"):
            continue
        results = load_json(path)
        totals[(label, student)] = results.get("total_points")
        zero_pad = next((t for t in results.get("tasks", []) if t.get("function") == "zero_pad"), {})
        expected = round(15 - worth_by_name(15, names, case), 2)
        test.check(zero_pad.get("points") == expected,
                   f"{label}: {student}: zero_pad {zero_pad.get('points')}, expected {expected} (15 less the "
                   f"worth of {case} by name)")
        test.check(results.get("total_points") == round(100 - worth_by_name(15, names, case), 2),
                   f"{label}: {student}: total {results.get('total_points')}, expected "
                   f"{round(100 - worth_by_name(15, names, case), 2)}")
for student in bugs:
    test.check(totals.get(("committed", student)) == totals.get(("reversed", student)),
               f"{student}: {totals.get(('committed', student))} with the committed order, "
               f"{totals.get(('reversed', student))} with zero_pad's cases reversed")

# The grader refuses shuffling, by flag or by environment.
grader = Path(test.grade_all).parent / "grader"
rubric = test.source / "grader" / "rubric.json"
for how, extra, env in (("--gtest_shuffle", ["--gtest_shuffle"], {}), ("GTEST_SHUFFLE=1", [], {"GTEST_SHUFFLE": "1"})):
    done = subprocess.run([str(grader), "--list", "--rubric", str(rubric), "--fixtures", str(test.source / "fixtures"),
                           *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env={**os.environ, **env})
    test.check(done.returncode == 2 and "--gtest_shuffle" in done.stdout,
               f"grader {how}: exit {done.returncode}, expected 2 and a message naming --gtest_shuffle: {done.stdout[-300:]!r}")

# Points must be whole hundredths; the maxima agree to the hundredth.
rubric_json = load_json(rubric)


def rubric_with_zero_pad_points(points):
    edited = json.loads(json.dumps(rubric_json))
    for task in edited["tasks"]:
        if task["function"] == "zero_pad":
            task["points"] = points
    path = test.tmp / f"rubric-{points}.json"
    path.write_text(json.dumps(edited))
    return path, round(sum(t["points"] for t in edited["tasks"] if t.get("enabled", True) and not t.get("bonus")), 2)


bad, _ = rubric_with_zero_pad_points(2.505)
status, output = test.run("--submissions", submissions, "--out", test.tmp / "out-bad", "--no-hidden",
                          "--rubric", bad, expect=None)
test.check(status == 2 and str(bad) in output and "task 2.1" in output and "whole hundredths" in output,
           f"a rubric with 2.505 points: exit {status}, expected 2 and an error naming {bad} and task 2.1")

odd, maximum = rubric_with_zero_pad_points(15.01)
out = test.tmp / "out-odd"
test.run("--submissions", submissions, "--out", out, "--jobs", "2", "--no-hidden", "--rubric", odd, expect=None)
summary = load_json(out / "summary.json")
test.check(summary.get("max_points") == maximum, f"summary.json max_points {summary.get('max_points')}, expected {maximum}")
for student in bugs:
    results = load_json(out / student / "results.json")
    test.check(results.get("max_points") == summary.get("max_points"),
               f"{student}: results.json max_points {results.get('max_points')}, summary.json's {summary.get('max_points')}")
test.finish()
