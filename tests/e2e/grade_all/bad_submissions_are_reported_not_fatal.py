"""Broken submissions are each reported (status invalid, with the reason) and
do not stop the class: a corrupt .zip, an empty (0-byte) .tar.gz, a cpp that
is a link to /etc/passwd, a 5 MB cpp, two entries for one student, a stray
file. Runs that cannot start (no submissions folder, a roster without a
submission column) exit 2 naming what is wrong."""

import os
import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json, read_csv  # noqa: E402

test = Test("grade_all.bad_submissions_are_reported_not_fatal")
submissions = test.make_class("class", ["ada"])
(submissions / "corrupt.zip").write_bytes(os.urandom(4096))
(submissions / "empty.tar.gz").write_bytes(b"")
(submissions / "linked" / "student").mkdir(parents=True)
(submissions / "linked" / "student" / "assg_tasks.cpp").symlink_to("/etc/passwd")
(submissions / "huge" / "student").mkdir(parents=True)
ada_cpp = (test.demo / "ada" / "student" / "assg_tasks.cpp").read_text()
with open(submissions / "huge" / "student" / "assg_tasks.cpp", "w") as huge:
    huge.write(ada_cpp)
    huge.write(("// padding " + "x" * 88 + "\n") * (5 * 1024 * 1024 // 100))
(submissions / "twice" / "student").mkdir(parents=True)
(submissions / "twice" / "student" / "assg_tasks.cpp").write_text(ada_cpp)
with zipfile.ZipFile(submissions / "twice.zip", "w") as archive:
    archive.writestr("student/assg_tasks.cpp", ada_cpp)
(submissions / "notes.txt").write_text("grading notes, not a submission\n")
# Two submissions without the student's file, each holding a file of its own:
# each student's problem lists their own files, never the other's.
(submissions / "only_notes").mkdir()
(submissions / "only_notes" / "my_notes.md").write_text("todo\n")
(submissions / "only_readme").mkdir()
(submissions / "only_readme" / "README_mine.txt").write_text("todo\n")

out = test.tmp / "out"
_, log = test.run("--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2")
rows = {row[0]: row for row in read_csv(out / "grades.csv")[1:]}
test.check(sorted(rows) == ["ada", "corrupt", "empty", "huge", "linked", "only_notes", "only_readme", "twice"],
           f"grades.csv lists {sorted(rows)}, expected ada and the 7 broken submissions (not notes.txt)")
for student, own, other in (("only_notes", "my_notes.md", "README_mine.txt"),
                            ("only_readme", "README_mine.txt", "my_notes.md")):
    submission = load_json(out / student / "results.json").get("submission", {})
    problem = submission.get("problem", "")
    test.check(submission.get("status") == "missing" and own in problem and other not in problem,
               f"{student}: status {submission.get('status')!r}, problem {problem!r}: expected missing, listing "
               f"{own} and not {other}")
test.check(rows.get("ada", [""])[-2:] == ["100", "graded"], f"ada: {rows.get('ada')}, expected 100 graded")
test.check(re.search(r"warning: skipped notes\.txt: not a folder, \.zip or \.tar\.gz", log),
           "no warning that notes.txt was skipped")

reasons = {
    "corrupt": r"archive",
    "empty": r"empty|0 bytes|not a (gzip|tar)|damaged|truncated|cannot open",
    "linked": r"student/assg_tasks\.cpp is a symbolic link",
    "huge": r"student/assg_tasks\.cpp is larger than",
    "twice": r"twice and twice\.zip.*keep one",
}
for student, reason in reasons.items():
    if not test.check((out / student / "results.json").is_file(), f"{student}: no results.json"):
        continue
    submission = load_json(out / student / "results.json").get("submission", {})
    test.check(submission.get("status") == "invalid" and rows.get(student, [""])[-1] == "invalid",
               f"{student}: status {submission.get('status')!r} (grades.csv {rows.get(student, [''])[-1]!r}), expected "
               f"invalid; problem: {submission.get('problem')!r}")
    test.check(re.search(reason, submission.get("problem", "")),
               f"{student}: the problem {submission.get('problem')!r} does not give the reason (/{reason}/)")
    feedback = (out / student / "feedback.md").read_text()
    test.check(submission.get("problem", "?") in feedback, f"{student}: feedback.md does not tell the student the problem")

# Nothing of /etc/passwd, nor the 5 MB file, was copied anywhere.
passwd_line = Path("/etc/passwd").read_text().splitlines()[0]
for path in out.rglob("*"):
    if path.is_file():
        test.check(passwd_line not in path.read_text(errors="replace"), f"{path.relative_to(out)} holds /etc/passwd")
        # The reference's full outputs of the big cases (made once per run) are
        # large by nature; no student's file is copied there.
        if "full-expected" not in path.parts:
            test.check(path.stat().st_size < 1 << 20,
                       f"{path.relative_to(out)} is {path.stat().st_size} bytes (the 5 MB cpp?)")

# Runs that cannot start.
missing = test.tmp / "no-such-class"
missing_out = test.tmp / "out-missing"
_, log = test.run("--submissions", missing, "--out", missing_out, expect=2)
test.check(str(missing) in log and "no such submissions folder" in log, f"exit 2 does not name the missing folder {missing}")
test.check(not missing_out.exists(), "a run that could not start created its output folder")

roster = test.tmp / "roster-without-submission.csv"
roster.write_text("Student,ID,SIS User ID,Section\nAda Lovelace,1001,S1001,A\n")
roster_out = test.tmp / "out-roster"
_, log = test.run("--submissions", submissions, "--out", roster_out, "--roster", roster, expect=2)
test.check(str(roster) in log and "submission" in log, f"exit 2 does not name the roster {roster} and its missing column")
test.check(not roster_out.exists(), "a run refused for its roster created its output folder")
test.finish()
