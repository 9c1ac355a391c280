"""A roster of GitHub user names matches GitHub Classroom's folder names
(`assg05-<user>`, and Classroom 50's `<classroom>-assg05-<user>`): canvas.csv
carries every student's grade, under the assignment column title of the
Canvas export the roster is (`Assignment 05 (88123)`). A roster that matches
no submission is an error naming the roster file, before anything is graded
or written; a folder that matches two roster rows is an error naming both."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, read_csv  # noqa: E402

test = Test("grade_all.roster_matches_classroom_names")
submissions = test.make_class("class", renamed={"assg05-ada": "ada", "assg05-Mia": "mia",
                                                "csci560-assg05-ben": "ben"})
# A Canvas gradebook export (its "Points Possible" row and columns of its
# own) with a github_username column added. The grades are
# demo_class/expected_grades.csv's (derived by hand in demo_class/README.md).
roster = test.tmp / "gradebook.csv"
roster.write_text(
    "Student,ID,SIS User ID,SIS Login ID,Section,Assignment 05 (88123),Current Score,github_username\n"
    "Points Possible,,,,,100,,\n"
    "\"Lovelace, Ada\",101,s101,ada@u.edu,CS 560,,,ada\n"
    "\"Mirzakhani, Mia\",102,s102,mia@u.edu,CS 560,,,mia\n"
    "\"Babbage, Ben\",103,s103,ben@u.edu,CS 560,,,ben\n"
    "\"Zuse, Zoe\",104,s104,zoe@u.edu,CS 560,,,zoe\n")
out = test.tmp / "out"
_, log = test.run("--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2", "--roster", roster)
canvas = read_csv(out / "canvas.csv") if (out / "canvas.csv").is_file() else []
test.check(canvas and canvas[0][-1] == "Assignment 05 (88123)",
           f"canvas.csv's assignment column is {canvas[0][-1] if canvas else None!r}, expected the export's own "
           "'Assignment 05 (88123)'")
scores = {row[0]: row[-1] for row in canvas[2:]}
expected = {row[0]: row[-2] for row in read_csv(test.source / "demo_class" / "expected_grades.csv")[1:]}
want = {"Lovelace, Ada": expected["ada"], "Mirzakhani, Mia": expected["mia"], "Babbage, Ben": expected["ben"],
        "Zuse, Zoe": ""}
test.check(scores == want, f"canvas.csv scores {scores}, expected {want}")
test.check("zoe" in log and "no submission" in log, "the log does not say that zoe has no submission")
test.check("not in the roster" not in log, "a Classroom-named submission was reported as not in the roster")

# --canvas-assignment still names the column when given.
_, log = test.run("--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2", "--roster", roster,
                  "--canvas-assignment", "A5 (1)")
test.check(read_csv(out / "canvas.csv")[0][-1] == "A5 (1)", "--canvas-assignment no longer names the column")

# A roster of another class: an error naming the roster file, nothing graded or written.
strangers = test.tmp / "other-class.csv"
strangers.write_text("Student,ID,github_username\nXavier,201,xavier\nYolanda,202,yolanda\n")
fresh = test.tmp / "out-strangers"
status, log = test.run("--submissions", submissions, "--out", fresh, "--no-hidden", "--roster", strangers, expect=None)
test.check(status == 2, f"a roster matching no submission: exit status {status}, expected 2")
test.check(str(strangers) in log and "no roster row matches" in log,
           f"the error does not name {strangers} and say that no row matches")
written = sorted(p.name for p in fresh.iterdir()) if fresh.exists() else []
test.check(not any(name in written for name in ("grades.csv", "canvas.csv", "summary.json", "report.html")),
           f"a roster matching nobody still left class files: {written}")

# One folder, two rows: "ben" and "BEN" (names match ignoring case).
ambiguous = test.tmp / "ambiguous.csv"
ambiguous.write_text("Student,ID,github_username\nBen,103,ben\nBen again,105,BEN\nAda,101,ada\n")
status, log = test.run("--submissions", submissions, "--out", test.tmp / "out-ambiguous", "--no-hidden",
                       "--roster", ambiguous, expect=None)
test.check(status == 2, f"a folder matching two roster rows: exit status {status}, expected 2")
test.check('"ben"' in log and '"BEN"' in log and "csci560-assg05-ben" in log,
           "the ambiguity error does not name the folder and both rows")

# A user name with a hyphen: assg05-big-ben is big-ben's. Row "ben" (with no
# submission of its own) must not take it; with both rows, big-ben gets it.
hyphens = test.make_class("hyphens", renamed={"assg05-ada": "ada", "assg05-big-ben": "ben"})
hyphen_out = test.tmp / "out-hyphens"
only_ben = test.tmp / "only-ben.csv"
only_ben.write_text("Student,ID,github_username\nAda,101,ada\nBen,103,ben\n")
_, log = test.run("--submissions", hyphens, "--out", hyphen_out, "--no-hidden", "--jobs", "2", "--roster", only_ben)
scores = {row[0]: row[-1] for row in read_csv(hyphen_out / "canvas.csv")[2:]}
test.check(scores == {"Ada": expected["ada"], "Ben": ""},
           f"row ben took assg05-big-ben's grade: canvas.csv scores {scores}, expected Ben blank")
test.check("assg05-big-ben" in log and "not in the roster" in log,
           "the log does not say that assg05-big-ben is not in the roster")
both = test.tmp / "both.csv"
both.write_text("Student,ID,github_username\nAda,101,ada\nBen,103,ben\nBig Ben,104,big-ben\n")
_, log = test.run("--submissions", hyphens, "--out", hyphen_out, "--no-hidden", "--jobs", "2", "--roster", both)
scores = {row[0]: row[-1] for row in read_csv(hyphen_out / "canvas.csv")[2:]}
test.check(scores == {"Ada": expected["ada"], "Ben": "", "Big Ben": expected["ben"]},
           f"with rows ben and big-ben, canvas.csv scores {scores}, expected Big Ben {expected['ben']} and Ben blank")
test.finish()
