#!/usr/bin/env bash
# results-export links the grade model and its reporters only: no
# GoogleTest, no libseccomp, no platform layer (processes, sandboxes) in its
# symbols or its shared libraries. The grader, which does link them, is
# checked the same way first, so that a check that finds nothing is not
# mistaken for a pass.
#
#   results_export_links_only_the_model.sh RESULTS_EXPORT GRADER
set -uo pipefail
results_export=$1 grader=$2
. "$(dirname "$0")/../checks.sh"

# What of GoogleTest, libseccomp and the platform layer a binary carries.
forbidden() {
  {
    nm -C "$1" 2>/dev/null | grep -E ' (testing::|seccomp_|assg::(ChildProcess|run_child|RunnerSandbox))' | head -3
    readelf -d "$1" 2>/dev/null | grep -E 'NEEDED.*(gtest|seccomp)'
  } || true
}
carries() { [ -n "$(forbidden "$1")" ]; }
carries_nothing() { [ -z "$(forbidden "$1")" ]; }

check "the check finds GoogleTest in the grader (it must, or it proves nothing)" carries "$grader"
check "results-export carries none of GoogleTest, libseccomp or the platform layer" carries_nothing "$results_export"
carries_nothing "$results_export" || forbidden "$results_export"
checks_passed
