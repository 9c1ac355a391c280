"""A change the instructor makes after a release (a task reweighted in
rubric.json, a fixture fixed) never flags the students who kept what they
were given: grade-all compares a student's copy of an instructor file with
the current file and with every release's manifest (--release-manifests),
and flags only a copy that matches none of them.

The release is made by the real release script (distribution/student_release.sh,
its manifest written to a temporary RELEASE_MANIFESTS) from a copy of the
repository whose rubric and one fixture differ from the current ones, as
the released edition did before the instructor's change. Three students
hold that release: two unchanged (a folder, and a zip of its folder), one
who really edited the rubric. Only the editor is flagged, in results.json,
feedback.md and Gradescope's summary. Without the manifest the same class
flags all three for exactly the files that changed (the test's own count),
and a malformed manifest stops grade-all naming the file and the key."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.release_manifests_spare_instructor_changes")
ada = (test.demo / "ada" / "student" / "assg_tasks.cpp").read_text()

# -- the released edition: the repository with the rubric and a fixture as they were --
edition = test.tmp / "edition"
tracked = subprocess.run(["git", "ls-files", "-z"], cwd=test.source, stdout=subprocess.PIPE, check=True).stdout
for name in filter(None, tracked.decode().split("\0")):
    if (test.source / name).is_file():
        (edition / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(test.source / name, edition / name)
rubric = load_json(edition / "grader" / "rubric.json")
points = {task["id"]: task["points"] for task in rubric["tasks"]}
for task in rubric["tasks"]:  # 3.1 and 3.2 swap points: what the instructor later reweighted back
    if task["id"] in ("3.1", "3.2"):
        task["points"] = points["3.2" if task["id"] == "3.1" else "3.1"]
(edition / "grader" / "rubric.json").write_text(json.dumps(rubric, indent=2) + "\n")
fixture = load_json(edition / "fixtures" / "zero_pad.json")
fixture["cases"][0]["description"] = "the description as released, before the instructor reworded it"
(edition / "fixtures" / "zero_pad.json").write_text(json.dumps(fixture, indent=2) + "\n")

manifests = test.tmp / "manifests"
release = test.tmp / "release"
done = subprocess.run([str(edition / "distribution" / "student_release.sh"), str(release)], cwd=edition,
                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                      env=dict(os.environ, RELEASE_MANIFESTS=str(manifests)))
print(done.stdout)
if done.returncode != 0:
    test.fatal(f"the release script failed ({done.returncode})")
if not list(manifests.glob("*.json")):
    test.fatal(f"the release script wrote no manifest into RELEASE_MANIFESTS={manifests}")


# The files grade-all compares that differ between the release and the
# current tree: what a student holding the release is flagged for when the
# release is not known.
def student_edition(makefile):
    kept, instructor = [], False
    for line in makefile.splitlines(keepends=True):
        if line.rstrip("\n") == "#>instructor":
            instructor = True
        if not instructor:
            kept.append(line)
        if line.rstrip("\n") == "#<instructor":
            instructor = False
    return "".join(kept)


changed = []
for path in sorted(p for p in release.rglob("*") if p.is_file() and ".git" not in p.relative_to(release).parts):
    relative = path.relative_to(release).as_posix()
    current = test.source / relative
    compared = relative.split("/")[0] in ("student", "grader", "fixtures", "cmake") or relative in (
        "CMakeLists.txt", "Makefile")
    if not compared or relative == "student/assg_tasks.cpp":
        continue
    current_bytes = student_edition(current.read_text()).encode() if relative == "Makefile" else (
        current.read_bytes() if current.is_file() else None)
    if current_bytes != path.read_bytes():
        changed.append(relative)
test.check(changed == ["fixtures/zero_pad.json", "grader/rubric.json"],
           f"the release differs from the current tree in {changed}, expected the rubric and the fixture alone")

# -- the class: two students who kept the release, one who edited its rubric --------------
submissions = test.tmp / "class"
submissions.mkdir()


def release_copy(folder):
    shutil.copytree(release, folder, symlinks=True)
    (folder / "student" / "assg_tasks.cpp").write_text(ada)


release_copy(submissions / "kept_folder")
zipped = test.tmp / "kept_zip"
release_copy(zipped / "assg05-main")
with zipfile.ZipFile(submissions / "kept_zip.zip", "w") as archive:
    for path in sorted(zipped.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(zipped).parts:
            archive.write(path, path.relative_to(zipped).as_posix())
release_copy(submissions / "editor")
edited = load_json(submissions / "editor" / "grader" / "rubric.json")
edited["tasks"][-1]["points"] = 30  # the student gives themselves more points for 3.4
(submissions / "editor" / "grader" / "rubric.json").write_text(json.dumps(edited, indent=2) + "\n")
expected = {"kept_folder": [], "kept_zip": [], "editor": ["grader/rubric.json"]}

results_export = Path(test.grade_all).parent / "results-export"
out = test.tmp / "out"
_, log = test.run("--submissions", submissions, "--out", out, "--no-hidden", "--jobs", "2",
                  "--release-manifests", manifests)
test.check("1 release manifest(s) from" in log, "the log does not say the release manifest was read")
for student, files in expected.items():
    results = load_json(out / student / "results.json")
    submission = results.get("submission", {})
    test.check(submission.get("edited_files") == files,
               f"{student}: flagged for {submission.get('edited_files')}, expected {files}")
    test.check(submission.get("status") == "graded" and results.get("total_points") == 100,
               f"{student}: {submission.get('status')} {results.get('total_points')}, expected graded 100")
    feedback = (out / student / "feedback.md").read_text()
    test.check(("differs from the assignment's" in feedback) == bool(files),
               f"{student}: feedback.md {'does not say' if files else 'says'} a file differs from the assignment's")
    gradescope = test.tmp / f"gradescope-{student}.json"
    done = subprocess.run([str(results_export), "gradescope", str(out / student / "results.json"), "--out",
                           str(gradescope)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if test.check(done.returncode == 0, f"{student}: results-export gradescope failed: {done.stdout}"):
        summary = load_json(gradescope).get("output", "")
        test.check(("You changed files that are the course" in summary) == bool(files),
                   f"{student}: Gradescope's summary {'does not say' if files else 'says'} they changed course files")

# -- without the release's manifest: everyone flagged, for exactly the changed files --------
no_releases = test.tmp / "no-releases"
no_releases.mkdir()
unknown_out = test.tmp / "out-unknown-release"
test.run("--submissions", submissions, "--out", unknown_out, "--no-hidden", "--jobs", "2",
         "--release-manifests", no_releases)
for student in ("kept_folder", "kept_zip"):
    flagged = load_json(unknown_out / student / "results.json").get("submission", {}).get("edited_files")
    test.check(flagged == changed, f"{student}, the release unknown: flagged for {flagged}, expected {changed}")

# -- a malformed manifest: refused, naming the file and the key -----------------------------
broken = test.tmp / "broken-manifests"
broken.mkdir()
bad = load_json(sorted(manifests.glob("*.json"))[0])
bad["files"]["grader/rubric.json"] = "not-a-digest"
(broken / "bad.json").write_text(json.dumps(bad))
status, log = test.run("--submissions", submissions, "--out", test.tmp / "out-broken", "--no-hidden",
                       "--release-manifests", broken, expect=None)
test.check(status == 2, f"a malformed manifest: exit status {status}, expected 2")
test.check(str(broken / "bad.json") in log and "grader/rubric.json" in log,
           f"the error does not name {broken / 'bad.json'} and the key grader/rubric.json")
test.finish()
