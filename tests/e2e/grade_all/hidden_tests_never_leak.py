"""Hidden tests are graded but their data never reaches a student, nor the
scratch folders: no hidden input, expected value or seed appears in any
feedback.md, results.json, class file or kept scratch file, even for a
"tattler" whose conv_single_step prints everything it is given (and the
right answer) and then fails the hidden case only. --hidden-seed changes
the hidden data and nothing visible."""

import bisect
import json
import math
import re
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json, tests_of  # noqa: E402

test = Test("grade_all.hidden_tests_never_leak")


def tattler_source(ada_cpp, visible_fixture):
    """ada's solution whose conv_single_step prints its inputs and the right
    answer with 17 digits, to stdout and stderr, and answers wrong on every
    case that is not one of the visible fixture's (i.e. on the hidden one)."""
    source = ada_cpp.read_text()
    definition = "double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {"
    call = "conv_single_step(a_slice, weights, b(0, 0, 0, c))"
    if definition not in source or call not in source:
        test.fatal(f"{ada_cpp}: conv_single_step's definition or its call in conv_forward changed; update this test")
    source = source.replace(definition, definition.replace("double conv_single_step", "static double honest_single_step"))
    source = source.replace(call, call.replace("conv_single_step", "honest_single_step"))
    firsts = [case["inputs"]["slice"]["data"][0] for case in load_json(visible_fixture)["cases"]]
    return source + r"""
#include <cstdio>
// The tattler: everything it is given, and the right answer, printed in full.
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  const double right = honest_single_step(slice, W, b);
  for (Eigen::Index i = 0; i < slice.size(); ++i) {
    std::printf("slice[%ld] = %.17g, W[%ld] = %.17g\n", (long)i, slice.data()[i], (long)i, W.data()[i]);
    std::fprintf(stderr, "%.17g %.17g\n", slice.data()[i], W.data()[i]);
  }
  std::printf("b = %.17g, the right answer is %.17g\n", b, right);
  std::fprintf(stderr, "b = %.17g, the right answer is %.17g\n", b, right);
  std::fflush(stdout);
  static const double visible_first[] = {VISIBLE_FIRST};
  for (const double first : visible_first)
    if (slice.data()[0] == first) return right;
  return right + 1.0;  // a hidden case: fail it, so that its output would be shown
}
""".replace("VISIBLE_FIRST", ", ".join(repr(v) for v in firsts))


submissions = test.make_class("class", ["ada", "ben", "hana.zip", "leo"])
tattler = submissions / "tattler" / "student"
tattler.mkdir(parents=True)
(tattler / "assg_tasks.cpp").write_text(
    tattler_source(test.demo / "ada" / "student" / "assg_tasks.cpp", test.source / "fixtures" / "conv_single_step.json"))
students = ["ada", "ben", "hana", "leo", "tattler"]

out = test.tmp / "out"
_, log = test.run("--submissions", submissions, "--out", out, "--keep-scratch", "--jobs", "2")
hidden_folder = out / ".grade-all" / "hidden-fixtures"
fixture_files = sorted(hidden_folder.glob("*.json"))
if not fixture_files:
    test.fatal(f"no hidden fixtures in {hidden_folder}")
test.check(hidden_folder.stat().st_mode & 0o077 == 0, f"{hidden_folder} is readable by others: mode {hidden_folder.stat().st_mode:o}")
test.check(re.search(r"\d+ hidden test\(s\) from", log) is not None, "the log does not announce the hidden tests")

# -- every student got hidden tests, each with a data-free message --------
hidden_cases = sum(len(load_json(path)["cases"]) for path in fixture_files)
for student in students:
    results = load_json(out / student / "results.json")
    hidden = tests_of(results, "hidden")
    test.check(len(hidden) == hidden_cases,
               f"{student}: {len(hidden)} tests with visibility hidden in results.json, expected {hidden_cases}")
    for task_id, case in hidden:
        test.check(not re.search(r"\d", case.get("message", "")),
                   f"{student}: hidden test {task_id}/{case.get('name')} has a message with numbers: {case.get('message')!r}")
        test.check(not case.get("description"),
                   f"{student}: hidden test {task_id}/{case.get('name')} has a description: {case.get('description')!r}")
