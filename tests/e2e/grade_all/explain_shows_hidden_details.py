"""docs/instructor.md's one command for an instructor to see a student's hidden
failures with their data: `grade-all --explain STUDENT` prints the grader's
report with the hidden cases' own names and failure messages (expected and
actual values), and saves nothing: the student's results and feedback
(from a normal run) still show the hidden cases without their data."""

import itertools
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test  # noqa: E402

test = Test("grade_all.explain_shows_hidden_details")
guide = (test.source / "docs" / "instructor.md").read_text()
test.check("--explain STUDENT" in guide, "docs/instructor.md does not document grade-all --explain STUDENT")

# leo's conv_forward ignores the stride (demo_class/README.md), so the hidden
# case with stride 3 (fixtures/spec/hidden/conv_forward.json) fails.
hidden_spec = (test.source / "fixtures" / "spec" / "hidden" / "conv_forward.json").read_text()
test.check('"hidden_stride_3_pad_2"' in hidden_spec and '"stride": 3' in hidden_spec,
           "fixtures/spec/hidden/conv_forward.json no longer has hidden_stride_3_pad_2: update this test")
submissions = test.make_class("class", ["leo", "ada"])
out = test.tmp / "out"
_, log = test.run("--submissions", submissions, "--out", out, "--jobs", "2", "--explain", "leo")
block = [line for line in log.splitlines() if "hidden_stride_3_pad_2" in line]
test.check(block, "--explain leo does not name the hidden case hidden_stride_3_pad_2")
# The case's own message: the indented lines that follow its line, up to the
# next case's line.
after = log.split("hidden_stride_3_pad_2", 1)[-1].splitlines()[1:]
message = "\n".join(line for line in itertools.takewhile(lambda line: line.startswith("    "), after))
test.check(re.search(r"expected -?\d[\d.e+-]*, got -?\d[\d.e+-]*", message),
           "--explain leo does not show the hidden case's expected and actual values")
test.check(not (out / "leo").exists() and not (out / "ada").exists() and not (out / "grades.csv").exists(),
           f"--explain saved results: {sorted(p.name for p in out.iterdir()) if out.exists() else []}")

# A normal run still hides the same case's name and data from the student.
test.run("--submissions", submissions, "--out", out, "--jobs", "2")
shown = (out / "leo" / "feedback.md").read_text() + (out / "leo" / "results.json").read_text()
test.check("hidden_stride_3_pad_2" not in shown, "the hidden case's name reached leo's feedback or results")

status, log = test.run("--submissions", submissions, "--out", out, "--explain", "nobody", expect=None)
test.check(status == 2 and "nobody" in log, f"--explain nobody: exit {status}, expected 2 and an error naming nobody")
test.finish()
