#include "runner_sandbox.hpp"

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

#include "supervisor_report.hpp"

#if defined(__linux__)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#if defined(ASSG_HAVE_LIBSECCOMP)
#include <seccomp.h>
#endif
#endif

namespace assg {

namespace {

#if defined(__linux__)
// Landlock's kernel ABI, spelled out here rather than taken from
// <linux/landlock.h>: the headers of a distribution often lag its kernel
// (Debian 12's know ABI 2; its kernels may speak 7), and these numbers are
// fixed by the kernel's ABI.
struct LandlockRulesetAttr {
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;  // ABI >= 4
  std::uint64_t scoped;              // ABI >= 6
};
struct __attribute__((packed)) LandlockPathBeneathAttr {
  std::uint64_t allowed_access;
  std::int32_t parent_fd;
};
constexpr int kRulePathBeneath = 1;
constexpr unsigned kCreateRulesetVersion = 1U << 0;

constexpr std::uint64_t kExecute = 1ULL << 0;
constexpr std::uint64_t kWriteFile = 1ULL << 1;
constexpr std::uint64_t kReadFile = 1ULL << 2;
constexpr std::uint64_t kReadDir = 1ULL << 3;
constexpr std::uint64_t kAllFsAbi1 = (1ULL << 13) - 1;  // execute ... make_sym
constexpr std::uint64_t kRefer = 1ULL << 13;            // ABI 2
constexpr std::uint64_t kTruncate = 1ULL << 14;         // ABI 3
constexpr std::uint64_t kIoctlDev = 1ULL << 15;         // ABI 5
constexpr std::uint64_t kNetBindTcp = 1ULL << 0;        // ABI 4
constexpr std::uint64_t kNetConnectTcp = 1ULL << 1;
constexpr std::uint64_t kScopeAbstractUnixSocket = 1ULL << 0;  // ABI 6
constexpr std::uint64_t kScopeSignal = 1ULL << 1;

long landlock_create_ruleset(const LandlockRulesetAttr* attr, std::size_t size, unsigned flags) {
  return ::syscall(SYS_landlock_create_ruleset, attr, size, flags);
}
long landlock_add_rule(int ruleset, const LandlockPathBeneathAttr* attr) {
  return ::syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, attr, 0);
}

std::uint64_t fs_rights(int abi) {
  std::uint64_t rights = kAllFsAbi1;
  if (abi >= 2) rights |= kRefer;
  if (abi >= 3) rights |= kTruncate;
  if (abi >= 5) rights |= kIoctlDev;
  return rights;
}

// Read-only places a runner needs: the dynamic loader and the shared
// libraries (Eigen is header-only; libstdc++, libm, libfmt, libasan), the
// loader's cache, a few devices and the CPU count; of /proc only its own
// folder (the sanitizers read /proc/self/maps), added in the child itself,
// never the grader's (its environment, its command line). Deliberately not /usr as a
// whole, nor /tmp or $HOME, where an assignment's folder may be.
struct Grant {
  const char* path;
  std::uint64_t rights;
};
constexpr Grant kSystemGrants[] = {
    {"/usr/lib", kReadFile | kReadDir | kExecute},
    {"/usr/lib64", kReadFile | kReadDir | kExecute},
    {"/usr/lib32", kReadFile | kReadDir | kExecute},
    {"/lib", kReadFile | kReadDir | kExecute},
    {"/lib64", kReadFile | kReadDir | kExecute},
    {"/lib32", kReadFile | kReadDir | kExecute},
    {"/etc/ld.so.cache", kReadFile},
    {"/dev/null", kReadFile | kWriteFile},
    {"/dev/zero", kReadFile},
    {"/dev/urandom", kReadFile},
    {"/dev/random", kReadFile},
    {"/sys/devices/system/cpu", kReadFile | kReadDir},
};

// Adds a rule for `path` if it exists (a missing /lib32 is no error); the
// rights are narrowed to what Landlock allows on a file when it is one.
void grant(int ruleset, const std::string& path, std::uint64_t rights, std::uint64_t handled) {
  const int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) return;
  struct stat status {};
  if (::fstat(fd, &status) == 0 && !S_ISDIR(status.st_mode))
    rights &= kExecute | kWriteFile | kReadFile | kTruncate | kIoctlDev;
  const LandlockPathBeneathAttr attr{rights & handled, fd};
  const long added = landlock_add_rule(ruleset, &attr);
  const int error = errno;
  ::close(fd);
  if (added != 0) throw std::runtime_error(fmt::format("Landlock refused a rule for {}: {}", path, std::strerror(error)));
}