tattler_results = load_json(out / "tattler" / "results.json")
if tattler_results.get("submission", {}).get("status") != "graded":
    test.fatal(f"the tattler is {tattler_results.get('submission')}, expected graded; see {out / 'tattler' / 'feedback.md'}")
failed_hidden = [(t, c["name"]) for t, c in tests_of(tattler_results, "hidden") if not c["passed"]]
test.check([t for t, _ in failed_hidden] == ["2.2"],
           f"the tattler should fail exactly its hidden 2.2 case (so that its output is a candidate for display), "
           f"failed {failed_hidden}")
test.check(any(not c["passed"] for _, c in tests_of(load_json(out / "leo" / "results.json"), "hidden")),
           "leo (conv_forward ignores the stride) should fail a hidden case")


# -- the hidden data -------------------------------------------------------
def numbers(value):
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "shape":
                yield from numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from numbers(item)


def significant_digits(text):
    mantissa = re.split(r"[eE]", text.lstrip("+-"))[0].replace(".", "").lstrip("0")
    return len(mantissa)


def distinctive(value):
    """A number too precise to turn up by chance: 8 significant digits or more."""
    return value != 0 and significant_digits(repr(float(value)) if isinstance(value, float) else str(value)) >= 8


def visible_numbers():
    found = set()
    for path in (test.source / "fixtures").glob("*.json"):
        for case in load_json(path)["cases"]:
            found.update(abs(float(v)) for v in numbers({k: case.get(k) for k in ("inputs", "expected", "params")}))
    return found


visible = visible_numbers()
hidden_values = {}  # |value| -> where it comes from
descriptions = []
for path in fixture_files:
    for case in load_json(path)["cases"]:
        where = f"{path.name}/{case['name']}"
        for part in ("inputs", "expected", "params", "generate"):
            for value in numbers(case.get(part)):
                if distinctive(value) and abs(float(value)) not in visible:
                    hidden_values.setdefault(abs(float(value)), f"{where} {part}")
        if case.get("description"):
            descriptions.append((where, case["description"]))
hidden_seeds = {}
for spec in (test.source / "fixtures" / "spec" / "hidden").glob("*.json"):
    for case in load_json(spec).get("cases", []):
        if "seed" in case:
            hidden_seeds[case["seed"]] = f"{spec.name}/{case['name']}"
test.check(len(hidden_values) > 500, f"only {len(hidden_values)} distinctive hidden numbers found: is the fixture format known?")
sorted_hidden = sorted(hidden_values)

NUMBER = re.compile(rb"[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+|\d{8,}")


def hidden_match(token):
    """The hidden number `token` (a number printed with >= 8 significant
    digits) rounds, if any."""
    text = token.decode()
    digits = significant_digits(text)
    if digits < 8:
        return None
    try:
        value = abs(float(text))
    except ValueError:
        return None
    if value == 0 or not math.isfinite(value):
        return None
    half_step = 0.5 * 10 ** (math.floor(math.log10(value)) - digits + 1) * 1.000001
    i = bisect.bisect_left(sorted_hidden, value - half_step)
    if i < len(sorted_hidden) and sorted_hidden[i] <= value + half_step:
        return sorted_hidden[i]
    return None


scanned = [p for p in out.rglob("*") if p.is_file() and hidden_folder not in p.parents]
scratch_files = [p for p in scanned if (out / ".grade-all" / "scratch") in p.parents]
test.check(any(p.name == "assg_tasks.cpp" for p in scratch_files) and any(p.name == "runner" for p in scratch_files),
           f"--keep-scratch kept no scratch folders under {out / '.grade-all' / 'scratch'}")
for student in students:
    for name in ("feedback.md", "results.json"):
        test.check(out / student / name in scanned, f"{student}/{name} is missing")


def scan(paths):
    """Every place in `paths` where hidden data shows."""
    found = []
    for path in paths:
        data = path.read_bytes()
        relative = path.relative_to(out)
        for match in NUMBER.finditer(data):
            value = hidden_match(match.group())
            if value is not None:
                found.append(f"{relative}: {match.group().decode()} is hidden {hidden_values[value]}")
        if not data.startswith(b"\x7fELF"):
            for value in sorted_hidden:
                for signed in (value, -value):
                    if struct.pack("<d", signed) in data:
                        found.append(f"{relative}: holds hidden {hidden_values[value]} ({signed!r}) as binary")
        text = data.decode("latin-1")
        for seed, where in hidden_seeds.items():
            if re.search(rf"\bseed {seed}\b", text):
                found.append(f"{relative}: names the hidden seed {seed} ({where})")
        for where, description in descriptions:
            if description in text:
                found.append(f"{relative}: holds the description of hidden {where}")
    return found


