// Hostile: distribute_value (task 3.3) sends SIGKILL to every process it may
// signal: kill(-1, SIGKILL). Must: the grader survives and reports: 3.3 earns
// 0 (its parent is still there, so it throws), results.json and the Total
// line are written; every other task full marks.
// (Dangerous: the tests run this only inside a PID namespace of their own.)
#include <csignal>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const pid_t parent = ::getppid();
  if (::kill(-1, SIGKILL) != 0) hostile::blocked("kill(-1): " + hostile::error_text());
  ::usleep(200 * 1000);
  if (::getppid() == parent) hostile::blocked("the parent survived kill(-1, SIGKILL)");
  return reference_distribute_value(dz, n_h, n_w);
}
