#include "platform/process_progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#if defined(ASSG_PLATFORM_LINUX)
#include <dirent.h>
#endif

#include "file_io.hpp"

namespace assg {

namespace {

#if defined(ASSG_PLATFORM_LINUX)

std::vector<pid_t> numeric_entries(const std::string& folder) {
  std::vector<pid_t> found;
  DIR* directory = ::opendir(folder.c_str());
  if (directory == nullptr) return found;
  while (const dirent* entry = ::readdir(directory)) {
    char* end = nullptr;
    const long value = std::strtol(entry->d_name, &end, 10);
    if (end != entry->d_name && *end == '\0' && value > 0) found.push_back(static_cast<pid_t>(value));
  }
  ::closedir(directory);
  return found;
}

// utime + stime + cutime + cstime, in seconds, from /proc/PID/stat (the
// fields after the command name, which may itself hold spaces and ')').
std::optional<double> process_cpu_seconds(pid_t pid) {
  const auto read = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (!read) return std::nullopt;
  const std::string& text = *read;
  const auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  std::string field;
  // Field 3 (state) is the first after the name; utime is field 14.
  for (int index = 3; index < 14 && fields >> field; ++index) {
  }
  unsigned long long utime = 0, stime = 0;
  long long cutime = 0, cstime = 0;
  if (!(fields >> utime >> stime >> cutime >> cstime)) return std::nullopt;
  const long ticks = ::sysconf(_SC_CLK_TCK);
  return static_cast<double>(utime + stime + static_cast<unsigned long long>(std::max(0LL, cutime + cstime))) /
         static_cast<double>(ticks > 0 ? ticks : 100);
}

// Nanoseconds on a CPU plus nanoseconds waiting in a run queue
// (/proc/PID/task/TID/schedstat's first two fields).
std::optional<std::uint64_t> thread_demand(const std::string& task_folder) {
  std::ifstream file(task_folder + "/schedstat");
  std::uint64_t running = 0, waiting = 0;
  if (!(file >> running >> waiting)) return std::nullopt;
  return running + waiting;
}

std::vector<pid_t> thread_children(const std::string& task_folder) {
  std::ifstream file(task_folder + "/children");
  std::vector<pid_t> children;
  for (long pid = 0; file >> pid;) children.push_back(static_cast<pid_t>(pid));
  return children;
}

#endif

}  // namespace

std::optional<TreeSample> sample_process_tree(pid_t root) {
#if defined(ASSG_PLATFORM_LINUX)
  TreeSample sample;
  bool any = false;
  std::vector<pid_t> pending{root};
  // The tree is small (a sandbox and a runner that may not fork); the bound
  // keeps a pathological one from stalling the grader's loop.
  for (std::size_t visited = 0; !pending.empty() && visited < 256; ++visited) {
    const pid_t pid = pending.back();
    pending.pop_back();
    const auto cpu = process_cpu_seconds(pid);
    if (!cpu) continue;  // gone since its parent listed it
    any = true;
    sample.cpu_seconds += *cpu;
    const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
    for (const pid_t tid : numeric_entries(tasks)) {
      const std::string task = tasks + "/" + std::to_string(tid);
      if (const auto demand = thread_demand(task)) {
        sample.thread_demand_ns[tid] = *demand;
        sample.has_demand = true;
      }
      const auto children = thread_children(task);
      pending.insert(pending.end(), children.begin(), children.end());
    }
  }
  if (!any) return std::nullopt;
  return sample;
#else
  (void)root;
  return std::nullopt;
#endif
}

ProgressWatch::ProgressWatch(pid_t root, Clock::time_point start, std::chrono::milliseconds interval)
    : root_(root), interval_(interval), last_(start) {}

void ProgressWatch::update(Clock::time_point now) {
  if (now - last_ < interval_) return;
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  auto sample = sample_process_tree(root_);
  if (!sample) {
    // Between its exit and being reaped a child has no tree to read; before
    // anything was ever read, nothing is known and the clock decides.
    return;
  }
  measured_ = true;
  double progress = 0.0;  // seconds of this interval the tree ran or was ready to
  if (sample->has_demand) {
    for (const auto& [tid, demand] : sample->thread_demand_ns) {
      std::uint64_t before = 0;
      if (previous_) {
        const auto seen = previous_->thread_demand_ns.find(tid);
        if (seen != previous_->thread_demand_ns.end()) before = seen->second;
      }
      // A new thread's demand is counted whole, never more than the interval.
      const double thread_seconds = static_cast<double>(demand > before ? demand - before : 0) / 1e9;
      progress += std::min(thread_seconds, elapsed);
    }
  } else {
    progress = sample->cpu_seconds - (previous_ ? previous_->cpu_seconds : 0.0);
  }
  idle_seconds_ += elapsed * (1.0 - std::clamp(progress / elapsed, 0.0, 1.0));
  cpu_seconds_ = std::max(cpu_seconds_, sample->cpu_seconds);
  previous_ = std::move(sample);
}

}  // namespace assg
