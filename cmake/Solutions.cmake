# Building solutions into runner programs.
#
# Every file compiled against the assignment interface gets
# student/assg_tasks.hpp forced in first, through one precompiled header:
# that keeps Eigen's index checks on even if a solution includes Eigen
# before the interface, and makes recompiling a solution fast (Eigen's
# tensor headers are most of the compile time).

set(ASSG_INTERFACE_HEADER "${PROJECT_SOURCE_DIR}/student/assg_tasks.hpp")

# The target that owns the precompiled header; the others reuse it.
set(ASSG_PCH_OWNER assg_runner_support)

function(assg_force_interface_header target)
  if(CMAKE_DISABLE_PRECOMPILE_HEADERS)
    target_compile_options(${target} PRIVATE "SHELL:-include ${ASSG_INTERFACE_HEADER}")
  elseif(target STREQUAL ASSG_PCH_OWNER)
    target_precompile_headers(${target} PRIVATE "${ASSG_INTERFACE_HEADER}")
  else()
    target_precompile_headers(${target} REUSE_FROM ${ASSG_PCH_OWNER})
  endif()
endfunction()

# assg_add_runner(<name> <solution.cpp>...): the program the grader runs a
# solution in. It links only the solution, the interface and the protocol:
# never the reference implementation, never the expected values.
function(assg_add_runner name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE assg_runner_main assg_runner_support assg_solution_build)
  assg_force_interface_header(${name})
endfunction()
