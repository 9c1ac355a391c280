// Hostile: distribute_value (task 3.3) never returns (a busy loop). Must:
// every 3.3 case timed_out ("timed out"), 0 points; no process left behind;
// every other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  volatile unsigned long spins = 0;
  for (;;) spins = spins + 1;
}
