# Third-party libraries, through find_package and their imported targets.
#
# Install them from your system's packages (the README has the one-liners;
# `.ci/install-deps.sh` does it on Debian/Ubuntu). On a machine without
# them, -DASSG_FETCH_MISSING_DEPS=ON downloads the missing ones with
# FetchContent instead; CI never relies on that.

option(ASSG_FETCH_MISSING_DEPS "Download libraries that find_package cannot find" OFF)

set(ASSG_DEBIAN_PACKAGES "pkg-config libeigen3-dev libgtest-dev libfmt-dev nlohmann-json3-dev libcli11-dev libseccomp-dev")
set(ASSG_BREW_PACKAGES "eigen googletest fmt nlohmann-json cli11")
if(ASSG_INSTRUCTOR_EDITION)
  string(APPEND ASSG_DEBIAN_PACKAGES " libarchive-dev libssl-dev")
  string(APPEND ASSG_BREW_PACKAGES " libarchive openssl")
endif()

include(FetchContent)

option(ASSG_FMT_HEADER_ONLY "Use fmt header-only (fmt::fmt-header-only), e.g. with libc++ against a libfmt built for libstdc++" OFF)
option(ASSG_ACCEPT_UNTESTED_VERSIONS "Configure even with a library version outside the tested range" OFF)

# Why not find_package(<package> <version>): each package's version file
# answers a version request its own way, and Eigen 5's (SameMajorVersion)
# refuses a request for 3.4 although 5.x works. So every package is found
# without a version, and its version is then checked here against the range
# this project is known to build with: [minimum, below).
function(assg_check_version package found minimum below)
  if(found STREQUAL "")
    message(STATUS "${package}: version unknown (found without a version file); assuming it is at least ${minimum}")
    return()
  endif()
  if(found VERSION_GREATER_EQUAL minimum AND found VERSION_LESS below)
    message(STATUS "${package} ${found}")
    return()
  endif()
  if(found VERSION_LESS minimum)
    set(problem "is older than ${minimum}, the oldest this project builds with")
  else()
    set(problem "is newer than any version this project was tested with (below ${below})")
    if(ASSG_ACCEPT_UNTESTED_VERSIONS)
      message(WARNING "${package} ${found} ${problem}; configuring anyway (ASSG_ACCEPT_UNTESTED_VERSIONS)")
      return()
    endif()
  endif()
  message(
    FATAL_ERROR
      "${package} ${found} ${problem}. Versions from ${minimum} up to (not including) ${below} work.\n"
      "  Install one: Debian/Ubuntu: sudo apt-get install ${ASSG_DEBIAN_PACKAGES}\n"
      "               macOS:         brew upgrade ${ASSG_BREW_PACKAGES}\n"
      "  or let CMake download a tested one (needs the internet), from a clean build folder:\n"
      "      make clean && make test CMAKE_ARGS=\"-DASSG_FETCH_MISSING_DEPS=ON -DCMAKE_DISABLE_FIND_PACKAGE_${package}=ON\"\n"
      "  or try this one anyway: -DASSG_ACCEPT_UNTESTED_VERSIONS=ON")
endfunction()

# assg_dependency(<package> <target> <minimum> <below> <git-url> <git-tag> [find_package args...])
macro(assg_dependency package target minimum below url tag)
  find_package(${package} QUIET ${ARGN})
  if(TARGET ${target})
    assg_check_version(${package} "${${package}_VERSION}" ${minimum} ${below})
  elseif(ASSG_FETCH_MISSING_DEPS)
    string(TOUPPER "${package}" upper)
    if(FETCHCONTENT_SOURCE_DIR_${upper})
      message(STATUS "${package}: building it from ${FETCHCONTENT_SOURCE_DIR_${upper}}")
    else()
      message(STATUS "${package} not found: downloading ${url} (${tag})")
    endif()
    FetchContent_Declare(${package} GIT_REPOSITORY ${url} GIT_TAG ${tag} GIT_SHALLOW TRUE)
    FetchContent_MakeAvailable(${package})
  else()
    message(
      FATAL_ERROR
        "${package} ${minimum} or later (CMake target ${target}) was not found.\n"
        "  Debian/Ubuntu: sudo apt-get install ${ASSG_DEBIAN_PACKAGES}\n"
        "  macOS:         brew install ${ASSG_BREW_PACKAGES}\n"
        "  or, without sudo: make test CMAKE_ARGS=-DASSG_FETCH_MISSING_DEPS=ON (downloads it; needs the internet).")
  endif()
