// What assg-supervise tells the grader about the runner it started inside a
// launcher's sandbox (grade-all's bubblewrap). A sandbox reports its
// command's death by signal N as exit status 128 + N, the same as a
// command's own exit(128 + N); the supervisor, our own program and the
// sandbox's process 1, waits for the runner itself and reports how it
// really ended, and the CPU time it used, on a pipe the runner never holds.
#pragma once

#include <optional>
#include <string>

#include "platform/child_process.hpp"

namespace assg {

struct SupervisorReport {
  enum class Kind { Exited, Signaled, SetupFailed };
  Kind kind = Kind::SetupFailed;
  int code = 0;  // Exited: the exit status; Signaled: the signal; SetupFailed: errno
  double cpu_seconds = 0.0;
  std::string failed_step;  // SetupFailed: "seccomp" or "exec"
};

// One line of text ("exited 152 0.012000\n"), short enough for one atomic
// write to a pipe.
std::string encode_supervisor_report(const SupervisorReport& report);
// std::nullopt for anything but exactly one well-formed line.
std::optional<SupervisorReport> decode_supervisor_report(const std::string& text);

// `run` (the launcher's run) made to say how the runner ended, from the
// supervisor's report: its exit status or signal as the runner had them, a
// CPU-time limit (`cpu_limit_seconds`) reached as TimedOut, and its CPU
// time. A run the grader itself stopped (a timeout, Ctrl-C) keeps its
// ending; a launcher that ended with no report never started the runner,
// which is the harness's failure (SpawnFailed), never the student's.
void apply_supervisor_report(ChildResult& run, const std::optional<SupervisorReport>& report,
                             double cpu_limit_seconds);

}  // namespace assg
