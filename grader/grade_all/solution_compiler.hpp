// Compiling one submission into its runner, fast: the grader, the runner's
// support code and the precompiled interface header are built once (by
// CMake, for the instructor's build); per submission only the student's own
// files are compiled, with exactly the command CMake uses for a runner
// (read from compile_commands.json), and linked with the prebuilt parts.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "platform/isolation.hpp"

namespace assg {

struct SolutionToolchain {
  std::vector<std::string> compile;     // the probe solution's command; source and object are replaced
  std::string probe_source;             // the source path to replace
  std::vector<std::string> link;        // compiler + options; objects, then link_inputs, follow
  std::vector<std::string> link_inputs; // prebuilt objects and libraries
  std::vector<std::string> read_only;   // folders compile and link read, for the sandbox
  std::string fingerprint;              // changes whenever any of the above, or a file it names, does
};

// Reads `build_dir`/compile_commands.json and `build_dir`/grade-all/runner_link.txt
// (written by CMake). Throws std::runtime_error saying what to build.
SolutionToolchain load_toolchain(const std::string& build_dir);

struct BuildLimits {
  double timeout_seconds = 180.0;  // compile and link, wall clock, each
  std::uint64_t address_space_bytes = std::uint64_t{6} << 30;
  std::uint64_t file_size_bytes = std::uint64_t{512} << 20;
  const std::atomic<bool>* cancel = nullptr;
  std::vector<std::string> launcher;  // started first, before the sandbox (e.g. the process limit)
};

struct BuildOutcome {
  enum class Status { Built, CompileError, TimedOut, Cancelled, HarnessError };
  Status status = Status::HarnessError;
  std::string log;  // the compiler's and linker's messages
  double seconds = 0.0;
};

// Compiles `sources` (paths relative to `scratch`, e.g. student/assg_tasks.cpp)
// and links `scratch`/runner, in the sandbox, with `scratch` as the working
// directory (so messages name student/assg_tasks.cpp).
BuildOutcome build_solution(const SolutionToolchain& toolchain, const Isolation& isolation,
                            const std::string& scratch, const std::vector<std::string>& sources,
                            const BuildLimits& limits);

}  // namespace assg
