#!/usr/bin/env bash
# `make test` as students and CI use it: SOLUTION=, TASK=, RESULTS=, a file
# that does not compile, a file that does not exist, and the exit statuses
# of grader/grade_solution.sh (0 all passed, 1 some failed, 2 harness error).
#
#   tests/e2e/make_test_flow.sh BUILD_DIR PYTHON
set -uo pipefail
build=$1
python=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
scratch=$(mktemp -d)
original=$(sed -n 's/^ASSG_SOLUTION:FILEPATH=//p' "$build/CMakeCache.txt")
restore() {
  cmake -S . -B "$build" -DASSG_SOLUTION="$original" >/dev/null
  rm -rf "$scratch"
}
trap restore EXIT

. "$root/tests/e2e/checks.sh"
json() {  # json FILE EXPRESSION: evaluates EXPRESSION on the results as r
  "$python" -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"
}
grade() {  # grade SOLUTION RESULTS [TASK...] -> exit status in $status, output in $output
  output=$(grader/grade_solution.sh "$build" "$@" 2>&1)
  status=$?
}

# A syntax error: compiler messages shown, every task compile_error, exit 1.
grade tests/solutions/does_not_compile.cpp "$scratch/compile.json"
check "a compile error exits 1" test "$status" = 1
check "the compiler's message is shown" grep -q "does_not_compile.cpp:5:.*error: expected" <<<"$output"
check "without the build tool's command lines" bash -c '! grep -q -e "^FAILED:" -e " -c /.*does_not_compile" <<<"$1"' _ "$output"
check "the report says it does not compile" grep -q "does not compile" <<<"$output"
check "every task is compile_error" json "$scratch/compile.json" \
  "len(r['tasks']) == 9 and all(t['status'] == 'compile_error' and t['points'] == 0 for t in r['tasks'])"

# The stubs, the reference, and one task.
grade tests/solutions/stubs.cpp "$scratch/stubs.json"
check "the stubs exit 1" test "$status" = 1
check "the stubs score 0, all not_implemented" json "$scratch/stubs.json" \
  "r['total_points'] == 0 and all(t['status'] == 'not_implemented' for t in r['tasks'])"
grade reference "$scratch/reference.json"
check "the reference exits 0" test "$status" = 0
check "the reference scores 100" json "$scratch/reference.json" "r['total_points'] == 100 == r['max_points']"
grade reference "$scratch/one_task.json" 2.3 3.1
check "TASK grades only those tasks" json "$scratch/one_task.json" \
  "[t['id'] for t in r['tasks']] == ['2.3', '3.1'] and r['max_points'] == 26"

# Harness errors exit 2 and write no results.
grade tests/solutions/no_such_file.cpp "$scratch/missing.json"
check "a missing solution file exits 2" test "$status" = 2
check "it says which file is missing" grep -q "no such solution file: tests/solutions/no_such_file.cpp" <<<"$output"
check "no results are written" test ! -e "$scratch/missing.json"
grade reference "$scratch/bad_task.json" 9.9
check "an unknown task exits 2" test "$status" = 2

# Paths relative to where the script is called from, as CI calls it.
(cd "$scratch" && cp "$root/tests/solutions/student_style_full_marks.cpp" mine.cpp &&
  "$root/grader/grade_solution.sh" "$build" mine.cpp relative.json 3.3 >/dev/null 2>&1)
check "relative SOLUTION and RESULTS are taken from the caller's folder" json "$scratch/relative.json" \
  "r['total_points'] == 3"

# A solution kept outside student/ that includes "assg_tasks.hpp" (its own
# folder is searched first, under the compile's sandbox) compiles and scores.
grade demo_class/ada/student/assg_tasks.cpp "$scratch/elsewhere.json" 1.1
check "a solution in another folder including assg_tasks.hpp compiles" test "$status" = 0
check "and is graded" json "$scratch/elsewhere.json" "r['total_points'] == 15"

# JUNIT=: the same grade as JUnit XML, which an XML parser reads.
make -s test SOLUTION=demo_class/eli/student/assg_tasks.cpp TASK="1.1 2.3" JUNIT="$scratch/junit.xml" \
  RESULTS="$scratch/junit.json" BUILD="$build" >/dev/null 2>&1
junit_matches() {
  "$python" - "$scratch/junit.xml" "$scratch/junit.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
root, results = ET.parse(sys.argv[1]).getroot(), json.load(open(sys.argv[2]))
tests = [t for task in results["tasks"] for t in task["tests"]]
suites = {s.get("name"): s for s in root.findall("testsuite")}
ok = int(root.get("tests")) == len(tests) and int(root.get("failures")) == sum(not t["passed"] for t in tests)
for task in results["tasks"]:
    suite = suites[f"{task['id']} {task['function']}"]
    points = {p.get("name"): p.get("value") for p in suite.find("properties")}
    ok = ok and float(points["points"]) == task["points"] and len(suite.findall("testcase")) == len(task["tests"])
    ok = ok and len(suite.findall("testcase/failure")) == sum(not t["passed"] for t in task["tests"])
sys.exit(0 if ok and len(suites) == 2 else 1)
PY
}
check "JUNIT= writes JUnit XML with the results' tests, failures and points" junit_matches

# Through make itself (GNU make reports any failed recipe as 2).
make -s test SOLUTION=reference TASK=1.1 RESULTS="$scratch/make.json" BUILD="$build" >/dev/null 2>&1
check "make test SOLUTION=reference exits 0" test $? = 0
check "RESULTS= chooses the results file" json "$scratch/make.json" "r['total_points'] == 15"
make -s test SOLUTION=tests/solutions/does_not_compile.cpp BUILD="$build" RESULTS="$scratch/x.json" >/dev/null 2>&1
check "make test fails on a failing solution" test $? != 0

checks_passed
