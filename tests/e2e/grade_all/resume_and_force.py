"""Running again into the same OUT keeps every unchanged student (files
untouched, grades.csv identical); an edited submission alone is graded
again; a results.json the grade model refuses is named (file and key) and
graded again; --force grades everyone again; --compare OLD lists exactly the
students whose points changed, task by task."""

import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, append_comment, drop_bias, finished_line  # noqa: E402

test = Test("grade_all.resume_and_force")
students = ["ada", "cara", "dev", "kim"]
submissions = test.make_class("class", students)
out = test.tmp / "out"
common = ["--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2"]


def summary_line(log):
    match = re.search(r"(\d+) student\(s\): (\d+) graded now, (\d+) identical to one graded now, (\d+) unchanged", log)
    return tuple(int(n) for n in match.groups()) if match else None


def stamps():
    # Student folders only (.grade-all/run.json is the run's own manifest).
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.glob("*/*")
            if p.is_file() and not p.parent.name.startswith(".")}


def expect_lines(log, kept, graded, when):
    for student in students:
        line = finished_line(log, student)
        if student in kept:
            test.check(line.endswith("(unchanged: kept)"), f"{when}: {student} should be kept, its line is {line!r}")
        if student in graded:
            test.check(line and "unchanged" not in line and re.search(r"\(\d+\.\d s\)$", line),
                       f"{when}: {student} should be graded again, its line is {line!r}")


_, log = test.run(*common)
test.check(summary_line(log) == (4, 4, 0, 0), f"first run: {summary_line(log)}, expected 4 students all graded now")
first_grades = (out / "grades.csv").read_bytes()
first_stamps = stamps()

# 1. Nothing changed: everyone kept, no student file rewritten.
_, log = test.run(*common)
test.check(summary_line(log) == (4, 0, 0, 4), f"second run: {summary_line(log)}, expected 4 unchanged")
expect_lines(log, kept=students, graded=[], when="second run")
test.check((out / "grades.csv").read_bytes() == first_grades, "second run: grades.csv changed")
test.check(stamps() == first_stamps, "second run: student files were rewritten although nobody changed")

# 2. cara appends a comment: only she is graded again.
append_comment(submissions / "cara" / "student" / "assg_tasks.cpp", "cara: one more push")
_, log = test.run(*common)
test.check(summary_line(log) == (4, 1, 0, 3), f"after cara's edit: {summary_line(log)}, expected 1 graded now, 3 unchanged")
expect_lines(log, kept=["ada", "dev", "kim"], graded=["cara"], when="after cara's edit")
test.check((out / "grades.csv").read_bytes() == first_grades, "a comment changed grades.csv")
now = stamps()
test.check(all(now[name] == stamp for name, stamp in first_stamps.items() if not name.startswith("cara/")),
           "after cara's edit, files of other students were rewritten")
test.check(now["cara/grading.json"] != first_stamps["cara/grading.json"], "cara's grading.json was not rewritten")

# 3. --force: everyone graded again.
_, log = test.run(*common, "--force")
test.check(summary_line(log) == (4, 4, 0, 0), f"--force: {summary_line(log)}, expected all 4 graded now")
expect_lines(log, kept=[], graded=students, when="--force")
test.check("unchanged: kept" not in log, "--force kept a student")
test.check((out / "grades.csv").read_bytes() == first_grades, "--force changed grades.csv")

# 3b. kim's results.json edited by hand into something the grade model
#     refuses (JSON still, a task's points now a string): the run says which
#     file and which key, grades kim again, and the grades do not move.
kim_results = out / "kim" / "results.json"
broken = kim_results.read_text().replace('"points": 0.0', '"points": "0"', 1)
test.check(broken != kim_results.read_text(), "the test could not edit kim's results.json")
kim_results.write_text(broken)
_, log = test.run(*common)
test.check(summary_line(log) == (4, 1, 0, 3), f"after kim's results were damaged: {summary_line(log)}, expected kim "
           "graded again and 3 unchanged")
test.check(re.search(r"kim/results\.json: task 1\.1: \"points\" is not a number", log),
           "the run does not name kim's results.json and the key it refused")
test.check((out / "grades.csv").read_bytes() == first_grades, "damaged results changed grades.csv")
test.check('"points": "0"' not in kim_results.read_text(), "kim's damaged results.json was kept")

# 4. ada breaks conv_single_step (drops the bias), dev fixes his compile
#    error: --compare lists both, task by task, and no one else.
old = test.tmp / "old"
shutil.copytree(out, old, symlinks=True)
drop_bias(test, submissions / "ada" / "student" / "assg_tasks.cpp")
dev_cpp = submissions / "dev" / "student" / "assg_tasks.cpp"
dev_cpp.write_text(dev_cpp.read_text().replace("n_C_prev", "in_channels"))
_, log = test.run(*common, "--compare", old)
test.check(summary_line(log) == (4, 2, 0, 2), f"--compare run: {summary_line(log)}, expected 2 graded now, 2 unchanged")
compared = log.split(f"Compared with {old}:", 1)
if test.check(len(compared) == 2, f"no 'Compared with {old}:' section in the output"):
    section = compared[1]
    test.check(section.startswith(" 2 student(s) moved"), f"the comparison should count 2 students that moved: {section[:80]!r}")
    blocks = {}  # student -> its task lines
    for line in section.splitlines()[1:]:
        if re.match(r"^\S+: ", line):
            blocks[line.split(":")[0]] = [line]
        elif line.startswith("    task ") and blocks:
            blocks[list(blocks)[-1]].append(line)
    test.check(sorted(blocks) == ["ada", "dev"], f"the comparison lists {sorted(blocks)}, expected ada and dev only")
    test.check(blocks.get("ada") == ["ada: 100 -> 65 (-35)", "    task 2.2: 15 -> 0 (-15)", "    task 2.3: 20 -> 0 (-20)"],
               f"ada's comparison is {blocks.get('ada')}, expected 100 -> 65 from tasks 2.2 and 2.3 (conv_forward reuses "
               "conv_single_step) only")
    dev = blocks.get("dev", [""])
    test.check(dev[0] == "dev: 0 -> 100 (+100), status compile_error -> graded" and len(dev) == 10,
               f"dev's comparison is {dev}, expected compile_error 0 -> graded 100 and his 9 tasks")
test.finish()
