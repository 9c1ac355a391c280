#!/usr/bin/env bash
# make bench: the speed figures recorded in README.md. Wall-clock times on
# this machine, medians of repeated runs; nothing here is asserted.
#
#   tests/bench/run_bench.sh [BUILD_DIR]
#
# 1. Cold `make test` in a fresh clone of this repository (HEAD): configure,
#    build the harness and the stubs, grade.
# 2. Re-grading after an edit to student/assg_tasks.cpp, in that clone, for
#    two complete solutions: the reference's loops, and a student's code
#    written with Eigen expressions (tests/solutions/student_style_full_marks.cpp).
# 3. The grader alone over every public fixture with the reference runner.
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

echo "1. cold make test in a fresh clone (configure, build harness and stubs, grade) ..."
git clone -q "$root" "$scratch/clone"
cold=$(cd "$scratch/clone" && seconds make test)
echo "   $cold s"

regrade() {  # regrade SOLUTION_FILE LABEL
  cp "$1" "$scratch/clone/student/assg_tasks.cpp"
  (cd "$scratch/clone" && make test >/dev/null 2>&1)  # warm: the first build of this file
  local times=()
  for _ in $(seq "$runs"); do
    echo "// edited" >>"$scratch/clone/student/assg_tasks.cpp"
    times+=("$(cd "$scratch/clone" && seconds make test)")
  done
  printf '%s\n' "${times[@]}" | median
}

echo "2. re-grading after editing student/assg_tasks.cpp (median of $runs) ..."
# The reference's loops as a self-contained student file (its NumPy-order sum
# replaced by a plain loop, which the tolerance allows).
sed -e 's/#include "numpy_summation.hpp"//' \
  -e 's/assg::numpy_order::sum_of_products(slice.data(), W.data(), slice.size())/[\&] { double t = 0; for (Index i = 0; i < slice.size(); ++i) t += slice.data()[i] * W.data()[i]; return t; }()/' \
  -e 's/total += assg::numpy_order::sum(row.data(), kernel_size);/for (double v : row) total += v;/' \
  "$root/reference/assg_tasks_reference.cpp" >"$scratch/loops.cpp"
loops=$(regrade "$scratch/loops.cpp")
echo "   reference-style loops: $loops s"
expressions=$(regrade "$root/tests/solutions/student_style_full_marks.cpp")
echo "   Eigen-expression style: $expressions s"

echo "3. the grader alone, every public fixture, reference runner (median of $((runs * 2))) ..."
cmake --build "$root/$build" --target grader runner-reference >/dev/null
times=()
for _ in $(seq $((runs * 2))); do
  times+=("$(seconds "$root/$build/bin/grader" --runner "$root/$build/bin/runner-reference" --results "$scratch/r.json")")
done
grader=$(printf '%s\n' "${times[@]}" | median)
echo "   $grader s"

echo
echo "| measurement | goal | seconds |"
echo "|---|---|---|"
echo "| cold \`make test\` from a fresh clone | - | $cold |"
echo "| re-grade after editing student/assg_tasks.cpp (reference-style loops) | < 3 | $loops |"
echo "| re-grade after editing student/assg_tasks.cpp (Eigen-expression style) | < 3 | $expressions |"
echo "| grader alone over all public fixtures, reference runner | < 1 | $grader |"
