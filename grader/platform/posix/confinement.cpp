// The portable POSIX backend's confinement, which is none: POSIX has no
// Landlock and no seccomp (macOS's sandbox_init is deprecated and
// undocumented). A runner here is held by what child_process.cpp sets for
// every child (its own process group, killed whole at the end; rlimits on
// CPU, memory, file size, processes and descriptors; a scratch folder and a
// clean environment) and by the runner's fork guard (runner/fork_guard.cpp).
// docs/ci-and-platforms.md ("What the sandbox enforces, per platform") lists what is missing.
#include "confinement.hpp"

#include <stdexcept>

#include "platform/runner_sandbox.hpp"

namespace assg {

namespace {

std::string lacks(const char* what) {
  return std::string("this grader was built with the portable POSIX backend (ASSG_PLATFORM=posix), which has no ") +
         what;
}

}  // namespace

SandboxSupport detect_sandbox_support() {
  SandboxSupport support;
  support.landlock_missing = lacks("Landlock");
  support.seccomp_missing = lacks("seccomp");
  return support;
}

PlatformBackend platform_backend() { return PlatformBackend::Posix; }

bool confine_self(const std::vector<std::string>&, const std::vector<std::string>&, std::string& why) {
  why = "the portable POSIX backend cannot confine the compiler (no Landlock)";
  return false;
}

namespace confinement {

std::string unconfined_description() {
  return "reduced (POSIX backend): rlimits, a process group, a fork guard and a scratch folder only";
}

// Never reached: RunnerSandbox asks for a filter only where
// detect_sandbox_support() says there is seccomp.
std::vector<std::uint8_t> build_process_filter() { throw std::runtime_error(lacks("seccomp")); }
std::unique_ptr<std::uint8_t[]> filter_program(std::vector<std::uint8_t>&) { return nullptr; }
int filter_file(const std::vector<std::uint8_t>&) { throw std::runtime_error(lacks("seccomp")); }
int case_ruleset(int, const std::string&, const std::string&) { throw std::runtime_error(lacks("Landlock")); }
ChildConfinement child_confinement() { return nullptr; }

}  // namespace confinement

}  // namespace assg
