#!/usr/bin/env bash
# The toolchain matrix, run before a release (`make check-platforms`): the
# STUDENT RELEASE, built from this repository, must build and grade the same
# on every Debian and compiler a student may have. Each row is a Debian
# chroot (debootstrap --variant=minbase) in which the release's own
# .ci/install-deps.sh installs what it needs, as a student would, and
# `make test` grades four solutions with known grades:
#
#   the stubs                          total 0
#   tests/solutions/student_style_full_marks.cpp   100
#   tests/solutions/bug_2_2_no_bias.cpp             only task 2.2 loses points
#   tests/hostile/abort.cpp            task 3.3 crashed (SIGABRT), 0 for it; the rest full
#
# A row also fails if the build log shows a compiler warning in the harness's
# own code (a warning in the solution file is the student's business).
# The row sid-fixtures builds the INSTRUCTOR repository (git archive HEAD)
# on sid and checks that `make fixtures` writes the committed fixtures byte
# for byte (CMake 4, Eigen 5, fmt 11, GoogleTest 1.18 there).
#
# It is not part of ctest: it downloads packages and builds the grader once
# per row (about ten minutes a row on two cores).
#
#   tests/platforms/matrix.sh [--rows NAME,...] [--keep] [--list]
#
# Needs root (chroot, mount), python3 and git on the host, and debootstrap
# only to create a missing base chroot. Exit status: 0 every row passed,
# 1 some row failed, 2 bad usage or the host cannot run it.
#
# Environment:
#   ASSG_CHROOTS=/var/tmp/assg-chroots   base-<suite> (debootstrapped once,
#       never modified) and work-<suite> (a copy per run, with the packages)
#   MATRIX_OUT=build-platforms/matrix.md the Markdown table
#   MATRIX_LOGS=build-platforms/logs     one log per command
#   DEBIAN_MIRROR=http://deb.debian.org/debian
# The single quotes around $1, ${Version}, ... are meant: they are expanded
# by the shell or dpkg-query inside the chroot. cleanup runs from a trap.
# shellcheck disable=SC2016,SC2317
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
chroots=${ASSG_CHROOTS:-/var/tmp/assg-chroots}
matrix_out=${MATRIX_OUT:-$repo/build-platforms/matrix.md}
logs=${MATRIX_LOGS:-$repo/build-platforms/logs}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# One row per line: name|suite|compiler|CXX|extra packages|CMAKE_ARGS.
# An empty CXX is the suite's default c++ (whatever CMake picks). The libc++
# row cannot use Debian's libgtest/libfmt (built against libstdc++): fmt is
# header-only and GoogleTest is built from Debian's own sources
# (/usr/src/googletest, package googletest). -stdlib=libc++ goes into
# CMAKE_CXX_FLAGS only: in CMAKE_EXE_LINKER_FLAGS it breaks googletest's C
# check (the C compiler does not know the flag).
# sid-fixtures is of another kind (see fixtures_row).
row_table='bookworm-gcc12|bookworm|gcc 12 (default)|||
bookworm-gcc11|bookworm|g++-11|g++-11|g++-11|
bookworm-clang14|bookworm|clang 14, libstdc++|clang++-14|clang-14|
bookworm-clang14-libcxx|bookworm|clang 14, libc++|clang++-14|clang-14 libc++-14-dev libc++abi-14-dev googletest|-DCMAKE_CXX_FLAGS=-stdlib=libc++ -DASSG_FMT_HEADER_ONLY=ON -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DASSG_FETCH_MISSING_DEPS=ON -DFETCHCONTENT_SOURCE_DIR_GTEST=/usr/src/googletest
trixie-gcc14|trixie|gcc 14 (default)|||
trixie-clang19|trixie|clang 19|clang++-19|clang-19|
sid-gcc|sid|gcc (default)|||
sid-fixtures|sid|gcc (default), instructor repo|||'

usage() {
  cat <<EOF
usage: tests/platforms/matrix.sh [--rows NAME,...] [--keep] [--list]

Builds the student release and grades four known solutions with it in Debian
chroots (one per row), then writes a Markdown table to \$MATRIX_OUT
(default build-platforms/matrix.md). Run as root.

  --rows NAME,...  only these rows (default: all; --list names them)
  --keep           keep the working chroots (\$ASSG_CHROOTS/work-<suite>) and
                   their build folders afterwards, to look into a failure
  --list           list the rows and exit
  -h, --help       this message

Exit status: 0 every row passed, 1 some row failed, 2 bad usage or the host
cannot run it (not root, no python3/git, no debootstrap for a missing base).
EOF
}