# The scan itself can see a leak: rounded to 8 digits or printed in full,
# not a neighbour; and the hidden fixtures themselves are all leak.
sample = sorted_hidden[len(sorted_hidden) // 2]
test.check(hidden_match(b"%.8g" % sample) and hidden_match(repr(-sample).encode()) and
           not hidden_match(b"%.8g" % (sample * 1.0001)), f"the number matcher misses {sample!r} or matches a neighbour")
test.check(len(scan(fixture_files)) >= len(hidden_values), "the scan finds too little in the hidden fixtures themselves")
leaks = scan(scanned)
test.check(not leaks, f"hidden data leaked ({len(leaks)} place(s)):\n      " + "\n      ".join(leaks[:30]))
print(f"   scanned {len(scanned)} files for {len(hidden_values)} hidden numbers and {len(hidden_seeds)} seeds")

# The tattler's visible output is shown (so the scan above could find a leak).
feedback = (out / "tattler" / "feedback.md").read_text()
# Hidden cases are listed under neutral names: their own names may describe their data.
test.check("hidden_test_1" in json.dumps(tattler_results), "the tattler's hidden 2.2 case is not listed (as hidden_test_1)")
test.check("hidden_5x5x3_window" not in json.dumps(tattler_results) + feedback,
           "a hidden case's own name (hidden_5x5x3_window) reached the student's results or feedback")

# -- --hidden-seed changes every seeded hidden case, nothing visible --------
seeded = test.tmp / "seeded-class"
seeded.mkdir()
for student in ("ada", "leo"):
    (seeded / student).symlink_to(submissions / student, target_is_directory=True)
seeded_out = test.tmp / "out-seed-7"
test.run("--submissions", seeded, "--out", seeded_out, "--hidden-seed", "7", "--jobs", "2")
seeded_specs = {spec.name: load_json(spec) for spec in (test.source / "fixtures" / "spec" / "hidden").glob("*.json")}
changed = 0
for path in fixture_files:
    other = seeded_out / ".grade-all" / "hidden-fixtures" / path.name
    if not test.check(other.is_file(), f"--hidden-seed 7 wrote no {other.name}"):
        continue
    before = {case["name"]: case for case in load_json(path)["cases"]}
    after = {case["name"]: case for case in load_json(other)["cases"]}
    test.check(sorted(before) == sorted(after), f"{path.name}: --hidden-seed changed the case names")
    spec_cases = {case["name"]: case for case in seeded_specs.get(path.name, {}).get("cases", [])}
    for name, case in before.items():
        if name not in after:
            continue
        inputs_before = json.dumps(case.get("inputs")) + json.dumps(case.get("generate"))
        inputs_after = json.dumps(after[name].get("inputs")) + json.dumps(after[name].get("generate"))
        if "seed" in spec_cases.get(name, {}):
            changed += 1
            test.check(inputs_before != inputs_after, f"{path.name}/{name}: --hidden-seed 7 left its seeded data unchanged")
        else:
            test.check(inputs_before == inputs_after, f"{path.name}/{name}: unseeded, yet --hidden-seed 7 changed it")
test.check(changed >= len(hidden_seeds), f"only {changed} seeded hidden cases compared, expected {len(hidden_seeds)}")


def visible_outcomes(results):
    return [(task_id, case["name"], case["status"], case["passed"], case["points"], case["message"])
            for task_id, case in tests_of(results, "visible")]


for student in ("ada", "leo"):
    first = load_json(out / student / "results.json")
    second = load_json(seeded_out / student / "results.json")
    test.check(visible_outcomes(first) == visible_outcomes(second),
               f"{student}: the visible tests' results differ between no seed and --hidden-seed 7")
    test.check(len(tests_of(second, "hidden")) == hidden_cases, f"{student}: --hidden-seed 7 lost hidden tests")
test.finish()
