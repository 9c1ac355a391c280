"""The assertions made after grading a hostile solution: its grade (the
attacked tasks earn nothing with the right status and message, the others
full marks), the grader's own outputs (results.json consistent, the printed
table and "Total:" line the grader's alone), no process left, no file
changed or left behind. Each check goes through `test.check`, which records
a failure and goes on (tests/e2e/grade_all/grade_all_e2e.py).
"""

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import confinement
from hostile_cases import MAX_POINTS

TOTAL_LINE = re.compile(r"^Total: (\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)$")
TABLE_ROW = re.compile(r"^\s*(\d+\.\d+)\s+(\w+)\s+(\d+)/(\d+)\s+(\d+\.\d\d)/(\d+(?:\.\d+)?)\s+(\w+)")


def short(text, limit=300):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def load_results(test, label, path):
    try:
        with open(path) as file:
            return json.load(file)
    except FileNotFoundError:
        test.check(False, f"{label}: the grader wrote no results file ({path})")
    except (OSError, ValueError) as error:
        test.check(False, f"{label}: the results file {path} does not parse: {error}")
    return None


def check_grade(test, label, hostile, results):
    """The attacked tasks earn 0 with the expected statuses and messages; the
    other graded tasks full marks; the totals add up; nothing forged."""
    if results is None:
        return
    test.check("forged" not in results and results.get("solution") != "forged",
               f"{label}: results.json is the solution's forged one: {short(json.dumps(results))}")
    tasks = {task.get("id"): task for task in results.get("tasks", [])}
    test.check(sorted(tasks) == sorted(hostile.tasks),
               f"{label}: graded tasks {sorted(tasks)}, expected {list(hostile.tasks)}")
    for task_id, task in tasks.items():
        tests = task.get("tests", [])
        test_sum = round(sum(t.get("points", 0) for t in tests), 2)
        if tests:
            test.check(abs(test_sum - task.get("points", -1)) < 0.005,
                       f"{label}: task {task_id}'s points {task.get('points')} are not the sum of its tests' "
                       f"({test_sum})")
        if task_id in hostile.attacked:
            check_attacked_task(test, label, hostile, task_id, task)
        else:
            failing = [(t.get("name"), t.get("status"), short(t.get("message"), 200))
                       for t in tests if not t.get("passed")]
            # Full marks of the cases that ran: a filtered run (the big cases
            # left out) leaves their worth out of the task's maximum too.
            test.check(task.get("status") == "passed" and task.get("points") == task.get("max_points")
                       and 0 < task.get("max_points", 0) <= MAX_POINTS.get(task_id, 0),
                       f"{label}: task {task_id} is not attacked but got "
                       f"{task.get('points')}/{task.get('max_points')} of the rubric's {MAX_POINTS.get(task_id)} "
                       f"({task.get('status')}): {failing[:2]}")
    total = round(sum(task.get("points", 0) for task in tasks.values()), 2)
    test.check(abs(total - results.get("total_points", -1)) < 0.005,
               f"{label}: total_points {results.get('total_points')} is not the sum of the tasks' points ({total})")
    maximum = sum(task.get("max_points", 0) for task in tasks.values() if not task.get("bonus"))
    test.check(abs(maximum - results.get("max_points", -1)) < 0.005,
               f"{label}: max_points {results.get('max_points')} is not the tasks' maximum ({maximum})")


