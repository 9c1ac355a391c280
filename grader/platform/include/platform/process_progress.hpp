// Whether a running child is getting anywhere: the CPU time of its whole
// process tree (a sandbox's own children included: bubblewrap's runner is
// its grandchild), and how long the tree spent neither running nor waiting
// for a CPU. The second is what tells code that sleeps or waits for input
// from code that only shares a busy machine: a thread that waits for a CPU
// is making progress as fast as the machine lets it.
//
// Read from /proc on Linux (per-thread schedstat for the time spent on a
// CPU or in its run queue; stat for CPU time). Elsewhere, or where /proc
// says nothing, the watch measures nothing and the caller falls back on
// the clock.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>

namespace assg {

// One look at a process tree.
struct TreeSample {
  double cpu_seconds = 0.0;  // user + system, of every live process and their reaped children
  // Per thread: nanoseconds on a CPU plus waiting in a run queue, where the
  // kernel keeps schedstat; empty where it does not.
  std::map<pid_t, std::uint64_t> thread_demand_ns;
  bool has_demand = false;
};

// The tree rooted at `root`: std::nullopt if it cannot be read (no /proc).
std::optional<TreeSample> sample_process_tree(pid_t root);

// Follows one child from its start: call update() now and then while it
// runs (it samples at most every `interval`).
class ProgressWatch {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ProgressWatch(pid_t root, Clock::time_point start,
                         std::chrono::milliseconds interval = std::chrono::milliseconds(100));

  void update(Clock::time_point now);
  // Seconds the tree spent neither running nor ready to run (time waiting
  // for a CPU counts as progress); with no schedstat, time in which it
  // gained no CPU time.
  double idle_seconds() const { return idle_seconds_; }
  // The largest CPU time seen: what a tree killed before it was reaped used.
  double cpu_seconds() const { return cpu_seconds_; }
  // Whether anything could be read at all (false: no /proc).
  bool measured() const { return measured_; }

 private:
  pid_t root_;
  std::chrono::milliseconds interval_;
  Clock::time_point last_;
  std::optional<TreeSample> previous_;
  double idle_seconds_ = 0.0;
  double cpu_seconds_ = 0.0;
  bool measured_ = false;
};

}  // namespace assg
