// The runner's sandbox on every backend: the scratch folders, the clean
// environment and the launcher's supervisor pipe. What confines a process
// (Landlock, seccomp) comes from the backend (confinement.hpp).
#include "platform/runner_sandbox.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "confinement.hpp"
#include "platform/supervisor_report.hpp"

namespace assg {

namespace {

std::string make_scratch_root() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  std::string pattern = base + "/assg-runner-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error(fmt::format("cannot create a scratch folder in {}: {}", base, std::strerror(errno)));
  return pattern;
}

// Removes what a case left, even folders it made unreadable to its owner.
void remove_tree(const std::string& folder) {
  std::error_code error;
  if (std::filesystem::remove_all(folder, error) != static_cast<std::uintmax_t>(-1) && !error) return;
  for (auto it = std::filesystem::recursive_directory_iterator(
           folder, std::filesystem::directory_options::skip_permission_denied, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
    if (it->is_directory(error)) ::chmod(it->path().c_str(), 0700);
  ::chmod(folder.c_str(), 0700);
  std::filesystem::remove_all(folder, error);
}

}  // namespace

RunnerSandbox::RunnerSandbox(SandboxMode mode, std::string runner, int launcher_seccomp_fd,
                             const std::string& launcher_name, int launcher_status_fd)
    : mode_(mode),
      runner_(std::move(runner)),
      launcher_seccomp_fd_(launcher_seccomp_fd),
      launcher_status_fd_(mode == SandboxMode::Launcher ? launcher_status_fd : -1) {
  const auto support = detect_sandbox_support();
  const bool want_seccomp = mode == SandboxMode::Landlock || (mode == SandboxMode::Launcher && launcher_seccomp_fd >= 0);
  if (mode == SandboxMode::Landlock && support.landlock_abi == 0)
    throw std::runtime_error("no Landlock sandbox: " + support.landlock_missing);
  if (want_seccomp && !support.seccomp) throw std::runtime_error("no seccomp filter: " + support.seccomp_missing);
  landlock_abi_ = mode == SandboxMode::Landlock ? support.landlock_abi : 0;
  if (want_seccomp) {
    seccomp_ = confinement::build_process_filter();
    seccomp_program_ = confinement::filter_program(seccomp_);
  }
  root_ = make_scratch_root();
  switch (mode) {
    case SandboxMode::None: description_ = confinement::unconfined_description(); break;
    case SandboxMode::Landlock: description_ = fmt::format("Landlock (ABI {}) + seccomp", landlock_abi_); break;
    case SandboxMode::Launcher: description_ = launcher_name + (want_seccomp ? " + seccomp" : ""); break;
  }
}

RunnerSandbox::~RunnerSandbox() { remove_tree(root_); }

std::unique_ptr<RunnerSandbox::Case> RunnerSandbox::prepare_case() {
  static std::atomic<int> counter{0};
  auto prepared = std::make_unique<Case>();
  prepared->owner_ = this;
  prepared->folder_ = fmt::format("{}/case-{}", root_, counter.fetch_add(1));
  if (::mkdir(prepared->folder_.c_str(), 0700) != 0)
    throw std::runtime_error(fmt::format("cannot create {}: {}", prepared->folder_, std::strerror(errno)));
  if (mode_ == SandboxMode::Landlock)
    prepared->ruleset_fd_ = confinement::case_ruleset(landlock_abi_, runner_, prepared->folder_);
  // The launcher reads the filter from its start: a fresh file per case.
  if (mode_ == SandboxMode::Launcher && !seccomp_.empty()) prepared->seccomp_fd_ = confinement::filter_file(seccomp_);
  if (launcher_status_fd_ >= 0) {
    int fds[2];
    if (::pipe(fds) != 0)
      throw std::runtime_error(fmt::format("cannot create the supervisor's pipe: {}", std::strerror(errno)));
    prepared->status_read_fd_ = fds[0];
    prepared->status_write_fd_ = fds[1];
    for (const int fd : fds) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  }
  return prepared;
}

RunnerSandbox::Case::~Case() {
  if (ruleset_fd_ >= 0) ::close(ruleset_fd_);
  if (seccomp_fd_ >= 0) ::close(seccomp_fd_);
  if (status_read_fd_ >= 0) ::close(status_read_fd_);
  if (status_write_fd_ >= 0) ::close(status_write_fd_);
  if (!folder_.empty()) remove_tree(folder_);
}

void RunnerSandbox::Case::apply(ChildLimits& limits) const {
  // The launcher's own view decides where the runner works (its /tmp).
  const bool launcher = owner_->mode_ == SandboxMode::Launcher;
  limits.working_directory = launcher ? std::string() : folder_;
  if (launcher && seccomp_fd_ >= 0) limits.pass_fds.emplace_back(seccomp_fd_, owner_->launcher_seccomp_fd_);
  if (status_write_fd_ >= 0) limits.pass_fds.emplace_back(status_write_fd_, owner_->launcher_status_fd_);
  // A clean environment: nothing of the grader's (tokens in CI, the
  // instructor's variables, paths to the fixtures) reaches the solution;
  // its temporary files stay in its folder.
  const std::string home = launcher ? "/tmp" : folder_;
  std::vector<std::string> environment = {"PATH=/usr/bin:/bin", "HOME=" + home, "TMPDIR=" + home, "LANG=C.UTF-8"};
  for (const auto& variable : limits.environment) environment.push_back(variable);
  limits.environment = std::move(environment);
  limits.replace_environment = true;
  if (launcher) return;
  limits.landlock_ruleset_fd = ruleset_fd_;
  limits.seccomp_program = owner_->seccomp_program_.get();
  if (ruleset_fd_ >= 0 || limits.seccomp_program != nullptr) limits.confine = confinement::child_confinement();
}

void RunnerSandbox::Case::read_supervisor_report(ChildResult& run, double cpu_limit_seconds) {
  if (status_read_fd_ < 0) return;
  // The supervisor wrote its one line before it exited; the write end we
  // hold is closed first, so that the read below cannot wait.
  ::close(status_write_fd_);
  status_write_fd_ = -1;
  std::string text;
  char buffer[256];
  for (ssize_t got; (got = ::read(status_read_fd_, buffer, sizeof buffer)) > 0 && text.size() < 4096;)
    text.append(buffer, static_cast<std::size_t>(got));
  apply_supervisor_report(run, decode_supervisor_report(text), cpu_limit_seconds);
}

std::uint64_t process_limit_with_headroom(std::uint64_t headroom) {
  // /proc/loadavg's fourth field is "running/total" scheduling entities
  // (processes and threads) on the whole machine: an upper bound on the
  // user's own.
  std::ifstream loadavg("/proc/loadavg");
  double one = 0, five = 0, fifteen = 0;
  char slash = 0;
  std::uint64_t running = 0, total = 0;
  if (loadavg >> one >> five >> fifteen >> running >> slash >> total && slash == '/') return total + headroom;
  return 4096 + headroom;  // no /proc (macOS): a generous fixed bound
}

std::vector<std::string> junk_memory_environment() {
  return {"MALLOC_PERTURB_=128", "GLIBC_TUNABLES=glibc.malloc.tcache_count=0", "MallocPreScribble=1",
          "MallocScribble=1"};
}

}  // namespace assg
