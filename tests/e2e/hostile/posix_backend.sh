#!/usr/bin/env bash
# platform.posix_backend: the portable POSIX backend (what a Mac builds),
# built on Linux with -DASSG_PLATFORM=posix in a folder of its own, holds
# the solution with rlimits, its process group and the runner's fork guard
# alone: a crash, a timeout, an infinite loop before main, a fork bomb, a
# child meant to outlive the runner, system(), a fork before main, an
# output flood and a huge allocation are each graded as on Linux
# (hostile_make_test.py, the same checks). The
# grader says the sandbox is reduced, and grade-all refuses the sandboxes
# the backend does not have.
#
#   tests/e2e/hostile/posix_backend.sh BUILD_DIR PYTHON [CXX]
set -uo pipefail
build=$1
python=$2
compiler=${3:-}
root=$(cd "$(dirname "$0")/../../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

. "$root/tests/e2e/checks.sh"

# The ones whose grade the process group and the rlimits decide; the
# attacks on files, the network and other processes need Landlock and
# seccomp, which this backend does not have (docs/ci-and-platforms.md says so).
cases=abort,infinite_loop,before_main_infinite_loop,fork_bomb,outlives_parent,runs_shell,before_main_forks,output_flood,huge_allocation
runners=()
IFS=, read -ra names <<<"$cases"
for name in "${names[@]}"; do runners+=("runner-hostile-$name"); done

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if ! cmake -S "$root" -B "$build" "${generator[@]}" -DASSG_PLATFORM=posix -DASSG_SOLUTION="$root/student/assg_tasks.cpp" ${compiler:+-DCMAKE_CXX_COMPILER=$compiler} \
  >"$scratch/configure.log" 2>&1; then
  tail -30 "$scratch/configure.log"
  echo "FAILED: configure with -DASSG_PLATFORM=posix"
  exit 1
fi
check "configured with the POSIX backend" grep -q '^ASSG_PLATFORM:STRING=posix$' "$build/CMakeCache.txt"
targets=(assg_grading_harness "${runners[@]}")
[ -f "$root/grader/grade_all/CMakeLists.txt" ] && targets+=(grade-all)
if ! cmake --build "$build" --target "${targets[@]}" >"$scratch/build.log" 2>&1; then
  grep -E "error|FAILED" "$scratch/build.log" | head -30
  echo "FAILED: build the POSIX backend"
  exit 1
fi
# No warning from the harness's own code under this backend either.
warnings=$(grep -E '^[^ ]*(grader|cmake)/[^ ]*: warning:' "$scratch/build.log" || true)
check "no warning from the harness's own code" test -z "$warnings"
[ -n "$warnings" ] && echo "$warnings" | head -10
# The backend is what was built: no seccomp or Landlock code in the grader.
# ldd's own failure (no grader, not a dynamic program) must not pass as "no libseccomp".
check "the grader has no libseccomp" sh -c "ldd '$build/bin/grader' >'$scratch/ldd.out' 2>&1 && ! grep -q libseccomp '$scratch/ldd.out'"

# The grader says the sandbox is reduced, on the terminal and in results.json.
"$build/bin/grader" --runner "$build/bin/runner-hostile-abort" --task 1.1 --results "$scratch/reduced.json" \
  >"$scratch/reduced.out" 2>&1
check "the grader says the sandbox is reduced" grep -q "the sandbox is reduced" "$scratch/reduced.out"
check "results.json names the reduced sandbox" "$python" -c '
import json, sys
sandbox = json.load(open(sys.argv[1]))["sandbox"]
print("   sandbox:", sandbox)
sys.exit(0 if sandbox.startswith("reduced (POSIX backend)") else 1)' "$scratch/reduced.json"
check "--sandbox landlock is refused, not ignored" sh -c \
  "! '$build/bin/grader' --runner '$build/bin/runner-hostile-abort' --task 1.1 --sandbox landlock --results '$scratch/x.json' >'$scratch/landlock.out' 2>&1 && grep -q 'POSIX backend' '$scratch/landlock.out'"

if [ -x "$build/bin/grade-all" ]; then
  for sandbox in bwrap landlock; do
    "$build/bin/grade-all" --submissions "$root/demo_class" --out "$scratch/class-$sandbox" \
      --sandbox "$sandbox" >"$scratch/grade-all-$sandbox.out" 2>&1
    status=$?
    check "grade-all --sandbox $sandbox is refused (exit 2, naming the backend)" sh -c \
      "[ $status -eq 2 ] && grep -q 'portable POSIX backend' '$scratch/grade-all-$sandbox.out'"
  done
fi

# What a Mac student runs: `make test` (the solution compiled through
# assg-confine, which runs it unconfined here), on a full-marks solution.
mkdir -p "$scratch/mine"
cp "$root/tests/solutions/student_style_full_marks.cpp" "$scratch/mine/solution.cpp"
(cd "$root" && COLUMNS=120 make --no-print-directory test BUILD="$build" SOLUTION="$scratch/mine/solution.cpp" \
  RESULTS="$scratch/full.json") >"$scratch/full.out" 2>&1
check "make test grades a full-marks solution 100 under the POSIX backend" "$python" -c '
import json, sys
results = json.load(open(sys.argv[1]))
print("   make test:", results["total_points"], "/", results["max_points"], "sandbox:", results["sandbox"])
sys.exit(0 if results["total_points"] == results["max_points"] == 100 else 1)' "$scratch/full.json"
check "make test's report names the reduced sandbox" grep -q "reduced (POSIX backend)" "$scratch/full.out"

# The hostile solutions, graded and checked as hostile.make_test does.
HOSTILE_ONLY=$cases "$python" "$root/tests/e2e/hostile/hostile_make_test.py" "$build/bin/grader" "$root"
status=$?
if [ $status -eq 77 ]; then
  # Skipped only if nothing above failed: a skip must never hide a failure.
  echo "skipped: the hostile solutions (no private namespaces here); $failures check(s) failed before"
  [ $failures -eq 0 ] && exit 77
  exit 1
fi
check "the hostile solutions are graded as on Linux" test $status -eq 0

checks_passed
