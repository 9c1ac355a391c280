"""--only STUDENT... regrades those students alone (changed or not) and
writes the class files (grades.csv, canvas.csv, summary.json, report.html)
for the whole class: everyone else keeps their stored result, even one
whose submission changed since (and the log says so). A name that is no
submission is an error naming it, before anything is written."""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, finished_line, load_json, read_csv  # noqa: E402

test = Test("grade_all.only_regrades_some_keeps_all")
students = ["ada", "ben", "cara", "kim"]
submissions = test.make_class("class", students)
out = test.tmp / "out"
roster = test.tmp / "roster.csv"
roster.write_text("Student,ID,submission\n" + "".join(f"{s.title()},{i},{s}\n" for i, s in enumerate(students, 1)))
common = ["--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2", "--roster", roster]
test.run(*common)
first = {row[0]: row for row in read_csv(out / "grades.csv")[1:]}
test.check(sorted(first) == students, f"first run: grades.csv lists {sorted(first)}")

# ben hands in ada's full solution (85 -> 100, from demo_class/expected_grades.csv);
# ada breaks conv_single_step, but is not named: she keeps her 100.
shutil.copy2(submissions / "ada" / "student" / "assg_tasks.cpp", submissions / "ben" / "student" / "assg_tasks.cpp")
ada_cpp = submissions / "ada" / "student" / "assg_tasks.cpp"
source = ada_cpp.read_text()
test.check("  return Z + b;\n" in source, "ada's conv_single_step no longer ends with 'return Z + b;': update this test")
ada_cpp.write_text(source.replace("  return Z + b;\n", "  return Z;  // forgot the bias\n", 1))
ada_stamp = (out / "ada" / "grading.json").stat().st_mtime_ns

_, log = test.run(*common, "--only", "ben")
ben_line = finished_line(log, "ben")
test.check(ben_line and "kept" not in ben_line and "unchanged" not in ben_line, f"--only ben: ben's line is {ben_line!r}")
for student in ("ada", "cara", "kim"):
    line = finished_line(log, student)
    test.check("kept" in line, f"--only ben: {student} should keep the stored result, their line is {line!r}")
test.check("ada" in log and "--only kept" in log, "the log does not say that ada's kept result is from an older submission")
test.check((out / "ada" / "grading.json").stat().st_mtime_ns == ada_stamp, "--only ben rewrote ada's files")
grades = {row[0]: row for row in read_csv(out / "grades.csv")[1:]}
test.check(sorted(grades) == students, f"after --only ben grades.csv lists {sorted(grades)}, expected all {students}")
test.check(grades.get("ben", [""])[-2:] == ["100", "graded"], f"ben's row after --only ben: {grades.get('ben')}")
for student in ("ada", "cara", "kim"):
    test.check(grades.get(student) == first[student], f"{student}'s row changed: {first[student]} -> {grades.get(student)}")
summary = load_json(out / "summary.json")
test.check(sorted(s["student"] for s in summary.get("students", [])) == students and summary.get("complete") is True,
           f"summary.json after --only ben: students {[s['student'] for s in summary.get('students', [])]}, "
           f"complete {summary.get('complete')}")
html = (out / "report.html").read_text()
test.check(all(f'"student":"{s}"' in html for s in students), "report.html does not embed every student")
canvas = {row[0]: row[-1] for row in read_csv(out / "canvas.csv")[2:]} if (out / "canvas.csv").is_file() else {}
test.check(canvas == {"Ada": "100", "Ben": "100", "Cara": "0", "Kim": "0"}, f"canvas.csv after --only ben: {canvas}")

# An unknown name: an error naming it; nothing rewritten.
before = (out / "grades.csv").read_bytes()
status, log = test.run(*common, "--only", "ben", "bob", expect=None)
test.check(status == 2 and "bob" in log and "no such student" in log,
           f"--only bob (no such submission): exit {status}, expected 2 and an error naming bob")
test.check((out / "grades.csv").read_bytes() == before, "--only with an unknown name rewrote grades.csv")
test.finish()
