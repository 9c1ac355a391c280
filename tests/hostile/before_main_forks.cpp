// Hostile: a static initializer starts, before main runs, a process in its
// own session (hostile-initfork, sleeping 20 s: it escapes a process-group
// kill). distribute_value (task 3.3) answers right only if that worked.
// Must: every graded task 0 points with a message saying starting processes
// is not allowed; no hostile-initfork alive shortly after grading.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {
const bool kForked = [] {
  const pid_t child = ::fork();
  if (child == 0) {
    ::setsid();
    hostile::name_process("hostile-initfork");
    ::sleep(20);
    ::_exit(0);
  }
  return child > 0;
}();
}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  if (!kForked) hostile::blocked("no process could be started before main");
  return reference_distribute_value(dz, n_h, n_w);
}
