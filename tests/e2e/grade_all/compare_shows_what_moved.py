"""--compare OLD_OUT prints only the students whose total or some task
moved, the biggest change first, each with the tasks that moved (never a
"+0"), and writes OUT/compare.csv: a row per student and task that moved,
then the student's total."""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, drop_bias, read_csv  # noqa: E402

test = Test("grade_all.compare_shows_what_moved")
students = ["ada", "ben", "cara", "jade", "leo"]
submissions = test.make_class("class", students)
out = test.tmp / "out"
common = ["--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2"]
test.run(*common)
old = test.tmp / "old"
shutil.copytree(out, old, symlinks=True)

# ada drops conv_single_step's bias: 2.2 15 -> 0 and 2.3 (which reuses it)
# 20 -> 0, total 100 -> 65. ben hands in jade's full solution: his stubbed
# 3.1-3.4 gain 6, 3, 3, 3, total 85 -> 100 (demo_class/README.md). cara, jade
# and leo are regraded (--force) and do not move.
drop_bias(test, submissions / "ada" / "student" / "assg_tasks.cpp")
shutil.copy2(submissions / "jade" / "student" / "assg_tasks.cpp", submissions / "ben" / "student" / "assg_tasks.cpp")
_, log = test.run(*common, "--force", "--compare", old)

section = log.split(f"Compared with {old}:", 1)
if test.check(len(section) == 2, "no 'Compared with' section in the output"):
    lines = section[1].splitlines()
    test.check(lines[0].strip() == "2 student(s) moved", f"the comparison's first line is {lines[0]!r}, expected "
                                                         "'2 student(s) moved'")
    body = [line for line in lines[1:] if line.strip() and not line.startswith("(also in")]
    body = body[:next((i for i, line in enumerate(body) if line.startswith("grade-all:")), len(body))]
    want = ["ada: 100 -> 65 (-35)", "    task 2.2: 15 -> 0 (-15)", "    task 2.3: 20 -> 0 (-20)",
            "ben: 85 -> 100 (+15)", "    task 3.1: 0 -> 6 (+6)", "    task 3.2: 0 -> 3 (+3)",
            "    task 3.3: 0 -> 3 (+3)", "    task 3.4: 0 -> 3 (+3)"]
    test.check(body == want, f"the comparison prints {body}, expected (biggest change first) {want}")
    test.check("+0)" not in section[1] and "(-0)" not in section[1], "the comparison prints a change of 0")

compare = out / "compare.csv"
if test.check(compare.is_file(), "no OUT/compare.csv"):
    rows = read_csv(compare)
    test.check(rows[0] == ["student", "task", "before", "after", "delta"], f"compare.csv header {rows[0]}")
    want_rows = [["ada", "2.2", "15", "0", "-15"], ["ada", "2.3", "20", "0", "-20"], ["ada", "total", "100", "65", "-35"],
                 ["ben", "3.1", "0", "6", "+6"], ["ben", "3.2", "0", "3", "+3"], ["ben", "3.3", "0", "3", "+3"],
                 ["ben", "3.4", "0", "3", "+3"], ["ben", "total", "85", "100", "+15"]]
    test.check(rows[1:] == want_rows, f"compare.csv rows {rows[1:]}, expected {want_rows}")
test.finish()