// A ruleset handling every right this ABI knows (TCP too from ABI 4;
// signals and abstract sockets scoped from ABI 6 if `scoped`), with the
// system's read-only places already granted. Throws std::runtime_error;
// the caller owns the descriptor.
int system_ruleset(int abi, bool scoped) {
  const LandlockRulesetAttr attr{fs_rights(abi), abi >= 4 ? kNetBindTcp | kNetConnectTcp : 0,
                                 scoped && abi >= 6 ? kScopeAbstractUnixSocket | kScopeSignal : 0};
  const long ruleset = landlock_create_ruleset(&attr, sizeof attr, 0);
  if (ruleset < 0) throw std::runtime_error(fmt::format("Landlock: cannot create a ruleset: {}", std::strerror(errno)));
  const int fd = static_cast<int>(ruleset);
  try {
    for (const auto& system : kSystemGrants) grant(fd, system.path, system.rights, attr.handled_access_fs);
  } catch (...) {
    ::close(fd);
    throw;
  }
  return fd;
}

#if defined(ASSG_HAVE_LIBSECCOMP)
// The filter, compiled by libseccomp for this machine's architecture and
// exported as raw BPF: the child only hands it to the kernel (no allocation
// between fork and exec).
std::vector<std::uint8_t> build_seccomp_filter() {
  std::unique_ptr<void, void (*)(scmp_filter_ctx)> context(seccomp_init(SCMP_ACT_ALLOW), seccomp_release);
  if (!context) throw std::runtime_error("seccomp_init failed");
  auto* ctx = context.get();
  auto rule = [&](std::uint32_t action, int syscall_number, unsigned count, const scmp_arg_cmp* args) {
    // A syscall this architecture lacks (vfork on some) is no error.
    if (syscall_number == __NR_SCMP_ERROR) return;
    const int result = seccomp_rule_add_array(ctx, action, syscall_number, count, args);
    if (result != 0 && result != -EDOM)
      throw std::runtime_error(fmt::format("seccomp_rule_add({}) failed: {}", syscall_number, std::strerror(-result)));
  };
  auto always = [&](std::uint32_t action, const char* name) { rule(action, seccomp_syscall_resolve_name(name), 0, nullptr); };

  // A new process: the runner is killed, so the case is reported at once
  // (as SIGSYS) instead of a stray process outliving the grade. Threads
  // (clone with CLONE_THREAD) are allowed; clone3 hides its flags from
  // seccomp, so it answers ENOSYS and the C library falls back to clone.
  always(SCMP_ACT_KILL_PROCESS, "fork");
  always(SCMP_ACT_KILL_PROCESS, "vfork");
  const scmp_arg_cmp not_a_thread[] = {SCMP_A0_64(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0)};
  rule(SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1, not_a_thread);
  always(SCMP_ACT_ERRNO(ENOSYS), "clone3");
  // No network: only Unix sockets (to nothing outside, with Landlock's scoping).
  const scmp_arg_cmp not_unix[] = {SCMP_A0_32(SCMP_CMP_NE, AF_UNIX)};
  rule(SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1, not_unix);
  // Nothing reaches into another process, or into every process at once.
  for (const char* name : {"ptrace", "process_vm_readv", "process_vm_writev", "pidfd_open", "pidfd_getfd",
                           "pidfd_send_signal", "kcmp"})
    always(SCMP_ACT_ERRNO(EPERM), name);
  const scmp_arg_cmp everyone[] = {SCMP_A0_32(SCMP_CMP_EQ, static_cast<std::uint32_t>(-1))};
  rule(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(kill), 1, everyone);
  // No System V or POSIX IPC: a segment outlives the runner (memory no
  // process owns, state shared between cases and students).
  for (const char* name : {"shmget", "shmat", "shmdt", "shmctl", "msgget", "msgsnd", "msgrcv", "msgctl", "semget",
                           "semop", "semtimedop", "semctl", "mq_open", "mq_unlink", "mq_timedsend",
                           "mq_timedreceive", "mq_notify", "mq_getsetattr"})
    always(SCMP_ACT_ERRNO(EPERM), name);
  // No way out of the sandbox's view of the system.
  for (const char* name : {"unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount",
                           "open_tree", "fsopen", "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
                           "userfaultfd", "io_uring_setup", "personality"})
    always(SCMP_ACT_ERRNO(EPERM), name);

  const int fd = ::memfd_create("assg-seccomp", MFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error(fmt::format("memfd_create failed: {}", std::strerror(errno)));
  const int exported = seccomp_export_bpf(ctx, fd);
  std::vector<std::uint8_t> program;
  if (exported == 0) {
    const auto size = ::lseek(fd, 0, SEEK_END);
    program.resize(static_cast<std::size_t>(size > 0 ? size : 0));
    ssize_t got = 0;
    if (size > 0) got = ::pread(fd, program.data(), program.size(), 0);
    if (got != static_cast<ssize_t>(program.size())) program.clear();
  }
  ::close(fd);
  if (program.empty() || program.size() % sizeof(sock_filter) != 0)
    throw std::runtime_error("libseccomp could not export the filter");
  return program;
}
#endif

// In the forked child (system calls only): its own /proc/<pid>, readable,
// then Landlock, then the seccomp filter, after PR_SET_NO_NEW_PRIVS.
bool confine_runner(const ChildLimits& limits) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  if (limits.landlock_ruleset_fd >= 0) {
    const int own = ::open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (own >= 0) {
      const LandlockPathBeneathAttr attr{kReadFile | kReadDir, own};
      const long added = landlock_add_rule(limits.landlock_ruleset_fd, &attr);
      ::close(own);
      if (added != 0) return false;
    }
    if (::syscall(SYS_landlock_restrict_self, limits.landlock_ruleset_fd, 0) != 0) return false;
  }
  if (limits.seccomp_program != nullptr &&
      ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, limits.seccomp_program, 0, 0) != 0)
    return false;
  return true;
}
#endif  // __linux__

