#!/usr/bin/env bash
# make bench: the speed figures recorded in docs/benchmarks.md. Wall-clock times on
# this machine, medians of repeated runs; nothing here is asserted.
#
#   tests/bench/run_bench.sh [BUILD_DIR]
#
# 1. Cold `make test` in a fresh clone of this repository (HEAD): configure,
#    build the harness and the stubs, grade.
# 1b. Cold `make test` in a fresh student release (make student-release),
#    with ccache disabled: wall and CPU seconds (docs/benchmarks.md).
# 2. Re-grading after an edit to student/assg_tasks.cpp, in that clone, for
#    two complete solutions: plain loops (tests/solutions/plain_loops_full_marks.cpp)
#    and Eigen expressions (tests/solutions/student_style_full_marks.cpp).
# 3. The grader alone over every public fixture with the reference runner.
# 4. Grading a class: grade-all against the naive baseline (a fresh
#    configure, build and `make test` per submission), tests/bench/grade_all_bench.sh.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${BENCH_RUNS:-5}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

seconds() {  # seconds COMMAND...: wall time of one run, output discarded
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }'
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), $(c++ --version | head -1)"
echo

# cold_student_release: a student release written to the scratch folder
# (its manifest too, never into distribution/releases) and a cold
# `make test` in it with ccache off: "W s wall, C CPU-seconds (user+sys)".
# CPU-seconds vary less with the machine's other load than wall time.
cold_student_release() {
  RELEASE_MANIFESTS="$scratch/manifests" "$root/distribution/student_release.sh" "$scratch/student" >/dev/null ||
    { echo "bench: make student-release failed" >&2; return 1; }
  local TIMEFORMAT='%R %U %S' times
  times=$( { time (cd "$scratch/student" && CCACHE_DISABLE=1 make test >/dev/null 2>&1); } 2>&1)
  awk '{printf "%.1f s wall, %.1f CPU-seconds\n", $1, $2 + $3}' <<<"$times"
}

echo "1. cold make test in a fresh clone (configure, build harness and stubs, grade) ..."
git clone -q "$root" "$scratch/clone"
cold=$(cd "$scratch/clone" && seconds make test)
echo "   $cold s"

echo "1b. cold make test in a fresh student release, ccache disabled ..."
cold_student=$(cold_student_release) || exit 1
echo "   $cold_student"

# A timing means nothing unless the run graded the file in full.
full_marks() {
  grep -q '"total_points": 100.0' "$1" || { echo "bench: the timed run did not score 100 (see $1)" >&2; exit 1; }
}

regrade() {  # regrade SOLUTION_FILE
  cp "$1" "$scratch/clone/student/assg_tasks.cpp"
  (cd "$scratch/clone" && make test >/dev/null 2>&1)  # warm: the first build of this file
  local times=()
  for _ in $(seq "$runs"); do
    echo "// edited" >>"$scratch/clone/student/assg_tasks.cpp"
    times+=("$(cd "$scratch/clone" && seconds make test)")
    full_marks "$scratch/clone/build/results/results.json"
  done
  printf '%s\n' "${times[@]}" | median
}

echo "2. re-grading after editing student/assg_tasks.cpp (median of $runs) ..."
loops=$(regrade "$root/tests/solutions/plain_loops_full_marks.cpp") || exit 1
echo "   plain loops: $loops s"
expressions=$(regrade "$root/tests/solutions/student_style_full_marks.cpp") || exit 1
echo "   Eigen-expression style: $expressions s"

echo "3. the grader alone, every public fixture, reference runner (median of $((runs * 2))) ..."
cmake --build "$root/$build" --target grader runner-reference >/dev/null
times=()
for _ in $(seq $((runs * 2))); do
  times+=("$(seconds "$root/$build/bin/grader" --runner "$root/$build/bin/runner-reference" --results "$scratch/r.json")")
  full_marks "$scratch/r.json"
done
grader=$(printf '%s\n' "${times[@]}" | median)
echo "   $grader s"

echo
echo "| measurement | goal | seconds |"
echo "|---|---|---|"
echo "| cold \`make test\` from a fresh clone | - | $cold |"
echo "| cold \`make test\` in a fresh student release, ccache off (docs/benchmarks.md) | 20 s wall | $cold_student |"
echo "| re-grade after editing student/assg_tasks.cpp (plain loops) | < 3 | $loops |"
echo "| re-grade after editing student/assg_tasks.cpp (Eigen-expression style) | < 3 | $expressions |"
echo "| grader alone over all public fixtures, reference runner | < 1 | $grader |"

echo
echo "4. grading a class: grade-all against the naive baseline (tests/bench/grade_all_bench.sh) ..."
"$root/tests/bench/grade_all_bench.sh" "$build"
