# Compiler settings as INTERFACE targets (cpp-best-practices/cmake_template
# style): nothing global, each target links what applies to it.

option(ASSG_WARNINGS_AS_ERRORS "Treat warnings in the harness's own code as errors" OFF)

# A static library needs only its own objects to be archived, not the
# libraries it links. Without this, the Makefile generator builds linked
# libraries one after another (each waits for the ones it links), which
# made a cold make test without Ninja twice as long (docs/benchmarks.md).
set(CMAKE_OPTIMIZE_DEPENDENCIES ON)

# The platform layer's backend (grader/platform): linux (Landlock, seccomp,
# bubblewrap, cgroups) or posix (fork/exec, rlimits, process groups and
# pipes: what macOS has). Linux can build the POSIX one, which is how it is
# compiled and tested without a Mac (ctest -L posix).
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(assg_default_platform linux)
else()
  set(assg_default_platform posix)
endif()
set(ASSG_PLATFORM "${assg_default_platform}" CACHE STRING "The platform layer's backend: linux or posix")
set_property(CACHE ASSG_PLATFORM PROPERTY STRINGS linux posix)
if(NOT ASSG_PLATFORM MATCHES "^(linux|posix)$")
  message(FATAL_ERROR "ASSG_PLATFORM is \"${ASSG_PLATFORM}\": give linux or posix")
endif()
if(ASSG_PLATFORM STREQUAL "linux" AND NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  message(FATAL_ERROR "ASSG_PLATFORM=linux needs Linux (this is ${CMAKE_SYSTEM_NAME}): give -DASSG_PLATFORM=posix")
endif()

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

# `make test SANITIZE=1`: a runner (the solution, the runner's main and the
# link) built with AddressSanitizer and UndefinedBehaviorSanitizer, in its
# own build folder. The first error stops the runner (-fno-sanitize-recover)
# so the grader can report it as that case's crash. Never linked by the
# grader or by anything else that is not a runner. The runner's support
# library is left uninstrumented (make-fixtures and grade-all link it too):
# the tensors it allocates still get ASan's red zones, as malloc is replaced
# at run time, so the solution's own instrumented code catches overruns
# (student/CMakeLists.txt keeps Eigen's allocator the same on both sides).
option(ASSG_SANITIZE "Build runners with AddressSanitizer and UndefinedBehaviorSanitizer (make test SANITIZE=1)" OFF)
add_library(assg_sanitizers INTERFACE)
if(ASSG_SANITIZE)
  target_compile_options(assg_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(assg_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
# Their runtime checked for, and the symbolizer the grader uses (ASSG_SYMBOLIZER).
include(Sanitizers)

# Golden values must be the same bits on every machine: no fused multiply-add
# (clang contracts a*b+c into one FMA by default on arm64, e.g. Apple Silicon).
add_library(assg_exact_arithmetic INTERFACE)
target_compile_options(assg_exact_arithmetic INTERFACE -ffp-contract=off)

# GCC collects the garbage in its own heap while it compiles, once the heap
# passes a size it picks from the machine's memory (at most 128 MB). The
# grading side's unity files grow it to about 700 MB, and collecting cost
# about 8% of their compile time (docs/benchmarks.md), so for them GCC
# starts collecting at 1 GB. Clang has no such collector. Never a runner's
# flag: a solution is compiled exactly as before.
add_library(assg_compiler_heap INTERFACE)
target_compile_options(assg_compiler_heap INTERFACE "$<$<CXX_COMPILER_ID:GNU>:--param=ggc-min-heapsize=1048576>")

# The grading side's own code (the grader, its harness and platform layer,
# assg-confine; never a runner): its speed changes no grade, as a case's time
# limit is on the runner's CPU time, and it runs for about a second. In the
# optimised build types it is compiled -O1 -g1 rather than the build type's
# -O2 -g: that code is most of a cold `make test` (issue 13), and -O1 keeps
# the flow analysis some warnings need (-Wnull-dereference, -Wmaybe-uninitialized).
# Debug keeps its -O0 -g. No floating-point contraction, so a tolerance
# (atol + rtol * |expected|) is the same bits at every optimisation level.
# In the student edition the grading side is compiled -O0 -g0: it is what a
# student's first `make test` (and every uncached CI run) waits for, and its
# speed at run time hardly shows (the grader over every case takes about a
# second either way; see docs/benchmarks.md). The instructor's edition,
# whose build `make check` runs, keeps -O1 -g1 for those warnings.
if(ASSG_INSTRUCTOR_EDITION)
  set(ASSG_GRADING_FLAGS -O1 -g1)
else()
  set(ASSG_GRADING_FLAGS -O0 -g0)
endif()
add_library(assg_grading_build INTERFACE)
target_compile_options(assg_grading_build INTERFACE "$<$<NOT:$<CONFIG:Debug>>:${ASSG_GRADING_FLAGS}>")
target_link_libraries(assg_grading_build INTERFACE assg_exact_arithmetic assg_compiler_heap)

# Runners are part of `all` unless a caller says otherwise.
set(ASSG_RUNNER_EXCLUDE_FROM_ALL OFF)

# Unity builds for the harness's libraries: their sources share the same
# heavy headers (nlohmann/json, fmt, GoogleTest), which a unity file parses
# and instantiates once per batch instead of once per source. Off to find
# which source breaks when two of them clash (-DASSG_UNITY_BUILD=OFF).
# Never for a runner: a solution is compiled on its own, as written.
option(ASSG_UNITY_BUILD "Compile the harness's libraries as unity builds (faster cold builds)" ON)
function(assg_unity_build target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ${ASSG_UNITY_BUILD})
endfunction()
