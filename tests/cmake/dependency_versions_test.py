#!/usr/bin/env python3
"""Configures the project against stand-in packages of chosen versions and
checks what configure says: a version in the tested range is accepted even
where its own version file refuses the request (Eigen 5's SameMajorVersion
file answers no to 3.4), and a version outside it stops configure, naming
the version found, the range and what to do.

The stand-ins are real CMake package files written the way CMake writes
them (write_basic_package_version_file), whose targets point at the
system's real headers, so everything else configures as usual.

usage: dependency_versions_test.py SOURCE_DIR SCRATCH_DIR
"""
import os
import shutil
import subprocess
import sys
import textwrap

source, scratch = sys.argv[1], sys.argv[2]
failures = []


def fake_eigen(version, compatibility):
    """An Eigen3 package of `version` whose Eigen3::Eigen is the real headers."""
    folder = os.path.join(scratch, f"eigen-{version}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "Eigen3Config.cmake"), "w") as out:
        out.write(textwrap.dedent("""\
            if(NOT TARGET Eigen3::Eigen)
              add_library(Eigen3::Eigen INTERFACE IMPORTED)
              set_target_properties(Eigen3::Eigen PROPERTIES INTERFACE_INCLUDE_DIRECTORIES /usr/include/eigen3)
            endif()
            """))
    script = os.path.join(folder, "write_version.cmake")
    with open(script, "w") as out:
        out.write(textwrap.dedent(f"""\
            include(CMakePackageConfigHelpers)
            write_basic_package_version_file("{folder}/Eigen3ConfigVersion.cmake"
              VERSION {version} COMPATIBILITY {compatibility} ARCH_INDEPENDENT)
            """))
    subprocess.run(["cmake", "-P", script], check=True)
    return folder


def configure(name, *options):
    build = os.path.join(scratch, "build-" + name)
    shutil.rmtree(build, ignore_errors=True)
    run = subprocess.run(["cmake", "-S", source, "-B", build, "-DBUILD_TESTING=OFF", *options],
                         capture_output=True, text=True)
    return run.returncode, run.stdout + run.stderr


def expect(name, condition, output):
    if not condition:
        failures.append(name)
        print(f"FAIL {name}\n{output[-3000:]}")
    else:
        print(f"ok   {name}")


# Eigen 5's own version file: SameMajorVersion, as in Eigen 5.0.
rc, out = configure("eigen5", "-DEigen3_DIR=" + fake_eigen("5.0.1", "SameMajorVersion"))
expect("Eigen 5.0.1 (SameMajorVersion file) is accepted", rc == 0 and "Eigen3 5.0.1" in out, out)

rc, out = configure("eigen33", "-DEigen3_DIR=" + fake_eigen("3.3.9", "AnyNewerVersion"))
expect("Eigen 3.3.9 stops configure", rc != 0, out)
expect("... naming the version found and the oldest that works",
       "Eigen3 3.3.9 is older than 3.4" in out, out)
expect("... and what to do", "apt-get install" in out and "ASSG_FETCH_MISSING_DEPS=ON" in out, out)

rc, out = configure("eigen6", "-DEigen3_DIR=" + fake_eigen("6.0.0", "SameMajorVersion"))
expect("an untested Eigen 6.0.0 stops configure", rc != 0 and "Eigen3 6.0.0 is newer than" in out, out)
rc, out = configure("eigen6-accepted", "-DEigen3_DIR=" + fake_eigen("6.0.0", "SameMajorVersion"),
                    "-DASSG_ACCEPT_UNTESTED_VERSIONS=ON")
expect("... unless ASSG_ACCEPT_UNTESTED_VERSIONS, with a warning",
       rc == 0 and "configuring anyway" in out, out)

# The system's own packages, as found: each is named with its version.
rc, out = configure("system")
expect("the system's packages configure, each version named",
       rc == 0 and all(f"-- {p} " in out for p in ("Eigen3", "fmt", "nlohmann_json", "CLI11", "GTest")), out)

sys.exit(1 if failures else 0)
