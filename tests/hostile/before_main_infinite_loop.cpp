// Hostile: a static initializer loops forever before main runs. Must: every
// graded task timed_out, 0 points; no process left behind.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) { return reference_distribute_value(dz, n_h, n_w); }

namespace {
int spin_forever() {
  volatile unsigned long spins = 0;
  for (;;) spins = spins + 1;
}
[[maybe_unused]] const int kNeverReturns = spin_forever();
}  // namespace
