"""Two hidden spec files for one task are merged: every case of both is
graded, and the log's count of hidden tests is the number of hidden cases
the task's results hold. Two files that define the same case name for one
task are a clash: grade-all refuses to start (exit 2) and names both files.
A hidden case named like one of the task's visible cases is refused naming
the spec file (not only grade-all's generated copy of it)."""

import json
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json, tests_of  # noqa: E402

test = Test("grade_all.hidden_specs_of_one_task")
shipped = test.source / "fixtures" / "spec" / "hidden"
rubric = load_json(test.source / "grader" / "rubric.json")
task_of_function = {task["function"]: task["id"] for task in rubric["tasks"]}


def hidden_folder(name, extra_specs):
    """The shipped hidden specs plus `extra_specs` (file name -> spec)."""
    folder = test.tmp / name
    shutil.copytree(shipped, folder)
    for file_name, spec in extra_specs.items():
        (folder / file_name).write_text(json.dumps(spec, indent=2) + "\n")
    return folder


def extra_case(name, seed):
    """A conv_forward case of the shipped hidden specs' shape, under a new name."""
    return {"name": name, "seed": seed,
            "draws": [{"name": "A", "randn": [2, 5, 5, 3]}, {"name": "W", "randn": [2, 2, 3, 2]},
                      {"name": "b", "randn": [1, 1, 1, 2]}],
            "params": {"stride": 1, "pad": 1}}


def cases_per_function(folder):
    """Hidden cases per function, counted from the spec files themselves."""
    counts = {}
    for path in sorted(folder.glob("*.json")):
        spec = load_json(path)
        counts[spec["task"]] = counts.get(spec["task"], 0) + len(spec["cases"])
    return counts


# -- two files for conv_forward: both graded -----------------------------------
second = {"task": "conv_forward", "cases": [extra_case("hidden_second_file_case", 9490)]}
merged = hidden_folder("hidden-merged", {"more_conv_forward.json": second})
expected = cases_per_function(merged)
conv_forward = task_of_function["conv_forward"]
test.check(expected.get("conv_forward") == len(load_json(shipped / "conv_forward.json")["cases"]) + 1,
           f"the test's own count is off: {expected}")
submissions = test.make_class("class", ["ada"])
out = test.tmp / "out"
_, log = test.run("--submissions", submissions, "--out", out, "--hidden-specs", merged)
announced = re.search(r"(\d+) hidden test\(s\) from", log)
test.check(announced and int(announced.group(1)) == sum(expected.values()),
           f"the log announces {announced.group(1) if announced else 'no'} hidden tests, the specs hold "
           f"{sum(expected.values())}")
results = load_json(out / "ada" / "results.json")
per_task = {}
for task_id, _ in tests_of(results, "hidden"):
    per_task[task_id] = per_task.get(task_id, 0) + 1
for function, count in expected.items():
    task_id = task_of_function[function]
    test.check(per_task.get(task_id, 0) == count,
               f"task {task_id} ({function}) graded {per_task.get(task_id, 0)} hidden case(s), its spec files hold {count}")
test.check(len(tests_of(results, "hidden")) == sum(expected.values()),
           f"ada's results hold {len(tests_of(results, 'hidden'))} hidden tests, the log said "
           f"{announced.group(1) if announced else '?'}")
test.check(results.get("total_points") == 100, f"ada (a correct solution) got {results.get('total_points')}, expected 100")
print(f"   task {conv_forward}: {per_task.get(conv_forward, 0)} hidden tests graded")

# -- the same case name in two files of one task: refused, both named ------------
taken = load_json(shipped / "conv_forward.json")["cases"][0]["name"]
clash = hidden_folder("hidden-clash", {"more_conv_forward.json": {"task": "conv_forward",
                                                                  "cases": [extra_case(taken, 9491)]}})
clash_out = test.tmp / "out-clash"
status, log = test.run("--submissions", submissions, "--out", clash_out, "--hidden-specs", clash, expect=None)
test.check(status == 2, f"a hidden case defined in two spec files: exit status {status}, expected 2")
for name in ("conv_forward.json", "more_conv_forward.json"):
    test.check(str(clash / name) in log, f"the clash's message does not name {clash / name}")
test.check(taken in log, f"the clash's message does not name the case {taken!r}")
test.check(not (clash_out / "ada" / "results.json").exists(), "a refused run graded ada anyway")

# -- a hidden case named like a visible one: the spec file is named ---------------
visible = load_json(test.source / "fixtures" / "conv_forward.json")["cases"][0]["name"]
shadow = hidden_folder("hidden-shadow", {"more_conv_forward.json": {"task": "conv_forward",
                                                                    "cases": [extra_case(visible, 9492)]}})
status, log = test.run("--submissions", submissions, "--out", test.tmp / "out-shadow", "--hidden-specs", shadow,
                       expect=None)
test.check(status == 2, f"a hidden case named like a visible one: exit status {status}, expected 2")
test.check(str(shadow / "more_conv_forward.json") in log and visible in log,
           f"the message does not name the spec file {shadow / 'more_conv_forward.json'} and the case {visible!r}")
test.finish()
