# Jumbo builds: the grading side's five libraries compiled as two unity
# files (issue 13, part 6).
#
# The grading side is five libraries: common, grade model and report (the
# model side), platform and harness (the grading side proper). Each of their
# own unity files parses and instantiates nlohmann/json, fmt and GoogleTest
# again, and that was most of a cold build. A jumbo build compiles the
# model side as one file and the grading side as another, which costs about
# half the CPU time (docs/benchmarks.md). It is what a student's first
# `make test` and every uncached CI run wait for, so the student edition
# uses it. The instructor's edition keeps the five libraries apart, so that
# make check builds and links each layer on its own.
#
# The five libraries are declared exactly as always. assg_jumbo_library()
# adds one more target made of some of their sources, compiled with the
# union of their build requirements; whatever links a layer links the jumbo
# target instead (ASSG_MODEL_SIDE, ASSG_PLATFORM_SIDE and ASSG_GRADING_SIDE
# below), and the layers themselves leave `all`. The split follows the one
# results-export needs: the model side links neither GoogleTest nor
# libseccomp.
if(ASSG_INSTRUCTOR_EDITION)
  set(_assg_jumbo_default OFF)
else()
  set(_assg_jumbo_default ON)
endif()
option(ASSG_JUMBO_BUILD "Compile the grading side's five libraries as two unity files (the student edition's default)"
       ${_assg_jumbo_default})

if(ASSG_JUMBO_BUILD AND NOT ASSG_UNITY_BUILD)
  message(STATUS "ASSG_UNITY_BUILD=OFF: the grading side is compiled file by file, so ASSG_JUMBO_BUILD is off")
  set(ASSG_JUMBO_BUILD OFF)
endif()

# The names to link for a layer. The model side (common, grade model,
# report) links neither GoogleTest nor libseccomp, so results-export still
# links only it; the grading side (platform, harness) links the model side.
if(ASSG_JUMBO_BUILD)
  set(ASSG_MODEL_SIDE assg_model_side)
  set(ASSG_PLATFORM_SIDE assg_grading_side)
  set(ASSG_GRADING_SIDE assg_grading_side)
else()
  set(ASSG_MODEL_SIDE assg_report)
  set(ASSG_PLATFORM_SIDE assg_platform)
  set(ASSG_GRADING_SIDE assg_harness)
endif()

# The jumbo library that replaces <target>, or <target> itself.
function(_assg_jumbo_replacement out_var target)
  set(name "${target}")
  if(TARGET "${name}")
    get_target_property(aliased "${name}" ALIASED_TARGET)
    if(aliased)
      set(name "${aliased}")
    endif()
    get_target_property(jumbo "${name}" ASSG_JUMBO_LIBRARY)
    if(jumbo)
      set(name "${jumbo}")
    endif()
  endif()
  set(${out_var} "${name}" PARENT_SCOPE)
endfunction()

# A member's LINK_LIBRARIES or INTERFACE_LINK_LIBRARIES as the jumbo library
# <jumbo> links them: its fellow members dropped, a member of an earlier
# jumbo library replaced by that library. `::@(...)` entries are CMake's own
# markers for links made from another folder, meaningless once copied.
function(_assg_jumbo_links out_var jumbo)
  set(kept)
  foreach(entry IN LISTS ARGN)
    if(entry MATCHES "^::@")
      continue()
    endif()
    set(wrapped OFF)
    set(name "${entry}")
    if(name MATCHES "^\\$<LINK_ONLY:(.*)>$")
      set(name "${CMAKE_MATCH_1}")
      set(wrapped ON)
    endif()
    _assg_jumbo_replacement(name "${name}")
    if(name STREQUAL jumbo)
      continue()
    endif()
    if(wrapped)
      set(name "$<LINK_ONLY:${name}>")
    endif()
    list(APPEND kept "${name}")
  endforeach()
  list(REMOVE_DUPLICATES kept)
  set(${out_var} "${kept}" PARENT_SCOPE)
endfunction()

# The copy below is of the properties the layers use today. A member that
# sets another one would build differently in the jumbo library, silently,
# so configuring stops instead, naming the member and the property.
function(_assg_jumbo_refuse_uncopied member)
  foreach(property LINK_OPTIONS INTERFACE_LINK_OPTIONS LINK_DIRECTORIES INTERFACE_LINK_DIRECTORIES
                   INTERFACE_SOURCES PRECOMPILE_HEADERS INTERFACE_PRECOMPILE_HEADERS CXX_STANDARD
                   POSITION_INDEPENDENT_CODE COMPILE_FLAGS)
    get_target_property(value ${member} ${property})
    if(value)
      message(FATAL_ERROR "assg_jumbo_library: ${member} sets ${property} (${value}), which "
                          "cmake/JumboBuild.cmake does not copy into the jumbo library: copy it there, "
                          "or configure with -DASSG_JUMBO_BUILD=OFF")
    endif()
  endforeach()
endfunction()

# assg_jumbo_library(<name> <member>...): a static library of the members'
# sources in one unity file, with their build and usage requirements. The
# members stay declared (their folders still say what each layer is and
# links) but leave `all`. <name> may be declared earlier (Ninja starts the
# compiles it was told of first, and these are the longest).
function(assg_jumbo_library name)
  if(NOT TARGET ${name})
    add_library(${name} STATIC)
  endif()
  set_target_properties(${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
  foreach(member IN LISTS ARGN)
    set_target_properties(${member} PROPERTIES ASSG_JUMBO_LIBRARY ${name} EXCLUDE_FROM_ALL ON)
  endforeach()
  foreach(member IN LISTS ARGN)
    _assg_jumbo_refuse_uncopied(${member})
    get_target_property(source_dir ${member} SOURCE_DIR)
    get_target_property(sources ${member} SOURCES)
    foreach(source IN LISTS sources)
      if(NOT IS_ABSOLUTE "${source}")
        set(source "${source_dir}/${source}")
      endif()
      target_sources(${name} PRIVATE "${source}")
    endforeach()
    foreach(property INCLUDE_DIRECTORIES COMPILE_DEFINITIONS COMPILE_OPTIONS COMPILE_FEATURES
                     INTERFACE_INCLUDE_DIRECTORIES INTERFACE_COMPILE_DEFINITIONS INTERFACE_COMPILE_OPTIONS
                     INTERFACE_COMPILE_FEATURES)
      get_target_property(values ${member} ${property})
      if(values)
        set_property(TARGET ${name} APPEND PROPERTY ${property} "${values}")
      endif()
    endforeach()
    foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(values ${member} ${property})
      if(values)
        _assg_jumbo_links(values ${name} ${values})
        set_property(TARGET ${name} APPEND PROPERTY ${property} "${values}")
      endif()
    endforeach()
  endforeach()
endfunction()
