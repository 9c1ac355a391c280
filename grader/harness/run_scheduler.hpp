// Runs the solution's child processes ahead of the tests that check them,
// several at a time, the costliest first (so one big case overlaps all the
// small ones). Tests stay sequential (GoogleTest's model) and wait for their
// run; only the expensive part, running student code, overlaps. Each child
// keeps its own time limit.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform/child_process.hpp"
#include "platform/runner_sandbox.hpp"

namespace assg {

class RunScheduler {
 public:
  // `launcher`: a command the runner is started under (e.g. a sandbox:
  // {"bwrap", ..., "--"}); empty: the runner is started directly.
  // `sandbox` (optional, outlives the scheduler): each run gets a scratch
  // folder and confinement from it.
  RunScheduler(std::string runner, int workers, std::vector<std::string> launcher = {},
               RunnerSandbox* sandbox = nullptr);
  RunScheduler(const RunScheduler&) = delete;
  RunScheduler& operator=(const RunScheduler&) = delete;
  ~RunScheduler();

  // Registers a run; returns its id. `cost` estimates its work (elements
  // in and out) and orders the background runs.
  int add(std::vector<std::uint8_t> request, ChildLimits limits, double cost);
  // Starts running the given runs in the background, costliest first.
  void start(std::vector<int> runs);
  // The run's result, waiting for it (running it now only if it was never
  // scheduled).
  ChildResult take(int id);
  // How runs are confined, for the report ("none" without a sandbox).
  std::string sandbox_description() const;

 private:
  void work();
  ChildResult run(int id);

  struct Job {
    std::vector<std::uint8_t> request;
    ChildLimits limits;
    double cost = 0.0;
    std::optional<ChildResult> result;
    bool claimed = false;
  };

  std::string runner_;
  int workers_;
  std::vector<std::string> launcher_;
  RunnerSandbox* sandbox_;
  std::vector<Job> jobs_;
  std::vector<int> order_;
  std::size_t next_ = 0;
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<std::thread> threads_;
};

}  // namespace assg
