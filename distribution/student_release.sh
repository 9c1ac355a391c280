#!/usr/bin/env bash
# What `make student-release OUT=dir` runs: writes the repository students
# get (a template repository on GitHub or GitLab, a zip on the course page) from this one.
#
#   distribution/student_release.sh OUT
#
# The release holds the interface header and the stubs, the grader (without
# grade-all and without the gradient check, which runs the reference), the
# visible fixtures and their table of known mistakes, the rubric, the
# Makefile (without the instructor's targets) and CMake, the student README,
# the CI files (GitHub Actions' .github/workflows/grade.yml, GitLab's
# .gitlab-ci.yml) and the dev container (Codespaces). It holds no reference source, no hidden
# specs and no instructor tooling; the files are picked by name (an allow
# list), so a new instructor file is left out until it is added here.
# Before it finishes it checks that no line of the reference, its mutants or
# the project's full-marks solutions appears anywhere in the release.
#
# OUT must not exist or be empty. With git, OUT becomes a repository with
# one commit. Exit status: 0 written, 2 refused (nothing written).
#
# Each release is recorded in a manifest, distribution/releases/<UTC time>-<id>.json
# (RELEASE_MANIFESTS=dir writes it there instead): every released file but
# the student's own (student/assg_tasks.cpp) with the SHA-256 of its bytes.
# Commit it. grade-all (and Gradescope, which ships the manifests) flags a
# student's copy of an instructor file only if it matches neither the
# current file nor any release's, so that a rubric reweighted or a fixture
# fixed after the release never flags the students who kept what they got.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fail() {
  echo "make student-release: $*" >&2
  exit 2
}

