"""Relative --submissions and --out (as `make grade-all`'s default OUT=out,
grade-all's own default --out out, and docs/instructor.md's cluster recipes use) grade
exactly as absolute ones: no harness_error, exit 0, the same grades."""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.relative_out_folder_grades")
test.make_class("work/subs", ["ada", "dev", "kim"])
work = test.tmp / "work"

command = [test.grade_all, "--progress", "log", "--submissions", "subs", "--out", "out", "--jobs", "2", "--no-hidden"]
started = time.monotonic()
done = subprocess.run(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                      timeout=600)
print(f"$ cd {work} && {' '.join(command)}\n{done.stdout}-> exit {done.returncode} in {time.monotonic() - started:.1f} s\n")
test.check(done.returncode == 0, f"exit status {done.returncode} with a relative --out, expected 0")
expected = {"ada": ("graded", 100), "dev": ("compile_error", 0), "kim": ("missing", 0)}
for student, (status, total) in expected.items():
    path = work / "out" / student / "results.json"
    if not test.check(path.is_file(), f"{student}: no out/{student}/results.json"):
        continue
    results = load_json(path)
    submission = results.get("submission", {})
    test.check(submission.get("status") == status and results.get("total_points") == total,
               f"{student}: {submission.get('status')} {results.get('total_points')}, expected {status} {total}; "
               f"problem: {submission.get('problem')!r}")
test.check(not (work / "out" / ".grade-all" / "scratch").exists(), "the scratch folder was left behind")
test.finish()
