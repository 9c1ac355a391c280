#include "sandbox.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "child_process.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

bool works(const Isolation& isolation) {
  auto prefix = sandbox_prefix(isolation, SandboxView{{}, {}, "/"});
  const auto program = prefix.front();
  prefix.erase(prefix.begin());
  prefix.push_back("/bin/true");
  ChildLimits limits;
  limits.timeout_seconds = 20;
  const auto run = run_child(program, prefix, {}, limits);
  return run.ending == ChildResult::Ending::Exited && run.exit_code == 0;
}

std::optional<Isolation> try_bubblewrap() {
  const auto program = find_program("bwrap");
  if (!program) return std::nullopt;
  Isolation isolation{Isolation::Kind::Bubblewrap, *program, {},
                      "bubblewrap: no network, own process ids, the system read-only, only the submission's "
                      "scratch folder writable, nothing else of the machine visible"};
  if (!works(isolation)) return std::nullopt;
  return isolation;
}

std::optional<Isolation> try_unshare() {
  const auto program = find_program("unshare");
  if (!program) return std::nullopt;
  for (const auto& options : {std::vector<std::string>{"--net"}, std::vector<std::string>{"--map-root-user", "--net"}}) {
    Isolation isolation{Isolation::Kind::Unshare, *program, options,
                        "unshare: no network only; student code can read what the instructor's account can"};
    if (works(isolation)) return isolation;
  }
  return std::nullopt;
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

Isolation detect_isolation(const std::string& choice) {
  if (choice == "none")
    return Isolation{Isolation::Kind::None, {}, {}, "none: student code runs with the instructor's rights and network"};
  if (choice == "bwrap" || choice == "auto") {
    if (auto isolation = try_bubblewrap()) return *isolation;
    if (choice == "bwrap")
      throw std::runtime_error("--sandbox bwrap: bubblewrap is missing or cannot create namespaces here "
                               "(install it with: sudo apt-get install bubblewrap)");
  }
  if (choice == "unshare" || choice == "auto") {
    if (auto isolation = try_unshare()) return *isolation;
    if (choice == "unshare") throw std::runtime_error("--sandbox unshare: unshare cannot create a network namespace here");
  }
  if (choice == "auto")
    return Isolation{Isolation::Kind::None, {}, {},
                     "none (neither bubblewrap nor unshare works here): student code runs with the instructor's "
                     "rights and network"};
  throw std::runtime_error(fmt::format("unknown --sandbox \"{}\" (auto, bwrap, unshare or none)", choice));
}

std::vector<std::string> sandbox_prefix(const Isolation& isolation, const SandboxView& view) {
  switch (isolation.kind) {
    case Isolation::Kind::None: return {};
    case Isolation::Kind::Unshare: {
      std::vector<std::string> prefix{isolation.program};
      prefix.insert(prefix.end(), isolation.unshare_options.begin(), isolation.unshare_options.end());
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
  prefix.insert(prefix.end(), {"--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"});
  for (const auto& path : view.read_only)
    if (fs::exists(path)) prefix.insert(prefix.end(), {"--ro-bind", path, path});
  if (!view.writable.empty()) prefix.insert(prefix.end(), {"--bind", view.writable, view.writable});
  if (!view.working_directory.empty()) prefix.insert(prefix.end(), {"--chdir", view.working_directory});
  return prefix;
}

}  // namespace assg
