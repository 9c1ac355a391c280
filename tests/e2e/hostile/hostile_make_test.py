"""hostile.make_test: every hostile solution (tests/hostile/*.cpp) graded the
way a student's `make test` grades it, and checked against
hostile_cases.py: its grade, the grader's own outputs, no process left, no
file changed or left behind.

    python3 hostile_make_test.py GRADER_BINARY SOURCE_DIR

Most are graded by the grader run on their prebuilt runner
(build/bin/runner-hostile-<name>) with exactly the command `make test` ends
with; those that attack the grader's files, and the one that must not link,
go through `make test` itself, as student/assg_tasks.cpp. The killers run
last. Everything runs confined (confinement.py): an attack that works
changes only a throw-away overlay of the checkout. Exit 0 passed, 1 failed,
77 skipped (no private namespaces here).
"""

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "grade_all")]

import confinement  # noqa: E402

if len(sys.argv) != 3:
    sys.exit(f"usage: {sys.argv[0]} GRADER_BINARY SOURCE_DIR")
BIN = Path(sys.argv[1]).resolve().parent
BUILD = BIN.parent
SOURCE = Path(sys.argv[2]).resolve()
confinement.enter(SOURCE, BUILD)

import hostile_checks as checks  # noqa: E402
from grade_all_e2e import Test  # noqa: E402
from hostile_cases import CANARY_PREFIXES, MAX_POINTS, extra_arguments, selected  # noqa: E402
from solution_text import flatten  # noqa: E402

test = Test("hostile.make_test")
KEEP = {confinement.ROOT, test.tmp}
STUDENT_FILE = SOURCE / "student" / "assg_tasks.cpp"