[ $# -eq 1 ] || fail "usage: distribution/student_release.sh OUT"
out=$1
case $out in /*) ;; *) out=$PWD/$out ;; esac
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  fail "$out is not empty; give a new folder (the release is written from scratch)"
fi
[ -f "$root/reference/assg_tasks_reference.cpp" ] || fail "run it in the instructor's repository (no reference/ here)"

in_git=false
git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
if $in_git && ! git -C "$root" diff --quiet HEAD -- grader/ fixtures/ cmake/ CMakeLists.txt student/assg_tasks.hpp 2>/dev/null; then
  echo "make student-release: warning: grader/, fixtures/, the header or the build files have uncommitted changes; they are released as they are now" >&2
fi

# Written into a folder next to OUT and moved into place only once checked:
# a refused release leaves nothing behind.
final=$out
mkdir -p "$(dirname "$final")"
out=$(mktemp -d "$(dirname "$final")/.student-release.XXXXXX")
trap 'rm -rf "$out"' EXIT
copy() {  # copy FILE...: each file to the same relative path under OUT
  for file in "$@"; do
    mkdir -p "$out/$(dirname "$file")"
    cp -p "$root/$file" "$out/$file"
  done
}
copy_tree() {  # copy_tree DIR [find-args]: the regular files under DIR
  local dir=$1
  shift
  (cd "$root" && find "$dir" -type f ! -name '.*' "$@" -print) | LC_ALL=C sort | while IFS= read -r file; do copy "$file"; done
}

# Build files and the interface.
copy CMakeLists.txt .ci/install-deps.sh
copy_tree cmake -name '*.cmake'
copy_tree student
# The stubs as committed: an instructor trying a solution in the working
# copy must not ship it.
if $in_git && git -C "$root" cat-file -e HEAD:student/assg_tasks.cpp 2>/dev/null; then
  git -C "$root" show HEAD:student/assg_tasks.cpp >"$out/student/assg_tasks.cpp"
  git -C "$root" diff --quiet HEAD -- student/assg_tasks.cpp ||
    echo "make student-release: note: student/assg_tasks.cpp has uncommitted changes; the committed stubs are released" >&2
fi
# The grader: everything but grade-all (which needs the reference for the
# hidden tests) and the gradient check (which runs the reference).
copy grader/CMakeLists.txt grader/rubric.json grader/grade_solution.sh grader/grader_main.cpp
copy_tree grader/common
copy_tree grader/platform
copy_tree grader/model
copy_tree grader/report
copy_tree grader/runner
copy_tree grader/export
copy_tree grader/harness ! -name 'gradient_check.*'
# The visible fixtures and their known mistakes; never fixtures/spec (the
# hidden specs live there).
copy_tree fixtures -maxdepth 1 -name '*.json'
copy_tree fixtures/mistakes -name '*.json'

# The Makefile without the instructor's targets (between #>instructor and #<instructor).
sed '/^#>instructor$/,/^#<instructor$/d' "$root/Makefile" >"$out/Makefile"
cp "$root/distribution/student/README.md" "$out/README.md"
mkdir -p "$out/.github/workflows"
cp "$root/distribution/student/grade.yml" "$out/.github/workflows/grade.yml"
cp "$root/distribution/student/gitlab-ci.yml" "$out/.gitlab-ci.yml"
# GitHub Codespaces and VS Code Dev Containers: a new container runs the
# release's own .ci/install-deps.sh, so it is ready for `make test`.
mkdir -p "$out/.devcontainer"
cp "$root/distribution/student/devcontainer.json" "$out/.devcontainer/devcontainer.json"
printf '%s\n' '/build/' '/build-sanitize/' 'compile_commands.json' >"$out/.gitignore"

# No reference code: every line of the reference, its mutants and the
# project's full-marks solutions is looked for in the release, except the
# lines a released instructor file shares with them (an #include, a
# declaration of the API in the header) and the stubs' lines without a
# statement (the functions' heads and braces): a solution pasted into the
# stubs is found by its statements.
normalized() { sed 's/^[[:space:]]*//; s/[[:space:]]*$//' "$@" | awk 'length($0) >= 24' | LC_ALL=C sort -u; }
work=$(mktemp -d)
trap 'rm -rf "$work" "$out"' EXIT
secret_files=("$root"/reference/*.cpp "$root"/reference/*.hpp "$root"/reference/mutants/*.cpp "$root"/reference/mutants/*.hpp)
for solution in "$root"/tests/solutions/*full_marks*.cpp; do [ -f "$solution" ] && secret_files+=("$solution"); done
normalized "${secret_files[@]}" >"$work/secret"
grep -v ';' "$out/student/assg_tasks.cpp" >"$work/stub_heads.cpp" || true
(cd "$out" && find . -type f ! -path './student/assg_tasks.cpp' ! -path './.git/*' -name '*.[ch]pp' -print0 | xargs -0 cat) >"$work/released.cpp"
normalized "$work/stub_heads.cpp" "$work/released.cpp" >"$work/shared"
LC_ALL=C comm -23 "$work/secret" "$work/shared" >"$work/patterns"
# Whole lines (indentation aside) are compared, in every released file.
find "$out" -type f ! -path "$out/.git/*" -print0 | xargs -0 cat | normalized >"$work/release_lines"
LC_ALL=C comm -12 "$work/patterns" "$work/release_lines" >"$work/hits"
if [ -s "$work/hits" ]; then
  echo "make student-release: reference code found in the release, so none was written:" >&2
  head -10 "$work/hits" | while IFS= read -r line; do
    grep -rnF --exclude-dir=.git -- "$line" "$out" | head -1 | sed "s|^$out/||" >&2
  done
  exit 2
fi

# The release's manifest (grader/grade_all/release_manifest.hpp reads it),
# written before the release is moved into place: a release without its
# manifest would flag its students once a released file changes.
sha256_of() {  # the plain SHA-256 of each file given, one per line
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi | awk '{print $1}'
}
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
manifests=${RELEASE_MANIFESTS:-$root/distribution/releases}
case $manifests in /*) ;; *) manifests=$PWD/$manifests ;; esac
(cd "$out" && find . -type f ! -path './.git/*' ! -path './student/assg_tasks.cpp' | sed 's|^\./||' | LC_ALL=C sort) >"$work/released"
: >"$work/entries"
while IFS= read -r file; do
  printf '%s %s\n' "$(sha256_of "$out/$file")" "$file" >>"$work/entries"
done <"$work/released"
released_at=$(date -u '+%Y-%m-%dT%H:%M:%SZ')
release="$(printf '%s' "$released_at" | tr -d ':-')-$(sha256_of "$work/entries" | cut -c1-8)"
commit=
if $in_git; then
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
  [ -z "$commit" ] || git -C "$root" diff --quiet HEAD -- 2>/dev/null || commit="$commit+changes"
fi
{
  printf '{\n  "release": %s,\n  "released_at": %s,\n  "commit": %s,\n  "files": {\n' \
    "$(json_string "$release")" "$(json_string "$released_at")" "$(json_string "$commit")"
  count=$(wc -l <"$work/entries")
  line=0
  while IFS=' ' read -r digest file; do
    line=$((line + 1))
    printf '    %s: %s%s\n' "$(json_string "$file")" "$(json_string "$digest")" "$([ "$line" -lt "$count" ] && echo ,)"
  done <"$work/entries"
  printf '  }\n}\n'
} >"$work/manifest.json"
mkdir -p "$manifests" || fail "cannot create $manifests for the release's manifest; nothing written"
manifest=$manifests/$release.json
# Staged beside its final name now, renamed into place only once the release
# itself is: a release that fails on the way records no manifest.
staged_manifest=$manifests/.$release.json.tmp
trap 'rm -rf "$work" "$out"; rm -f "$staged_manifest"' EXIT
cp "$work/manifest.json" "$staged_manifest" || fail "cannot write the release's manifest in $manifests; nothing written"

if command -v git >/dev/null 2>&1; then
  (
    cd "$out"
    git init -q
    git add -A
    git -c user.name="$(git config user.name || echo Instructor)" -c user.email="$(git config user.email || echo instructor@localhost)" \
      commit -q -m "Assignment 05: starter code"
  )
fi

files=$(cd "$out" && find . -type f ! -path './.git/*' | wc -l)
rmdir "$final" 2>/dev/null || true
mv "$out" "$final"
chmod 755 "$final"
mv -f "$staged_manifest" "$manifest" ||
  fail "the release is in $final, but its manifest could not be recorded as $manifest"
echo "Wrote the student release to $final ($files files; no reference code found)."
echo "Recorded its files in $manifest: commit it, so that grade-all never flags a student for a change you make after this release."
echo "Next: push it as the template repository students copy (GitHub or GitLab), or zip it for the course page."
