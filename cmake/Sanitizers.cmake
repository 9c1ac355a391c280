# make test SANITIZE=1 (ASSG_SANITIZE), at configure time:
#   * the compiler can link a program with -fsanitize=address,undefined, or
#     configuring stops naming the package that holds the sanitizers'
#     runtime (grader/grade_solution.sh reports it as the harness's error,
#     never as the student's compile_error);
#   * ASSG_SYMBOLIZER: the program the grader turns the runner's
#     unsymbolized frames into lines with, after the run and outside the
#     sandbox (grader/harness/offline_symbolizer.hpp).
include_guard(GLOBAL)
include(CheckCXXSourceCompiles)

# What to install for the sanitizers' runtime of this compiler.
function(assg_sanitizer_runtime_advice out)
  string(REGEX MATCH "^[0-9]+" major "${CMAKE_CXX_COMPILER_VERSION}")
  if(CMAKE_CXX_COMPILER_ID STREQUAL "AppleClang")
    string(CONCAT advice "Apple's clang has AddressSanitizer in Xcode and in its Command Line Tools: install or repair them "
               "with  xcode-select --install  (or use Homebrew's llvm: brew install llvm)")
  elseif(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Debian 12 and later, Ubuntu 23.04 and later and apt.llvm.org split the
    # runtime out of clang into libclang-rt-N-dev; Ubuntu 22.04's own clang
    # still has it in libclang-common-N-dev.
    # apt-cache says which of the two this machine's archive has.
    string(CONCAT advice "install clang ${major}'s compiler-rt (Debian and Ubuntu: libclang-rt-${major}-dev, or "
               "libclang-common-${major}-dev on Ubuntu 22.04; Fedora: compiler-rt; Homebrew: brew install llvm)")
    find_program(ASSG_APT_CACHE apt-cache)
    mark_as_advanced(ASSG_APT_CACHE)
    foreach(package IN ITEMS "libclang-rt-${major}-dev" "libclang-common-${major}-dev")
      if(ASSG_APT_CACHE)
        execute_process(COMMAND "${ASSG_APT_CACHE}" show --no-all-versions "${package}"
                        RESULT_VARIABLE unknown OUTPUT_QUIET ERROR_QUIET)
        if(unknown EQUAL 0)
          set(advice "clang ${major}'s sanitizer runtime is in the package ${package}: sudo apt-get install ${package}")
          break()
        endif()
      endif()
    endforeach()
  elseif(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    string(CONCAT advice "GCC ${major}'s libasan and libubsan come with g++-${major} on Debian and Ubuntu (package "
               "libgcc-${major}-dev: sudo apt-get install --reinstall libgcc-${major}-dev); Fedora: sudo dnf install "
               "libasan libubsan; Alpine (musl) has no AddressSanitizer")
  else()
    set(advice "use GCC or clang: ${CMAKE_CXX_COMPILER_ID} is not a compiler make test SANITIZE=1 knows")
  endif()
  set(${out} "${advice}" PARENT_SCOPE)
endfunction()

function(assg_check_sanitizer_runtime)
  # Cached per compiler, so that switching the folder's compiler checks again.
  string(MAKE_C_IDENTIFIER "ASSG_SANITIZERS_LINK_${CMAKE_CXX_COMPILER}_${CMAKE_CXX_FLAGS}" result)
  set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
  set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=address,undefined")
  set(CMAKE_REQUIRED_QUIET ON)
  check_cxx_source_compiles("#include <vector>\nint main() { std::vector<int> v(3); return v[1]; }" ${result})
  if(NOT ${result})
    # Checked again on the next configure, once the package is installed.
    unset(${result} CACHE)
    assg_sanitizer_runtime_advice(advice)
    string(CONCAT text "${CMAKE_CXX_COMPILER} (${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}) cannot link a program "
             "with -fsanitize=address,undefined: its sanitizer runtime is not installed. ${advice}; then run make "
             "test SANITIZE=1 again")
    # For grader/grade_solution.sh, unwrapped: the harness's error, not the student's.
    file(WRITE "${PROJECT_BINARY_DIR}/sanitizer-runtime-missing.txt" "${text}\n")
    message(FATAL_ERROR "make test SANITIZE=1: ${text}.")
  endif()
  file(REMOVE "${PROJECT_BINARY_DIR}/sanitizer-runtime-missing.txt")
endfunction()

# The symbolizer that matches the compiler: clang's own llvm-symbolizer
# (beside the real clang binary, e.g. /usr/lib/llvm-14/bin, or
# llvm-symbolizer-14), GCC's binutils addr2line; then any llvm-symbolizer
# or addr2line; macOS's atos last. Empty if there is none: the runner then
# symbolizes by itself, which GCC's runtime can in the sandbox and clang's
# cannot (the report names the function instead of the line).
function(assg_find_symbolizer)
  string(REGEX MATCH "^[0-9]+" major "${CMAKE_CXX_COMPILER_VERSION}")
  get_filename_component(real_compiler "${CMAKE_CXX_COMPILER}" REALPATH)
  get_filename_component(compiler_dir "${real_compiler}" DIRECTORY)
  set(hints "${compiler_dir}")
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    execute_process(COMMAND "${CMAKE_CXX_COMPILER}" -print-prog-name=llvm-symbolizer
                    OUTPUT_VARIABLE named OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(IS_ABSOLUTE "${named}")
      get_filename_component(named_dir "${named}" DIRECTORY)
      list(APPEND hints "${named_dir}")
    endif()
    set(names llvm-symbolizer-${major} llvm-symbolizer addr2line atos)
  else()
    set(names addr2line llvm-symbolizer atos)
  endif()
  # The compiler's own folder first (NO_DEFAULT_PATH), then PATH.
  find_program(ASSG_SYMBOLIZER NAMES ${names} HINTS ${hints} NO_DEFAULT_PATH
               DOC "Turns a sanitized runner's frames into source lines (make test SANITIZE=1)")
  find_program(ASSG_SYMBOLIZER NAMES ${names}
               DOC "Turns a sanitized runner's frames into source lines (make test SANITIZE=1)")
  if(ASSG_SYMBOLIZER)
    message(STATUS "make test SANITIZE=1 symbolizes with ${ASSG_SYMBOLIZER}")
  else()
    message(WARNING "make test SANITIZE=1: no llvm-symbolizer, addr2line or atos found: a sanitizer's report names "
                    "the function but, under clang, not the line (install binutils or llvm)")
  endif()
endfunction()

if(ASSG_SANITIZE)
  assg_check_sanitizer_runtime()
  assg_find_symbolizer()
endif()
