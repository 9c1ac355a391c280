// Hostile: distribute_value (task 3.3) keeps state between calls in a static:
// it answers right only once it has been called before in the same process,
// as a solution leaking answers from one test to the next would. Must: every
// case runs in a fresh process, so 3.3 is graded exactly as a stateless
// solution that always answers wrong: every case failed, 0 points; every
// other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  static int calls = 0;
  if (calls++ > 0) return reference_distribute_value(dz, n_h, n_w);
  Tensor2 wrong(n_h, n_w);
  wrong.setConstant(-1.0);
  return wrong;
}
