"""docs/instructor.md's GNU parallel recipe works as written: its two command lines,
run verbatim by bash (in a folder where build/bin/grade-all is the binary
under test and subs/ a class), give the single run's grades.csv byte for
byte, each shard grading its own slice.

    parallel --halt never build/bin/grade-all --submissions subs --out out/shard-{} --shard {}/4 --jobs 1 ::: 1 2 3 4
    build/bin/grade-all merge --out out/class out/shard-*
"""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, read_csv, student_folders, student_name  # noqa: E402

test = Test("grade_all.gnu_parallel_recipe")
parallel = shutil.which("parallel")
if parallel is None:
    test.skip("GNU parallel is not installed (sudo apt-get install parallel)")
version = subprocess.run([parallel, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
if "GNU parallel" not in version:
    test.skip(f"{parallel} is not GNU parallel (moreutils' parallel takes other options)")

# The recipe, as docs/instructor.md ("Beyond one machine") prints it.
readme = (test.source / "docs" / "instructor.md").read_text().splitlines()
grade = next((line.strip() for line in readme if line.strip().startswith("parallel --halt never build/bin/grade-all")), None)
merge = next((line.strip() for line in readme if line.strip().startswith("build/bin/grade-all merge --out")), None)
if grade is None or merge is None:
    test.fatal("docs/instructor.md has no GNU parallel recipe (a line 'parallel --halt never build/bin/grade-all ...' and a "
               "line 'build/bin/grade-all merge --out ...')")
shard_numbers = re.search(r":::((?: \d+)+)\s*$", grade)
if shard_numbers is None or "--submissions subs " not in grade or "--out out/shard-{}" not in grade:
    test.fatal(f"this test does not understand docs/instructor.md's recipe line: {grade}")
count = len(shard_numbers.group(1).split())
merged_out = re.search(r"--out (\S+)", merge).group(1)
print(f"   docs/instructor.md's recipe:\n     {grade}\n     {merge}")

entries = ["ada", "dev", "hana.zip", "ivan.tar.gz", "jade", "kim"]
students = sorted(student_name(entry) for entry in entries)
work = test.tmp / "repo"
work.mkdir()
submissions = test.make_class("repo/subs", entries)
(work / "build" / "bin").mkdir(parents=True)
(work / "build" / "bin" / "grade-all").symlink_to(test.grade_all)

single = test.tmp / "single"
test.run("--submissions", submissions, "--out", single)

for line in (grade, merge):
    started = time.monotonic()
    done = subprocess.run(["bash", "-c", line], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", timeout=900)
    print(f"$ {line}\n{done.stdout}-> exit {done.returncode} in {time.monotonic() - started:.1f} s\n", flush=True)
    test.check(done.returncode == 0, f"exit status {done.returncode}: {line}")

for k in range(1, count + 1):
    shard = work / "out" / f"shard-{k}"
    test.check(student_folders(shard) == students[k - 1::count] if shard.is_dir() else False,
               f"shard {k}/{count} graded {student_folders(shard) if shard.is_dir() else 'nothing'}, "
               f"expected {students[k - 1::count]}")

merged = work / merged_out / "grades.csv"
if test.check(merged.is_file(), f"the merge wrote no {merged}"):
    test.check(merged.read_bytes() == (single / "grades.csv").read_bytes(),
               f"the merged grades.csv differs from the single run's:\n--- single run\n{(single / 'grades.csv').read_text()}"
               f"--- parallel + merge\n{merged.read_text()}")
    listed = [row[0] for row in read_csv(merged)[1:]]
    test.check(listed == students, f"merged grades.csv lists {listed}, expected {students}")
test.finish()
