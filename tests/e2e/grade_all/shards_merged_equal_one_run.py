"""Grading a class in 3 shards and merging them gives the same files as one
run: grades.csv and canvas.csv byte for byte, every results.json and
feedback.md, and summary.json (apart from timings). Each shard grades its own
slice (every 3rd student in name order), and the slices make up the class."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json, parse_csv_text, student_folders, student_name, without_keys  # noqa: E402

test = Test("grade_all.shards_merged_equal_one_run")
entries = ["ada", "ben", "cara", "dev", "hana.zip", "ivan.tar.gz", "jade", "kim"]
students = sorted(student_name(entry) for entry in entries)
submissions = test.make_class("class", entries)

roster = test.tmp / "roster.csv"
rows = ["Student,ID,SIS User ID,SIS Login ID,Section,submission",
        "Points Possible,,,,,",
        '"Lovelace, Ada",1001,S1001,ada@example.edu,A,ada']
for number, student in enumerate(students[1:], start=1002):
    rows.append(f"{student.title()} Student,{number},S{number},{student}@example.edu,{'AB'[number % 2]},{student}")
rows.append("Zed Absent,1999,S1999,zed@example.edu,B,zed")  # enrolled, submitted nothing
roster.write_text("\n".join(rows) + "\n")

single = test.tmp / "single"
test.run("--submissions", submissions, "--out", single, "--roster", roster, "--jobs", "2")

shards = []
for k in (1, 2, 3):
    shard = test.tmp / f"shard-{k}"
    _, log = test.run("--submissions", submissions, "--out", shard, "--shard", f"{k}/3", "--jobs", "2")
    test.check(f"(shard {k}/3)" in log, f"shard {k}/3: its log does not say which shard it is")
    graded = student_folders(shard)
    test.check(graded == students[k - 1::3], f"shard {k}/3 graded {graded}, expected every 3rd from #{k}: {students[k - 1::3]}")
    shards.append(shard)
seen = [student for shard in shards for student in student_folders(shard)]
test.check(sorted(seen) == students, f"the shards together graded {sorted(seen)}, expected each of {students} once")

merged = test.tmp / "merged"
_, log = test.run("merge", "--out", merged, "--roster", roster, *shards)
test.check(f"merged {len(students)} student(s) from 3 shard(s)" in log, "merge does not report what it merged")

for name in ("grades.csv", "canvas.csv"):
    one, two = single / name, merged / name
    if test.check(one.is_file() and two.is_file(), f"{name} is missing from the single run or the merge"):
        test.check(one.read_bytes() == two.read_bytes(),
                   f"{name} differs:\n--- one run\n{one.read_text()}--- merged shards\n{two.read_text()}")
canvas = parse_csv_text((single / "canvas.csv").read_text())
test.check(canvas[:3] == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Assignment 05"],
                          ["Points Possible", "", "", "", "", "100"],
                          ["Lovelace, Ada", "1001", "S1001", "ada@example.edu", "A", "100"]],
           f"canvas.csv starts {canvas[:3]}")
test.check(canvas[-1] == ["Zed Absent", "1999", "S1999", "zed@example.edu", "B", ""],
           f"canvas.csv: the roster student without a submission is {canvas[-1]}, expected a blank score")

test.check(student_folders(merged) == students, f"merged student folders {student_folders(merged)}, expected {students}")
for student in students:
    if not test.check((merged / student / "results.json").is_file(), f"{student}: the merge wrote no results.json"):
        continue
    one = without_keys(load_json(single / student / "results.json"), {"seconds"})
    two = without_keys(load_json(merged / student / "results.json"), {"seconds"})
    test.check(one == two, f"{student}: results.json differs between one run and the merged shards")
    test.check((single / student / "feedback.md").read_text() == (merged / student / "feedback.md").read_text(),
               f"{student}: feedback.md differs between one run and the merged shards")


def comparable_summary(path):
    summary = load_json(path)
    for key in ("generated_at", "slowest"):
        test.check(key in summary, f"{path}: no {key!r} (has the format changed? update this test)")
        summary.pop(key, None)
    for student in summary.get("students", []):
        student.pop("seconds", None)
    return summary


one, two = comparable_summary(single / "summary.json"), comparable_summary(merged / "summary.json")
for key in sorted(set(one) | set(two)):
    test.check(one.get(key) == two.get(key),
               f"summary.json {key!r} differs:\n      one run: {str(one.get(key))[:300]}\n      merged:  {str(two.get(key))[:300]}")
test.check(one.get("identical_groups") == [["ada", "jade"]],
           f"identical_groups {one.get('identical_groups')}: ada and jade are in different shards, still identical")
test.check((merged / "report.html").is_file(), "merge wrote no report.html")

# Shards that cannot make one class are refused or reported, never merged silently.
status, log = test.run("merge", "--out", test.tmp / "twice", shards[0], shards[0], expect=2)
test.check("given twice" in log, "merge of one shard twice is not refused as such")
status, log = test.run("merge", "--out", test.tmp / "partial", shards[0], shards[1], expect=1)
test.check("3/3" in log and "not given" in log, "merge without shard 3/3 does not warn that it is missing")
other_seed = test.tmp / "shard-3-seed-5"
test.run("--submissions", submissions, "--out", other_seed, "--shard", "3/3", "--jobs", "2", "--hidden-seed", "5")
status, log = test.run("merge", "--out", test.tmp / "mixed", shards[0], shards[1], other_seed, expect=2)
test.check("different harnesses" in log, "merge of shards graded with different hidden seeds is not refused")
test.finish()
