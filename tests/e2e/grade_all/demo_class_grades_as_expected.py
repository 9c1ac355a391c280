"""The whole demo class (fay's timeouts included), without hidden tests,
gets exactly demo_class/expected_grades.csv, and the class files say what
demo_class/README.md says about gus, jade, kim, dev and fay."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json, read_csv, student_folders  # noqa: E402

test = Test("grade_all.demo_class_grades_as_expected")
out = test.tmp / "out"
test.run("--submissions", test.demo, "--out", out, "--no-hidden", "--jobs", "2", "--junit", out / "class.xml")

expected = read_csv(test.demo / "expected_grades.csv")
got = read_csv(out / "grades.csv")
test.check(got[0] == expected[0], f"grades.csv header {got[0]}, expected {expected[0]}")
expected_rows = {row[0]: row for row in expected[1:]}
got_rows = {row[0]: row for row in got[1:]}
test.check([row[0] for row in got[1:]] == sorted(expected_rows),
           f"grades.csv students {[row[0] for row in got[1:]]}, expected {sorted(expected_rows)} (in name order)")
header = expected[0]
for student, want in expected_rows.items():
    have = got_rows.get(student)
    if not test.check(have is not None, f"{student}: missing from grades.csv"):
        continue
    if not test.check(len(have) == len(want), f"{student}: {len(have)} columns, expected {len(want)}: {have}"):
        continue
    test.check(have[-1] == want[-1], f"{student}: status {have[-1]}, expected {want[-1]}")
    for column, a, b in zip(header[1:-1], have[1:-1], want[1:-1]):
        try:
            same = round(float(a), 2) == round(float(b), 2)
        except ValueError:
            same = False
        test.check(same, f"{student}: {column} is {a!r}, expected {b!r}")
test.check(student_folders(out) == sorted(expected_rows),
           f"student folders with grading.json: {student_folders(out)}, expected {sorted(expected_rows)}")

# --junit: every student's every task as a suite whose points are grades.csv's,
# and a student whose file never ran (kim: missing) fails every task saying why.
import xml.etree.ElementTree as ElementTree  # noqa: E402
junit = ElementTree.parse(out / "class.xml").getroot()
suites = {suite.get("name"): suite for suite in junit.iter("testsuite")}
test.check(len(suites) == len(expected_rows) * (len(header) - 3),
           f"class.xml has {len(suites)} suites, expected one per student and task")
for student, row in got_rows.items():
    for column, value in zip(header[1:-2], row[1:-2]):
        suite = next((s for name, s in suites.items() if name.startswith(f"{student} / {column} ")), None)
        if not test.check(suite is not None, f"class.xml: no suite for {student} task {column}"):
            continue
        points = {p.get("name"): p.get("value") for p in suite.iter("property")}.get("points")
        test.check(round(float(points), 2) == round(float(value or 0), 2),
                   f"class.xml: {student} {column} has {points} points, grades.csv {value}")
kim = [s for name, s in suites.items() if name.startswith("kim / ")]
test.check(kim and all(s.find("testcase/failure") is not None and "missing" in s.find("testcase/failure").text
                       for s in kim), "class.xml: kim's tasks do not fail with 'missing'")

# gus edited the header: flagged in his results.json (and graded with the original).
gus = load_json(out / "gus" / "results.json")
test.check(gus.get("submission", {}).get("edited_files") == ["student/assg_tasks.hpp"],
           f"gus: results.json submission.edited_files is {gus.get('submission', {}).get('edited_files')!r}, "
           "expected ['student/assg_tasks.hpp']")
test.check("student/assg_tasks.hpp" in (out / "gus" / "feedback.md").read_text(),
           "gus: feedback.md does not mention his edited student/assg_tasks.hpp")
for student in expected_rows:
    if student != "gus":
        files = load_json(out / student / "results.json").get("submission", {}).get("edited_files")
        test.check(files == [], f"{student}: edited_files {files!r}, expected [] (only gus edited a file)")

summary = load_json(out / "summary.json")
groups = summary.get("identical_groups")
test.check(groups == [["ada", "jade"]], f"summary.json identical_groups is {groups!r}, expected [['ada', 'jade']]")
by_student = {s["student"]: s for s in summary.get("students", [])}
test.check(by_student.get("jade", {}).get("identical_to") == ["ada"],
           f"summary.json: jade identical_to {by_student.get('jade', {}).get('identical_to')!r}, expected ['ada']")
test.check(summary.get("edited_files") == [{"student": "gus", "files": ["student/assg_tasks.hpp"]}],
           f"summary.json edited_files is {summary.get('edited_files')!r}")

for student, status in (("kim", "missing"), ("dev", "compile_error")):
    results = load_json(out / student / "results.json")
    test.check(results.get("submission", {}).get("status") == status,
               f"{student}: results.json submission.status {results.get('submission', {}).get('status')!r}, "
               f"expected {status}")
    test.check(by_student.get(student, {}).get("status") == status,
               f"{student}: summary.json status {by_student.get(student, {}).get('status')!r}, expected {status}")
test.check("n_C_prev" in by_student.get("dev", {}).get("problem", ""),
           f"dev: the problem should quote the compiler's first error (n_C_prev), got "
           f"{by_student.get('dev', {}).get('problem')!r}")
test.check(summary.get("counts", {}).get("students") == 13 and summary.get("counts", {}).get("graded") == 10
           and summary.get("counts", {}).get("not_attempted") == 1,
           f"summary.json counts {summary.get('counts')}, expected 13 students, 10 graded, 1 not_attempted (cara)")
test.check(summary.get("hidden_tests") == 0, f"--no-hidden, yet summary.json hidden_tests is {summary.get('hidden_tests')}")

# fay is the only student with timeouts: her six distribute_value cases.
timeouts = summary.get("timeouts", [])
test.check([t.get("student") for t in timeouts] == ["fay"], f"summary.json timeouts name {timeouts!r}, expected fay only")
if timeouts:
    test.check(len(timeouts[0].get("tests", [])) == 6 and
               all(name.startswith("distribute_value/") for name in timeouts[0]["tests"]),
               f"fay's timed-out tests are {timeouts[0].get('tests')}, expected the 6 distribute_value cases")

report = out / "report.html"
if test.check(report.is_file(), "report.html was not written"):
    html = report.read_text()
    test.check("/*SUMMARY_JSON*/null" not in html, "report.html still holds the /*SUMMARY_JSON*/null placeholder")
    test.check('"identical_groups"' in html and '"jade"' in html, "report.html does not embed the class summary")
test.finish()