def bring_harness_up_to_date():
    """What `make test` builds before it compiles the solution, built now (in
    the overlay; nothing to do after `make check`'s build), so that anything
    the grading programs' files change into later is the solutions' doing."""
    done = subprocess.run(["cmake", "--build", str(BUILD), "--target", "assg_grading_harness"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        test.fatal(f"cannot build the harness: {checks.short(done.stdout[-2000:], 2000)}")


bring_harness_up_to_date()
PROTECTED = checks.protected_files(SOURCE, BUILD)


def listen_on_loopback(port=47613):
    """What connects_to_network.cpp tries to reach on 127.0.0.1."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind(("127.0.0.1", port))
    except OSError as error:
        print(f"note: cannot listen on 127.0.0.1:{port} ({error}); the loopback probe has nothing to reach", flush=True)
        return
    server.listen(64)

    def accept_forever():
        while True:
            connection, _ = server.accept()
            connection.close()

    threading.Thread(target=accept_forever, daemon=True).start()


def run(command, label):
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=SOURCE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        code, output = done.returncode, done.stdout.decode("utf-8", errors="replace")
    except subprocess.TimeoutExpired as timeout:
        code, output = None, (timeout.stdout or b"").decode("utf-8", errors="replace")
        test.check(False, f"{label}: still running after 300 s")
    print(f"-- {label}: exit {code} in {time.monotonic() - started:.1f} s, {len(output)} bytes printed", flush=True)
    return code, output


def summarise(label, results):
    if results:
        attacked = ", ".join(f"{t['id']} {t['points']} {t['status']}" for t in results.get("tasks", [])
                             if t.get("status") != "passed")
        print(f"   {label}: {results.get('total_points')}/{results.get('max_points')}; not passed: {attacked or '-'}",
              flush=True)


def expected_exit(hostile, failed_code):
    return failed_code if hostile.attacked else 0


# The course's three big cases are nine tenths of a grading's time and test
# no attack (none is in task 3.3): the direct gradings leave them out (a
# filtered run leaves their worth out of the points and of the maximum). `make test` and
# grade-all run them all.
WITHOUT_BIG_CASES = "--gtest_filter=-conv_forward.course_bigger_case:pool_forward.course_bigger_case_*"


def quick_rubric():
    """The rubric with a 1 s default time limit, for the solutions that run
    into it on every case (an honest small case takes milliseconds)."""
    rubric = json.loads((SOURCE / "grader" / "rubric.json").read_text())
    rubric["defaults"]["timeout_seconds"] = 1
    path = test.tmp / "rubric-1s.json"
    path.write_text(json.dumps(rubric))
    return path


def grade_with_grader(hostile):
    """The grader on the prebuilt runner: `make test`'s own last command."""
    label = f"{hostile.name} (grader)"
    results_path = test.tmp / "results" / f"{hostile.name}.json"
    results_path.parent.mkdir(exist_ok=True)
    command = [BIN / "grader", "--runner", BIN / f"runner-hostile-{hostile.name}", "--solution", hostile.source,
               "--results", results_path, WITHOUT_BIG_CASES]
    if "timed_out" in hostile.statuses:
        command += ["--rubric", quick_rubric()]
    command += extra_arguments()
    if tuple(hostile.tasks) != tuple(MAX_POINTS):
        for task in hostile.tasks:
            command += ["--task", task]
    before = checks.snapshot()
    code, output = run([str(part) for part in command], label)
    test.check(code == expected_exit(hostile, 1), f"{label}: the grader exited {code}, expected "
                                                  f"{expected_exit(hostile, 1)}: {checks.short(output[-600:], 600)}")
    finish_checks(label, hostile, results_path, output, before, allowed=lambda path: False)


def grade_with_make_test(hostile):
    """`make test` on the solution as student/assg_tasks.cpp (in the overlay)."""
    label = f"{hostile.name} (make test)"
    STUDENT_FILE.write_text(flatten(SOURCE / hostile.source))
    results_path = BUILD / "results" / "results.json"
    results_path.unlink(missing_ok=True)
    command = ["make", "--no-print-directory", "test", f"BUILD={BUILD}"]
    if tuple(hostile.tasks) != tuple(MAX_POINTS):
        command.append(f"TASK={' '.join(hostile.tasks)}")
    # make test rebuilds what is out of date (a program an earlier solution
    # swapped and this test put back): that happens now, not during the run.
    bring_harness_up_to_date()
    checks.refresh_protected(PROTECTED, BIN)
    before = checks.snapshot()
    code, output = run(command, label)
    test.check(code == expected_exit(hostile, 2), f"{label}: make test exited {code}, expected "
                                                  f"{expected_exit(hostile, 2)}: {checks.short(output[-600:], 600)}")
    finish_checks(label, hostile, results_path, output, before, allowed=written_by_make_test)


def written_by_make_test(path):
    """What `make test` itself writes: the student's file (put there by this
    test) and build products, never a grading program or a canary."""
    if path == STUDENT_FILE:
        return True
    if not path.is_relative_to(BUILD) or path.name.startswith(CANARY_PREFIXES):
        return False
    return not path.is_relative_to(BIN) or path in (BIN, BIN / "runner")


def finish_checks(label, hostile, results_path, output, before, allowed):
    # Processes first: one left behind may still rewrite the results.
    checks.check_no_process_left(test, label)
    results = checks.load_results(test, label, results_path)
    summarise(label, results)
    checks.check_grade(test, label, hostile, results)
    checks.check_printed(test, label, output, results)
    checks.check_files(test, label, PROTECTED, allowed, KEEP, before)


HOSTILES = selected()
missing = [h.name for h in HOSTILES if h.via == "grader" and not (BIN / f"runner-hostile-{h.name}").is_file()]
if missing or not (BIN / "grader").is_file():
    test.fatal(f"not built: {', '.join(['grader'] + [f'runner-hostile-{m}' for m in missing])} "
               f"(cmake --build {BUILD})")
listen_on_loopback()
for hostile in [h for h in HOSTILES if h.via == "grader" and not h.killer]:
    grade_with_grader(hostile)
for hostile in [h for h in HOSTILES if h.via == "make_test" and not h.killer]:
    grade_with_make_test(hostile)
# Last: they may take down everything in this namespace but the test itself.
for hostile in [h for h in HOSTILES if h.killer]:
    grade_with_grader(hostile)
test.finish()
