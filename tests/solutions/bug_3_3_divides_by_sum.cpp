// Task 3.3 mutant: divides by n_h + n_w instead of n_h * n_w.
#define distribute_value reference_distribute_value
#include "assg_tasks_reference.cpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  Tensor2 shares(n_h, n_w);
  shares.setConstant(dz / (n_h + n_w));
  return shares;
}
