"""Hidden cases are weighted in the hidden rubric (the hidden specs folder's
rubric.json, or --hidden-rubric), never in the students' rubric, which
would publish their names and make `make test` fail where the hidden
fixtures are absent (issue 11, finding 14).

A variant of plain_loops_full_marks.cpp gets distribute_value's hidden case
(n_h 3, n_w 5: no visible case has that shape) wrong. Task 3.3 is 3
points over its 6 visible cases and 1 hidden case:
* no hidden rubric: 7 even shares, the hidden case worth 0.43 by name
  (300 hundredths over 7: 42 each and 6 leftovers, to the first 6 names
  sorted, hidden_3x5_shape the 3rd): 99.57 in all;
* weight 6 in the hidden specs folder's rubric.json: worth 3 * 6 / 12 =
  1.50: 98.5; the same with --hidden-rubric naming a file elsewhere.
The hidden case's name appears in no file a student gets. A students'
rubric that names it is refused, pointing at the hidden rubric."""

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.hidden_weights_outside_the_students_rubric")
HIDDEN = "hidden_3x5_shape"
plain = (test.source / "tests" / "solutions" / "plain_loops_full_marks.cpp").read_text()
BODY = "Tensor2 distribute_value(double dz, int n_h, int n_w) {\n"
if BODY not in plain:
    test.fatal("plain_loops_full_marks.cpp no longer defines distribute_value as this test expects")
specs = test.source / "fixtures" / "spec" / "hidden"
hidden_spec = load_json(specs / "distribute_value.json")
if [c["name"] for c in hidden_spec["cases"]] != [HIDDEN] or hidden_spec["cases"][0]["params"].get("n_w") != 5:
    test.fatal(f"fixtures/spec/hidden/distribute_value.json no longer holds just {HIDDEN} (3x5); update this test")

submissions = test.tmp / "class"
(submissions / "pat" / "student").mkdir(parents=True)
(submissions / "pat" / "student" / "assg_tasks.cpp").write_text(
    plain.replace(BODY, BODY + "  if (n_h == 3 && n_w == 5) dz += 1;  // the hidden case wrong\n", 1))

# Only the distribute_value spec, so that no other hidden case moves the total.
plain_specs = test.tmp / "specs-plain"
plain_specs.mkdir()
shutil.copy(specs / "distribute_value.json", plain_specs)
weighted_specs = test.tmp / "specs-weighted"
shutil.copytree(plain_specs, weighted_specs)
hidden_rubric = {"comment": "hidden weights", "tasks": [{"id": "3.3", "cases": {HIDDEN: {"weight": 6}}}]}
(weighted_specs / "rubric.json").write_text(json.dumps(hidden_rubric))
elsewhere = test.tmp / "hidden-weights.json"
elsewhere.write_text(json.dumps(hidden_rubric))


def graded(label, *options):
    out = test.tmp / f"out-{label}"
    status, output = test.run("--submissions", submissions, "--out", out, "--jobs", "2", *options, expect=None)
    path = out / "pat" / "results.json"
    if not test.check(path.is_file(), f"{label}: no results.json (exit {status})"):
        return None, out
    return load_json(path), out


for label, options, total, worth in (
        ("even", ["--hidden-specs", plain_specs], 99.57, 0.43),
        ("specs-folder-rubric", ["--hidden-specs", weighted_specs], 98.5, 1.5),
        ("hidden-rubric-option", ["--hidden-specs", plain_specs, "--hidden-rubric", elsewhere], 98.5, 1.5)):
    results, out = graded(label, *options)
    if results is None:
        continue
    task = next((t for t in results.get("tasks", []) if t.get("id") == "3.3"), {})
    hidden = [t for t in task.get("tests", []) if t.get("visibility") == "hidden" or t.get("hidden")]
    test.check(results.get("total_points") == total,
               f"{label}: total {results.get('total_points')}, expected {total}")
    test.check(len(hidden) == 1 and hidden[0].get("max_points") == worth,
               f"{label}: hidden case worth {[t.get('max_points') for t in hidden]}, expected [{worth}]")
    for path in out.rglob("*"):
        if path.is_file() and ".grade-all" not in path.parts:
            test.check(HIDDEN not in path.read_text(errors="replace"), f"{label}: {path} names the hidden case {HIDDEN}")

# The students' rubric names no hidden case, and one that does is refused.
rubric = load_json(test.source / "grader" / "rubric.json")
test.check(HIDDEN not in json.dumps(rubric), f"grader/rubric.json names the hidden case {HIDDEN}")
for task in rubric["tasks"]:
    if task["function"] == "distribute_value":
        task.setdefault("cases", {})[HIDDEN] = {"weight": 6}
naming = test.tmp / "rubric-naming-hidden.json"
naming.write_text(json.dumps(rubric))
status, output = test.run("--submissions", submissions, "--out", test.tmp / "out-refused", "--hidden-specs",
                          plain_specs, "--rubric", naming, expect=None)
test.check(status == 2 and "hidden rubric" in output,
           f"a students' rubric naming {HIDDEN}: exit {status}, expected 2 and a pointer to the hidden rubric")
test.finish()
