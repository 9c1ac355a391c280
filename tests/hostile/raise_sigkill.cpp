// Hostile: distribute_value (task 3.3) kills itself with SIGKILL, which no
// handler can catch. Must: every 3.3 case crashed with SIGKILL named, 0
// points; every other task full marks.
#include <csignal>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::raise(SIGKILL);
  return reference_distribute_value(dz, n_h, n_w);
}
