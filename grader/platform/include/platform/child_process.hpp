// Runs one program as a child with its own process group, feeds it stdin,
// collects what it writes on a reply pipe (fd 3) and on stdout/stderr, and
// enforces a wall-clock limit. On timeout, or as soon as the child ends, the
// whole process group is killed, so nothing the child started outlives it.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace assg {

struct ChildLimits {
  // Wall clock, whatever the child is doing: the last backstop.
  double timeout_seconds = 10.0;
  // The child is stopped (TimedOut, TimeoutCause::Idle) once its process
  // tree has spent this long neither running nor waiting for a CPU: code
  // that sleeps or waits for input, never code that shares a busy machine.
  // Where that cannot be measured (no /proc), the clock counts instead
  // (TimeoutCause::Clock). Unset: timeout_seconds alone.
  std::optional<double> idle_timeout_seconds;
  std::optional<std::uint64_t> address_space_bytes;  // RLIMIT_AS
  std::size_t output_cap_bytes = 64 * 1024;          // the last this many bytes of stdout+stderr are kept
  std::vector<std::string> environment;              // NAME=value, added to the inherited environment
  std::size_t reply_cap_bytes = 0;                   // a longer reply kills the child (0: no cap)
  std::optional<std::uint64_t> file_size_bytes;      // RLIMIT_FSIZE: no file written larger than this
  std::optional<std::uint64_t> processes;            // RLIMIT_NPROC: a fork bomb stops here
  // RLIMIT_CPU, soft (SIGXCPU) and a second later hard (SIGKILL); either
  // ends the run as TimedOut. Default: the timeout, rounded up, plus 1.
  std::optional<std::uint64_t> cpu_seconds;
  // Set from another thread (e.g. on Ctrl-C): the child is stopped as on a timeout.
  const std::atomic<bool>* cancel = nullptr;
  // Stop the child with SIGTERM first and SIGKILL this much later, for a
  // child that must clean up its own children (the grader); 0: SIGKILL at once.
  double terminate_grace_seconds = 0.0;
  std::string working_directory;  // empty: the caller's
  std::optional<std::uint64_t> open_files;  // RLIMIT_NOFILE
  // `environment` is the child's whole environment, not additions to ours.
  bool replace_environment = false;
  // Confinement applied in the child between fork and exec, after the
  // rlimits: `confine` (which must be async-signal-safe: system calls only)
  // restricts the child, typically to `landlock_ruleset_fd` and
  // `seccomp_program` (runner_sandbox.hpp prepares all three). If it returns
  // false the child stops before exec: a runner never runs less confined
  // than asked.
  bool (*confine)(const ChildLimits&) = nullptr;
  int landlock_ruleset_fd = -1;
  const void* seccomp_program = nullptr;
  // Descriptors handed to the child: ours (first) as the child's (second,
  // above the reply descriptor), e.g. a launcher's seccomp filter and the
  // pipe its supervisor reports on.
  std::vector<std::pair<int, int>> pass_fds;
};

struct ChildResult {
  enum class Ending { Exited, Signaled, TimedOut, SpawnFailed, Cancelled };
  // With TimedOut, what stopped it.
  enum class TimeoutCause {
    CpuLimit,  // it used up its CPU time (RLIMIT_CPU)
    Idle,      // it spent idle_timeout_seconds neither running nor waiting for a CPU
    Clock,     // timeout_seconds on the clock (or the idle time, where it cannot be measured)
  };
  Ending ending = Ending::SpawnFailed;
  TimeoutCause timeout_cause = TimeoutCause::Clock;
  double idle_seconds = 0.0;  // how long the tree was seen neither running nor waiting for a CPU
  int exit_code = 0;  // Exited
  int signal = 0;     // Signaled
  std::vector<std::uint8_t> reply;
  bool reply_too_large = false;  // over reply_cap_bytes: the child was killed
  std::string output;  // the end of interleaved stdout and stderr, at most output_cap_bytes
  bool output_truncated = false;
  std::uint64_t output_bytes = 0;  // all the child printed
  double wall_seconds = 0.0;
  // User + system time of the child and its descendants: those it reaped,
  // and those (a sandbox's runner) killed with it, as last seen running.
  double cpu_seconds = 0.0;
  std::string spawn_error;  // SpawnFailed: the runner could not be started (not the student's fault)
};

// Thread-safe: several children may run at once from different threads.
ChildResult run_child(const std::string& program, const std::vector<std::string>& arguments,
                      const std::vector<std::uint8_t>& input, const ChildLimits& limits);

// Where `name` is found on PATH (then /usr/bin, /bin, /usr/sbin), as an
// absolute path: run_child's execve does not search PATH. A name holding a
// "/" is returned as it is; std::nullopt if it is found nowhere.
std::optional<std::string> find_program(const std::string& name);

// Kills every child run_child is running right now (their whole process
// groups). Async-signal-safe: meant for a SIGTERM/SIGINT handler, so that a
// program stopped part-way leaves no student process behind.
void kill_all_children() noexcept;

// For a process that made itself a child subreaper (PR_SET_CHILD_SUBREAPER):
// reaps the orphans reparented to it (e.g. the inner process bubblewrap
// leaves behind), never a child run_child is waiting for. Call it now and
// then from any thread.
void reap_orphans();

// Keeps the programs this process starts from reading its memory,
// environment and descriptors through /proc (Linux: not dumpable). A no-op
// on the POSIX backend, where another process's memory needs the task port
// (macOS) or ptrace rights that a runner of the same user may still have.
void hide_own_memory();

// Makes this process adopt the orphans of the programs it starts (Linux:
// PR_SET_CHILD_SUBREAPER), for reap_orphans(). False where it cannot: the
// POSIX backend, where init adopts them.
bool adopt_orphans();

// A run killed by SIGXCPU, or by SIGKILL having used its CPU time (the hard
// limit), becomes TimedOut (TimeoutCause::CpuLimit).
void judge_cpu_limit(ChildResult& run, double cpu_limit_seconds);

// "SIGSEGV (segmentation fault)".
std::string describe_signal(int signal);

}  // namespace assg