finished=false  # true once the run ends as planned (see cleanup)
die() {  # die MESSAGE: a problem with the usage or the host (exit 2)
  echo "matrix.sh: $*" >&2
  finished=true
  exit 2
}

all_rows=$(cut -d'|' -f1 <<<"$row_table" | paste -sd, -)
wanted=$all_rows
keep=false
while [ $# -gt 0 ]; do
  case $1 in
    --rows)
      [ $# -ge 2 ] || die "--rows needs a list of rows (one of: $all_rows)"
      wanted=$2
      shift 2
      ;;
    --rows=*) wanted=${1#--rows=}; shift ;;
    --keep) keep=true; shift ;;
    --list) cut -d'|' -f1,3 <<<"$row_table" | tr '|' '\t'; exit 0 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
IFS=, read -r -a selected <<<"$wanted"
[ ${#selected[@]} -gt 0 ] || die "--rows: no row given (one of: $all_rows)"
for name in "${selected[@]}"; do
  grep -q "^$name|" <<<"$row_table" || die "--rows: no row named '$name' (rows: $all_rows)"
done

[ "$(id -u)" = 0 ] || die "run it as root (it uses chroot and mounts /proc)"
for tool in python3 git chroot mount umount; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed on this machine"
done

row_field() {  # row_field NAME N: field N of the row's line
  grep "^$1|" <<<"$row_table" | cut -d'|' -f"$2"
}

# The suites of the selected rows, in the order --rows names them (the
# rows that matter most can go first): each is set up once and shared by
# its rows.
suites=()
for name in "${selected[@]}"; do
  suite=$(row_field "$name" 2)
  case " ${suites[*]-} " in *" $suite "*) ;; *) suites+=("$suite") ;; esac
done
for suite in "${suites[@]}"; do
  if [ ! -x "$chroots/base-$suite/bin/sh" ] && ! command -v debootstrap >/dev/null 2>&1; then
    die "$chroots/base-$suite does not exist and debootstrap is not installed (apt-get install debootstrap)"
  fi
done

# --------------------------------------------------------------------------- cleanup
# Every mount is recorded and undone on any exit: a chroot left with /proc
# mounted in it cannot be removed safely.
mounts=()
work_roots=()
scratch=$(mktemp -d /tmp/assg-matrix.XXXXXX)
unmount_all() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null ||
      echo "matrix.sh: could not unmount ${mounts[i]}" >&2
  done
  mounts=()
}
cleanup() {
  local status=$? root command=$BASH_COMMAND
  # set -e stops at the first unexpected failure: say which, or the run
  # just ends without a word.
  $finished || [ "$status" = 0 ] || [ "$status" -ge 128 ] ||
    echo "matrix.sh: stopped early (exit status $status) at: $command" >&2
  unmount_all
  if ! $keep; then
    for root in ${work_roots[@]+"${work_roots[@]}"}; do remove_chroot "$root" || status=1; done
  fi
  rm -rf "$scratch"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mounted_under() {  # mounted_under DIR: true if anything is mounted at or below DIR
  awk -v dir="$1" '$2 == dir || index($2, dir "/") == 1 { found = 1 } END { exit !found }' /proc/self/mounts
}
remove_chroot() {  # remove_chroot DIR: rm -rf, but never through a live mount (/proc, /dev)
  local dir
  dir=$(realpath -m "$1")
  [ -e "$dir" ] || return 0
  case $(basename "$dir") in
    work-*) ;;
    *) echo "matrix.sh: refusing to remove $dir (only work-<suite> copies are removed)" >&2; return 1 ;;
  esac
  if mounted_under "$dir"; then
    echo "matrix.sh: refusing to remove $dir: something is still mounted under it (see /proc/self/mounts)" >&2
    return 1
  fi
  rm -rf "$dir"
}

