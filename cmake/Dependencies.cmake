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

# assg_dependency(<package> <target> <version> <git-url> <git-tag> [find_package args...])
macro(assg_dependency package target version url tag)
  find_package(${package} ${version} QUIET ${ARGN})
  if(NOT TARGET ${target})
    if(ASSG_FETCH_MISSING_DEPS)
      message(STATUS "${package} not found: downloading ${url} (${tag})")
      FetchContent_Declare(${package} GIT_REPOSITORY ${url} GIT_TAG ${tag} GIT_SHALLOW TRUE)
      FetchContent_MakeAvailable(${package})
    else()
      message(
        FATAL_ERROR
          "${package} ${version} (CMake target ${target}) was not found.\n"
          "  Debian/Ubuntu: sudo apt-get install ${ASSG_DEBIAN_PACKAGES}\n"
          "  macOS:         brew install ${ASSG_BREW_PACKAGES}\n"
          "  or configure with -DASSG_FETCH_MISSING_DEPS=ON to download it.")
    endif()
  endif()
endmacro()

set(EIGEN_BUILD_DOC OFF CACHE BOOL "" FORCE)
assg_dependency(Eigen3 Eigen3::Eigen 3.4 https://gitlab.com/libeigen/eigen.git 3.4.0 NO_MODULE)
assg_dependency(fmt fmt::fmt 8 https://github.com/fmtlib/fmt.git 10.2.1)
assg_dependency(nlohmann_json nlohmann_json::nlohmann_json 3.10 https://github.com/nlohmann/json.git v3.11.3)
assg_dependency(CLI11 CLI11::CLI11 2.1 https://github.com/CLIUtils/CLI11.git v2.4.1)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
assg_dependency(GTest GTest::gtest 1.11 https://github.com/google/googletest.git v1.14.0)
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

# The runner's seccomp filter (grader/harness/runner_sandbox.cpp) is compiled
# by libseccomp: required on Linux, where every grade must be taken under the
# same sandbox; other systems grade without one (README: threat model).
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  find_package(PkgConfig)
  if(PkgConfig_FOUND)
    pkg_check_modules(LIBSECCOMP IMPORTED_TARGET libseccomp>=2.5)
  endif()
  if(NOT TARGET PkgConfig::LIBSECCOMP)
    message(FATAL_ERROR "The grader's sandbox needs libseccomp (2.5 or later) and pkg-config.\n"
                        "  Debian/Ubuntu: sudo apt-get install libseccomp-dev pkg-config")
  endif()
endif()
