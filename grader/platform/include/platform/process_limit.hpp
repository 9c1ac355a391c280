// The process-count limit of one submission's sandboxed commands: a pids
// cgroup (v1's pids hierarchy, or a cgroup v2 folder with the pids
// controller) when the machine lets grade-all create one. RLIMIT_NPROC is
// no substitute: it counts all of a user's processes and root ignores it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace assg {

class ProcessLimit {
 public:
  // Tries to create this run's cgroup folder; without one, limits are
  // no-ops and `available()` is false.
  ProcessLimit();
  ProcessLimit(const ProcessLimit&) = delete;
  ProcessLimit& operator=(const ProcessLimit&) = delete;
  ~ProcessLimit();  // removes the folders (their processes are gone by then)

  bool available() const { return !root_.empty(); }
  std::string description() const;

  // A command prefix that puts the command it starts into `name`'s cgroup,
  // at most `max_processes` processes at once; empty when unavailable.
  std::vector<std::string> prefix(const std::string& name, int max_processes);
  void release(const std::string& name);

 private:
  std::string root_;  // this run's folder in the pids hierarchy
};

}  // namespace assg
