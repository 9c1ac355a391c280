# Compiler settings as INTERFACE targets (cpp-best-practices/cmake_template
# style): nothing global, each target links what applies to it.

option(ASSG_WARNINGS_AS_ERRORS "Treat warnings in the harness's own code as errors" OFF)

# The language level every target of this project uses.
add_library(assg_options INTERFACE)
target_compile_features(assg_options INTERFACE cxx_std_17)

# Warnings for the harness's own code.
add_library(assg_warnings INTERFACE)
target_compile_options(
  assg_warnings
  INTERFACE -Wall
            -Wextra
            -Wpedantic
            -Wshadow
            -Wnon-virtual-dtor
            -Woverloaded-virtual
            -Wcast-align
            -Wnull-dereference
            -Wformat=2
            -Wimplicit-fallthrough
            $<$<BOOL:${ASSG_WARNINGS_AS_ERRORS}>:-Werror>)

# How every solution (a student's or the reference) and the code linked with
# it are compiled, whatever the build type: optimised, with line-level debug
# information (-g1: source lines in backtraces at a fraction of -g's compile
# time), and with assert() left on (NDEBUG removed) so students' own
# assertions work. Eigen's index checks come from student/eigen_index_checks.hpp.
add_library(assg_solution_build INTERFACE)
target_compile_options(assg_solution_build INTERFACE -O2 -g1 -UNDEBUG -Wall -Wextra -Wno-unused-parameter)
target_link_libraries(assg_solution_build INTERFACE assg_options)

# Golden values must be the same bits on every machine: no fused multiply-add
# (clang contracts a*b+c into one FMA by default on arm64, e.g. Apple Silicon).
add_library(assg_exact_arithmetic INTERFACE)
target_compile_options(assg_exact_arithmetic INTERFACE -ffp-contract=off)

# Runners are part of `all` unless a caller says otherwise.
set(ASSG_RUNNER_EXCLUDE_FROM_ALL OFF)
