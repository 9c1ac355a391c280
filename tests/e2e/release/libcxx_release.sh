#!/usr/bin/env bash
# release.libcxx: the student release built the way a Mac builds it, with
# clang and libc++ (Apple's standard library), fmt header-only and
# GoogleTest built from source against libc++ (Debian's /usr/src/googletest:
# an installed GoogleTest is built for libstdc++), through docs/ci-and-platforms.md's
# own `make test CMAKE_ARGS=...` line. The stubs get 0, a full-marks
# solution 100, and the build shows no warning from the harness's own code.
#
#   tests/e2e/release/libcxx_release.sh PYTHON [CLANG]    (default clang++-14)
# Exit 77 (skipped) when clang, its libc++ or the GoogleTest sources are missing.
set -uo pipefail
python=$1
clang=${2:-clang++-14}
root=$(cd "$(dirname "$0")/../../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

command -v "$clang" >/dev/null 2>&1 || { echo "skipped: no $clang"; exit 77; }
[ -f /usr/src/googletest/CMakeLists.txt ] || { echo "skipped: no /usr/src/googletest (apt-get install googletest)"; exit 77; }
echo '#include <vector>
int main() { return std::vector<int>{1}.size() == 1 ? 0 : 1; }' >"$scratch/probe.cpp"
"$clang" -stdlib=libc++ "$scratch/probe.cpp" -o "$scratch/probe" 2>/dev/null && "$scratch/probe" ||
  { echo "skipped: $clang cannot build with libc++ (apt-get install libc++-dev libc++abi-dev for it)"; exit 77; }

. "$root/tests/e2e/checks.sh"

release=$scratch/release
RELEASE_MANIFESTS=$scratch/manifests "$root/distribution/student_release.sh" "$release" >/dev/null || {
  echo "FAILED: make student-release"
  exit 1
}
mkdir -p "$release/mine"
cp "$root/tests/solutions/student_style_full_marks.cpp" "$release/mine/solution.cpp"
cmake_args="-DCMAKE_CXX_FLAGS=-stdlib=libc++ -DASSG_FMT_HEADER_ONLY=ON -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
-DASSG_FETCH_MISSING_DEPS=ON -DFETCHCONTENT_SOURCE_DIR_GTEST=/usr/src/googletest"

grade() {  # grade NAME SOLUTION: make test's output in $scratch/NAME.out, results in NAME.json
  (cd "$release" && CXX=$clang COLUMNS=120 make --no-print-directory test SOLUTION="$2" \
    RESULTS="$scratch/$1.json" CMAKE_ARGS="$cmake_args") >"$scratch/$1.out" 2>&1
  echo "   $1: make test exited $?"
}
total_is() {  # total_is NAME POINTS
  "$python" -c 'import json, sys; r = json.load(open(sys.argv[1])); print("  ", sys.argv[1].rsplit("/", 1)[-1], r["total_points"], "/", r["max_points"]); sys.exit(0 if abs(r["total_points"] - float(sys.argv[2])) < 1e-9 else 1)' \
    "$scratch/$1.json" "$2"
}

grade stubs student/assg_tasks.cpp
check "the build uses libc++" grep -q -- '-stdlib=libc++' "$release/build/CMakeCache.txt"
# The cache holds the path whatever happened (CMAKE_ARGS sets it); only a
# fetched GoogleTest has a build folder under _deps.
check "GoogleTest is built from /usr/src/googletest" sh -c \
  "grep -q 'FETCHCONTENT_SOURCE_DIR_GTEST:PATH=/usr/src/googletest' '$release/build/CMakeCache.txt' && test -d '$release/build/_deps/gtest-build'"
check "the stubs get 0" total_is stubs 0
grade full mine/solution.cpp
check "a full-marks solution gets 100" total_is full 100
check "the grader links libc++, not libstdc++" sh -c "ldd '$release/build/bin/grader' | grep -q 'libc++' && ! ldd '$release/build/bin/grader' | grep -q libstdc++"
warnings=$(cat "$scratch/stubs.out" "$scratch/full.out" | grep -E ': warning:' | grep -v 'mine/solution.cpp\|student/assg_tasks.cpp' || true)
check "no warning from the harness's own code" test -z "$warnings"
[ -n "$warnings" ] && echo "$warnings" | head -10
if [ $failures -ne 0 ]; then tail -40 "$scratch/stubs.out"; fi
checks_passed
