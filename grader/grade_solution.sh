#!/usr/bin/env bash
# What `make test` runs: build the harness, compile the solution into its
# runner, grade it. Separating the two builds is what lets a solution that
# does not compile be graded compile_error instead of failing the harness.
#
#   grader/grade_solution.sh [--sanitize] [--junit PATH] [--hidden-fixtures DIR [--hidden-rubric F]]
#                            BUILD_DIR SOLUTION RESULTS [TASK...]
#
# --junit PATH (make test JUNIT=path.xml): also write the grade as JUnit XML.
# --hidden-fixtures DIR, --hidden-rubric F: also grade these hidden cases
# (a Classroom 50 bundle that opted in to its hidden tests; see
# docs/ci-and-platforms.md).
# SOLUTION: a .cpp file, or "reference" for the reference solution.
# --sanitize (make test SANITIZE=1): the runner is built with AddressSanitizer
# and UndefinedBehaviorSanitizer, whose first error in a case is reported
# with its line. Give it a build folder of its own (make's default is
# build-sanitize): switching a folder either way rebuilds its runners.
# Exit status: 0 every graded test passed, 1 some failed (or the solution
# does not compile), 2 the harness itself could not run.
set -uo pipefail

# Paths are taken relative to where the script is called from.
absolute() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
sanitize=OFF
junit_args=()
hidden_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --sanitize) sanitize=ON; shift ;;
    --junit) junit_args=(--junit "$(absolute "$2")"); shift 2 ;;
    --hidden-fixtures | --hidden-rubric) hidden_args+=("$1" "$(absolute "$2")"); shift 2 ;;
    *) break ;;
  esac
done
build=$(absolute "$1")
solution=$2
[ "$solution" = reference ] || solution=$(absolute "$solution")
results=$(absolute "$3")
shift 3
task_args=()
for task in "$@"; do task_args+=("--task=$task"); done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

harness_error() {
  echo "make test: $*" >&2
  exit 2
}

# A solution file, or the reference.
if [ "$solution" = reference ]; then
  [ -d reference ] || harness_error "SOLUTION=reference: this repository has no reference solution (it is the student release)"
  target=runner-reference
  label="the reference solution"
else
  [ -f "$solution" ] || harness_error "no such solution file: ${solution#"$root"/}"
  solution=$(cd "$(dirname "$solution")" && pwd)/$(basename "$solution")
  target=runner
  label=${solution#"$root"/}
fi

# A build folder left behind by `sudo make test` cannot be written to: say
# so, rather than grade the student compile_error for it.
if [ -e "$build" ] && { [ ! -w "$build" ] || { [ -e "$build/results" ] && [ ! -w "$build/results" ]; }; }; then
  harness_error "$build is not writable by you (was it made by sudo make test?); remove it with: sudo rm -rf $build"
fi

# Configure once (checking the machine's packages first), and again only
# when the solution file changes.
configure_args=()
if [ ! -f "$build/CMakeCache.txt" ]; then
  .ci/install-deps.sh test || exit 2
  command -v ninja >/dev/null 2>&1 && configure_args+=(-G Ninja)
  # make test CMAKE_ARGS="...": options for the first configure only (a
  # compiler's flags, -DASSG_FETCH_MISSING_DEPS=ON without sudo, ...).
  read -r -a extra_configure_args <<<"${CMAKE_ARGS:-}"
  configure_args+=(${extra_configure_args[@]+"${extra_configure_args[@]}"})
fi
if [ "$target" = runner ]; then
  current=$(sed -n 's/^ASSG_SOLUTION:FILEPATH=//p' "$build/CMakeCache.txt" 2>/dev/null)
  [ "$current" = "$solution" ] || configure_args+=("-DASSG_SOLUTION=$solution")
fi
current_sanitize=$(sed -n 's/^ASSG_SANITIZE:BOOL=//p' "$build/CMakeCache.txt" 2>/dev/null)
[ "${current_sanitize:-OFF}" = "$sanitize" ] || configure_args+=("-DASSG_SANITIZE=$sanitize")
# A configure that failed part-way leaves a cache but no build files: configure again.
configured() { [ -f "$build/CMakeCache.txt" ] && { [ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ]; }; }
if ! configured || [ ${#configure_args[@]} -gt 0 ]; then
  mkdir -p "$build"
  cmake -S . -B "$build" ${configure_args[@]+"${configure_args[@]}"} >"$build/configure.log" 2>&1 || {
    # cmake/Sanitizers.cmake: a compiler without its sanitizer runtime. The
    # machine's setup, never the student's compile_error: what to install.
    if [ "$sanitize" = ON ] && [ -f "$build/sanitizer-runtime-missing.txt" ]; then
      harness_error "SANITIZE=1: $(cat "$build/sanitizer-runtime-missing.txt") (the whole log: $build/configure.log)"
    fi
    cat "$build/configure.log" >&2
    harness_error "could not configure the build (see above)"
  }
fi

# The harness: if this fails, it is not the student's fault.
# Build-tool chatter a student does not need: no-op builds, and on failure
# ninja's echo of the whole compiler command line.
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
quiet() {
  grep --line-buffered -v -e '^ninja: no work to do\.$' -e '^ninja: build stopped' -e '^FAILED: ' -e '^: && ' \
    ${compiler:+-e "^$compiler "} -e "^$build/bin/assg-confine "
  true
}
# One compile per core. The Makefile generator builds one file at a time
# unless told otherwise, and Ninja runs two more than there are cores, which
# on a cold build makes the longest compiles end later and costs more CPU
# time in all (docs/benchmarks.md).
if [ -z "${CMAKE_BUILD_PARALLEL_LEVEL:-}" ]; then
  CMAKE_BUILD_PARALLEL_LEVEL=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
  export CMAKE_BUILD_PARALLEL_LEVEL
fi
cmake --build "$build" --target assg_grading_harness 2>&1 | quiet
[ "${PIPESTATUS[0]}" = 0 ] || harness_error "could not build the grader"

# The solution: a failure here is the student's compile error.
compile_log="$build/results/compile.log"
mkdir -p "$build/results"
if [ "$sanitize" = ON ]; then
  echo "Compiling $label with AddressSanitizer and UndefinedBehaviorSanitizer"
else
  echo "Compiling $label"
fi
cmake --build "$build" --target "$target" 2>&1 | tee "$compile_log" | quiet
if [ "${PIPESTATUS[0]}" != 0 ]; then
  exec "$build/bin/grader" --compile-error "$compile_log" --solution "$label" --results "$results" \
    ${task_args[@]+"${task_args[@]}"} ${junit_args[@]+"${junit_args[@]}"} ${hidden_args[@]+"${hidden_args[@]}"}
fi

sanitized_args=()
if [ "$sanitize" = ON ]; then
  sanitized_args+=(--sanitized)
  # The runner's frames are symbolized by the grader after the run, outside
  # the sandbox, with the symbolizer CMake found for this compiler.
  symbolizer=$(sed -n 's/^ASSG_SYMBOLIZER:FILEPATH=//p' "$build/CMakeCache.txt")
  case $symbolizer in "" | *-NOTFOUND) ;; *) sanitized_args+=(--symbolizer "$symbolizer") ;; esac
fi
exec "$build/bin/grader" --runner "$build/bin/$target" --solution "$label" --results "$results" \
  ${sanitized_args[@]+"${sanitized_args[@]}"} ${task_args[@]+"${task_args[@]}"} ${junit_args[@]+"${junit_args[@]}"} \
  ${hidden_args[@]+"${hidden_args[@]}"}
