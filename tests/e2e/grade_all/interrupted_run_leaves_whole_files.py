"""Ctrl-C (SIGINT to grade-all's process group) in the middle of a run: exit 130, soon; no temporary or
half-written file anywhere in OUT, every finished student whole (grading.json,
results.json, feedback.md), every JSON file parseable, the class files listing
the finished students (grades.csv lists the others as not_graded, without
points), no canvas.csv (an LMS import that would call the unfinished students
"no submission"), no grading process left behind. Running again finishes
the class (exit 0), keeping the students finished before, and writes canvas.csv."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, append_comment, finished_line, load_json, read_csv  # noqa: E402

test = Test("grade_all.interrupted_run_leaves_whole_files")
# fay (25 s of timeouts) first in name order, so that she is being graded
# when the interrupt comes; copies with a new comment are graded on their own.
submissions = test.make_class("class", ["ada", "ben", "leo"], renamed={"a_fay": "fay", "ada2": "ada", "ben2": "ben"})
for copy in ("ada2", "ben2"):
    append_comment(submissions / copy / "student" / "assg_tasks.cpp", f"{copy}: a copy with a comment of its own")
students = sorted(p.name for p in submissions.iterdir())
out = test.tmp / "out"
roster = test.tmp / "roster.csv"
roster.write_text("Student,ID,submission\n" + "".join(f"S {s},{i},{s}\n" for i, s in enumerate(students, 1)))
command = [test.grade_all, "--progress", "log", "--submissions", str(submissions), "--out", str(out), "--no-hidden",
           "--jobs", "2", "--roster", str(roster)]

log_path = test.tmp / "interrupted.log"
with open(log_path, "w") as log_file:
    started = time.monotonic()
    # Its own process group, which gets the SIGINT, as a terminal's Ctrl-C does.
    run = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    first = None
    while time.monotonic() - started < 180 and run.poll() is None:
        first = next(iter(out.glob("*/grading.json")), None)
        if first:
            break
        time.sleep(0.1)
    if run.poll() is not None:
        test.fatal(f"grade-all ended (exit {run.returncode}) before it could be interrupted:\n{log_path.read_text()}")
    if first is None:
        run.kill()
        test.fatal("no student finished within 180 s")
    time.sleep(0.5)
    interrupted = time.monotonic()
    print(f"   {first.parent.name} finished after {interrupted - started:.1f} s: SIGINT to its process group", flush=True)
    os.killpg(run.pid, signal.SIGINT)
    try:
        status = run.wait(timeout=60)
    except subprocess.TimeoutExpired:
        run.kill()
        test.fatal("grade-all was still running 60 s after SIGINT")
    stop_seconds = time.monotonic() - interrupted
log = log_path.read_text()
print(f"$ {' '.join(command)}  (SIGINT)\n{log}-> exit {status}, {stop_seconds:.1f} s after SIGINT\n", flush=True)
test.check(status == 130, f"exit status {status} after SIGINT, expected 130")
test.check(stop_seconds < 20, f"grade-all took {stop_seconds:.1f} s to stop after SIGINT")
test.check("interrupted:" in log and "INCOMPLETE" in log and "run the same command again" in log,
           "the log does not say the run was interrupted and its class files incomplete")

# Nothing of the grading outlives grade-all (runners of the cancelled students).
def leftover_processes():
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                arguments = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(out) in arguments:
                found.append((int(proc.name), arguments))
    return found


deadline = time.monotonic() + 5
leftovers = leftover_processes()
while leftovers and time.monotonic() < deadline:
    time.sleep(0.2)
    leftovers = leftover_processes()
test.check(not leftovers, f"processes of the interrupted run are still alive: {leftovers}")
for pid, _ in leftovers:  # our own grandchildren: do not leave them behind
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass

# Whole files only.
finished = sorted(p.parent.name for p in out.glob("*/grading.json"))
unfinished = sorted(set(students) - set(finished))
print(f"   finished before the interrupt: {finished}; not: {unfinished}")
test.check("a_fay" in unfinished, "fay (25 s) finished although the run was interrupted a few seconds in")
test.check(f", {len(unfinished)} not finished" in log, f"the final line does not count the {len(unfinished)} unfinished students")
allowed_top = {"grades.csv", "summary.json", "report.html", ".grade-all"} | set(finished)
for entry in out.iterdir():
    test.check(entry.name in allowed_top, f"{entry.relative_to(out)}: left in OUT by the interrupted run")
# What may stay in OUT/.grade-all: the run's manifest (whole, parseable, listing
# the unfinished students), the hidden fixtures and the full expected outputs
# of the summarized cases (whole JSON files, each made once per run); the
# scratch folders are removed without --keep-scratch.
private = out / ".grade-all"
for entry in private.rglob("*") if private.exists() else []:
    relative = entry.relative_to(private).as_posix()
    if relative in ("run.json", "hidden-fixtures", "full-expected"):
        continue
    if relative.startswith(("hidden-fixtures/", "full-expected/")) and relative.endswith(".json"):
        try:
            json.loads(entry.read_text())
        except ValueError as error:
            test.check(False, f"{entry.relative_to(out)}: not whole JSON after the interrupt ({error})")
        continue
    test.check(False, f"{entry.relative_to(out)}: left in OUT/.grade-all (scratch is removed without --keep-scratch)")
if (private / "run.json").exists():
    manifest = json.loads((private / "run.json").read_text())
    test.check(set(manifest.get("unfinished", [])) == set(unfinished),
               f".grade-all/run.json lists unfinished {manifest.get('unfinished')}, expected {sorted(unfinished)}")
summary = json.loads((out / "summary.json").read_text())
test.check(summary.get("complete") is False, "summary.json does not say the class is incomplete")
for student in finished:
    names = sorted(p.name for p in (out / student).iterdir())
    test.check(names == ["feedback.md", "grading.json", "results.json"], f"{student}/ holds {names}")
    test.check((out / student / "feedback.md").read_text().startswith(f"# Assignment feedback: {student}"),
               f"{student}/feedback.md is not whole")
for path in out.rglob("*.json"):
    try:
        load_json(path)
    except (OSError, ValueError) as error:
        test.check(False, f"{path.relative_to(out)} does not parse: {error}")
for student in finished:
    results = load_json(out / student / "results.json")
    test.check(results.get("submission", {}).get("student") == student and len(results.get("tasks", [])) == 9,
               f"{student}/results.json is not a whole result")
if test.check((out / "grades.csv").is_file(), "the interrupted run wrote no grades.csv"):
    rows = read_csv(out / "grades.csv")[1:]
    graded_rows = [row[0] for row in rows if row[-1] != "not_graded"]
    test.check(graded_rows == finished, f"grades.csv of the interrupted run grades {graded_rows}, expected the finished "
                                        f"{finished}")
    ungraded = {row[0]: row for row in rows if row[-1] == "not_graded"}
    test.check(sorted(ungraded) == unfinished, f"grades.csv marks {sorted(ungraded)} not_graded, expected the unfinished "
                                               f"{unfinished}")
    test.check(all(cell == "" for row in ungraded.values() for cell in row[1:-1]),
               f"grades.csv gives unfinished students points: {list(ungraded.values())}")
test.check(not (out / "canvas.csv").exists(), "the interrupted run wrote canvas.csv, an LMS import that looks final")
test.check("canvas.csv not written" in log and "/canvas.csv" not in log,
           "the log does not say that canvas.csv was not written (or says it wrote it)")
test.check("no submission" not in log, "the log calls the unfinished students 'no submission'")
summary = load_json(out / "summary.json")
test.check(summary.get("counts", {}).get("students") == len(finished),
           f"summary.json counts {summary.get('counts')}, expected the {len(finished)} finished students")

# The same command again finishes the class.
_, log = test.run(*command[3:], expect=0)
for student in students:
    line = finished_line(log, student)
    if student in finished:
        test.check(line.endswith("(unchanged: kept)"), f"rerun: {student} finished before, yet its line is {line!r}")
    else:
        test.check(line and "unchanged" not in line, f"rerun: {student} was not finished, yet its line is {line!r}")
listed = [row[0] for row in read_csv(out / "grades.csv")[1:]]
test.check(listed == students, f"after the rerun grades.csv lists {listed}, expected {students}")
canvas = {row[0]: row[-1] for row in read_csv(out / "canvas.csv")[2:]} if (out / "canvas.csv").is_file() else {}
test.check(sorted(canvas) == sorted(f"S {s}" for s in students) and all(canvas.values()),
           f"after the rerun canvas.csv is {canvas}, expected every student with a score")
fay = [row for row in read_csv(out / "grades.csv") if row[0] == "a_fay"]
test.check(fay and fay[0][-2:] == ["97", "graded"], f"fay's row after the rerun: {fay}, expected 97 graded")
test.finish()