# --------------------------------------------------------------------------- in the chroot
# A clean environment, as a login would give: nothing of the host's (ccache,
# CMAKE_*, a compiler's flags) leaks in.
clean_env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb)
as_root() {  # as_root ROOT COMMAND...
  local root=$1
  shift
  chroot "$root" "${clean_env[@]}" HOME=/root DEBIAN_FRONTEND=noninteractive "$@"
}
as_student() {  # as_student ROOT COMMAND...: as the student would, not root
  local root=$1
  shift
  chroot --userspec=student:student "$root" "${clean_env[@]}" HOME=/home/student USER=student "$@"
}

seconds() { date +%s; }
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# --------------------------------------------------------------------------- the suite
make_base() {  # make_base SUITE: debootstrap the base chroot once
  local base=$chroots/base-$1
  [ -x "$base/bin/sh" ] && return 0
  echo "Creating $base with debootstrap (a few minutes)"
  mkdir -p "$chroots"
  # Into a temporary name first: an interrupted debootstrap leaves no half base.
  rm -rf "$base.partial"
  debootstrap --variant=minbase "$1" "$base.partial" "$mirror" >"$chroots/base-$1.log" 2>&1 || {
    tail -20 "$chroots/base-$1.log" >&2
    return 1
  }
  mv "$base.partial" "$base"
}

