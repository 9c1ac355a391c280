#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu image, when the
# autograder is built (from /autograder/source, the zip's contents): it
# installs the packages the grading needs and builds grade-all and
# results-export, exactly as `make grade-all` would on the instructor's
# machine. Every submission is then graded by run_autograder.
#
# Made by `make gradescope`; see docs/instructor.md, "Gradescope", and
# docs/gradescope-images.md (which images, which package versions).
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# What /etc/os-release says, read in a subshell so that its variables do not
# leak into this script.
os_field() {
  [ -r /etc/os-release ] || return 0
  # shellcheck disable=SC1091
  (. /etc/os-release && printf '%s' "${!1:-}")
}

# The log of a failed build starts with what it was built on: the image
# Gradescope gave (the instructor picks it under "Base Image").
report_image() {
  echo "setup.sh: image: $(os_field PRETTY_NAME) (ID=$(os_field ID) VERSION_ID=$(os_field VERSION_ID)" \
       "codename $(os_field VERSION_CODENAME)), $(uname -m)"
}

# On Ubuntu, Eigen, GoogleTest, fmt, nlohmann-json and CLI11 are in the
# universe component (packages.ubuntu.com, jammy and noble). The stock
# ubuntu images list it, and Gradescope does not say whether its images keep
# it; if none of the sources names it, a sources file is added (no
# software-properties-common needed), pointing at the mirror already in use.
ensure_universe() {
  [ "$(os_field ID)" = ubuntu ] || return 0
  local codename
  codename=$(os_field VERSION_CODENAME)
  [ -n "$codename" ] || return 0
  local sources=(/etc/apt/sources.list /etc/apt/sources.list.d)
  if grep -rqsE '^[^#]*[[:space:]]universe([[:space:]]|$)' "${sources[@]}"; then
    return 0
  fi
  local mirror
  mirror=$(grep -rhosE 'https?://[^[:space:]]+/ubuntu(-ports)?/?' "${sources[@]}" | head -n 1 || true)
  mirror=${mirror:-http://archive.ubuntu.com/ubuntu}
  echo "setup.sh: no apt source lists Ubuntu's universe component; adding it ($mirror, $codename)"
  printf 'deb %s %s universe\n' "$mirror" "$codename" "$mirror" "$codename-updates" "$mirror" "$codename-security" \
    >/etc/apt/sources.list.d/assg-universe.list
  apt-get update -qq
}

# Every package the build can use, for the fallback below: the tools and the
# system libraries (never downloaded), then the libraries CMake can download.
fallback_packages="cmake g++ make pkg-config git ca-certificates libseccomp-dev libarchive-dev libssl-dev
  ninja-build bubblewrap libeigen3-dev libgtest-dev libfmt-dev nlohmann-json3-dev libcli11-dev"

# Read whole before matching: grep -q stops at the first match, and apt-cache
# killed by the closed pipe would fail the pipeline under pipefail.
has_candidate() {
  local policy
  policy=$(apt-cache policy "$1" 2>/dev/null) || return 1
  grep -qE '^[[:space:]]*Candidate: [^(]' <<<"$policy"
}

# .ci/install-deps.sh installs what is missing (nothing, when the image has
# it all) and fails if apt cannot install one of them, e.g. a library an
# image's release does not package. Gradescope's builder has the internet,
# so then the packages the image has are installed and CMake downloads the
# rest (ASSG_FETCH_MISSING_DEPS; needs git). Prints ON or OFF for that option.
install_packages() {
  if sh "$source_dir/.ci/install-deps.sh" test >&2; then
    echo OFF
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || return 2
  local available=() package
  for package in $fallback_packages; do
    if has_candidate "$package"; then
      available+=("$package")
    else
      echo "setup.sh: this image has no package $package; CMake will download it if it is a library" >&2
    fi
  done
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${available[@]}" >&2 || return 2
  echo ON
}

# What was found, for the build log: versions decide whether the build works
# (cmake/Dependencies.cmake checks the libraries' ranges).
report_versions() {
  echo "setup.sh: $(cmake --version | head -n 1); $(c++ --version | head -n 1)"
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local package
  for package in libeigen3-dev libgtest-dev libfmt-dev nlohmann-json3-dev libcli11-dev libseccomp-dev \
                 libarchive-dev libssl-dev bubblewrap; do
    dpkg-query -W -f='setup.sh:   ${Package} ${Version}\n' "$package" 2>/dev/null ||
      echo "setup.sh:   $package not installed"
  done
}

build() {
  local fetch_missing=$1
  # The project's own tests are not shipped: build only what grades.
  local generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  cmake -S "$source_dir" -B "$source_dir/build" "${generator[@]}" -DBUILD_TESTING=OFF \
        -DASSG_FETCH_MISSING_DEPS="$fetch_missing"
  # grade-all builds what it runs: the grader, the probe runner whose compile
  # command each submission gets, and the compile sandbox.
  cmake --build "$source_dir/build" --target grade-all results-export --parallel 2  # Eigen-heavy files: more at once may exhaust the image builder's memory
}

main() {
  cd "$source_dir"
  report_image
  ensure_universe
  local fetch_missing
  fetch_missing=$(install_packages)
  report_versions
  build "$fetch_missing"
  # The zip keeps the scripts' modes, but an upload tool may not: run_autograder
  # must be executable wherever Gradescope copies it.
  chmod +x "$source_dir/run_autograder" 2>/dev/null || true
  chmod +x "$source_dir/../run_autograder" 2>/dev/null || true
  echo "setup.sh: built $source_dir/build/bin/grade-all and results-export"
}

# Sourced (by a test, to run one phase), it only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
