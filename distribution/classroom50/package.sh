#!/bin/sh
# make classroom50 OUT=dir [CLASSROOM=csci560] [ASSIGNMENT=cnn-layers] [ARGS="--include-hidden --hidden-seed 7"]:
# writes what an instructor commits to their classroom50 repository:
#
#   OUT/CLASSROOM/autograders/ASSIGNMENT/autograder.py   the entry point
#   OUT/CLASSROOM/autograders/ASSIGNMENT/harness/        the student release (grader, fixtures, rubric, header)
#   OUT/CLASSROOM/autograders/ASSIGNMENT/hidden/         only with --include-hidden: hidden cases' data
#   OUT/CLASSROOM/autograders/ASSIGNMENT/releases/       the student releases' manifests (distribution/releases)
#   OUT/runtime.json                                     the assignment's runtime block (apt packages)
#   OUT/release_assets.json                              the assignment's release_assets
#   OUT/CLASSROOM50.md                                   what to do with them
#
# The bundle is public to every student: Classroom 50's runner fetches it in
# the student's own repository. So it is made from the student release (no
# reference, no instructor tools) and, by default, without the hidden
# tests, which the instructor's grade-all grades. --include-hidden puts the
# hidden cases' inputs and expected values in (never the specs' generator
# or the reference); a student can then read them.
#
#   distribution/classroom50/package.sh BUILD_DIR OUT CLASSROOM ASSIGNMENT [--include-hidden] [grade-all options...]
#
# Exit status: 0 written, 2 refused (OUT holds other files, a bad name or
# option) or failed.
set -eu

fail() {
  echo "make classroom50: $*" >&2
  exit 2
}
[ $# -ge 4 ] || fail "usage: $0 BUILD_DIR OUT CLASSROOM ASSIGNMENT [--include-hidden] [grade-all options...]"
build=$1 out=$2 classroom=$3 assignment=$4
shift 4
include_hidden=no
if [ "${1:-}" = --include-hidden ]; then
  include_hidden=yes
  shift
fi
[ $# -eq 0 ] || [ $include_hidden = yes ] || fail "ARGS: $* (grade-all options) only go with --include-hidden"

# Classroom 50's slugs: lower case letters, digits and dashes.
for name in "$classroom" "$assignment"; do
  case $name in
    "" | -* | *[!a-z0-9-]*) fail "\"$name\" is not a Classroom 50 name (lower case letters, digits and -)" ;;
  esac
done

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
cd "$source_dir"

if [ -e "$out" ]; then
  [ -d "$out" ] || fail "OUT=$out is not a folder"
  [ -z "$(ls -A "$out")" ] || fail "OUT=$out is not empty: give an empty or new folder, e.g. OUT=classroom50"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

stage=$(mktemp -d "${TMPDIR:-/tmp}/classroom50-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM

bundle=$stage/bundle
mkdir -p "$bundle"
# The student release is the harness: what students may read anyway.
RELEASE_MANIFESTS=$stage/manifests distribution/student_release.sh "$stage/release" >"$stage/release.log" 2>&1 ||
  { cat "$stage/release.log" >&2; fail "could not write the student release"; }
rm -rf "$stage/release/.git"
mv "$stage/release" "$bundle/harness"
cp distribution/classroom50/autograder.py "$bundle/autograder.py"
# The release manifests: a student's copy of a course file that matches any
# release's is not called edited (as grade-all and Gradescope decide).
if ls distribution/releases/*.json >/dev/null 2>&1; then
  mkdir "$bundle/releases"
  cp distribution/releases/*.json "$bundle/releases/"
fi

if [ $include_hidden = yes ]; then
  # grade-all on an empty class builds the hidden cases' fixtures, as the
  # instructor's grade-all would (same seed, same rubric).
  .ci/install-deps.sh test
  [ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" $(command -v ninja >/dev/null && echo -G Ninja)
  cmake --build "$build" --target grade-all >/dev/null
  mkdir "$stage/empty-class"
  "$build/bin/grade-all" --submissions "$stage/empty-class" --out "$stage/empty-out" --progress log "$@" \
    >"$stage/try.log" 2>&1 || { cat "$stage/try.log" >&2; fail "grade-all refuses ARGS=\"$*\"; nothing written"; }
  [ -d "$stage/empty-out/.grade-all/hidden-fixtures" ] || fail "grade-all made no hidden fixtures (no hidden specs?)"
  mkdir -p "$bundle/hidden"
  cp -R "$stage/empty-out/.grade-all/hidden-fixtures" "$bundle/hidden/fixtures"
  [ ! -f fixtures/spec/hidden/rubric.json ] || cp fixtures/spec/hidden/rubric.json "$bundle/hidden/rubric.json"
fi

# Classroom 50 extracts the bundle refusing links, devices and paths out of
# it, and fetches at most 10 MiB: checked here rather than on a student's push.
[ -z "$(find "$bundle" ! -type f ! -type d)" ] || fail "the bundle holds something that is not a file: $(find "$bundle" ! -type f ! -type d | head -1)"
(cd "$bundle" && tar -czf "$stage/bundle.tar.gz" .)
bytes=$(wc -c <"$stage/bundle.tar.gz")
[ "$bytes" -le 10485760 ] || fail "the bundle is $bytes bytes compressed; Classroom 50 fetches at most 10 MiB"

target=$out/$classroom/autograders/$assignment
mkdir -p "$(dirname "$target")"
mv "$bundle" "$target"
# The runtime block: apt packages for ubuntu-latest (.ci/install-deps.sh's,
# which Ubuntu spells the same), Classroom 50's default Python.
{
  printf '{\n  "runs-on": "ubuntu-latest",\n  "python": "3.14",\n  "apt": ['
  separator=
  for package in $(cat distribution/classroom50/runtime-packages.txt); do
    printf '%s\n    "%s"' "$separator" "$package"
    separator=,
  done
  printf '\n  ]\n}\n'
} >"$out/runtime.json"
printf '[\n  "classroom50-assets/results.json",\n  "classroom50-assets/feedback.md"\n]\n' >"$out/release_assets.json"
sed -e "s/@CLASSROOM@/$classroom/g" -e "s/@ASSIGNMENT@/$assignment/g" -e "s/@HIDDEN@/$include_hidden/g" \
  distribution/classroom50/GUIDE.md >"$out/CLASSROOM50.md"

files=$(find "$target" -type f | wc -l)
echo "Wrote $out: $classroom/autograders/$assignment/ ($files files, $bytes bytes as Classroom 50's tar.gz;" \
  "hidden tests: $include_hidden), runtime.json, release_assets.json and CLASSROOM50.md (read it next)."