# The suite's working copy: the base copied, apt made to work (the date on
# sid's and trixie's Release files is past their Valid-Until in a frozen
# mirror or on a machine with a wrong clock), /proc mounted, a student user
# and the release, then its .ci/install-deps.sh run as root, as the student README
# tells a student to, then the rows' extra compilers.
prepare_suite() {  # prepare_suite SUITE LOGDIR: prints nothing; returns nonzero on failure
  local suite=$1 log=$2 root=$chroots/work-$1 extras=() name packages package
  # Called in an `||` list, where set -e is off: each step says if it failed.
  failed() { echo "$1" >"$log/setup-failure"; return 1; }
  make_base "$suite" || failed "debootstrap $suite failed (see $chroots/base-$suite.log)" || return 1
  remove_chroot "$root" || failed "an old $root could not be removed" || return 1
  work_roots+=("$root")
  cp -a "$chroots/base-$suite" "$root" || failed "could not copy the base chroot" || return 1
  printf 'Acquire::Check-Valid-Until "false";\n' >"$root/etc/apt/apt.conf.d/99no-check-valid-until" &&
    rm -f "$root/etc/resolv.conf" && cp -L /etc/resolv.conf "$root/etc/resolv.conf" ||
    failed "could not configure apt in the chroot" || return 1
  mount -t proc proc "$root/proc" || failed "could not mount /proc in the chroot" || return 1
  mounts+=("$root/proc")
  # debootstrap made the device nodes unless it ran where it could not
  # (a container): then the host's /dev is lent.
  if [ ! -c "$root/dev/null" ]; then
    mount --bind /dev "$root/dev" || failed "could not bind /dev in the chroot" || return 1
    mounts+=("$root/dev")
  fi
  as_root "$root" useradd --create-home --shell /bin/bash student >"$log/setup.log" 2>&1 &&
    mkdir -p "$root/home/student/solutions" "$root/home/student/results" &&
    cp -a "$scratch/release" "$root/home/student/release" &&
    cp "$scratch"/solutions/*.cpp "$root/home/student/solutions/" &&
    as_root "$root" chown -R student:student /home/student ||
    failed "could not set up the student and the release (see setup.log)" || return 1
  echo "  $suite: .ci/install-deps.sh (as root, as a student would)"
  as_root "$root" sh /home/student/release/.ci/install-deps.sh >"$log/install-deps.log" 2>&1 || {
    echo "the release's .ci/install-deps.sh failed (see install-deps.log)" >"$log/setup-failure"
    return 1
  }
  for name in "${selected[@]}"; do
    [ "$(row_field "$name" 2)" = "$suite" ] || continue
    read -r -a packages <<<"$(row_field "$name" 5)"
    for package in ${packages[@]+"${packages[@]}"}; do
      case " ${extras[*]-} " in *" $package "*) ;; *) extras+=("$package") ;; esac
    done
  done
  if [ ${#extras[@]} -gt 0 ]; then
    echo "  $suite: apt-get install ${extras[*]}"
    as_root "$root" apt-get install -y -q --no-install-recommends "${extras[@]}" >"$log/extras.log" 2>&1 ||
      { as_root "$root" apt-get update -q && as_root "$root" apt-get install -y -q --no-install-recommends "${extras[@]}"; } \
        >>"$log/extras.log" 2>&1 || {
      echo "apt-get install ${extras[*]} failed (see extras.log)" >"$log/setup-failure"
      return 1
    }
  fi
}

package_version() {  # package_version ROOT PACKAGE: its installed version, or -
  local version
  version=$(as_root "$1" dpkg-query -W -f='${Version}' "$2" 2>/dev/null) || version=
  printf '%s' "${version:--}"
}

# --------------------------------------------------------------------------- a grading row
# What each of the four solutions must get, read from make test's RESULTS
# JSON (grader/harness/results_json.cpp writes it: total_points, max_points,
# tasks[] with id, points, max_points, status and tests[] with their
# status and message). Prints "ok" or what is wrong.
check_results() {  # check_results DIR: stubs.json full.json bug22.json abort.json and *.rc in DIR
  python3 - "$1" <<'EOF'
import json, sys
from pathlib import Path

folder = Path(sys.argv[1])
problems = []

def load(name):
    try:
        return json.loads((folder / f"{name}.json").read_text())
    except (OSError, ValueError) as error:
        problems.append(f"{name}: no results ({error.__class__.__name__}; see {name}.log)")
        return None

def full(task):
    return abs(task["points"] - task["max_points"]) < 0.005

def exit_status(name):
    return int((folder / f"{name}.rc").read_text())

stubs = load("stubs")
if stubs is not None and stubs["total_points"] != 0:
    problems.append(f"stubs: {stubs['total_points']:g} points, expected 0")

marks = load("full")
if marks is not None:
    if abs(marks["total_points"] - 100) > 0.005 or abs(marks["max_points"] - 100) > 0.005:
        problems.append(f"full marks: {marks['total_points']:g}/{marks['max_points']:g}, expected 100/100")
    if exit_status("full") != 0:
        problems.append(f"full marks: make test exited {exit_status('full')}, expected 0")

mutant = load("bug22")
if mutant is not None:
    lost = sorted(task["id"] for task in mutant["tasks"] if not full(task))
    if lost != ["2.2"]:
        problems.append(f"bug 2.2: points lost in {lost or 'no task'}, expected in 2.2 only")

crash = load("abort")
if crash is not None:
    for task in crash["tasks"]:
        if task["id"] == "3.3":
            crashed = task["status"] == "crashed" and task["points"] == 0 and task["tests"] and all(
                test["status"] == "crashed" and "SIGABRT" in test["message"] for test in task["tests"])
            if not crashed:
                problems.append(f"abort: task 3.3 is {task['status']} with {task['points']:g} points, "
                                "expected every case crashed with SIGABRT and 0")
        elif not full(task):
            problems.append(f"abort: task {task['id']} {task['points']:g}/{task['max_points']:g}, expected full")
    if not any(task["id"] == "3.3" for task in crash["tasks"]):
        problems.append("abort: no task 3.3 in the results")

for name in ("stubs", "bug22", "abort"):
    if (folder / f"{name}.rc").exists() and exit_status(name) == 0:
        problems.append(f"{name}: make test exited 0 although points were lost")

print("; ".join(problems) if problems else "ok")
EOF
}

# Warnings in the harness's own code: every compiler "warning:" line but
# those in the student's file or the solution graded (a solution's
# warnings are shown to the student, they are not the harness's).
harness_warnings() {  # harness_warnings LOG...: prints the lines
  grep -h 'warning:' "$@" | grep -v -e 'student/assg_tasks\.cpp' -e '/home/student/solutions/' || true
}

warning_places() {  # warning_places LOG...: "a.cpp:1,2 b.hpp:3", where the harness warnings are
  # A warning in a system header (GCC's -Wstringop-overread in
  # char_traits.h, ...) is named with the project's line it was reached from
  # (the last "…/rows/<row>/file:line" or "…/instructor/file:line" before it).
  awk '
    { if (match($0, /\/home\/student\/(rows\/[^\/]+|instructor)\/[^ :]+:[0-9]+/)) {
        last = substr($0, RSTART, RLENGTH); sub(/^\/home\/student\/(rows\/[^\/]+|instructor)\//, "", last) } }
    /warning:/ && !/student\/assg_tasks\.cpp/ && !/\/home\/student\/solutions\// {
      if (match($0, /^[^ :]+:[0-9]+/)) place = substr($0, RSTART, RLENGTH); else place = "?"
      if (place ~ /^\/home\/student\//) sub(/^\/home\/student\/(rows\/[^\/]+|instructor)\//, "", place)
      else if (last != "") place = place " (from " last ")"
      if (!seen[place]++) places = places (places == "" ? "" : ", ") place
    }
    END { print places }' "$@"
}

# Fills the globals the table is written from.
declare -A result reason versions compiler_of wall when ran

grade_row() {  # grade_row NAME ROOT LOGDIR
  local name=$1 root=$2 log=$3 cxx cmake_args dir case_name solution rc problems warnings compiler
  cxx=$(row_field "$name" 4)
  cmake_args=$(row_field "$name" 6)
  dir=/home/student/rows/$name
  # A fresh copy of the release per row: nothing is reused between rows.
  as_student "$root" mkdir -p /home/student/rows "/home/student/results/$name"
  as_student "$root" cp -a /home/student/release "$dir"
  local env_args=(CMAKE_BUILD_PARALLEL_LEVEL=2)
  [ -z "$cxx" ] || env_args+=("CXX=$cxx")
  [ -z "$cmake_args" ] || env_args+=("CMAKE_ARGS=$cmake_args")
  for case_name in stubs full bug22 abort; do
    solution=/home/student/solutions/$case_name.cpp
    [ "$case_name" = stubs ] && solution=student/assg_tasks.cpp
    rc=0
    # make test exits 2 when points are lost: that is the expected grade
    # of three of the four, judged from the JSON, not a failure here.
    as_student "$root" env "${env_args[@]}" sh -c 'cd "$1" && make test SOLUTION="$2" RESULTS="$3"' sh \
      "$dir" "$solution" "/home/student/results/$name/$case_name.json" >"$log/$case_name.log" 2>&1 || rc=$?
    echo "$rc" >"$log/$case_name.rc"
    cp "$root/home/student/results/$name/$case_name.json" "$log/" 2>/dev/null || true
  done
  problems=$(check_results "$log") || problems="the results check itself failed (malformed results JSON?)"
  harness_warnings "$log"/*.log >"$log/harness-warnings.txt"
  warnings=$(wc -l <"$log/harness-warnings.txt")
  if [ "$warnings" -gt 0 ]; then
    if [ "$problems" = ok ]; then problems="grades right, but "; else problems="$problems; "; fi
    problems="$problems$warnings harness warning(s) at $(warning_places "$log"/*.log)"
  fi
  compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$root$dir/build/CMakeCache.txt" 2>/dev/null)
  compiler_of[$name]=$( [ -n "$compiler" ] && as_root "$root" "$compiler" --version 2>/dev/null | head -1 || echo "${cxx:-c++}: not configured")
  ran[$name]="make test ×4 (stubs, full marks, bug 2.2, abort)${cxx:+; CXX=$cxx}${cmake_args:+; CMAKE_ARGS=\"$cmake_args\"}"
  if [ "$problems" = ok ]; then result[$name]=pass; reason[$name]=; else result[$name]=FAIL; reason[$name]=$problems; fi
}

# The instructor's repository as committed, on sid: `make fixtures` must
# write the committed fixtures byte for byte (NumPy's order of summation
# and random stream, reimplemented in C++, must not change with the
# compiler or the libraries).
fixtures_row() {  # fixtures_row NAME ROOT LOGDIR
  local name=$1 root=$2 log=$3 dir=/home/student/instructor rc=0 different=() file committed
  mkdir -p "$root$dir" "$scratch/committed"
  git -C "$repo" archive HEAD | tar -x -C "$root$dir"
  git -C "$repo" archive HEAD fixtures | tar -x -C "$scratch/committed"
  # Removed first, so that a fixture make fixtures fails to write is missing,
  # not the committed one compared with itself (the build does not read them).
  rm -f "$root$dir"/fixtures/*.json "$root$dir"/fixtures/mistakes/*.json
  as_root "$root" chown -R student:student "$dir"
  # The instructor's install-deps adds grade-all's libraries (libarchive, libssl).
  if ! as_root "$root" sh "$dir/.ci/install-deps.sh" >"$log/install-deps-instructor.log" 2>&1; then
    result[$name]=FAIL
    reason[$name]="the repository's .ci/install-deps.sh failed (see install-deps-instructor.log)"
  else
    as_student "$root" env CMAKE_BUILD_PARALLEL_LEVEL=2 sh -c 'cd "$1" && make fixtures' sh "$dir" \
      >"$log/fixtures.log" 2>&1 || rc=$?
    for committed in "$scratch"/committed/fixtures/*.json "$scratch"/committed/fixtures/mistakes/*.json; do
      file=${committed#"$scratch/committed/"}
      cmp -s "$committed" "$root$dir/$file" || different+=("$file")
    done
    # A file make fixtures writes that is not committed is a difference too.
    for file in "$root$dir"/fixtures/*.json "$root$dir"/fixtures/mistakes/*.json; do
      [ -e "$scratch/committed/${file#"$root$dir/"}" ] || different+=("${file#"$root$dir/"} (new)")
    done
    harness_warnings "$log/fixtures.log" >"$log/harness-warnings.txt"
    local warnings
    warnings=$(wc -l <"$log/harness-warnings.txt")
    if [ "$rc" != 0 ]; then
      result[$name]=FAIL
      reason[$name]="make fixtures exited $rc (see fixtures.log)"
    elif [ ${#different[@]} -gt 0 ]; then
      result[$name]=FAIL
      reason[$name]="${#different[@]} fixture(s) differ from the committed ones: ${different[*]:0:3}"
    elif [ "$warnings" -gt 0 ]; then
      result[$name]=FAIL
      reason[$name]="fixtures identical, but $warnings warning(s) in the instructor build at $(warning_places "$log/fixtures.log")"
    else
      result[$name]=pass
      reason[$name]=
    fi
  fi
  local compiler
  compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$root$dir/build/CMakeCache.txt" 2>/dev/null)
  compiler_of[$name]=$( [ -n "$compiler" ] && as_root "$root" "$compiler" --version 2>/dev/null | head -1 || echo "c++: not configured")
  ran[$name]="instructor repo (git archive HEAD): make fixtures, fixtures/*.json and fixtures/mistakes/*.json compared with the committed ones"
}

record_versions() {  # record_versions NAME ROOT
  local root=$2 gtest=libgtest-dev
  # The libc++ row builds GoogleTest from Debian's sources, not libgtest-dev.
  case $(row_field "$1" 6) in *FETCHCONTENT_SOURCE_DIR_GTEST*) gtest=googletest ;; esac
  versions[$1]="$(package_version "$root" libeigen3-dev)|$(package_version "$root" libfmt-dev)|$(package_version "$root" "$gtest")$([ "$gtest" = googletest ] && echo ' (src)')|$(package_version "$root" libcli11-dev)|$(package_version "$root" nlohmann-json3-dev)|$(package_version "$root" cmake)"
}

# --------------------------------------------------------------------------- the table
# Rewritten after every row, so that an interrupted run still shows what ran.
write_table() {
  local name eigen fmt gtest cli11 json cmake verdict
  {
    echo "# Toolchain matrix: the student release on Debian chroots"
    echo
    echo "Release built from commit $release_commit by tests/platforms/matrix.sh; library versions are the Debian packages' (dpkg-query)."
    echo
    echo "| platform | compiler | Eigen | fmt | GTest | CLI11 | json | CMake | what was run | result | wall time | date |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for name in "${selected[@]}"; do
      IFS='|' read -r eigen fmt gtest cli11 json cmake <<<"${versions[$name]:--|-|-|-|-|-}"
      verdict=${result[$name]:-not run}
      [ -z "${reason[$name]:-}" ] || verdict="$verdict: ${reason[$name]}"
      echo "| Debian $(row_field "$name" 2) ($name) | ${compiler_of[$name]:--} | $eigen | $fmt | $gtest | $cli11 | $json | $cmake | ${ran[$name]:--} | $verdict | ${wall[$name]:--} | ${when[$name]:--} |"
    done
  } >"$matrix_out"
}

# --------------------------------------------------------------------------- the run
mkdir -p "$logs" "$(dirname "$matrix_out")"
echo "Building the student release from $repo"
# Taken now: a commit made while the matrix runs is not what it tests.
release_commit=$(git -C "$repo" rev-parse --short HEAD)
git -C "$repo" diff --quiet HEAD -- || release_commit="$release_commit (with uncommitted changes)"
# RELEASE_MANIFESTS: a release made for a test records no manifest in the
# repository's distribution/releases/ (grade-all reads those).
RELEASE_MANIFESTS=$scratch/manifests "$repo/distribution/student_release.sh" "$scratch/release" >"$logs/release.log" 2>&1 ||
  { cat "$logs/release.log" >&2; die "the student release could not be built"; }

# make test compiles a solution confined (it may read only itself and the
# interface), so the test solutions that include the reference by relative
# path are pasted into one file, as tests/e2e/hostile does. The mutant
# includes the reference by the test build's include path: it is pointed at
# tests/hostile/reference_solution.hpp (reference + NumPy summation) first.
mkdir -p "$scratch/solutions"
flatten() {  # flatten SOURCE OUT
  python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from solution_text import flatten; print(flatten(sys.argv[2]), end="")' \
    "$repo/tests/e2e/hostile" "$1" >"$2"
}
flatten "$repo/tests/solutions/student_style_full_marks.cpp" "$scratch/solutions/full.cpp"
sed "s|^#include \"assg_tasks_reference.cpp\"$|#include \"$repo/tests/hostile/reference_solution.hpp\"|" \
  "$repo/tests/solutions/bug_2_2_no_bias.cpp" >"$scratch/bug22-unflattened.cpp"
flatten "$scratch/bug22-unflattened.cpp" "$scratch/solutions/bug22.cpp"
flatten "$repo/tests/hostile/abort.cpp" "$scratch/solutions/abort.cpp"
if grep -q '^#include "assg_tasks_reference.cpp"' "$scratch/solutions/bug22.cpp"; then
  die "tests/solutions/bug_2_2_no_bias.cpp no longer includes the reference as expected; update matrix.sh"
fi

for suite in "${suites[@]}"; do
  mkdir -p "$logs/$suite"
  rm -f "$logs/$suite/setup-failure"
  echo "Setting up $suite in $chroots/work-$suite"
  setup_ok=true
  suite_start=$(seconds)
  prepare_suite "$suite" "$logs/$suite" || setup_ok=false
  for name in "${selected[@]}"; do
    [ "$(row_field "$name" 2)" = "$suite" ] || continue
    start=$(seconds)
    mkdir -p "$logs/$name"
    rm -f "$logs/$name"/*
    if ! $setup_ok; then
      result[$name]=FAIL
      reason[$name]="setup: $(cat "$logs/$suite/setup-failure" 2>/dev/null || echo "failed (see $logs/$suite)")"
      versions[$name]="-|-|-|-|-|-"
      compiler_of[$name]=-
      ran[$name]=-
    else
      record_versions "$name" "$chroots/work-$suite"
      if [ "$name" = sid-fixtures ]; then
        fixtures_row "$name" "$chroots/work-$suite" "$logs/$name"
      else
        grade_row "$name" "$chroots/work-$suite" "$logs/$name"
      fi
    fi
    wall[$name]=$(duration $(($(seconds) - start)))
    when[$name]=$(date -u '+%Y-%m-%d %H:%M UTC')
    printf '%-4s %-24s %-40s %s%s\n' "${result[$name]}" "$name" "${compiler_of[$name]}" "${wall[$name]}" \
      "${reason[$name]:+  (${reason[$name]})}"
    write_table
  done
  unmount_all
  if ! $keep; then remove_chroot "$chroots/work-$suite" || true; fi
  echo "  $suite done in $(duration $(($(seconds) - suite_start))) (setup and rows; logs in $logs)"
done

write_table
finished=true
echo "Wrote $matrix_out (record it in docs/ci-and-platforms.md, \"Compilers and library versions\")"
for name in "${selected[@]}"; do
  [ "${result[$name]:-}" = pass ] || exit 1
done
exit 0
