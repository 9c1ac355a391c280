#!/usr/bin/env bash
# `make test SANITIZE=1` with a compiler whose sanitizer runtime is not
# installed: the harness's error (exit 2) naming the package to install,
# before anything is compiled, never the student's compile_error.
#
# The missing runtime is made for real, not mocked: clang is given a
# resource folder (-resource-dir) that has its headers but not its lib/,
# where Debian's libclang-rt-N-dev puts libclang_rt.asan*.a. An ordinary
# program still compiles and links (clang links against GCC's libgcc); one
# with -fsanitize=address fails to link exactly as on a machine without
# the package ("cannot find .../libclang_rt.asan-x86_64.a").
#
#   tests/e2e/sanitize_missing_runtime.sh SCRATCH_DIR CLANG
set -uo pipefail
scratch=$1
clang=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
rm -rf "$scratch"
mkdir -p "$scratch/resource"
major=$("$clang" -dumpversion | cut -d. -f1)

. "$root/tests/e2e/checks.sh"

resource=$("$clang" -print-resource-dir)
ln -s "$resource/include" "$scratch/resource/include"
echo 'int main() { return 0; }' >"$scratch/plain.cpp"
check "the stand-in resource folder compiles an ordinary program" \
  "$clang" -resource-dir="$scratch/resource" "$scratch/plain.cpp" -o "$scratch/plain"
check "and cannot link one with the sanitizers" \
  bash -c '! "$1" -resource-dir="$2" -fsanitize=address,undefined "$3" -o "$4" 2>/dev/null' _ \
  "$clang" "$scratch/resource" "$scratch/plain.cpp" "$scratch/sanitized"

grade() {
  CMAKE_ARGS="-DCMAKE_CXX_COMPILER=$clang -DCMAKE_CXX_FLAGS=-resource-dir=$scratch/resource" \
    grader/grade_solution.sh --sanitize "$scratch/build" tests/solutions/sanitizer_errors.cpp \
    "$scratch/results.json" >"$scratch/output" 2>&1
}
# Twice: the second run finds the cache the failed configure left behind.
for run in first second; do
  grade
  status=$?
  tail -8 "$scratch/output"
  check "$run run: exit status 2, the harness's error" test "$status" = 2
  check "$run run: the package to install is named" grep -q "libclang-rt-$major-dev" "$scratch/output"
  check "$run run: make test says the sanitizer runtime is not installed" \
    grep -q "^make test: SANITIZE=1: .*$clang (Clang .*) cannot link a program with -fsanitize=address,undefined: its sanitizer runtime is not installed. .*sudo apt-get install libclang-rt-$major-dev; then run make test SANITIZE=1 again" "$scratch/output"
  check "$run run: no grade is written (no compile_error)" test ! -e "$scratch/results.json"
  check "$run run: the solution is not compiled" bash -c '! grep -q -e "^Compiling " -e "compile_error" "$1"' _ \
    "$scratch/output"
done

checks_passed
