#!/bin/sh
# Makes sure a Debian/Ubuntu machine has what this project needs.
#
#   .ci/install-deps.sh          what `make test` and `make grade-all` need
#   .ci/install-deps.sh check    what `make check` needs as well
#
# Missing packages are installed with apt-get when run as root; otherwise the
# exact command to run is printed and the script exits with status 2. On
# other systems (macOS, ...) it does nothing: CMake's find_package reports
# what is missing, with the Homebrew command to install it.
set -eu

profile=${1:-test}
required="cmake g++ make pkg-config libeigen3-dev libgtest-dev libfmt-dev nlohmann-json3-dev libcli11-dev libseccomp-dev"
# libseccomp-dev, pkg-config: the runner's seccomp filter. ninja: faster
# builds (make is used without it).
optional="ninja-build"
# grade-all, in the instructor's repository only (the student release has
# none): libarchive and libcrypto read and fingerprint submissions;
# bubblewrap gives it namespaces (without it, it falls back to Landlock:
# see docs/architecture.md).
if [ -d "$(dirname "$0")/../grader/grade_all" ]; then
  required="$required libarchive-dev libssl-dev"
  optional="$optional bubblewrap"
fi
if [ "$profile" = check ]; then
  # NumPy: the independent oracle; chromium: the class report is rendered
  # for real; parallel: docs/instructor.md's GNU parallel recipe is run; zip: the
  # archive tests; PyYAML: the release's CI files are parsed and run.
  required="$required python3 python3-numpy python3-yaml chromium parallel bubblewrap zip"
  # make test SANITIZE=1 under clang (flow.make_test_sanitize_clang): clang
  # 14, its sanitizer runtime and its llvm-symbolizer.
  required="$required clang-14 libclang-rt-14-dev llvm-14"
  # The release built as a Mac builds it (release.libcxx): clang 14 with
  # libc++, and GoogleTest's sources to build it against libc++.
  required="$required libc++-14-dev libc++abi-14-dev googletest"
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0

missing_from() {
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      printf ' %s' "$package"
    fi
  done
}

missing=$(missing_from $required)
missing_optional=$(missing_from $optional)
[ -z "$missing" ] && { [ -z "$missing_optional" ] || [ "$(id -u)" != 0 ]; } && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "Installing:$missing$missing_optional"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  # Fresh images often ship without package lists: fetch them first then.
  if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
    apt-get update -qq >"$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 2; }
  fi
  if ! apt-get install -y -qq --no-install-recommends $missing $missing_optional >"$log" 2>&1; then
    # Stale lists: refresh them and try once more.
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing $missing_optional; } >"$log" 2>&1; then
      cat "$log"
      rm -f "$log"
      echo "Could not install:$missing (see apt-get's messages above)"
      exit 2
    fi
  fi
  rm -f "$log"
  exit 0
fi

echo "This project needs packages that are not installed:$missing"
echo "Install them with:"
echo "    sudo apt-get update && sudo apt-get install -y$missing$missing_optional"
exit 2