def check_attacked_task(test, label, hostile, task_id, task):
    tests = task.get("tests", [])
    test.check(task.get("points") == 0,
               f"{label}: the attacked task {task_id} earned {task.get('points')} points: the attack was not stopped "
               f"({passed_names(tests)} passed)")
    test.check(task.get("status") in hostile.statuses,
               f"{label}: task {task_id} has status {task.get('status')!r}, expected {' or '.join(hostile.statuses)}"
               f"{first_message(tests)}")
    wrong_status = [(case.get("name"), case.get("status"), short(case.get("message"), 300)) for case in tests
                    if not case.get("passed") and case.get("status") not in hostile.statuses]
    test.check(not wrong_status, f"{label}: {len(wrong_status)} test(s) of {task_id} with a status other than "
                                 f"{' or '.join(hostile.statuses)}: {wrong_status[:2]}")
    # Hidden tests say only the kind of failure: their messages are not checked.
    visible = [case for case in tests if not case.get("passed") and case.get("visibility") != "hidden"]
    for pattern in hostile.messages:
        unmatched = [case.get("name") for case in visible if not re.search(pattern, case.get("message", ""))]
        example = next((case.get("message", "") for case in visible if case.get("name") in unmatched), "")
        test.check(not unmatched, f"{label}: {len(unmatched)} of {len(visible)} failing {task_id} messages do not "
                                  f"match /{pattern}/, e.g. {unmatched[0] if unmatched else ''}: {short(example, 400)}")


def passed_names(tests):
    names = [t.get("name") for t in tests if t.get("passed")]
    return f"{len(names)} of {len(tests)} tests: {', '.join(map(str, names[:4]))}" if names else "no test"


def first_message(tests):
    for case in tests:
        if not case.get("passed"):
            return f": {short(case.get('message'), 300)}"
    return ""


HEADLINE = re.compile(r"^\*\*Total: (\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)\*\*")


def check_printed(test, label, text, results, headline=False):
    """The report printed (or feedback.md): the table rows and the "Total:"
    line are the grader's alone and agree with results.json; the solution's
    own output appears only quoted (behind "|") and without control
    characters that would redraw a terminal line. With `headline`,
    feedback.md's own first line ("**Total: 97/100** (status: graded)") must
    be there once too and agree."""
    test.check("\r" not in text,
               f"{label}: the report holds a carriage return (a terminal would show the solution's line over the "
               f"grader's): {short(repr(text[max(0, text.find(chr(13)) - 80):][:160]))}")
    test.check("\x1b" not in text, f"{label}: the report holds an escape sequence: "
                                   f"{short(repr(text[max(0, text.find(chr(27)) - 80):][:160]))}")
    unquoted = [line for line in text.split("\n") if not line.lstrip().startswith("|")]
    if headline:
        headlines = [HEADLINE.match(line) for line in unquoted if HEADLINE.match(line)]
        test.check(len(headlines) == 1 and results is not None
                   and abs(float(headlines[0].group(1)) - results.get("total_points", -1)) < 0.005,
                   f"{label}: {len(headlines)} \"**Total: ...**\" headlines, expected one with results.json's total "
                   f"{(results or {}).get('total_points')}: {[h.group(0) for h in headlines[:3]]}")
        unquoted = [line for line in unquoted if not HEADLINE.match(line)]
    totals = [line for line in unquoted if "Total:" in line]
    test.check(len(totals) == 1, f"{label}: {len(totals)} unquoted lines with \"Total:\", expected exactly one (the "
                                 f"grader's): {[short(line, 120) for line in totals[:5]]}")
    if results is None or not totals:
        return
    match = TOTAL_LINE.match(totals[-1].strip())
    test.check(match and abs(float(match.group(1)) - results.get("total_points", -1)) < 0.005
               and abs(float(match.group(2)) - results.get("max_points", -1)) < 0.005,
               f"{label}: the printed {totals[-1].strip()!r} is not results.json's total "
               f"{results.get('total_points')}/{results.get('max_points')}")
    rows = {}
    for line in unquoted:
        row = TABLE_ROW.match(line)
        if row:
            rows.setdefault(row.group(1), []).append(row)
    tasks = {task.get("id"): task for task in results.get("tasks", [])}
    test.check(sorted(rows) == sorted(tasks), f"{label}: the printed table has rows for tasks {sorted(rows)}, "
                                              f"results.json for {sorted(tasks)}")
    duplicated = {task_id: [short(r.group(0).strip(), 80) for r in task_rows] for task_id, task_rows in rows.items()
                  if len(task_rows) != 1}
    test.check(not duplicated, f"{label}: more than one unquoted table row for tasks {sorted(duplicated)} (forged rows "
                               f"shown as the grader's), e.g. {next(iter(duplicated.values()), [])}")
    disagreeing = [short(task_rows[-1].group(0).strip(), 100) for task_id, task_rows in rows.items()
                   if abs(float(task_rows[-1].group(5)) - tasks.get(task_id, {}).get("points", -1)) >= 0.005
                   or task_rows[-1].group(7) != tasks.get(task_id, {}).get("status")]
    test.check(not disagreeing, f"{label}: printed table rows disagree with results.json: {disagreeing[:3]}")


