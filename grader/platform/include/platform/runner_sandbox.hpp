// Where a solution's runner runs: its own scratch folder per case, and on
// Linux a confinement set up between fork and exec, so that it holds before
// the student's first static initializer:
//   * Landlock (unprivileged, Linux >= 5.13): the filesystem is invisible
//     except the system's libraries, the runner program itself and the
//     case's scratch folder (read-write); TCP is refused (ABI >= 4), and
//     signals and abstract sockets cannot reach outside the sandbox (ABI >= 6);
//   * a seccomp filter (libseccomp): starting a process kills the runner
//     (SIGSYS), sockets other than Unix ones, ptrace, process_vm_*, kill(-1),
//     namespaces and mounts are refused.
// Or, under a launcher that sandboxes by itself (grade-all's bubblewrap),
// only the seccomp filter, handed to the launcher on a file descriptor.
// With the portable POSIX backend (macOS, or ASSG_PLATFORM=posix) there is
// neither: SandboxMode::None, reported as "reduced".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "platform/child_process.hpp"

namespace assg {

// The backend the platform library was built with (CMake's ASSG_PLATFORM):
// Linux (Landlock, seccomp, bubblewrap, cgroups) or the portable POSIX one
// (rlimits, process groups, pipes: what macOS has).
enum class PlatformBackend { Linux, Posix };
PlatformBackend platform_backend();

enum class SandboxMode {
  None,      // rlimits, process group and scratch folder only
  Landlock,  // + Landlock + seccomp
  Launcher,  // the launcher (bubblewrap) sandboxes; + seccomp through it
};

// What the machine allows: Landlock's ABI version (0: none) and whether the
// seccomp filter can be built. Reasons are for the report.
struct SandboxSupport {
  int landlock_abi = 0;
  std::string landlock_missing;  // why not, when landlock_abi == 0
  bool seccomp = false;
  std::string seccomp_missing;
};
SandboxSupport detect_sandbox_support();

class RunnerSandbox {
 public:
  // Throws std::runtime_error when `mode` cannot be had on this machine.
  // `launcher_seccomp_fd`: with SandboxMode::Launcher, the descriptor number
  // the launcher reads the filter from (bwrap --seccomp N); -1: none.
  // `launcher_name`: how the report names a launcher ("bwrap").
  // `launcher_status_fd`: with SandboxMode::Launcher, the descriptor number
  // on which the launcher's supervisor (assg-supervise) reports how the
  // runner ended; -1: the launcher has none, and its exit status is taken
  // as it is.
  RunnerSandbox(SandboxMode mode, std::string runner, int launcher_seccomp_fd = -1,
                const std::string& launcher_name = "a launcher", int launcher_status_fd = -1);
  RunnerSandbox(const RunnerSandbox&) = delete;
  RunnerSandbox& operator=(const RunnerSandbox&) = delete;
  ~RunnerSandbox();

  SandboxMode mode() const { return mode_; }
  // One line for the report and results.json: "Landlock (ABI 7) + seccomp".
  const std::string& description() const { return description_; }

  // One case's scratch folder and confinement, released (folder removed,
  // descriptors closed) when it goes out of scope.
  class Case {
   public:
    Case() = default;
    Case(const Case&) = delete;
    Case& operator=(const Case&) = delete;
    ~Case();
    // Folds the case's confinement, folder and environment into `limits`.
    void apply(ChildLimits& limits) const;
    // After the run: `run` as the launcher's supervisor says the runner
    // ended (supervisor_report.hpp); unchanged where there is none.
    void read_supervisor_report(ChildResult& run, double cpu_limit_seconds);

   private:
    friend class RunnerSandbox;
    std::string folder_;
    int ruleset_fd_ = -1;
    int seccomp_fd_ = -1;
    int status_read_fd_ = -1;  // the supervisor's report, when the launcher has one
    int status_write_fd_ = -1;
    const RunnerSandbox* owner_ = nullptr;
  };
  // Thread-safe. Throws std::runtime_error if the case cannot be set up
  // (the grader's problem, never the student's).
  std::unique_ptr<Case> prepare_case();

 private:
  SandboxMode mode_;
  std::string runner_;
  int launcher_seccomp_fd_;
  int launcher_status_fd_;
  int landlock_abi_ = 0;
  std::string root_;                    // scratch root: one folder per case under it
  std::vector<std::uint8_t> seccomp_;  // the compiled BPF program
  std::unique_ptr<std::uint8_t[]> seccomp_program_;  // struct sock_fprog pointing into seccomp_
  std::string description_;
};

// Restricts this process (and what it runs) with Landlock: the system's
// libraries, /usr and /etc/alternatives (a compiler and its headers), the
// `read` paths read-only and the `write` paths read-write; nothing else.
// For confining a build step (assg-confine). Returns false, with the reason,
// where Landlock is unavailable.
bool confine_self(const std::vector<std::string>& read, const std::vector<std::string>& write, std::string& why);

// How many processes (and threads) the runner's user may have: what the
// machine runs now plus `headroom`, so a fork bomb stops soon but threads
// a solution starts still can be.
std::uint64_t process_limit_with_headroom(std::uint64_t headroom);

// The variables that make every new block of memory a runner gets hold junk
// instead of the zeroes a fresh process usually finds, so that a result
// never set (a forgotten setZero()) fails where the mistake is, every time:
//   * glibc's MALLOC_PERTURB_ (0x80: new blocks read as 1.4e306 as doubles);
//     it never reaches the per-thread cache (tcache), which hands small
//     blocks (up to 1032 bytes) back as they were freed, so the tcache is
//     turned off with GLIBC_TUNABLES;
//   * macOS's MallocPreScribble and MallocScribble (0xAA bytes).
// NAME=value pairs, for ChildLimits::environment.
std::vector<std::string> junk_memory_environment();

}  // namespace assg