endmacro()

# The ranges are those of the platform matrix (docs/ci-and-platforms.md: platforms); a
# downloaded copy is the tag given, within them.
set(EIGEN_BUILD_DOC OFF CACHE BOOL "" FORCE)
set(EIGEN_BUILD_TESTING OFF CACHE BOOL "" FORCE)
assg_dependency(Eigen3 Eigen3::Eigen 3.4 6 https://gitlab.com/libeigen/eigen.git 3.4.0 NO_MODULE)
assg_dependency(fmt fmt::fmt-header-only 8.1 13 https://github.com/fmtlib/fmt.git 10.2.1)
assg_dependency(nlohmann_json nlohmann_json::nlohmann_json 3.10 4 https://github.com/nlohmann/json.git v3.11.3)
assg_dependency(CLI11 CLI11::CLI11 2.1 3 https://github.com/CLIUtils/CLI11.git v2.4.1)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
assg_dependency(GTest GTest::gtest 1.11 2 https://github.com/google/googletest.git v1.14.0)

# Everything links fmt through assg::fmt: the compiled library, or with
# ASSG_FMT_HEADER_ONLY its headers alone, for a standard library other than
# the one the system's libfmt was built with (libc++ on Linux).
add_library(assg_fmt INTERFACE)
if(ASSG_FMT_HEADER_ONLY OR NOT TARGET fmt::fmt)
  target_link_libraries(assg_fmt INTERFACE fmt::fmt-header-only)
  set(ASSG_FMT_COMPILED OFF)
else()
  target_link_libraries(assg_fmt INTERFACE fmt::fmt)
  set(ASSG_FMT_COMPILED ON)
endif()
add_library(assg::fmt ALIAS assg_fmt)
find_package(Threads REQUIRED)

# grade-all (the instructor's edition only) reads .zip / .tar.gz submissions
# (libarchive) and fingerprints them with SHA-256 (OpenSSL's libcrypto):
# system libraries, never downloaded.
if(ASSG_INSTRUCTOR_EDITION)
  find_package(LibArchive 3.3)
  find_package(OpenSSL 1.1 COMPONENTS Crypto)
  if(NOT TARGET LibArchive::LibArchive OR NOT TARGET OpenSSL::Crypto)
    message(FATAL_ERROR "grade-all needs libarchive and OpenSSL's libcrypto.\n"
                        "  Debian/Ubuntu: sudo apt-get install libarchive-dev libssl-dev\n"
                        "  macOS:         brew install libarchive openssl")
  endif()
endif()

# The runner's seccomp filter (grader/platform/linux/confinement.cpp) is
# compiled by libseccomp: required by the Linux backend, where every grade
# must be taken under the same sandbox; the POSIX backend has none (docs/ci-and-platforms.md:
# what the sandbox enforces, per platform).
if(ASSG_PLATFORM STREQUAL "linux")
  find_package(PkgConfig)
  if(PkgConfig_FOUND)
    pkg_check_modules(LIBSECCOMP IMPORTED_TARGET libseccomp>=2.5)
  endif()
  if(NOT TARGET PkgConfig::LIBSECCOMP)
    message(FATAL_ERROR "The grader's sandbox needs libseccomp (2.5 or later) and pkg-config.\n"
                        "  Debian/Ubuntu: sudo apt-get install libseccomp-dev pkg-config\n"
                        "  Without admin rights: -DASSG_PLATFORM=posix (make test CMAKE_ARGS=-DASSG_PLATFORM=posix)"
                        " builds the portable backend instead, a reduced sandbox (docs/ci-and-platforms.md: what the sandbox "
                        "enforces, per platform)")
  endif()
endif()
