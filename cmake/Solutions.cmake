# Building solutions into runner programs.
#
# Every file compiled against the assignment interface gets
# student/assg_tasks.hpp forced in first, through one precompiled header:
# that keeps Eigen's index checks on even if a solution includes Eigen
# before the interface, and makes recompiling a solution fast (Eigen's
# tensor headers are most of the compile time).

set(ASSG_INTERFACE_HEADER "${PROJECT_SOURCE_DIR}/student/assg_tasks.hpp")
# Forced in after the interface wherever a runner's header is: it keeps a
# function the student defined `inline` in the object file (see the header).
set(ASSG_SOLUTION_PRELUDE "${PROJECT_SOURCE_DIR}/grader/runner/solution_prelude.hpp")

# The target that owns the precompiled header; the others reuse it.
set(ASSG_PCH_OWNER assg_solution_pch)

# assg_force_interface_header(<target> [TEXTUAL]): TEXTUAL for targets
# compiled with other flags than a runner's, or with other values of macros
# the header reads (GCC and clang then refuse the precompiled header), which
# include the header as text. A macro the header never reads, such as fmt's
# FMT_SHARED in the runner's own code, does not matter.
# Targets that share a runner's header get the solution prelude too: each
# links the solution's functions or the fallbacks, never a namespaced copy.
function(assg_force_interface_header target)
  if("TEXTUAL" IN_LIST ARGN)
    target_compile_options(${target} PRIVATE "SHELL:-include \"${ASSG_INTERFACE_HEADER}\"")
  elseif(CMAKE_DISABLE_PRECOMPILE_HEADERS)
    target_compile_options(${target} PRIVATE "SHELL:-include \"${ASSG_INTERFACE_HEADER}\""
                                             "SHELL:-include \"${ASSG_SOLUTION_PRELUDE}\"")
  elseif(target STREQUAL ASSG_PCH_OWNER)
    target_precompile_headers(${target} PRIVATE "${ASSG_INTERFACE_HEADER}" "${ASSG_SOLUTION_PRELUDE}")
  else()
    target_precompile_headers(${target} REUSE_FROM ${ASSG_PCH_OWNER})
  endif()
endfunction()

# assg_add_runner(<name> <solution.cpp>...): the program the grader runs a
# solution in. Set ASSG_RUNNER_EXCLUDE_FROM_ALL to build it only on request. It links only the solution, the interface and the protocol:
# never the reference implementation, never the expected values.
function(assg_add_runner name)
  add_executable(${name} ${ARGN})
  set_target_properties(${name} PROPERTIES EXCLUDE_FROM_ALL ${ASSG_RUNNER_EXCLUDE_FROM_ALL})
  # The fallbacks are an archive, linked after the solution and the code
  # that calls it (assg_runner_support): its weak
  # definitions are only pulled in for functions the solution lacks, and an
  # inline (equally weak) definition of the solution's comes first and wins.
  target_link_libraries(${name} PRIVATE assg_runner_main assg_runner_support assg_runner_fallbacks assg_solution_build
                                        assg_sanitizers)
  assg_force_interface_header(${name})
endfunction()
