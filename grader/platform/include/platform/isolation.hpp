// Where student code runs: compiling a submission and running its runner
// happen inside a sandbox when the machine offers one. Bubblewrap gives a
// private view of the file system (the system read-only, the submission's
// own scratch folder writable, nothing else: not the fixtures, not the other
// students, not the hidden tests), no network, and its own process ids; the
// grader adds its seccomp filter inside. Without bubblewrap, Landlock (and
// the grader's seccomp filter) hides the same files from the compiler and
// the runner, without namespaces; without either, student code runs with
// the instructor's own rights (docs/architecture.md says what is enforced where).
#pragma once

#include <string>
#include <vector>

namespace assg {

struct Isolation {
  enum class Kind { Bubblewrap, Landlock, None };
  Kind kind = Kind::None;
  std::string program;      // absolute path of bwrap, or of assg-confine (Landlock)
  std::string description;  // for people: "bubblewrap (...)"
  // Bubblewrap: assg-supervise, the runner's parent inside the sandbox,
  // which reports how the runner really ended.
  std::string supervisor;
};

// The descriptors the runner's sandbox reads the grader's seccomp filter
// from, and reports on how the runner ended (assg-supervise).
inline constexpr int kSeccompFd = 10;
inline constexpr int kSupervisorStatusFd = 11;

// `choice`: "auto" (bubblewrap, else Landlock, else none), "bwrap",
// "landlock" or "none". Each candidate is tried for real (a namespace may be
// refused). `tools`: the folder of assg-confine and assg-supervise (the
// grader's). Throws std::runtime_error when the named kind does not work here.
Isolation detect_isolation(const std::string& choice, const std::string& tools);

struct SandboxView {
  std::vector<std::string> read_only;  // visible read-only, at the same paths
  std::string writable;                // the one folder visible read-write
  std::string working_directory;
};

// The command prefix that runs a program in the sandbox: the program and its
// arguments follow it. Empty for Kind::None. `seccomp` (for the runner,
// never for the compiler, which starts processes): under bubblewrap, the
// program is started by assg-supervise as the sandbox's process 1, which
// loads the filter the grader hands it on kSeccompFd into the runner alone
// and reports on kSupervisorStatusFd.
std::vector<std::string> sandbox_prefix(const Isolation& isolation, const SandboxView& view, bool seccomp = false);

// What the grader is told about the sandbox it runs the runner in.
std::vector<std::string> grader_sandbox_arguments(const Isolation& isolation);

}  // namespace assg
