#include "platform/process_limit.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace assg {

namespace fs = std::filesystem;

namespace {

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  file.flush();
  return static_cast<bool>(file);
}

std::string folder_name(const std::string& name) {
  std::string safe;
  for (const unsigned char ch : name) safe += std::isalnum(ch) != 0 || ch == '-' || ch == '_' ? static_cast<char>(ch) : '_';
  return safe.empty() ? "_" : safe;
}

}  // namespace

ProcessLimit::ProcessLimit() {
  const auto run = fmt::format("grade-all.{}", ::getpid());
  // cgroup v1: the pids hierarchy, writable by root.
  for (const char* base : {"/sys/fs/cgroup/pids"}) {
    std::error_code error;
    const auto folder = fs::path(base) / run;
    if (fs::exists(fs::path(base) / "pids.max") || fs::exists(fs::path(base) / "cgroup.procs")) {
      if (fs::create_directory(folder, error) && fs::exists(folder / "pids.max")) {
        root_ = folder.string();
        return;
      }
    }
  }
  // cgroup v2: a folder next to ours, if the pids controller is delegated.
  std::ifstream self("/proc/self/cgroup");
  for (std::string line; std::getline(self, line);) {
    if (line.rfind("0::", 0) != 0) continue;
    const auto parent = fs::path("/sys/fs/cgroup") / line.substr(3).substr(1);
    std::ifstream controllers(parent.parent_path() / "cgroup.subtree_control");
    std::string list;
    std::getline(controllers, list);
    if (list.find("pids") == std::string::npos) continue;
    std::error_code error;
    const auto folder = parent.parent_path() / run;
    if (fs::create_directory(folder, error) && fs::exists(folder / "pids.max") &&
        write_text(folder / "cgroup.subtree_control", "+pids"))
      root_ = folder.string();
  }
}

ProcessLimit::~ProcessLimit() {
  if (root_.empty()) return;
  std::error_code error;
  for (const auto& child : fs::directory_iterator(root_, error))
    if (child.is_directory()) fs::remove(child.path(), error);  // rmdir: cgroup folders hold only control files
  fs::remove(root_, error);
}

std::string ProcessLimit::description() const {
  return available() ? fmt::format("a pids cgroup per submission ({})", root_) : std::string("none (no writable pids cgroup)");
}

std::vector<std::string> ProcessLimit::prefix(const std::string& name, int max_processes) {
  if (root_.empty()) return {};
  const auto folder = fs::path(root_) / folder_name(name);
  std::error_code error;
  fs::create_directory(folder, error);
  if (!write_text(folder / "pids.max", std::to_string(max_processes))) return {};
  // The shell joins the cgroup, then becomes the command: everything the
  // command starts is counted there.
  return {"/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", (folder / "cgroup.procs").string()};
}

void ProcessLimit::release(const std::string& name) {
  if (root_.empty()) return;
  std::error_code error;
  fs::remove(fs::path(root_) / folder_name(name), error);
}

}  // namespace assg