def check_no_process_left(test, label):
    left = confinement.survivors()
    test.check(not left, f"{label}: {len(left)} process(es) still running 3 s after grading ended (killed now): "
                         f"{[(pid, name, short(command, 100)) for pid, name, _, command in left[:6]]}")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def protected_files(source, build):
    """The instructor's files no solution may change (fixtures, specs hidden
    ones included, rubric, interface, the grading programs), each with its
    SHA-256 and a copy to put back."""
    files = sorted((source / "fixtures").rglob("*.json"))
    files += [source / "grader" / "rubric.json", source / "student" / "assg_tasks.hpp"]
    for bin_folder in (build / "bin", source / "build" / "bin"):
        files += [bin_folder / name for name in ("grader", "grade-all", "assg-confine", "make-fixtures")]
    protected = {}
    for index, path in enumerate(path for path in files if path.is_file()):
        copy = confinement.ROOT / "protected" / f"{index}-{path.name}"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        protected[path] = (sha256(path), copy)
    return protected


def refresh_protected(protected, folder):
    """Takes the protected files under `folder` as they are now: after the
    harness was rebuilt (a relink gives other bytes), before a solution runs."""
    for path in list(protected):
        if path.is_relative_to(folder) and path.is_file():
            copy = protected[path][1]
            shutil.copy2(path, copy)
            protected[path] = (sha256(path), copy)


def snapshot():
    """The overlay's changes so far, each with its modification time and size:
    taken before a solution runs, so that only what changes during its run
    is laid at its door."""
    state = {}
    for path in confinement.changes():
        try:
            info = path.lstat()
            state[path] = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            state[path] = None
    return state


def changed_since(before):
    changed = []
    for path in confinement.changes():
        try:
            info = path.lstat()
            now = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            now = None
        if path not in before or before[path] != now:
            changed.append(path)
    return changed


def check_files(test, label, protected, allowed, keep, before):
    """The protected files are byte-identical, nothing else in the checkout or
    the build folder changed since `before` (a snapshot()) but what
    `allowed(path)` accepts, and /tmp holds nothing but `keep` (the test's
    own folders). Whatever changed is then put back, so the next solution
    starts clean."""
    for path, (digest, copy) in protected.items():
        now = sha256(path) if path.is_file() else "missing"
        how = "deleted" if now == "missing" else "new SHA-256"
        if not test.check(now == digest, f"{label}: {path} was changed ({how})"):
            if os.path.lexists(path):
                path.unlink()
            shutil.copy2(copy, path)
    changed = [path for path in changed_since(before) if path not in protected and not allowed(path)]
    test.check(not changed, f"{label}: {len(changed)} file(s) written or deleted in the checkout or build folder: "
                            f"{[str(p) for p in changed[:8]]}")
    for path in sorted(changed, key=lambda p: len(p.parts), reverse=True):
        confinement.restore(path)
    left = confinement.unexpected_in_tmp(keep)
    test.check(not left, f"{label}: left in /tmp: {[entry.name for entry in left[:8]]}")
    for entry in left:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
