// Hostile: distribute_value (task 3.3) starts processes meant to outlive the
// runner, each sleeping 20 s under a recognisable name: a plain child
// (hostile-fork, in the runner's process group), a child in its own session
// (hostile-setsid, escapes a process-group kill, keeps the runner's pipes
// open) and a daemon (double fork + setsid: hostile-daemon) that waits for
// the grading processes to end and then overwrites the results file with a
// forged one and drops /tmp/assg-hostile-canary-daemon. Must: 3.3 earns 0
// with a message saying starting processes is not allowed; no hostile-*
// process alive shortly after grading; results.json the grader's; no canary;
// every other task full marks.
#include <sys/wait.h>

#include <chrono>
#include <thread>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {

void sleep_as(const char* name) {
  hostile::name_process(name);
  ::sleep(20);
  ::_exit(0);
}

[[noreturn]] void daemon_body(const std::vector<int>& graders, const std::vector<std::string>& results) {
  hostile::name_process("hostile-daemon");
  const auto alive = [&] {
    for (int pid : graders) {
      const auto stat = hostile::read_text("/proc/" + std::to_string(pid) + "/stat");
      if (stat && stat->find(") Z") == std::string::npos) return true;
    }
    return false;
  };
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (alive() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (const auto& path : results) hostile::write_file(path, hostile::forged_results_json());
  hostile::write_file("/tmp/assg-hostile-canary-daemon", "the daemon outlived the grading\n");
  ::sleep(20);
  ::_exit(0);
}

}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const auto graders = hostile::grading_processes();
  auto results = hostile::option_values("--results");
  results.push_back(hostile::dirname(hostile::dirname(hostile::link_target("/proc/self/exe"))) +
                    "/results/results.json");
  std::string started;
  std::string refused;
  const pid_t child = ::fork();
  if (child == 0) sleep_as("hostile-fork");
  (child > 0 ? started : refused) += "fork ";
  if (child < 0) refused += hostile::error_text() + " ";
  const pid_t session = ::fork();
  if (session == 0) {
    ::setsid();
    sleep_as("hostile-setsid");
  }
  (session > 0 ? started : refused) += "setsid ";
  const pid_t middle = ::fork();
  if (middle == 0) {
    ::setsid();
    if (::fork() == 0) daemon_body(graders, results);
    ::_exit(0);
  }
  if (middle > 0) {
    ::waitpid(middle, nullptr, 0);
    started += "daemon ";
  } else {
    refused += "daemon ";
  }
  if (started.empty()) hostile::blocked("no process could be started: " + refused);
  return reference_distribute_value(dz, n_h, n_w);
}
