#!/bin/sh
# make gradescope OUT=dir [ARGS="grade-all options"]: writes OUT/autograder.zip,
# Gradescope's autograder: setup.sh and run_autograder at its root, and the
# sources grading needs (no tests, demo class, build folders or .git). The
# grade-all options are recorded in it, so that Gradescope grades with the
# same hidden tests (--hidden-seed ...) as the instructor's grade-all; they
# are tried first, with the instructor's build, on an empty class.
#
#   distribution/gradescope/package.sh BUILD_DIR OUT_DIR [grade-all options...]
#
# Exit status: 0 written, 2 refused (OUT holds other files, an option
# run_autograder sets itself, options grade-all refuses) or failed.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [grade-all options...]" >&2
  exit 2
fi
build=$1
out=$2
shift 2

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
cd "$source_dir"

fail() {
  echo "make gradescope: $*" >&2
  exit 2
}

# run_autograder decides these itself; the rest is passed on as given.
for option in "$@"; do
  case $option in
    --submissions* | --out* | --jobs* | --shard* | --progress* | --compare* | --roster* | --canvas-assignment* | \
      --build* | --rubric* | --fixtures* | --hidden-specs* | --release-manifests* | --hidden-rubric* | --keep-scratch | merge)
      fail "ARGS: $option is set by run_autograder itself (or would point Gradescope at files of this machine); leave it out" ;;
    *\ * | *"'"* | *'"'* | *\\*)
      fail "ARGS: \"$option\": options are recorded as words without spaces or quotes" ;;
  esac
done

# OUT: empty, or holding only the autograder.zip of an earlier run.
if [ -e "$out" ]; then
  [ -d "$out" ] || fail "OUT=$out is not a folder"
  for entry in "$out"/* "$out"/.[!.]* "$out"/..?*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    [ "$(basename "$entry")" = autograder.zip ] && continue
    fail "OUT=$out holds other files ($(basename "$entry"), ...): give an empty or new folder, e.g. OUT=gradescope"
  done
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

stage=$(mktemp -d "${TMPDIR:-/tmp}/gradescope-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM

# The options, tried for real: grade-all grades an empty class with them,
# which builds the hidden fixtures and has the grader accept the rubric and
# every fixture, as run_autograder's grade-all will.
.ci/install-deps.sh test
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" $(command -v ninja >/dev/null && echo -G Ninja)
cmake --build "$build" --target grade-all >/dev/null
mkdir "$stage/empty-class"
if ! "$build/bin/grade-all" --submissions "$stage/empty-class" --out "$stage/empty-out" --progress log "$@" \
  >"$stage/try.log" 2>&1; then
  cat "$stage/try.log" >&2
  fail "grade-all refuses ARGS=\"$*\" (its messages are above); nothing written"
fi

# The sources grading needs, as they are in this checkout, and the student
# releases' manifests: grade-all on Gradescope must compare a student's
# copies of the course's files with every release, as the instructor's does.
mkdir "$stage/zip"
releases=
[ -d distribution/releases ] && releases=distribution/releases
find CMakeLists.txt Makefile cmake .ci grader reference student fixtures distribution/gradescope $releases \
  \( -name .git -o -name __pycache__ -o -name '*.pyc' -o -name '.#*' -o -name '*~' \) -prune -o -type f -print |
  while IFS= read -r file; do
    mkdir -p "$stage/zip/$(dirname "$file")"
    cp -p "$file" "$stage/zip/$file"
  done
cp -p distribution/gradescope/setup.sh distribution/gradescope/run_autograder "$stage/zip/"
chmod 755 "$stage/zip/setup.sh" "$stage/zip/run_autograder"
printf '%s\n' "$*" >"$stage/zip/distribution/gradescope/grade-all-options"
{
  echo "Packaged by make gradescope on $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  if commit=$(git rev-parse --short HEAD 2>/dev/null); then
    changed=$(git status --porcelain -- CMakeLists.txt Makefile cmake .ci grader reference student fixtures distribution/gradescope 2>/dev/null | wc -l)
    echo "from commit $commit$( [ "$changed" -eq 0 ] || echo " with $changed changed file(s)")"
  fi
  echo "grade-all options: ${*:-(none)}"
} >"$stage/zip/distribution/gradescope/packaged.txt"

(cd "$stage/zip" && cmake -E tar cf "$stage/autograder.zip" --format=zip -- setup.sh run_autograder \
  CMakeLists.txt Makefile cmake .ci grader reference student fixtures distribution)
mv -f "$stage/autograder.zip" "$out/autograder.zip"

files=$(find "$stage/zip" -type f | wc -l)
hidden=$(find "$stage/zip/fixtures/spec/hidden" -type f -name '*.json' ! -name rubric.json 2>/dev/null | wc -l)
manifests=$(find "$stage/zip/distribution/releases" -type f -name '*.json' 2>/dev/null | wc -l)
echo "Wrote $out/autograder.zip ($files files, $hidden hidden test specs, $manifests release manifests; grade-all options: ${*:-none})."
echo "Upload it on Gradescope: the assignment's Configure Autograder page, Zip file upload, base image Ubuntu 22.04 or"
echo "later; then Test Autograder with a submission. Keep it to yourself: it holds the hidden tests and the reference."
