"""The class files say exactly what the grades are:
- report.html's student table shows hundredths, as grades.csv does (mia
  and leo as demo_class/expected_grades.csv has them, never rounded to tenths);
- untouched stubs (cara) have a status of their own, not_attempted, in
  grades.csv, summary.json (its counts too) and the report, and are left
  out of every task's common failures;
- feedback.md holds the task table once, agreeing with results.json, and
  does not open with the sandbox line a student cannot use."""

import csv
import html as html_module
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json, read_csv, rendered_dom  # noqa: E402

test = Test("grade_all.class_files_are_exact")
students = ["ben", "cara", "leo", "mia"]
submissions = test.make_class("class", students)
out = test.tmp / "out"
test.run("--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2")

# 14b: cara, the untouched stubs.
grades = {row[0]: row for row in read_csv(out / "grades.csv")[1:]}
test.check(grades.get("cara", [""])[-1] == "not_attempted", f"grades.csv: cara's status {grades.get('cara', [''])[-1]!r}, "
                                                            "expected not_attempted")
test.check(all(grades.get(s, [""])[-1] == "graded" for s in ("ben", "leo", "mia")),
           f"grades.csv statuses {[(s, grades.get(s, [''])[-1]) for s in students]}: ben, leo and mia are graded")
summary = load_json(out / "summary.json")
by_student = {s["student"]: s for s in summary.get("students", [])}
test.check(by_student.get("cara", {}).get("status") == "not_attempted",
           f"summary.json: cara's status {by_student.get('cara', {}).get('status')!r}, expected not_attempted")
counts = summary.get("counts", {})
test.check(counts.get("not_attempted") == 1 and counts.get("graded") == 3,
           f"summary.json counts {counts}, expected 1 not_attempted and 3 graded")
in_failures = [task.get("id") for task in summary.get("tasks", []) for failure in task.get("common_failures", [])
               if "cara" in failure.get("students", [])]
test.check(not in_failures, f"cara (untouched stubs) is in the common failures of tasks {in_failures}")
test.check((load_json(out / "cara" / "results.json").get("submission") or {}).get("status") == "not_attempted",
           "cara's results.json submission.status is not not_attempted")

# 14a: the report's table, as Chromium renders it.
dom = rendered_dom(test, out / "report.html")
rows = {}
for row in re.findall(r"<tr>(.*?)</tr>", dom, re.S):
    cells = [html_module.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    if cells and cells[0] in students:
        rows[cells[0]] = cells
# The totals and task points the report must show, in hundredths, are
# demo_class/expected_grades.csv's (derived by hand in demo_class/README.md).
with open(test.source / "demo_class" / "expected_grades.csv", newline="") as handle:
    expected = {row["student"]: row for row in csv.DictReader(handle)}
for student in ("mia", "leo", "ben"):
    total = expected[student]["total"]
    test.check(student in rows and total in rows[student],
               f"report.html: {student}'s row {rows.get(student)} does not show the total {total} (grades.csv's)")
mia_2_3, mia_3_1 = expected["mia"]["2.3"], expected["mia"]["3.1"]
test.check("." in mia_2_3 and "." in mia_3_1, "demo_class/expected_grades.csv: mia's 2.3 and 3.1 are no longer fractional: update this test")
test.check("mia" in rows and mia_2_3 in rows["mia"] and mia_3_1 in rows["mia"],
           f"report.html: mia's task cells {rows.get('mia')} do not show {mia_2_3} (2.3) and {mia_3_1} (3.1) in hundredths")
test.check("cara" in rows and any(cell == "Not attempted" for cell in rows["cara"]),
           f"report.html: cara's row {rows.get('cara')} does not say Not attempted")

# 14c: feedback.md, one table agreeing with results.json, no sandbox line.
for student in students:
    feedback = (out / student / "feedback.md").read_text()
    results = load_json(out / student / "results.json")
    lines = feedback.splitlines()
    test.check(not any("sandbox" in line.lower() for line in lines[:6]),
               f"{student}/feedback.md opens with a sandbox line: {lines[:6]}")
    for task in results["tasks"]:
        task_rows = [line for line in lines if re.match(rf"^\s+{re.escape(task['id'])}\*?\s+{task['function']}\s", line)]
        test.check(len(task_rows) == 1, f"{student}/feedback.md has {len(task_rows)} rows for task {task['id']}, "
                                        f"expected one: {task_rows}")
        if len(task_rows) == 1:
            test.check(f"{task['points']:.2f}/" in task_rows[0],
                       f"{student}/feedback.md: task {task['id']} row {task_rows[0]!r} disagrees with results.json's "
                       f"{task['points']}")
    test.check(sum(1 for line in lines if line.strip().startswith("Total:")) == 1,
               f"{student}/feedback.md: not exactly one Total: line")
test.finish()
