"""One way of finding the student's file, so that one file gets one score
in grade-all and on Gradescope (whose run_autograder hands grade-all the
whole submission): student/assg_tasks.cpp at the top or in a folder, else
the only assg_tasks.cpp anywhere (dot folders and __MACOSX never looked
in); several candidates: not graded, each candidate named. Where the file
was found is recorded in results.json, grading.json, feedback.md and
Gradescope's summary; the instructor's files are compared where the
repository copy starts."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.student_file_found_one_way")
ada = (test.demo / "ada" / "student" / "assg_tasks.cpp").read_text()
header = (test.source / "student" / "assg_tasks.hpp").read_text()
with open(test.demo / "expected_grades.csv", newline="") as file:
    ada_points = float(next(row for row in csv.DictReader(file) if row["student"] == "ada")["total"])

submissions = test.tmp / "class"
submissions.mkdir()


def zipped(name, files):
    with zipfile.ZipFile(submissions / name, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)


def folder(name, files):
    for path, text in files.items():
        target = submissions / name / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


# student -> (where its file is, edited files expected); None: not graded.
zipped("file_alone.zip", {"assg_tasks.cpp": ada})
folder("file_at_top", {"assg_tasks.cpp": ada, "student/assg_tasks.hpp": header, "README.md": "my repo\n"})
folder("nested", {"work/assg05/student/assg_tasks.cpp": ada,
                  "work/assg05/student/assg_tasks.hpp": header + "\n// my own helper's declaration\n"})
zipped("finder_zip.zip", {"hw/assg_tasks.cpp": ada, "__MACOSX/hw/assg_tasks.cpp": "\0\x05\x16\x07 not C++",
                          "hw/.backup/assg_tasks.cpp": "// an editor's backup, not the work\n"})
zipped("two_files.zip", {"a/assg_tasks.cpp": ada, "b/assg_tasks.cpp": ada})
folder("repository", {"student/assg_tasks.cpp": ada, "old/assg_tasks.cpp": "// an old draft\n"})
folder("loose_and_spare", {"assg_tasks.cpp": ada, "old/assg_tasks.cpp": "// an old draft\n"})
expected = {
    "file_alone": ("assg_tasks.cpp", []),
    "file_at_top": ("assg_tasks.cpp", []),
    "nested": ("work/assg05/student/assg_tasks.cpp", ["student/assg_tasks.hpp"]),
    "finder_zip": ("hw/assg_tasks.cpp", []),
    "repository": ("student/assg_tasks.cpp", []),
    "loose_and_spare": ("assg_tasks.cpp", []),
    "two_files": (None, []),
}

out = test.tmp / "out"
test.run("--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2")
results_export = Path(test.grade_all).parent / "results-export"
for student, (where, edited) in expected.items():
    results_path = out / student / "results.json"
    if not test.check(results_path.is_file(), f"{student}: no results.json"):
        continue
    results = load_json(results_path)
    submission = results.get("submission", {})
    grading = load_json(out / student / "grading.json")
    feedback = (out / student / "feedback.md").read_text()
    if where is None:
        test.check(submission.get("status") == "invalid" and results.get("total_points") == 0,
                   f"{student}: status {submission.get('status')!r}, {results.get('total_points')} points; expected "
                   f"invalid, 0 (two candidates: none is guessed at)")
        for candidate in ("a/assg_tasks.cpp", "b/assg_tasks.cpp"):
            test.check(candidate in submission.get("problem", "") and candidate in feedback,
                       f"{student}: the problem {submission.get('problem')!r} (or feedback.md) does not name {candidate}")
        continue
    test.check(submission.get("status") == "graded" and results.get("total_points") == ada_points,
               f"{student}: status {submission.get('status')!r}, {results.get('total_points')} points; expected graded, "
               f"{ada_points} (ada's file)")
    for name, record in (("results.json", submission), ("grading.json", grading)):
        test.check(record.get("found_at") == {"student/assg_tasks.cpp": where},
                   f"{student}: {name} found_at {record.get('found_at')!r}, expected the file at {where!r}")
    test.check(f"`{where}`" in feedback, f"{student}: feedback.md does not say the file graded was {where}")
    test.check(submission.get("edited_files") == edited,
               f"{student}: edited files {submission.get('edited_files')!r}, expected {edited!r}")
    gradescope = test.tmp / f"gradescope-{student}.json"
    done = subprocess.run([str(results_export), "gradescope", str(results_path), "--out", str(gradescope)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if test.check(done.returncode == 0, f"{student}: results-export gradescope failed: {done.stdout}"):
        summary = load_json(gradescope)
        test.check(f"Graded {where} of your submission" in summary.get("output", ""),
                   f"{student}: Gradescope's summary does not say {where} was graded")
        test.check(summary.get("score") == ada_points, f"{student}: Gradescope's score {summary.get('score')}")
test.finish()
