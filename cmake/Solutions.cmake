# Building solutions into runner programs.
#
# Every file compiled against the assignment interface gets
# student/assg_tasks.hpp forced in first, through one precompiled header:
# that keeps Eigen's index checks on even if a solution includes Eigen
# before the interface, and makes recompiling a solution fast (Eigen's
# tensor headers are most of the compile time).

set(ASSG_INTERFACE_HEADER "${PROJECT_SOURCE_DIR}/student/assg_tasks.hpp")

# The target that owns the precompiled header; the others reuse it.
set(ASSG_PCH_OWNER assg_solution_pch)

# assg_force_interface_header(<target> [TEXTUAL]): TEXTUAL for targets whose
# preprocessor definitions differ from a runner's (GCC refuses a precompiled
# header built with other macros), which then include the header as text.
function(assg_force_interface_header target)
  if(CMAKE_DISABLE_PRECOMPILE_HEADERS OR "TEXTUAL" IN_LIST ARGN)
    target_compile_options(${target} PRIVATE "SHELL:-include \"${ASSG_INTERFACE_HEADER}\"")
  elseif(target STREQUAL ASSG_PCH_OWNER)
    target_precompile_headers(${target} PRIVATE "${ASSG_INTERFACE_HEADER}")
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
  target_link_libraries(${name} PRIVATE assg_runner_main assg_runner_support assg_solution_build assg_sanitizers)
  assg_force_interface_header(${name})
endfunction()
