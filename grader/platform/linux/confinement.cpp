// The Linux backend's confinement: Landlock (the file system, TCP, signals
// and abstract sockets) and a seccomp filter (new processes, sockets,
// ptrace, namespaces, IPC), both applied between fork and exec.
#include "confinement.hpp"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#if defined(ASSG_HAVE_LIBSECCOMP)
#include <seccomp.h>
#endif

#include "platform/runner_sandbox.hpp"

namespace assg {

namespace {

// A descriptor moved to 10 or above: the child sets up 0-3 itself before it
// uses this one, which must not be among them.
int above_standard_fds(int fd) {
  if (fd < 0 || fd >= 10) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return moved;
}

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
// A comparison of a system call's first argument, written out: libseccomp's
// SCMP_A0 macros are C99 compound literals with GNU variadic forms, which
// clang warns about in C++. The 32-bit forms (SCMP_A0_32) are the same
// struct with the datum cast to 32 bits, as the callers do.
scmp_arg_cmp first_argument(scmp_compare op, std::uint64_t datum_a, std::uint64_t datum_b = 0) {
  scmp_arg_cmp compare{};
  compare.arg = 0;
  compare.op = op;
  compare.datum_a = datum_a;
  compare.datum_b = datum_b;
  return compare;
}

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
  const scmp_arg_cmp not_a_thread[] = {first_argument(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0)};
  rule(SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1, not_a_thread);
  always(SCMP_ACT_ERRNO(ENOSYS), "clone3");
  // No network: only Unix sockets (to nothing outside, with Landlock's scoping).
  const scmp_arg_cmp not_unix[] = {first_argument(SCMP_CMP_NE, static_cast<std::uint32_t>(AF_UNIX))};
  rule(SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1, not_unix);
  // Nothing reaches into another process, or into every process at once.
  for (const char* name : {"ptrace", "process_vm_readv", "process_vm_writev", "pidfd_open", "pidfd_getfd",
                           "pidfd_send_signal", "kcmp"})
    always(SCMP_ACT_ERRNO(EPERM), name);
  const scmp_arg_cmp everyone[] = {first_argument(SCMP_CMP_EQ, static_cast<std::uint32_t>(-1))};
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

}  // namespace

SandboxSupport detect_sandbox_support() {
  SandboxSupport support;
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
  return support;
}

PlatformBackend platform_backend() { return PlatformBackend::Linux; }

bool confine_self(const std::vector<std::string>& read, const std::vector<std::string>& write, std::string& why) {
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
}

namespace confinement {

std::string unconfined_description() { return "none (rlimits and a scratch folder only)"; }

std::vector<std::uint8_t> build_process_filter() {
#if defined(ASSG_HAVE_LIBSECCOMP)
  return build_seccomp_filter();
#else
  throw std::runtime_error("the grader was built without libseccomp");
#endif
}

std::unique_ptr<std::uint8_t[]> filter_program(std::vector<std::uint8_t>& filter) {
  auto program = std::make_unique<std::uint8_t[]>(sizeof(sock_fprog));
  auto* view = reinterpret_cast<sock_fprog*>(program.get());
  view->len = static_cast<unsigned short>(filter.size() / sizeof(sock_filter));
  view->filter = reinterpret_cast<sock_filter*>(filter.data());
  return program;
}

int filter_file(const std::vector<std::uint8_t>& filter) {
  const int created = ::memfd_create("assg-seccomp", MFD_CLOEXEC);
  if (created < 0) throw std::runtime_error(fmt::format("memfd_create failed: {}", std::strerror(errno)));
  const int fd = above_standard_fds(created);
  if (::write(fd, filter.data(), filter.size()) != static_cast<ssize_t>(filter.size()) ||
      ::lseek(fd, 0, SEEK_SET) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(fmt::format("cannot write the seccomp filter: {}", std::strerror(error)));
  }
  return fd;
}

int case_ruleset(int abi, const std::string& runner, const std::string& folder) {
  const int fd = above_standard_fds(system_ruleset(abi, /*scoped=*/true));
  try {
    const auto handled = fs_rights(abi);
    grant(fd, runner, kExecute | kReadFile, handled);
    grant(fd, folder, handled, handled);
  } catch (...) {
    ::close(fd);
    throw;
  }
  return fd;
}

ChildConfinement child_confinement() { return confine_runner; }

}  // namespace confinement

}  // namespace assg
