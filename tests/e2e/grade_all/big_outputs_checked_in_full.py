"""grade-all checks every value of a large output, not only the public
sample of the fixture's summary (issue 11, finding 14).

tests/solutions/swaps_unsampled_values.cpp computes conv_forward right,
then swaps, channel by channel, every pair of values of course_bigger_case
at positions fixtures/conv_forward.json does not sample: each sampled
value, the mean and every channel's mean and maximum stay right. It must
lose that case, and only that one: 100 less the case's worth (20 points
over conv_forward's 14 cases by name, worked out here). Before, it had
full marks. plain_loops_full_marks.cpp, its unswapped original, keeps 100.
The committed fixture stays a summary (small); the full output is written
where only the instructor sees it, OUT/.grade-all/."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.big_outputs_checked_in_full")
CASE = "course_bigger_case"
solutions = test.source / "tests" / "solutions"
fixture_path = test.source / "fixtures" / "conv_forward.json"
fixture = load_json(fixture_path)
names = [case["name"] for case in fixture["cases"]]
big = next((case for case in fixture["cases"] if case["name"] == CASE), None)
if big is None or "summary" not in big["expected"]["result"]:
    test.fatal(f"fixtures/conv_forward.json has no summarized {CASE}; update this test")
test.check(fixture_path.stat().st_size < 1_000_000, f"{fixture_path} is {fixture_path.stat().st_size} bytes: not small")

base, left = divmod(2000, len(names))
worth = (base + (1 if sorted(names).index(CASE) < left else 0)) / 100

submissions = test.tmp / "class"
for student, source in (("swapper", "swaps_unsampled_values.cpp"), ("honest", "plain_loops_full_marks.cpp")):
    (submissions / student / "student").mkdir(parents=True)
    (submissions / student / "student" / "assg_tasks.cpp").write_text((solutions / source).read_text())

out = test.tmp / "out"
status, output = test.run("--submissions", submissions, "--out", out, "--jobs", "2", "--no-hidden", expect=None)
for student, total in (("swapper", round(100 - worth, 2)), ("honest", 100)):
    path = out / student / "results.json"
    if not test.check(path.is_file(), f"{student}: no results.json"):
        continue
    results = load_json(path)
    test.check(results.get("total_points") == total, f"{student}: total {results.get('total_points')}, expected {total}")
    failed = [(task["id"], t["name"]) for task in results.get("tasks", []) for t in task.get("tests", [])
              if not t.get("passed")]
    test.check(failed == ([("2.3", CASE)] if student == "swapper" else []),
               f"{student}: failed cases {failed}, expected {'2.3 ' + CASE if student == 'swapper' else 'none'}")
    if student == "swapper":
        message = next((t.get("message", "") for task in results.get("tasks", []) for t in task.get("tests", [])
                        if t.get("name") == CASE), "")
        test.check("values differ" in message and "sampled" not in message,
                   f"swapper: the message does not report a check of every value: {message[:300]!r}")

full = list(out.rglob("conv_forward.json"))
test.check(full and all(".grade-all" in path.parts for path in full),
           f"the full expected outputs are not only in OUT/.grade-all: {full}")
test.finish()
