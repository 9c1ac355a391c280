#include "platform/isolation.hpp"

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "platform/child_process.hpp"
#include "platform/runner_sandbox.hpp"
#include "platform/supervisor_report.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

// Runs /bin/true in the sandbox, as `sandbox_prefix(..., seccomp)` starts
// programs, with `limits` (what the caller hands the sandbox).
ChildResult run_true(const Isolation& isolation, bool seccomp, ChildLimits limits) {
  auto prefix = sandbox_prefix(isolation, SandboxView{{}, {}, "/"}, seccomp);
  const auto program = prefix.front();
  prefix.erase(prefix.begin());
  prefix.push_back("/bin/true");
  limits.timeout_seconds = 20;
  return run_child(program, prefix, {}, limits);
}

bool works(const Isolation& isolation) {
  const auto run = run_true(isolation, /*seccomp=*/false, ChildLimits{});
  return run.ending == ChildResult::Ending::Exited && run.exit_code == 0;
}

// The runner's way in, as the grader will take it: bubblewrap starting
// assg-supervise as its process 1, which must report /bin/true's exit.
bool supervisor_works(const Isolation& isolation) {
  int status[2];
  if (::pipe(status) != 0) return false;
  ChildLimits limits;
  limits.pass_fds.emplace_back(status[1], kSupervisorStatusFd);
  const auto run = run_true(isolation, /*seccomp=*/true, limits);
  ::close(status[1]);
  char line[128] = {};
  const auto got = ::read(status[0], line, sizeof line - 1);
  ::close(status[0]);
  const auto report = decode_supervisor_report(std::string(line, got > 0 ? static_cast<std::size_t>(got) : 0));
  return run.ending == ChildResult::Ending::Exited && report && report->kind == SupervisorReport::Kind::Exited &&
         report->code == 0;
}

std::optional<Isolation> try_bubblewrap(const std::string& tools) {
  const auto program = find_program("bwrap");
  const auto supervisor = (fs::path(tools) / "assg-supervise").string();
  if (!program || ::access(supervisor.c_str(), X_OK) != 0) return std::nullopt;
  Isolation isolation{Isolation::Kind::Bubblewrap, *program,
                      "bubblewrap: no network, own process ids, the system read-only, only the submission's "
                      "scratch folder writable, nothing else of the machine visible",
                      supervisor};
  if (!works(isolation) || !supervisor_works(isolation)) return std::nullopt;
  return isolation;
}

std::optional<Isolation> try_landlock(const std::string& tools) {
  const auto confine = (fs::path(tools) / "assg-confine").string();
  const auto support = detect_sandbox_support();
  if (support.landlock_abi == 0 || !support.seccomp) return std::nullopt;
  Isolation isolation{Isolation::Kind::Landlock, confine,
                      fmt::format("Landlock (ABI {}) + seccomp: the system read-only, only the submission's scratch "
                                  "folder writable, nothing else of the machine visible; no TCP, no new processes",
                                  support.landlock_abi),
                      {}};
  if (!works(isolation)) return std::nullopt;
  return isolation;
}

// /bin, /lib, ... are links into /usr on merged-/usr systems: mirror them.
void add_system_folder(std::vector<std::string>& prefix, const std::string& folder) {
  std::error_code error;
  const auto status = fs::symlink_status(folder, error);
  if (error || !fs::exists(status)) return;
  if (fs::is_symlink(status)) {
    prefix.insert(prefix.end(), {"--symlink", fs::read_symlink(folder, error).string(), folder});
  } else {
    prefix.insert(prefix.end(), {"--ro-bind", folder, folder});
  }
}

}  // namespace

Isolation detect_isolation(const std::string& choice, const std::string& tools) {
  if (choice == "none")
    return Isolation{Isolation::Kind::None, {}, "none: student code runs with the instructor's rights and network", {}};
  if (choice == "bwrap" || choice == "auto") {
    if (auto isolation = try_bubblewrap(tools)) return *isolation;
    if (choice == "bwrap")
      throw std::runtime_error("--sandbox bwrap: bubblewrap is missing or cannot create namespaces here "
                               "(install it with: sudo apt-get install bubblewrap)");
  }
  if (choice == "landlock" || choice == "auto") {
    if (auto isolation = try_landlock(tools)) return *isolation;
    if (choice == "landlock")
      throw std::runtime_error("--sandbox landlock: this kernel has no Landlock, or the grader no seccomp");
  }
  if (choice == "auto")
    return Isolation{Isolation::Kind::None, {},
                     "none (neither bubblewrap nor Landlock works here): student code runs with the instructor's "
                     "rights and network",
                     {}};
  throw std::runtime_error(fmt::format("unknown --sandbox \"{}\" (auto, bwrap, landlock or none)", choice));
}

std::vector<std::string> sandbox_prefix(const Isolation& isolation, const SandboxView& view, bool seccomp) {
  switch (isolation.kind) {
    case Isolation::Kind::None: return {};
    case Isolation::Kind::Landlock: {
      // The runner is confined by the grader itself (grader_sandbox_arguments).
      if (seccomp) return {};
      std::vector<std::string> prefix{isolation.program};
      if (!view.writable.empty()) prefix.insert(prefix.end(), {"--write", view.writable});
      for (const auto& path : view.read_only) prefix.insert(prefix.end(), {"--read", path});
      prefix.push_back("--");
      return prefix;
    }
    case Isolation::Kind::Bubblewrap: break;
  }
  std::vector<std::string> prefix{isolation.program, "--unshare-all", "--die-with-parent", "--new-session",
                                  "--ro-bind",       "/usr",          "/usr"};
  for (const char* folder : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) add_system_folder(prefix, folder);
  // The dynamic linker's cache and the compiler's alternatives links: the
  // only parts of /etc student code needs.
  for (const char* path : {"/etc/ld.so.cache", "/etc/alternatives"})
    if (fs::exists(path)) prefix.insert(prefix.end(), {"--ro-bind", path, path});
  // /tmp lives in memory: capped, so that writing files cannot exhaust it.
  // /dev (bubblewrap's own, in memory) read-only: its devices still work,
  // but no file can be stored there (/dev/shm) past the /tmp cap.
  prefix.insert(prefix.end(), {"--dev", "/dev", "--remount-ro", "/dev", "--proc", "/proc", "--size", "268435456",
                               "--tmpfs", "/tmp"});
  auto read_only = view.read_only;
  if (seccomp) {
    prefix.push_back("--as-pid-1");
    read_only.push_back(isolation.supervisor);
  }
  for (const auto& path : read_only)
    if (fs::exists(path)) prefix.insert(prefix.end(), {"--ro-bind", path, path});
  if (!view.writable.empty()) prefix.insert(prefix.end(), {"--bind", view.writable, view.writable});
  if (!view.working_directory.empty()) prefix.insert(prefix.end(), {"--chdir", view.working_directory});
  if (seccomp)
    prefix.insert(prefix.end(), {isolation.supervisor, "--status-fd", std::to_string(kSupervisorStatusFd),
                                 "--seccomp-fd", std::to_string(kSeccompFd), "--"});
  return prefix;
}

std::vector<std::string> grader_sandbox_arguments(const Isolation& isolation) {
  switch (isolation.kind) {
    case Isolation::Kind::Bubblewrap:
      return {"--launcher-seccomp-fd", std::to_string(kSeccompFd), "--launcher-status-fd",
              std::to_string(kSupervisorStatusFd)};
    case Isolation::Kind::Landlock: return {"--sandbox", "landlock"};
    case Isolation::Kind::None: break;
  }
  return {"--sandbox", "none"};
}

}  // namespace assg
