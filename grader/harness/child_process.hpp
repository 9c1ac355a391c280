// Runs one program as a child with its own process group, feeds it stdin,
// collects what it writes on a reply pipe (fd 3) and on stdout/stderr, and
// enforces a wall-clock limit. On timeout, or as soon as the child ends, the
// whole process group is killed, so nothing the child started outlives it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assg {

struct ChildLimits {
  double timeout_seconds = 10.0;                     // wall clock
  std::optional<std::uint64_t> address_space_bytes;  // RLIMIT_AS
  std::size_t output_cap_bytes = 64 * 1024;          // the last this many bytes of stdout+stderr are kept
  std::vector<std::string> environment;              // NAME=value, added to the inherited environment
  std::size_t reply_cap_bytes = 0;                   // a longer reply kills the child (0: no cap)
};

struct ChildResult {
  enum class Ending { Exited, Signaled, TimedOut, SpawnFailed };
  Ending ending = Ending::SpawnFailed;
  int exit_code = 0;  // Exited
  int signal = 0;     // Signaled
  std::vector<std::uint8_t> reply;
  bool reply_too_large = false;  // over reply_cap_bytes: the child was killed
  std::string output;  // the end of interleaved stdout and stderr, at most output_cap_bytes
  bool output_truncated = false;
  std::uint64_t output_bytes = 0;  // all the child printed
  double wall_seconds = 0.0;
  std::string spawn_error;  // SpawnFailed: the runner could not be started (not the student's fault)
};

// Thread-safe: several children may run at once from different threads.
ChildResult run_child(const std::string& program, const std::vector<std::string>& arguments,
                      const std::vector<std::uint8_t>& input, const ChildLimits& limits);

// "SIGSEGV (segmentation fault)".
std::string describe_signal(int signal);

}  // namespace assg
