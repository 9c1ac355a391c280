#include "run_scheduler.hpp"

#include <algorithm>
#include <exception>
#include <memory>

namespace assg {

RunScheduler::RunScheduler(std::string runner, int workers, std::vector<std::string> launcher,
                           RunnerSandbox* sandbox)
    : runner_(std::move(runner)), workers_(std::max(1, workers)), launcher_(std::move(launcher)), sandbox_(sandbox) {
  // "bwrap" -> "/usr/bin/bwrap"; if it is found nowhere, starting it fails
  // and every case says so.
  if (!launcher_.empty()) launcher_.front() = find_program(launcher_.front()).value_or(launcher_.front());
}

RunScheduler::~RunScheduler() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_ = order_.size();  // no new work
  }
  for (auto& thread : threads_) thread.join();
}

int RunScheduler::add(std::vector<std::uint8_t> request, ChildLimits limits, double cost) {
  std::lock_guard<std::mutex> lock(mutex_);
  jobs_.push_back(Job{std::move(request), limits, cost, std::nullopt, false});
  return static_cast<int>(jobs_.size()) - 1;
}

void RunScheduler::start(std::vector<int> runs) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::stable_sort(runs.begin(), runs.end(), [this](int a, int b) {
      return jobs_[static_cast<std::size_t>(a)].cost > jobs_[static_cast<std::size_t>(b)].cost;
    });
    order_ = std::move(runs);
    next_ = 0;
    for (int id : order_) {  // a repeated run (--gtest_repeat) starts afresh
      jobs_[static_cast<std::size_t>(id)].claimed = false;
      jobs_[static_cast<std::size_t>(id)].result.reset();
    }
  }
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { work(); });
}

std::string RunScheduler::sandbox_description() const {
  return sandbox_ != nullptr ? sandbox_->description() : "none";
}

ChildResult RunScheduler::run(int id) {
  const Job& job = jobs_[static_cast<std::size_t>(id)];  // request and limits never change after add()
  ChildLimits limits = job.limits;
  std::unique_ptr<RunnerSandbox::Case> confinement;  // released (folder removed) after the run
  if (sandbox_ != nullptr) {
    try {
      confinement = sandbox_->prepare_case();
    } catch (const std::exception& error) {
      ChildResult failed;
      failed.spawn_error = error.what();
      return failed;
    }
    confinement->apply(limits);
  }
  if (launcher_.empty()) return run_child(runner_, {}, job.request, limits);
  std::vector<std::string> arguments(launcher_.begin() + 1, launcher_.end());
  arguments.push_back(runner_);
  auto result = run_child(launcher_.front(), arguments, job.request, limits);
  // A sandbox reports its command's death by signal N as exit status
  // 128 + N, as a command's own exit(128 + N) would be: only the launcher's
  // supervisor, where it has one, can say which.
  if (confinement) confinement->read_supervisor_report(result, static_cast<double>(limits.cpu_seconds.value_or(0)));
  return result;
}

void RunScheduler::work() {
  while (true) {
    int id = -1;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      while (next_ < order_.size()) {
        const int candidate = order_[next_++];
        if (!jobs_[static_cast<std::size_t>(candidate)].claimed) {
          jobs_[static_cast<std::size_t>(candidate)].claimed = true;
          id = candidate;
          break;
        }
      }
      if (id < 0) return;
    }
    auto result = run(id);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_[static_cast<std::size_t>(id)].result = std::move(result);
    }
    done_.notify_all();
  }
}

ChildResult RunScheduler::take(int id) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto& job = jobs_[static_cast<std::size_t>(id)];
  // A run the workers will reach is waited for, never started here too:
  // at most `workers` children at once, so time limits mean the same.
  const bool scheduled = std::find(order_.begin(), order_.end(), id) != order_.end() && next_ < order_.size();
  if (!job.claimed && !scheduled) {
    job.claimed = true;
    lock.unlock();
    return run(id);
  }
  done_.wait(lock, [&] { return job.result.has_value(); });
  ChildResult result = std::move(*job.result);
  job.result.reset();
  return result;
}

}  // namespace assg