// A descriptor moved to 10 or above: the child sets up 0-3 itself before it
// uses this one, which must not be among them.
int above_standard_fds(int fd) {
  if (fd < 0 || fd >= 10) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return moved;
}

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

SandboxSupport detect_sandbox_support() {
  SandboxSupport support;
#if defined(__linux__)
  const long abi = landlock_create_ruleset(nullptr, 0, kCreateRulesetVersion);
  if (abi > 0) support.landlock_abi = static_cast<int>(abi);
  else if (errno == ENOSYS) support.landlock_missing = "this kernel has no Landlock (Linux 5.13 or later has)";
  else if (errno == EOPNOTSUPP) support.landlock_missing = "Landlock is disabled in this kernel's boot options (lsm=)";
  else support.landlock_missing = fmt::format("Landlock: {}", std::strerror(errno));
#if defined(ASSG_HAVE_LIBSECCOMP)
  support.seccomp = true;
#else
  support.seccomp_missing = "the grader was built without libseccomp (apt-get install libseccomp-dev)";
#endif
#else
  support.landlock_missing = "Landlock is Linux-only";
  support.seccomp_missing = "seccomp is Linux-only";
#endif
  return support;
}

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
#if defined(__linux__) && defined(ASSG_HAVE_LIBSECCOMP)
  if (want_seccomp) {
    seccomp_ = build_seccomp_filter();
    seccomp_program_ = std::make_unique<std::uint8_t[]>(sizeof(sock_fprog));
    auto* program = reinterpret_cast<sock_fprog*>(seccomp_program_.get());
    program->len = static_cast<unsigned short>(seccomp_.size() / sizeof(sock_filter));
    program->filter = reinterpret_cast<sock_filter*>(seccomp_.data());
  }
#endif
  root_ = make_scratch_root();
  switch (mode) {
    case SandboxMode::None: description_ = "none (rlimits and a scratch folder only)"; break;
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
#if defined(__linux__)
  if (mode_ == SandboxMode::Landlock) {
    prepared->ruleset_fd_ = above_standard_fds(system_ruleset(landlock_abi_, /*scoped=*/true));
    const auto handled = fs_rights(landlock_abi_);
    grant(prepared->ruleset_fd_, runner_, kExecute | kReadFile, handled);
    grant(prepared->ruleset_fd_, prepared->folder_, handled, handled);
  }
  if (mode_ == SandboxMode::Launcher && !seccomp_.empty()) {
    // The launcher reads the filter from its start: a fresh file per case.
    const int fd = ::memfd_create("assg-seccomp", MFD_CLOEXEC);
    if (fd < 0) throw std::runtime_error(fmt::format("memfd_create failed: {}", std::strerror(errno)));
    prepared->seccomp_fd_ = above_standard_fds(fd);
    if (::write(prepared->seccomp_fd_, seccomp_.data(), seccomp_.size()) != static_cast<ssize_t>(seccomp_.size()) ||
        ::lseek(prepared->seccomp_fd_, 0, SEEK_SET) != 0)
      throw std::runtime_error(fmt::format("cannot write the seccomp filter: {}", std::strerror(errno)));
  }
#endif
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
#if defined(__linux__)
  if (ruleset_fd_ >= 0 || limits.seccomp_program != nullptr) limits.confine = confine_runner;
#endif
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

bool confine_self(const std::vector<std::string>& read, const std::vector<std::string>& write, std::string& why) {
#if defined(__linux__)
  const auto support = detect_sandbox_support();
  if (support.landlock_abi == 0) {
    why = support.landlock_missing;
    return false;
  }
  int fd = -1;
  try {
    // Not scoped: a compiler's driver signals the programs it starts.
    fd = system_ruleset(support.landlock_abi, /*scoped=*/false);
    const auto handled = fs_rights(support.landlock_abi);
    for (const char* tools : {"/usr", "/etc/alternatives"}) grant(fd, tools, kReadFile | kReadDir | kExecute, handled);
    for (const auto& path : read) grant(fd, path, kReadFile | kReadDir | kExecute, handled);
    for (const auto& path : write) grant(fd, path, handled, handled);
  } catch (const std::exception& error) {
    if (fd >= 0) ::close(fd);
    why = error.what();
    return false;
  }
  const bool restricted = ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
                          ::syscall(SYS_landlock_restrict_self, fd, 0) == 0;
  if (!restricted) why = fmt::format("Landlock: cannot restrict: {}", std::strerror(errno));
  ::close(fd);
  return restricted;
#else
  (void)read;
  (void)write;
  why = "Landlock is Linux-only";
  return false;
#endif
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
