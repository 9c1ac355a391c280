#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu image, when the
# autograder is built (from /autograder/source, the zip's contents): it
# installs the packages the grading needs and builds grade-all and
# results-export, exactly as `make grade-all` would on the instructor's
# machine. Every submission is then graded by run_autograder.
#
# Made by `make gradescope`; see docs/instructor.md, "Gradescope".
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$source_dir"

# apt-get install of what is missing (nothing, when the image has it all).
sh .ci/install-deps.sh test

# The project's own tests are not shipped: build only what grades.
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S "$source_dir" -B "$source_dir/build" "${generator[@]}" -DBUILD_TESTING=OFF
# grade-all builds what it runs: the grader, the probe runner whose compile
# command each submission gets, and the compile sandbox.
cmake --build "$source_dir/build" --target grade-all results-export --parallel 2  # Eigen-heavy files: more at once may exhaust the image builder's memory

# The zip keeps the scripts' modes, but an upload tool may not: run_autograder
# must be executable wherever Gradescope copies it.
chmod +x "$source_dir/run_autograder" 2>/dev/null || true
chmod +x "$source_dir/../run_autograder" 2>/dev/null || true
echo "setup.sh: built $source_dir/build/bin/grade-all and results-export"
