#!/usr/bin/env bash
# `make test SANITIZE=1` end to end, in a build folder of its own: a
# solution with three errors a sanitizer catches (tests/solutions/
# sanitizer_errors.cpp) gets each reported in its task's first failure,
# naming the sanitizer, the kind of error and the line (found by the
# solution's "SANITIZER:" marker comments); its other tasks, and a correct
# solution as a whole, pass under the sanitizers.
#
#   tests/e2e/make_test_sanitize.sh BUILD_DIR PYTHON [COMPILER [errors-only]]
#
# COMPILER (e.g. clang++-14): the build folder is configured with it
# (make test CMAKE_ARGS=-DCMAKE_CXX_COMPILER=...), and the same lines must be
# named: clang's frames are symbolized by the grader after the run
# (grader/harness/offline_symbolizer.hpp). errors-only: the correct
# solution's full sanitized run is left out (CI time: it is the same
# runner code, already checked under GCC).
set -uo pipefail
build=$1
python=$2
compiler=${3:-}
scope=${4:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

. "$root/tests/e2e/checks.sh"

solution=tests/solutions/sanitizer_errors.cpp
marker_line() { grep -n "SANITIZER: $1\$" "$solution" | cut -d: -f1; }

# The table as wide as it is without a terminal, whatever the caller's COLUMNS.
cmake_args=${compiler:+-DCMAKE_CXX_COMPILER=$compiler}
output=$(COLUMNS=120 CMAKE_ARGS="$cmake_args" grader/grade_solution.sh --sanitize "$build" "$solution" \
  "$scratch/errors.json" 2>&1)
status=$?
echo "$output" | tail -15
check "a solution with sanitizer errors exits 1" test "$status" = 1
check "the build folder is configured with the sanitizers" grep -q '^ASSG_SANITIZE:BOOL=ON$' "$build/CMakeCache.txt"
if [ -n "$compiler" ]; then
  check "the build folder's compiler is $compiler" \
    grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*/$compiler\$" "$build/CMakeCache.txt"
fi
# The symbolizer that matches the compiler: clang's llvm-symbolizer, GCC's addr2line.
symbolizer=$(sed -n 's/^ASSG_SYMBOLIZER:FILEPATH=//p' "$build/CMakeCache.txt")
echo "symbolizer: $symbolizer"
case ${compiler:-g++} in
  clang*) check "frames are symbolized with an llvm-symbolizer" grep -q 'llvm-symbolizer' <<<"$symbolizer" ;;
  *) check "frames are symbolized with addr2line" grep -q 'addr2line$' <<<"$symbolizer" ;;
esac
check "every sanitizer finding names a line of the solution" "$python" -c '
import json, sys
messages = [t["message"] for e in json.load(open(sys.argv[1]))["tasks"] for t in e["tests"] if t["status"] == "crashed"]
sys.exit(0 if messages and not any("no line of your file is in its report" in m for m in messages) else 1)' \
  "$scratch/errors.json"
check "the student is told the sanitizers are on" grep -q "with AddressSanitizer and UndefinedBehaviorSanitizer" <<<"$output"

# expect_first_failure TASK SANITIZER KIND MARKER: the task's first failing
# case names the sanitizer, the kind and, as where it happened, the marked
# line of the solution (a use-after-free also names where the memory was
# freed, the line before).
expect_first_failure() {
  local line
  line=$(marker_line "$4")
  check "task $1: $2 reports $3 at $solution:$line" "$python" - "$scratch/errors.json" "$1" "$2" "$3" "$solution" "$line" <<'EOF'
import json, re, sys
results, task, sanitizer, kind, path, line = sys.argv[1:]
entry = next(t for t in json.load(open(results))["tasks"] if t["id"] == task)
first = next(t for t in entry["tests"] if t["status"] != "passed")
message = first["message"]
ok = (entry["status"] == "crashed" and first["status"] == "crashed"
      and message.startswith("crashed: " + sanitizer + " found ") and kind in message
      and re.search(r" in %s at %s:%s\b" % (entry["function"], re.escape(path), line), message) is not None)
if not ok:
    print("  first failure of task %s (%s): %s" % (task, first["name"], message))
sys.exit(0 if ok else 1)
EOF
}
expect_first_failure 1.2 UndefinedBehaviorSanitizer "signed integer overflow" signed-integer-overflow
expect_first_failure 2.3 AddressSanitizer heap-use-after-free heap-use-after-free
expect_first_failure 3.1 AddressSanitizer heap-buffer-overflow heap-buffer-overflow
check "3.1's block is one of the grader's tensors, not a line of the grader's code" "$python" -c '
import json, sys
entry = next(t for t in json.load(open(sys.argv[1]))["tasks"] if t["id"] == "3.1")
message = next(t for t in entry["tests"] if t["status"] != "passed")["message"]
sys.exit(0 if "one of the tensors the grader passed to conv_backward" in message else 1)' "$scratch/errors.json"
check "what the solution printed before the error is shown, not the sanitizer's report" "$python" -c '
import json, sys
entry = next(t for t in json.load(open(sys.argv[1]))["tasks"] if t["id"] == "3.1")
message = next(t for t in entry["tests"] if t["status"] != "passed")["message"]
sys.exit(0 if "your code printed:" in message and "| db from " in message and "==ERROR" not in message else 1)' \
  "$scratch/errors.json"
check "every other task passes under the sanitizers" "$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if all(t["status"] == "passed" and t["points"] == t["max_points"]
                  for t in r["tasks"] if t["id"] not in ("1.2", "2.3", "3.1")) and len(r["tasks"]) == 9 else 1)' \
  "$scratch/errors.json"
# What a student sees first: the table's row.
check "the table's row for 2.3 shows the sanitizer's finding" \
  grep -Eq '^  2\.3 .*crashed +course_example: crashed: AddressSanitizer found a heap-us' <<<"$output"

if [ "$scope" = errors-only ]; then
  checks_passed
  exit
fi

# A correct solution, through make itself: no false alarm, and the largest
# cases finish within the sanitized time limits.
make -s test SANITIZE=1 BUILD="$build" SOLUTION=tests/solutions/plain_loops_full_marks.cpp \
  RESULTS="$scratch/correct.json" >"$scratch/correct.log" 2>&1
status=$?
tail -13 "$scratch/correct.log"
check "make test SANITIZE=1 grades a correct solution 100" "$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r["total_points"] == 100 == r["max_points"] else 1)' "$scratch/correct.json"
check "and exits 0" test "$status" = 0

checks_passed
